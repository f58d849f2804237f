package dev.fess.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fess.volume.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AbdomenPhantomTest {
    private static final List<SyntheticCase> CASES = new ArrayList<>();

    @BeforeAll
    static void generate() {
        PhantomGenerator g = PhantomGenerator.of(
                PhantomKind.ABDOMEN_CT, PhantomOptions.builder().size(48).build(), 3);
        for (int c = 0; c < 5; c++) {
            CASES.add(g.generate(c));
        }
    }

    @Test
    void labelsAreExactlyTheFourOrgansAndVary() {
        List<Integer> livers = new ArrayList<>();
        for (SyntheticCase c : CASES) {
            TreeSet<Integer> values = new TreeSet<>();
            int liver = 0;
            for (float f : c.data().label().data()) {
                values.add((int) f);
                liver += f == 1 ? 1 : 0;
            }
            assertThat(values).containsExactly(0, 1, 2, 3, 4);
            livers.add(liver);
        }
        assertThat(new TreeSet<>(livers)).hasSize(livers.size());
        assertThat(CASES.get(0).data().id()).isEqualTo("Case_00001");
    }

    @Test
    void hounsfieldUnitsAreIntegersInRangeWithAirOutside() {
        for (SyntheticCase c : CASES) {
            float[] d = c.data().image().data();
            for (float f : d) {
                assertThat(f).isEqualTo((float) Math.rint(f)).isBetween(-1024f, 3071f);
            }
            assertThat(d[0]).isLessThan(-900); // corner voxel is air
        }
    }

    /** True when the 3×3×3 block around v (the footprint of the scanner blur) is one tissue. */
    private static boolean interior(Volume t, int v) {
        int nx = t.nx(), ny = t.ny(), i = v % nx, j = (v / nx) % ny, k = v / (nx * ny);
        if (i == 0 || j == 0 || k == 0 || i == nx - 1 || j == ny - 1 || k == t.nz() - 1) {
            return false;
        }
        float x = t.data()[v];
        for (int c = -1; c <= 1; c++) {
            for (int b = -1; b <= 1; b++) {
                for (int a = -1; a <= 1; a++) {
                    if (t.get(i + a, j + b, k + c) != x) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** Mean HU of a tissue over voxels away from its borders, pooled over the cases. */
    private static double mean(AbdomenTissue t) {
        double s = 0;
        long n = 0;
        for (SyntheticCase c : CASES) {
            float[] img = c.data().image().data(), tis = c.tissue().data();
            for (int v = 0; v < tis.length; v++) {
                if ((int) tis[v] == t.ordinal() && interior(c.tissue(), v)) {
                    s += img[v];
                    n++;
                }
            }
        }
        assertThat(n).as("voxels of %s", t).isPositive();
        return s / n;
    }

    @Test
    void tissueHuAsInNonContrastCt() {
        assertThat(mean(AbdomenTissue.AIR)).isCloseTo(-1000, Offset.offset(10.0));
        assertThat(mean(AbdomenTissue.FAT)).isCloseTo(-100, Offset.offset(40.0));
        assertThat(mean(AbdomenTissue.LIVER)).isCloseTo(60, Offset.offset(12.0));
        assertThat(mean(AbdomenTissue.SPLEEN)).isCloseTo(50, Offset.offset(12.0));
        assertThat(mean(AbdomenTissue.CANCELLOUS_BONE)).isCloseTo(250, Offset.offset(30.0));
        assertThat(mean(AbdomenTissue.MUSCLE)).isCloseTo(50, Offset.offset(15.0));
    }

    @Test
    void sameSeedSameHuOtherSeedDifferent() {
        PhantomOptions o = PhantomOptions.builder().size(48).build();
        assertThat(PhantomGenerator.of(PhantomKind.ABDOMEN_CT, o, 3)
                        .generate(2)
                        .data()
                        .image()
                        .data())
                .isEqualTo(CASES.get(2).data().image().data());
        assertThat(PhantomGenerator.of(PhantomKind.ABDOMEN_CT, o, 4)
                        .generate(2)
                        .data()
                        .image()
                        .data())
                .isNotEqualTo(CASES.get(2).data().image().data());
    }
}
