package dev.fess.cli;

import static dev.fess.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Every arm learns a real task without collapsing (tag {@code slow}; needs Debian's {@code mricron-data}; run with
 * {@code mvn -B verify -Pslow}): {@code examples/real-tasks.yaml} as committed, cut to fit a test's time to its task
 * {@value #TASK} (installed at {@value #SPACING} mm, the spec header's command) and seed 1 — four runs, one per arm,
 * by {@code fess experiment run --parallel 2}. Runs are deterministic, so these are the committed study's seed-1
 * runs of that task (docs/results/real-tasks/README.md has every task, both seeds, and the ch2-aal spec
 * {@code examples/real-tasks-aal.yaml}). ch2-brain is {@link RealDataNoCollapseTest}'s.
 *
 * <p>Asserted, from the experiment's own outputs: (1) {@code report/collapse.csv} has one row per arm and no run
 * collapsed (validation Dice never more than 0.05 below its best after the first fifth of training, the report's
 * rule); (2) each run's final validation Dice ({@code metrics.csv}) is above its task's floor of "learned". The
 * floors come from the trivial baselines of the validation pieces, measured independently by
 * {@code bench/realdata/trivial_baselines.py} (float64 numpy): the best <em>constant</em> prediction (one foreground
 * class everywhere), the best single intensity threshold and the best intensity band, both chosen on the piece
 * itself (oracles), and, with several classes, the best threshold's tissue with each voxel's class drawn at random
 * (expected Dice: intensity finds the tissue, nothing tells the classes apart):
 * <ul>
 *   <li>inia19-hemispheres, piece {@code i0j0k1} (split seed 2): constant 0.103, oracle threshold 0.327, oracle band
 *       0.324, threshold with random hemisphere {@value #INIA19_FLOOR} — the floor: above it the network tells left
 *       from right. (The floor was first the oracle threshold, 0.327; a 2-step run of this test, every arm at
 *       0.36–0.38, passed it, so it was raised to the random-hemisphere baseline. Every run of the study is above
 *       0.87.)</li>
 *   <li>cranium-bone, piece {@code i1j0k0} (split seed 42): constant 0.164, oracle threshold 0.948 — the label
 *       <em>is</em> a threshold (226 HU) before resampling, so the oracle is near the ceiling, not a floor; the floor
 *       is 90 % of it, {@value #CRANIUM_FLOOR}.</li>
 *   <li>ch2-aal, piece {@code i1j0k0} (split seed 3): constant 0.029, oracle threshold 0.048, oracle band 0.063,
 *       threshold with random lobe {@value #AAL_FLOOR} — the floor, the best of them.</li>
 * </ul>
 * The Dice arm's final validation Dice in calibration (seed 1): inia19-hemispheres 0.910, cranium-bone 0.907,
 * ch2-aal 0.314.
 *
 * <p>Measured 2026-12-03 before the contrastive gradient cap (880 s on 2 shared cores, load ≈ 5): the four runs
 * reproduced the committed study's seed-1 runs exactly; every arm ended far above its floor (0.895–0.937), but
 * InfoNCE's validation Dice fell 0.054 below its best at epoch 5, and the test failed on it. With the cap
 * ({@code contrastive_grad_cap: 1}) and two-view arms on the Dice arm's patches, the re-run study's seed-1 runs of
 * this task — the runs this test makes — end at dice 0.910, fess 0.911, simclr 0.906, infonce 0.897, largest drops
 * 0.015, 0.019, 0.018, 0.010 (docs/results/real-tasks/README.md). The test, re-run with them (2026-12-03, load ≈ 3):
 * passes, 636 s.
 */
@Tag("slow")
class RealTasksStudyTest {

    static final double AAL_FLOOR = 0.071;
    static final double INIA19_FLOOR = 0.490;
    static final double CRANIUM_FLOOR = 0.853;

    /** Task → floor of "learned" on its validation piece (class comment). */
    static final Map<String, Double> FLOORS =
            Map.of("ch2-aal", AAL_FLOOR, "inia19-hemispheres", INIA19_FLOOR, "cranium-bone", CRANIUM_FLOOR);

    /** The spec this test runs, the one task of it kept, and that task's install spacing (the spec's header). */
    static final String SPEC = "real-tasks.yaml";

    static final String TASK = "inia19-hemispheres";
    static final String SPACING = "2";

    static final List<String> ARMS = List.of("dice", "fess", "simclr", "infonce");

    @TempDir
    Path tmp;

    @Test
    void everyArmLearnsWithoutCollapse() throws IOException {
        Path data = tmp.resolve("data");
        install(data, TASK, SPACING);
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode spec =
                (ObjectNode) yaml.readTree(Path.of("..", "examples", SPEC).toFile());
        ArrayNode datasets = yaml.createArrayNode();
        spec.get("datasets").forEach(d -> {
            if (d.get("name").asString().equals(TASK)) {
                datasets.add(d);
            }
        });
        assertThat(datasets).as("%s in %s", TASK, SPEC).hasSize(1);
        spec.set("datasets", datasets);
        assertThat(spec.get("seeds").get(0).asInt())
                .as("first seed of %s", SPEC)
                .isEqualTo(1);
        spec.set("seeds", yaml.readTree("[1]"));
        Path specFile = Files.createDirectories(tmp.resolve("examples")).resolve(SPEC);
        Files.writeString(specFile, yaml.writeValueAsString(spec));
        Path out = tmp.resolve("runs");
        long t0 = System.nanoTime();
        CliRun r = run("experiment", "run", specFile.toString(), "--out", out.toString(), "--parallel", "2");
        System.out.printf("%s, %s, seed 1: %.0f s%n", SPEC, TASK, (System.nanoTime() - t0) / 1e9);
        assertThat(r.code()).as(r.err()).isZero();

        List<String> lines = Files.readAllLines(out.resolve("report/collapse.csv"));
        List<String> header = Arrays.asList(lines.get(0).split(","));
        int runCol = header.indexOf("run");
        int datasetCol = header.indexOf("dataset");
        int armCol = header.indexOf("arm");
        int dropCol = header.indexOf("max_drop");
        int collapsedCol = header.indexOf("collapsed");
        Map<String, Integer> seen = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            String task = f[datasetCol];
            seen.merge(task + "/" + f[armCol], 1, Integer::sum);
            double[] val =
                    RealDataNoCollapseTest.validationDice(out.resolve(f[runCol]).resolve("metrics.csv"));
            System.out.printf(
                    "%s: validation Dice per epoch %s, largest drop %s%n", f[runCol], Arrays.toString(val), f[dropCol]);
            assertThat(f[collapsedCol]).as("%s collapsed", f[runCol]).isEqualTo("false");
            assertThat(val[val.length - 1])
                    .as("%s: final validation Dice vs the task's floor", f[runCol])
                    .isGreaterThan(FLOORS.get(task));
        }
        assertThat(seen).as("runs per task/arm").hasSize(ARMS.size());
        for (String arm : ARMS) {
            assertThat(seen).as("runs of %s/%s", TASK, arm).containsEntry(TASK + "/" + arm, 1);
        }
    }

    private static void install(Path data, String task, String spacing) {
        CliRun r =
                run("realdata", "install", "--out", data.toString(), "--task", task, "--spacing", spacing, "--no-apt");
        assertThat(r.code())
                .as("fess realdata install (needs: apt-get install mricron-data invesalius-examples): %s", r.err())
                .isZero();
    }
}
