package dev.fess.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fess.UserInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OrientationTest {

    @Test
    void knownCodes() {
        assertThat(Orientation.axcodes(Affine.identity())).isEqualTo("RAS");
        assertThat(Orientation.axcodes(Affine.scaling(-1, -1, 1))).isEqualTo("LPS");
        assertThat(Orientation.axcodes(Affine.scaling(-0.7, 0.7, 2.5))).isEqualTo("LAS");
        // PIR: i → −y, j → −z, k → +x
        assertThat(Orientation.axcodes(Affine.of(0, 0, 1, 0, -1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 1)))
                .isEqualTo("PIR");
        // ASL (a common sagittal acquisition): i → +y, j → +z, k → −x
        assertThat(Orientation.axcodes(Affine.of(0, 0, -1, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1)))
                .isEqualTo("ASL");
        // the fixture's oblique qform (nibabel: RAS)
        assertThat(Orientation.axcodes(Affine.of(
                        0.869333, -0.229398, -0.13483, -30.5, 0.232937, 0.856126, 0.503194, 12.25, 0.0, -0.156283,
                        2.954423, 7.0, 0, 0, 0, 1)))
                .isEqualTo("RAS");
        // a collapsed axis has no code
        assertThat(Orientation.axcodes(Affine.scaling(1, 0, 1))).isEqualTo("R?S");
    }

    @Test
    void all48PermutationFlipsGetTheirCode() {
        String[][] labels = {{"R", "L"}, {"A", "P"}, {"S", "I"}};
        for (int[] p : AffineFixtures.PERMUTATIONS) {
            for (int f = 0; f < 8; f++) {
                Affine a = AffineFixtures.permutedFlipped(p, f, new double[] {1, 2, 3}, new double[3]);
                StringBuilder want = new StringBuilder();
                for (int d = 0; d < 3; d++) {
                    want.append(labels[p[d]][(f >> d) & 1]);
                }
                assertThat(Orientation.axcodes(a)).isEqualTo(want.toString());
            }
        }
    }

    @Test
    void polarFactorOfRotationTimesSpdIsTheRotation() {
        SplittableRandom r = new SplittableRandom(3);
        for (int t = 0; t < 200; t++) {
            double[] q = Matrix3.linearPart(AffineFixtures.rotation(
                    r.nextDouble(-1, 1), r.nextDouble(-1, 1), r.nextDouble(-1, 1), r.nextDouble(-Math.PI, Math.PI)));
            double[] b = new double[9];
            for (int i = 0; i < 9; i++) {
                b[i] = r.nextDouble(-1, 1);
            }
            double[] spd = new double[9]; // BᵀB + I
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    double s = i == j ? 1 : 0;
                    for (int k = 0; k < 3; k++) {
                        s += b[k * 3 + i] * b[k * 3 + j];
                    }
                    spd[i * 3 + j] = s;
                }
            }
            double[] m = new double[9];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    for (int k = 0; k < 3; k++) {
                        m[i * 3 + j] += q[i * 3 + k] * spd[k * 3 + j];
                    }
                }
            }
            double[] p = Matrix3.polar(m);
            for (int i = 0; i < 9; i++) {
                assertThat(Math.abs(p[i] - q[i])).isLessThan(1e-10);
            }
        }
    }

    static Stream<Arguments> grids() {
        List<Arguments> out = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(7);
        int n = 0;
        for (int[] p : AffineFixtures.PERMUTATIONS) {
            for (int f = 0; f < 8; f++) {
                Affine a = AffineFixtures.permutedFlipped(
                        p,
                        f,
                        new double[] {r.nextDouble(0.5, 3), r.nextDouble(0.5, 3), r.nextDouble(0.5, 3)},
                        new double[] {r.nextDouble(-100, 100), r.nextDouble(-100, 100), r.nextDouble(-100, 100)});
                Affine rot = AffineFixtures.rotation(
                        r.nextDouble(-1, 1), r.nextDouble(-1, 1), r.nextDouble(-1, 1), r.nextDouble(0.3));
                out.add(Arguments.of(n++, rot.multiply(a)));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "grid {0}")
    @MethodSource("grids")
    void toRasKeepsWorldPositionsAndUndoIsIdentity(int seed, Affine a) {
        SplittableRandom r = new SplittableRandom(seed);
        int nx = 2 + r.nextInt(5), ny = 2 + r.nextInt(5), nz = 2 + r.nextInt(5), c = 1 + r.nextInt(3);
        float[] d = new float[nx * ny * nz * c];
        for (int i = 0; i < d.length; i++) {
            d[i] = i; // distinct values identify voxels
        }
        Volume v = new Volume(nx, ny, nz, c, d, a);
        Reoriented ro = Orientation.toRas(v);
        Volume ras = ro.volume();
        assertThat(Orientation.axcodes(ras.affine())).isEqualTo("RAS");
        assertThat(ras.voxels()).isEqualTo(v.voxels());
        Affine toRasIndex = ras.affine().inverse();
        for (int k = 0; k < nz; k++) {
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    double[] w = a.apply(i, j, k);
                    double[] idx = toRasIndex.apply(w[0], w[1], w[2]);
                    int[] n = new int[3];
                    for (int t = 0; t < 3; t++) {
                        n[t] = (int) Math.round(idx[t]);
                        assertThat(Math.abs(idx[t] - n[t])).isLessThan(1e-9);
                    }
                    for (int ch = 0; ch < c; ch++) {
                        assertThat(ras.get(n[0], n[1], n[2], ch)).isEqualTo(v.get(i, j, k, ch));
                    }
                }
            }
        }
        Volume back = ro.undo(ras);
        assertThat(back.data()).isEqualTo(v.data());
        assertThat(back.affine()).isEqualTo(a);
        assertThat(back.shape()).isEqualTo(v.shape());
        // undo accepts another channel count (e.g. class probabilities predicted on the RAS grid)
        Volume probs = Volume.stack(ras.channel(0), ras.channel(0));
        Volume probsBack = ro.undo(probs);
        assertThat(probsBack.channel(1).data()).isEqualTo(v.channel(0).data());
    }

    @Test
    void rasInputIsUnchanged() {
        Volume v = new Volume(2, 3, 4, 1, new float[24], Affine.scaling(1, 2, 3));
        Reoriented r = Orientation.toRas(v);
        assertThat(r.isIdentity()).isTrue();
        assertThat(r.volume().affine()).isEqualTo(v.affine());
    }

    @Test
    void degenerateAffineIsRefused() {
        Volume v = new Volume(2, 2, 2, 1, new float[8], Affine.scaling(1, 0, 1));
        assertThatThrownBy(() -> Orientation.toRas(v)).isInstanceOf(UserInputException.class);
    }

    @Test
    void undoRefusesAnotherShape() {
        Reoriented r = Orientation.toRas(new Volume(2, 3, 4, 1, new float[24], Affine.scaling(-1, 1, 1)));
        assertThatThrownBy(() -> r.undo(Volume.zeros(4, 3, 2, 1, null))).isInstanceOf(IllegalArgumentException.class);
    }
}
