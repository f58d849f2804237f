package dev.fess.synth;

import static org.assertj.core.api.Assertions.assertThat;

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
        PhantomGenerator g = PhantomGenerator.of(PhantomKind.ABDOMEN_CT, PhantomOptions.builder().size(48).build(), 3);
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

    private static double mean(AbdomenTissue t) {
        double s = 0;
        long n = 0;
        for (SyntheticCase c : CASES) {
            float[] img = c.data().image().data(), tis = c.tissue().data();
            for (int v = 0; v < tis.length; v++) {
                if ((int) tis[v] == t.ordinal()) {
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
        assertThat(mean(AbdomenTissue.AIR)).isCloseTo(-1000, Offset.offset(45.0)); // skin edge blurred into air
        assertThat(mean(AbdomenTissue.FAT)).isCloseTo(-100, Offset.offset(40.0));
        assertThat(mean(AbdomenTissue.LIVER)).isCloseTo(60, Offset.offset(12.0));
        assertThat(mean(AbdomenTissue.SPLEEN)).isCloseTo(50, Offset.offset(15.0));
        assertThat(mean(AbdomenTissue.KIDNEY_CORTEX)).isCloseTo(40, Offset.offset(20.0));
        assertThat(mean(AbdomenTissue.PANCREAS)).isCloseTo(40, Offset.offset(25.0));
        assertThat(mean(AbdomenTissue.CORTICAL_BONE)).isGreaterThan(350);
        assertThat(mean(AbdomenTissue.LIVER)).isGreaterThan(mean(AbdomenTissue.KIDNEY_MEDULLA));
    }

    @Test
    void sameSeedSameHuOtherSeedDifferent() {
        PhantomOptions o = PhantomOptions.builder().size(48).build();
        assertThat(PhantomGenerator.of(PhantomKind.ABDOMEN_CT, o, 3).generate(2).data().image().data())
                .isEqualTo(CASES.get(2).data().image().data());
        assertThat(PhantomGenerator.of(PhantomKind.ABDOMEN_CT, o, 4).generate(2).data().image().data())
                .isNotEqualTo(CASES.get(2).data().image().data());
    }
}
