package dev.fess.realdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.fess.UserInputException;
import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PieceGridTest {

    @ParameterizedTest
    @CsvSource({"2x2x2, 91, 109, 91", "1x2x2, 84, 103, 64", "3x1x4, 17, 9, 33", "1x1x1, 8, 8, 8"})
    void piecesCoverEveryVoxelExactlyOnceAndSizesDifferByAtMostOne(String grid, int nx, int ny, int nz) {
        PieceGrid g = PieceGrid.parse(grid);
        int[] shape = {nx, ny, nz};
        int[] hits = new int[nx * ny * nz];
        List<PieceGrid.Piece> pieces = g.pieces(shape, 1);
        assertThat(pieces).hasSize(g.pieceCount());
        for (PieceGrid.Piece p : pieces) {
            for (int a = 0; a < 3; a++) {
                int base = shape[a] / g.counts()[a];
                assertThat(p.size()[a]).isBetween(base, base + 1);
            }
            for (int k = 0; k < p.size()[2]; k++) {
                for (int j = 0; j < p.size()[1]; j++) {
                    for (int i = 0; i < p.size()[0]; i++) {
                        hits[(p.start()[0] + i) + nx * ((p.start()[1] + j) + ny * (p.start()[2] + k))]++;
                    }
                }
            }
        }
        for (int h : hits) {
            assertThat(h).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @CsvSource({"0, 0, 0", "3, 1, 2", "5, 4, 1"})
    void aCropKeepsTheWorldPositionAndValueOfEveryVoxel(int i0, int j0, int k0) {
        Affine a = Affine.of(-1.5, 0.1, 0, 40, 0, 2, 0, -30, 0.2, 0, 1.25, 7, 0, 0, 0, 1);
        int nx = 9;
        int ny = 7;
        int nz = 6;
        float[] d = new float[nx * ny * nz * 2];
        for (int v = 0; v < d.length; v++) {
            d[v] = v;
        }
        Volume vol = new Volume(nx, ny, nz, 2, d, a);
        int[] size = {nx - i0, ny - j0 - 1, nz - k0};
        Volume crop = PieceGrid.crop(vol, new int[] {i0, j0, k0}, size);
        assertThat(crop.shape()).containsExactly(size);
        assertThat(crop.channels()).isEqualTo(2);
        for (int c = 0; c < 2; c++) {
            for (int k = 0; k < size[2]; k++) {
                for (int j = 0; j < size[1]; j++) {
                    for (int i = 0; i < size[0]; i++) {
                        assertThat(crop.get(i, j, k, c)).isEqualTo(vol.get(i0 + i, j0 + j, k0 + k, c));
                        double[] w = crop.affine().apply(i, j, k);
                        double[] expected = a.apply(i0 + i, j0 + j, k0 + k);
                        for (int x = 0; x < 3; x++) {
                            assertThat(w[x]).isCloseTo(expected[x], offset(1e-9));
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2x2", "2x2x2x2", "axbxc", "0x1x1", "17x1x1", ""})
    void badGridsAreRefusedNamingTheOption(String text) {
        assertThatThrownBy(() -> PieceGrid.parse(text))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("grid:");
    }

    @Test
    void piecesThinnerThanTheMinimumAreRefused() {
        assertThatThrownBy(() -> PieceGrid.of(4, 1, 1).pieces(new int[] {30, 40, 40}, 8))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("thinner than 8");
    }
}
