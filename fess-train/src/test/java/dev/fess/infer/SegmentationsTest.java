package dev.fess.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SegmentationsTest {

    @Test
    void regionsAreConvertedBackToNestedBratsLabels() {
        BratsLikeMapping m = new BratsLikeMapping(true);
        // voxels: background, edema (WT only), necrosis (WT+TC), enhancing (all), ET predicted without TC/WT
        boolean[][] inRegion = {
            {false, false, false}, {true, false, false}, {true, true, false}, {true, true, true}, {false, false, true}
        };
        int n = inRegion.length;
        float[] logits = new float[3 * n];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < 3; r++) {
                logits[r * n + i] = inRegion[i][r] ? 3f : -3f;
            }
        }
        byte[] cls = Segmentations.classes(logits, m);
        assertThat(cls).containsExactly(0, 2, 1, 3, 3);
        assertThat(Segmentations.rawLabels(cls, m)).containsExactly(0f, 2f, 1f, 4f, 4f);
    }

    @Test
    void exclusiveClassesUseArgmaxAndSoftmaxSumsToOne() {
        BratsLikeMapping m = new BratsLikeMapping(false);
        float[] logits = {
            5, 0, // class 0 channel for voxels 0, 1
            1, 0,
            0, 0.5f,
            0, 2
        };
        assertThat(Segmentations.classes(logits, m)).containsExactly(0, 3);
        float[] p = Segmentations.probabilities(logits, m);
        assertThat(p[0] + p[2] + p[4] + p[6]).isCloseTo(1f, within(1e-6f));
        // voxel 1: e^0, e^0, e^0.5, e^2
        double z = 2 + Math.exp(0.5) + Math.exp(2);
        assertThat(p[7]).isCloseTo((float) (Math.exp(2) / z), within(1e-6f));
    }

    @Test
    void largestComponentKeepsTheBiggestBlobPerClass() {
        int nx = 6, ny = 4, nz = 3;
        byte[] c = new byte[nx * ny * nz];
        // class 1: a 2×2×2 cube at the origin and a lone voxel far away; the lone voxel touches the cube only by a
        // corner
        for (int z = 0; z < 2; z++) {
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 2; x++) {
                    c[x + nx * (y + ny * z)] = 1;
                }
            }
        }
        c[2 + nx * (2 + ny * 2)] = 1; // diagonal neighbour of (1,1,1): not 6-connected
        // class 2: two separate bars of length 3 and 2
        c[5 + nx * 0] = 2;
        c[5 + nx * 1] = 2;
        c[5 + nx * 2] = 2;
        c[3 + nx * (3 + ny * 2)] = 2;
        c[4 + nx * (3 + ny * 2)] = 2;
        LargestComponent.keepLargestPerClass(c, nx, ny, nz);
        int ones = 0, twos = 0;
        for (byte b : c) {
            ones += b == 1 ? 1 : 0;
            twos += b == 2 ? 1 : 0;
        }
        assertThat(ones).isEqualTo(8);
        assertThat(twos).isEqualTo(3);
        assertThat(c[2 + nx * (2 + ny * 2)]).isZero();
        assertThat(c[5 + nx * 2]).isEqualTo((byte) 2);
    }
}
