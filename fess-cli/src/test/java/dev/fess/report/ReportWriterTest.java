package dev.fess.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fess.loss.Arm;
import dev.fess.nifti.Nifti;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report from synthetic run folders; every number checked here is recomputed independently in the test. */
class ReportWriterTest {
    @TempDir
    static Path dir;

    static String html;
    static String md;

    @BeforeAll
    static void build() throws IOException {
        SyntheticExperiment.build(dir);
        ReportWriter.write(dir, new ReportWriter.Options("test report", "0.0-test", 3, Nifti::readVolume));
        html = Files.readString(dir.resolve("report.html"));
        md = Files.readString(dir.resolve("report.md"));
    }

    private static double[] perSeedMeanDice(String arm, int size) {
        double[] v = new double[3];
        for (int s = 1; s <= 3; s++) {
            double sum = 0;
            for (int c = 0; c < 6; c++) {
                sum += SyntheticExperiment.dice(arm, size, s, arm.equals("fess") ? 0.5 : null, c);
            }
            v[s - 1] = sum / 6;
        }
        return v;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double std(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }

    @Test
    void tableShowsMeanAndStdOverSeedsAtTheLargestSize() {
        for (String arm : List.of("fess", "dice", "simclr", "infonce")) {
            double[] v = perSeedMeanDice(arm, 20);
            String cell = String.format(Locale.ROOT, "%.3f ± %.3f", mean(v), std(v));
            assertThat(html).as(arm).contains(cell);
            assertThat(md).as(arm).contains(cell);
        }
        // FESS has the best Dice in the synthetic data: it is bold
        double[] f = perSeedMeanDice("fess", 20);
        assertThat(html).contains(String.format(Locale.ROOT, "<b>%.3f ± %.3f</b>", mean(f), std(f)));
        assertThat(html).contains("synth — 20 training cases");
    }

    @Test
    void tableCsvHasThePooledNumbersToo() throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("report/table.csv"));
        String row = lines.stream()
                .filter(l -> l.startsWith("synth,mean,dice,20,20,3,18,dice,"))
                .findFirst()
                .orElseThrow();
        String[] c = row.split(",");
        List<Double> pooled = new ArrayList<>();
        for (int s = 1; s <= 3; s++) {
            for (int k = 0; k < 6; k++) {
                pooled.add(SyntheticExperiment.dice("dice", 20, s, null, k));
            }
        }
        double pm = pooled.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(Double.parseDouble(c[8])).isCloseTo(mean(perSeedMeanDice("dice", 20)), within(1e-12));
        assertThat(Double.parseDouble(c[11])).isCloseTo(pm, within(1e-12));
        assertThat(Integer.parseInt(c[13])).isEqualTo(18);
        // HD95 of infonce leaves out the null case of each seed: 15 pooled values
        String hd = lines.stream()
                .filter(l -> l.startsWith("synth,mean,infonce,20,20,3,18,hd95,"))
                .findFirst()
                .orElseThrow();
        assertThat(hd.split(",")[13]).isEqualTo("15");
    }

    @Test
    void pairedComparisonMatchesAnIndependentComputation() throws IOException {
        String row = Files.readAllLines(dir.resolve("report/comparisons.csv")).stream()
                .filter(l -> l.startsWith("synth,20,dice,"))
                .findFirst()
                .orElseThrow();
        String[] c = row.split(",");
        double sum = 0;
        for (int s = 1; s <= 3; s++) {
            for (int k = 0; k < 6; k++) {
                sum += SyntheticExperiment.dice("fess", 20, s, 0.5, k)
                        - SyntheticExperiment.dice("dice", 20, s, null, k);
            }
        }
        assertThat(Integer.parseInt(c[3])).isEqualTo(18);
        assertThat(Double.parseDouble(c[5])).isCloseTo(sum / 18, within(1e-12));
        // FESS is 0.1 above Dice in every pair of the synthetic data: CI above 0 and p tiny
        assertThat(Double.parseDouble(c[6])).isGreaterThan(0);
        assertThat(Double.parseDouble(c[8])).isLessThan(1e-3);
        assertThat(row).endsWith("FESS better than Dice (n = 18)");
        assertThat(html).contains("FESS better than Dice (n = 18)");
    }

    @Test
    void figuresAndCsvsAreWritten() {
        for (String f : List.of(
                "limited-data-synth.png",
                "sweep-lambda-synth.png",
                "curve-loss-synth.png",
                "curve-val_dice-synth.png",
                "qualitative-synth.png",
                "per_case.csv",
                "limited_data.csv",
                "sweep_lambda.csv",
                "training_curves.csv",
                "runs.csv")) {
            assertThat(dir.resolve("report").resolve(f)).as(f).isRegularFile();
        }
        assertThat(dir.resolve("report/sweep_tau.csv")).doesNotExist();
        assertThat(html).contains("data:image/png;base64,").doesNotContain("src=\"report/");
        assertThat(html).contains("runs' engine: test-double", "seeds: [1, 2, 3]");
    }

    @Test
    void collapseCheckFlagsExactlyTheRunWhoseValidationDiceFellFarBelowItsBest() throws IOException {
        List<String> rows = Files.readAllLines(dir.resolve("report/collapse.csv"));
        assertThat(rows.get(0))
                .isEqualTo("run,dataset,arm,size,seed,lambda,tau,validations,max_drop,epoch,collapsed,"
                        + "dice_max_drop,excess_drop,collapsed_beyond_dice");
        List<String> collapsed =
                rows.stream().skip(1).filter(l -> l.contains(",true,")).toList();
        assertThat(collapsed)
                .isNotEmpty()
                .allMatch(l -> l.contains("/infonce/") && l.contains(",infonce,") && l.contains("seed2"));
        String one = collapsed.get(0);
        assertThat(one).contains(",2,0.0999", ",4,true,"); // 2 validations; drop 0.7 − 0.6 (float print) at epoch 4
        // the Dice run of seed 2 rises (0.7, 0.9): no drop, so the whole fall is InfoNCE's own
        assertThat(one).contains(",true,0.0,0.0999").endsWith(",true");
        assertThat(rows.stream().skip(1).filter(l -> !l.contains("seed2") || !l.contains("/infonce/")))
                .allMatch(l -> l.contains(",false,") && l.endsWith(",false"));
        assertThat(md).contains("## Collapse check");
    }

    @Test
    void limitedDataCsvHasSemOverSeeds() throws IOException {
        String row = Files.readAllLines(dir.resolve("report/limited_data.csv")).stream()
                .filter(l -> l.startsWith("synth,FESS,10,"))
                .findFirst()
                .orElseThrow();
        double[] v = perSeedMeanDice("fess", 10);
        String[] c = row.split(",");
        assertThat(Double.parseDouble(c[4])).isCloseTo(mean(v), within(1e-12));
        assertThat(Double.parseDouble(c[5])).isCloseTo(std(v) / Math.sqrt(3), within(1e-12));
    }

    @Test
    void qualitativeCasesAreQuartilesNotTheBest() {
        List<CaseScore> cs = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            cs.add(new CaseScore("c" + i, Map.of(Metric.DICE, 0.1 * i)));
        }
        RunData r =
                new RunData(null, dir, "d", Arm.FESS, 1, 1, 1, null, null, true, cs, TrainingCurve.EMPTY, List.of());
        assertThat(ReportWriter.chooseCases(r, 3)).extracting(CaseScore::caseId).containsExactly("c2", "c4", "c6");
    }
}
