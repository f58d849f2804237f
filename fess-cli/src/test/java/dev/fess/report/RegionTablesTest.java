package dev.fess.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fess.experiment.RunRecord;
import dev.fess.experiment.RunState;
import dev.fess.loss.Arm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BraTS-style evaluation files (WT, TC, ET per case) give one table per region besides the mean table. */
class RegionTablesTest {
    @TempDir
    Path dir;

    /** Dice of (arm, seed, case, region): made up, distinct per region so that a mix-up shows. */
    static double dice(Arm arm, int seed, int c, int region) {
        return 0.9 - 0.2 * region - (arm == Arm.DICE ? 0.1 : 0) + 0.01 * seed + 0.001 * c;
    }

    RunData run(Arm arm, int seed) throws IOException {
        Path runDir = dir.resolve(arm.key() + seed);
        Files.createDirectories(runDir);
        StringBuilder ev = new StringBuilder("{\"cases\":[");
        String[] regions = {"WT", "TC", "ET"};
        for (int c = 0; c < 4; c++) {
            for (int r = 0; r < 3; r++) {
                ev.append(c + r == 0 ? "" : ",")
                        .append("{\"case\":\"c")
                        .append(c)
                        .append("\",\"class\":\"")
                        .append(regions[r])
                        .append("\",\"dice\":")
                        .append(dice(arm, seed, c, r))
                        .append('}');
            }
        }
        Files.writeString(runDir.resolve("evaluation.json"), ev.append("]}"));
        RunRecord rec = new RunRecord(
                arm.key() + seed, RunState.DONE, null, null, null, null, 10, Map.of(), Map.of(), null, null);
        return new RunData(
                rec,
                runDir,
                "brats",
                arm,
                10,
                10,
                seed,
                null,
                null,
                true,
                ExperimentResults.readEvaluation(runDir.resolve("evaluation.json")),
                TrainingCurve.EMPTY,
                List.of());
    }

    @Test
    void oneTablePerRegionWithThatRegionsNumbers() throws IOException {
        List<RunData> runs = List.of(run(Arm.FESS, 1), run(Arm.FESS, 2), run(Arm.DICE, 1), run(Arm.DICE, 2));
        assertThat(runs.get(0).regions()).containsExactly("WT", "TC", "ET");
        List<ReportAnalysis.Table> tables = ReportAnalysis.regionTables(runs);
        assertThat(tables).extracting(ReportAnalysis.Table::region).containsExactly("WT", "TC", "ET");
        for (int r = 0; r < 3; r++) {
            ReportAnalysis.Table t = tables.get(r);
            for (ReportAnalysis.Row row : t.rows()) {
                double expected = 0;
                for (int seed = 1; seed <= 2; seed++) {
                    for (int c = 0; c < 4; c++) {
                        expected += dice(row.arm(), seed, c, r) / 8;
                    }
                }
                assertThat(row.cells().get(Metric.DICE).overSeeds().mean())
                        .as(t.region() + " " + row.arm())
                        .isCloseTo(expected, within(1e-12));
                assertThat(row.cases()).isEqualTo(8);
            }
        }
        // the main table averages the three regions of a case
        ReportAnalysis.Row fess = ReportAnalysis.tables(runs).get(0).rows().get(0);
        double mean = 0;
        for (int seed = 1; seed <= 2; seed++) {
            for (int c = 0; c < 4; c++) {
                for (int r = 0; r < 3; r++) {
                    mean += dice(Arm.FESS, seed, c, r) / 24;
                }
            }
        }
        assertThat(fess.cells().get(Metric.DICE).overSeeds().mean()).isCloseTo(mean, within(1e-12));
    }

    @Test
    void aSingleRegionGivesNoRegionTables() throws IOException {
        RunData one = run(Arm.FESS, 1).forRegion("WT");
        assertThat(ReportAnalysis.regionTables(List.of(one))).isEmpty();
    }
}
