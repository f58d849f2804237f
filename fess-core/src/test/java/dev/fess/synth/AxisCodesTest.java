package dev.fess.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fess.UserInputException;
import dev.fess.volume.Affine;
import dev.fess.volume.Orientation;
import dev.fess.volume.Volume;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AxisCodesTest {
    @ParameterizedTest
    @ValueSource(strings = {"RAS", "LPS", "LAS", "PIR", "SLA", "ILP"})
    void keepsWorldGeometryAndDeclaresTheCodes(String codes) {
        int nx = 5, ny = 4, nz = 3;
        float[] d = new float[nx * ny * nz * 2];
        SplittableRandom r = new SplittableRandom(7);
        for (int v = 0; v < d.length; v++) {
            d[v] = (float) r.nextDouble();
        }
        Affine ras = Affine.of(1, 0, 0, -2, 0, 1.5, 0, 3, 0, 0, 2, 10, 0, 0, 0, 1);
        Volume in = new Volume(nx, ny, nz, 2, d, ras);
        Volume out = AxisCodes.parse(codes).fromRas(in);
        assertThat(Orientation.axcodes(out.affine())).isEqualTo(codes);
        assertThat(out.voxels()).isEqualTo(in.voxels());
        Affine toInput = ras.inverse().multiply(out.affine());
        for (int k = 0; k < out.nz(); k++) {
            for (int j = 0; j < out.ny(); j++) {
                for (int i = 0; i < out.nx(); i++) {
                    double[] idx = toInput.apply(i, j, k); // same world point in the RAS grid
                    int a = (int) Math.round(idx[0]), b = (int) Math.round(idx[1]), c = (int) Math.round(idx[2]);
                    assertThat(Math.abs(idx[0] - a) + Math.abs(idx[1] - b) + Math.abs(idx[2] - c))
                            .isLessThan(1e-9);
                    for (int ch = 0; ch < 2; ch++) {
                        assertThat(out.get(i, j, k, ch)).isEqualTo(in.get(a, b, c, ch));
                    }
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void lpsAffineIsTheFlippedRasAffine() {
        Affine ras = Affine.of(1, 0, 0, -10, 0, 1, 0, -20, 0, 0, 2, -30, 0, 0, 0, 1);
        Volume out = AxisCodes.parse("lps").fromRas(new Volume(21, 41, 31, 1, new float[21 * 41 * 31], ras));
        Affine expected = Affine.of(-1, 0, 0, 10, 0, -1, 0, 20, 0, 0, 2, -30, 0, 0, 0, 1);
        assertThat(out.affine().maxAbsDifference(expected)).isLessThan(1e-12);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RA", "RAX", "RRS", "LPSS", ""})
    void refusesBadCodes(String codes) {
        assertThatThrownBy(() -> AxisCodes.parse(codes))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("orientation:");
    }
}
