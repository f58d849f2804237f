package dev.fess.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fess.volume.Affine;
import dev.fess.volume.Orientation;
import dev.fess.volume.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BrainPhantomTest {
    private static final int SIZE = 40;
    private static final List<SyntheticCase> CASES = new ArrayList<>();

    @BeforeAll
    static void generate() {
        PhantomGenerator g = PhantomGenerator.of(
                PhantomKind.BRATS, PhantomOptions.builder().size(SIZE).build(), 11);
        for (int c = 0; c < 8; c++) {
            CASES.add(g.generate(c));
        }
    }

    @Test
    void sameSeedSameArraysOtherSeedOtherArrays() {
        PhantomOptions o = PhantomOptions.builder().size(SIZE).build();
        SyntheticCase again = PhantomGenerator.of(PhantomKind.BRATS, o, 11).generate(3);
        assertThat(again.data().image().data())
                .isEqualTo(CASES.get(3).data().image().data());
        assertThat(again.data().label().data())
                .isEqualTo(CASES.get(3).data().label().data());
        SyntheticCase other = PhantomGenerator.of(PhantomKind.BRATS, o, 12).generate(3);
        assertThat(other.data().label().data())
                .isNotEqualTo(CASES.get(3).data().label().data());
        assertThat(CASES.get(3).data().id()).isEqualTo("BraTS20_Training_004");
    }

    @Test
    void everyCaseHasExactlyTheBratsLabelsAndATumour() {
        List<Integer> wholeTumour = new ArrayList<>();
        for (SyntheticCase c : CASES) {
            TreeSet<Integer> values = new TreeSet<>();
            int wt = 0;
            for (float f : c.data().label().data()) {
                assertThat(f).isEqualTo((float) Math.rint(f));
                values.add((int) f);
                wt += f > 0 ? 1 : 0;
            }
            assertThat(values).containsExactly(0, 1, 2, 4);
            wholeTumour.add(wt);
        }
        double mean = wholeTumour.stream().mapToInt(Integer::intValue).average().orElseThrow();
        double sd = Math.sqrt(
                wholeTumour.stream().mapToDouble(w -> (w - mean) * (w - mean)).sum() / wholeTumour.size());
        assertThat(sd / mean)
                .as("coefficient of variation of tumour volumes %s", wholeTumour)
                .isGreaterThan(0.3);
        int min = wholeTumour.stream().mapToInt(Integer::intValue).min().orElseThrow();
        int max = wholeTumour.stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertThat(max).as("tumour volumes %s", wholeTumour).isGreaterThan(3 * min);
    }

    @Test
    void labelsMatchTheTumourTissues() {
        for (SyntheticCase c : CASES) {
            float[] lab = c.data().label().data();
            float[] tis = c.tissue().data();
            for (int v = 0; v < lab.length; v++) {
                int t = (int) tis[v];
                int expected = t == BrainTissue.NECROSIS.ordinal()
                        ? 1
                        : t == BrainTissue.EDEMA.ordinal() ? 2 : t == BrainTissue.ENHANCING.ordinal() ? 4 : 0;
                assertThat((int) lab[v]).isEqualTo(expected);
            }
        }
    }

    /** Mean intensity of sequence {@code s} over a tissue, pooled over all cases. */
    private static double mean(int s, BrainTissue t) {
        return mean(s, t, false);
    }

    /** As {@link #mean(int, BrainTissue)}; {@code interior}: only voxels whose 6 neighbours are the same tissue. */
    private static double mean(int s, BrainTissue t, boolean interior) {
        double sum = 0;
        long n = 0;
        for (SyntheticCase c : CASES) {
            Volume img = c.data().image();
            float[] tis = c.tissue().data();
            int off = s * img.voxels();
            for (int v = 0; v < tis.length; v++) {
                if ((int) tis[v] == t.ordinal() && (!interior || inside(c.tissue(), v))) {
                    sum += img.data()[off + v];
                    n++;
                }
            }
        }
        assertThat(n).as("voxels of %s", t).isPositive();
        return sum / n;
    }

    private static boolean inside(Volume t, int v) {
        int nx = t.nx(), ny = t.ny(), i = v % nx, j = (v / nx) % ny, k = v / (nx * ny);
        if (i == 0 || j == 0 || k == 0 || i == nx - 1 || j == ny - 1 || k == t.nz() - 1) {
            return false;
        }
        float[] d = t.data();
        float x = d[v];
        return d[v - 1] == x
                && d[v + 1] == x
                && d[v - nx] == x
                && d[v + nx] == x
                && d[v - nx * ny] == x
                && d[v + nx * ny] == x;
    }

    @Test
    void intensitiesOrderedAsInRealMri() {
        int flair = 0, t1 = 1, t1ce = 2, t2 = 3;
        BrainTissue wm = BrainTissue.WHITE_MATTER, gm = BrainTissue.GREY_MATTER, csf = BrainTissue.CSF;
        assertThat(mean(flair, BrainTissue.EDEMA)).isGreaterThan(1.2 * mean(flair, wm));
        assertThat(mean(t2, BrainTissue.EDEMA)).isGreaterThan(1.2 * mean(t2, wm));
        assertThat(mean(t1ce, BrainTissue.ENHANCING)).isGreaterThan(1.2 * mean(t1ce, wm));
        assertThat(mean(t1ce, BrainTissue.ENHANCING))
                .isGreaterThan(1.15 * mean(t1, BrainTissue.ENHANCING)); // thin rim, blurred
        assertThat(mean(t1, BrainTissue.NECROSIS)).isLessThan(0.8 * mean(t1, wm));
        assertThat(mean(t1ce, BrainTissue.NECROSIS)).isLessThan(0.8 * mean(t1ce, BrainTissue.ENHANCING));
        assertThat(mean(flair, csf, true)).isLessThan(0.6 * mean(flair, wm)); // interior: thin sulci blur with GM
        assertThat(mean(t1, csf, true)).isLessThan(0.7 * mean(t1, gm)); // nominal 0.42; 3×3×3 blur of thin CSF
        assertThat(mean(t2, csf, true)).isGreaterThan(1.3 * mean(t2, gm));
        assertThat(mean(t1, wm, true)).isGreaterThan(mean(t1, gm, true)); // interior: the cortex is thin
        assertThat(mean(t2, gm, true)).isGreaterThan(mean(t2, wm, true));
        assertThat(mean(flair, gm, true)).isGreaterThan(mean(flair, wm, true));
    }

    @Test
    void backgroundIsZeroAndHeadIsPositive() {
        for (SyntheticCase c : CASES) {
            Volume img = c.data().image();
            float[] tis = c.tissue().data();
            for (int s = 0; s < 4; s++) {
                for (int v = 0; v < tis.length; v++) {
                    float x = img.data()[s * img.voxels() + v];
                    if (tis[v] == 0) {
                        assertThat(x).isZero();
                    } else {
                        assertThat(x).isPositive();
                    }
                }
            }
            assertThat(img.get(0, 0, 0, 0)).isZero(); // corners lie outside the head
        }
    }

    @Test
    void noiseKnobSetsRicianSigmaRelativeToWhiteMatter() {
        // same seed: only the noise differs, so noisy − clean is the noise itself; at WM SNR ≈ 12 Rician ≈ Gaussian
        for (double knob : new double[] {0.5, 1, 2}) {
            PhantomOptions clean =
                    PhantomOptions.builder().size(SIZE).noise(0).bias(0).build();
            PhantomOptions noisy =
                    PhantomOptions.builder().size(SIZE).noise(knob).bias(0).build();
            SyntheticCase a = PhantomGenerator.of(PhantomKind.BRATS, clean, 11).generate(0);
            SyntheticCase b = PhantomGenerator.of(PhantomKind.BRATS, noisy, 11).generate(0);
            assertThat(b.tissue().data()).isEqualTo(a.tissue().data());
            float[] x = a.data().image().data(),
                    y = b.data().image().data(),
                    tis = a.tissue().data();
            double mean = 0, d2 = 0;
            int n = 0;
            for (int v = 0; v < tis.length; v++) { // FLAIR channel
                if ((int) tis[v] == BrainTissue.WHITE_MATTER.ordinal()) {
                    mean += x[v];
                    d2 += (y[v] - x[v]) * (y[v] - x[v]);
                    n++;
                }
            }
            double relativeSigma = Math.sqrt(d2 / n) / (mean / n);
            assertThat(relativeSigma).isCloseTo(0.08 * knob, Offset.offset(0.012 * knob));
        }
    }

    @Test
    void anisotropicAndLpsDeclareTheirGeometry() {
        PhantomOptions ras = PhantomOptions.builder().size(32).anisotropic(true).build();
        PhantomOptions lps = PhantomOptions.builder()
                .size(32)
                .anisotropic(true)
                .orientation("LPS")
                .build();
        SyntheticCase a = PhantomGenerator.of(PhantomKind.BRATS, ras, 5).generate(0);
        SyntheticCase b = PhantomGenerator.of(PhantomKind.BRATS, lps, 5).generate(0);
        Volume la = a.data().label(), lb = b.data().label();
        assertThat(la.shape()).containsExactly(32, 32, 16);
        assertThat(la.spacing()).containsExactly(1, 1, 2);
        assertThat(la.affine().maxAbsDifference(Affine.of(1, 0, 0, -15.5, 0, 1, 0, -15.5, 0, 0, 2, -15, 0, 0, 0, 1)))
                .isLessThan(1e-12);
        assertThat(Orientation.axcodes(la.affine())).isEqualTo("RAS");
        assertThat(Orientation.axcodes(lb.affine())).isEqualTo("LPS");
        assertThat(lb.affine().maxAbsDifference(Affine.of(-1, 0, 0, 15.5, 0, -1, 0, 15.5, 0, 0, 2, -15, 0, 0, 0, 1)))
                .isLessThan(1e-12);
        for (int k = 0; k < 16; k++) {
            for (int j = 0; j < 32; j++) {
                for (int i = 0; i < 32; i++) {
                    assertThat(lb.get(i, j, k)).isEqualTo(la.get(31 - i, 31 - j, k));
                    for (int ch = 0; ch < 4; ch++) {
                        assertThat(b.data().image().get(i, j, k, ch))
                                .isEqualTo(a.data().image().get(31 - i, 31 - j, k, ch));
                    }
                }
            }
        }
    }

    @Test
    void anisotropicGridShowsTheSameAnatomyAsTheIsotropicOne() {
        PhantomOptions iso = PhantomOptions.builder().size(32).noise(0).build();
        PhantomOptions aniso =
                PhantomOptions.builder().size(32).noise(0).anisotropic(true).build();
        Volume ti = PhantomGenerator.of(PhantomKind.BRATS, iso, 5).generate(1).tissue();
        Volume ta = PhantomGenerator.of(PhantomKind.BRATS, aniso, 5).generate(1).tissue();
        int head = 0, agree = 0;
        for (int k = 0; k < 16; k++) {
            for (int j = 0; j < 32; j++) {
                for (int i = 0; i < 32; i++) {
                    float t = ta.get(i, j, k);
                    if (t != 0) {
                        head++;
                        agree += t == ti.get(i, j, 2 * k) || t == ti.get(i, j, 2 * k + 1) ? 1 : 0;
                    }
                }
            }
        }
        assertThat((double) agree / head).isGreaterThan(0.9);
    }

    /** Seed 1 at 48³ once held a head whose tumour could not be placed in 100 draws (a regression test). */
    @Test
    void everyCaseOfSeedOneAt48GetsATumour() {
        PhantomGenerator g = PhantomGenerator.of(
                PhantomKind.BRATS, PhantomOptions.builder().size(48).build(), 1);
        for (int c = 0; c < 20; c++) {
            float[] label = g.generate(c).data().label().data();
            boolean tumour = false;
            for (float v : label) {
                tumour |= v != 0;
            }
            assertThat(tumour).as("case %d has a tumour", c).isTrue();
        }
    }
}
