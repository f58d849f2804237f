package dev.fess.cli;

import dev.fess.UserInputException;
import dev.fess.dataset.CaseFiles;
import dev.fess.dataset.Datasets;
import dev.fess.dataset.FolderDataset;
import dev.fess.dataset.Layout;
import dev.fess.dataset.LoadedCase;
import dev.fess.dataset.Splits;
import dev.fess.experiment.DatasetEntry;
import dev.fess.experiment.ExperimentSpec;
import dev.fess.experiment.TrainingRunExecutor;
import dev.fess.io.AtomicFiles;
import dev.fess.loss.Arm;
import dev.fess.report.ExperimentResults;
import dev.fess.report.Metric;
import dev.fess.report.RunData;
import dev.fess.statistics.Descriptive;
import dev.fess.synth.PhantomKind;
import dev.fess.synth.PhantomOptions;
import dev.fess.synth.SyntheticDatasetWriter;
import dev.fess.synth.ThresholdBaseline;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code fess demo}: the whole study in small on a fresh machine — a synthetic BraTS-like dataset, Dice vs FESS
 * (FLAIR, whole tumour, as the paper), two seeds, through the experiment machinery, then the report and the test
 * Dice per arm. Resumable: a rerun with the same options reuses the data and the finished runs.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Synthetic BraTS-like data → train Dice vs FESS (FLAIR, whole tumour, 2 seeds) → report.",
            "About 10 minutes on 2 cores (--quick: about 2). Rerun to resume; the data and finished runs are reused."
        })
public final class DemoCommand implements Callable<Integer> {
    /** The marker that makes a folder a demo folder (holds the options it was made with). */
    static final String MARKER = "demo.json";

    static final String DATASET = "brats-synth";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec cmd;

    @Option(
            names = "--quick",
            description = "A smaller, faster demo (fewer, smaller cases; one seed; shorter training).")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR", description = "Demo folder (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("fess-demo");

    @Option(
            names = "--seed",
            paramLabel = "K",
            description = "Seed of the data and split; runs use K, K+1 (default: ${DEFAULT-VALUE}).")
    long seed = 7;

    @Option(
            names = "--parallel",
            paramLabel = "N",
            description = "Runs at once (default: the number of cores, at most 2).")
    Integer parallel;

    // Test-only overrides (hidden): make the whole pipeline run in seconds.
    @Option(names = "--cases", hidden = true)
    Integer cases;

    @Option(names = "--size", hidden = true)
    Integer size;

    @Option(names = "--epochs", hidden = true)
    Integer epochs;

    @Option(names = "--iterations", hidden = true)
    Integer iterations;

    @Option(names = "--seeds", hidden = true)
    Integer seeds;

    @Option(names = "--filters", hidden = true)
    String filters;

    /** What the demo runs: data, grid and training. */
    record Plan(
            int cases,
            int size,
            double testFraction,
            double valFraction,
            List<Arm> arms,
            List<Integer> seeds,
            int epochs,
            int iterations,
            int patch,
            int batch,
            String filters,
            double lr,
            int valEvery,
            long dataSeed) {

        /** FESS first: its steps cost more, so starting it first finishes a parallel grid sooner. */
        static final List<Arm> ARMS = List.of(Arm.FESS, Arm.DICE);

        /** The defaults for {@code fess demo} / {@code fess demo --quick}. */
        static Plan of(boolean quick, long seed) {
            if (quick) {
                return new Plan(
                        12, 40, 0.34, 0.0, ARMS, List.of((int) seed), 5, 30, 32, 2, "8,16,32,64", 0.01, 0, seed);
            }
            return new Plan(
                    20,
                    48,
                    0.3,
                    0.1,
                    ARMS,
                    List.of((int) seed, (int) seed + 1),
                    8,
                    40,
                    32,
                    2,
                    "8,16,32,64",
                    0.01,
                    2,
                    seed);
        }

        /** The experiment spec as YAML, with the dataset at {@code data} next to the spec file. */
        String specYaml() {
            StringBuilder b = new StringBuilder();
            b.append("# written by fess demo; rerun with: fess experiment run experiment.yaml --out .\n");
            b.append("name: fess-demo\n");
            b.append("datasets:\n");
            b.append("  - {name: ")
                    .append(DATASET)
                    .append(", path: data, layout: brats, channels: [flair], ")
                    .append("labels: brats-whole-tumour, test_fraction: ")
                    .append(testFraction)
                    .append(", val_fraction: ")
                    .append(valFraction)
                    .append(", split_seed: ")
                    .append(dataSeed)
                    .append("}\n");
            b.append("arms: [")
                    .append(String.join(", ", arms.stream().map(Arm::key).toList()))
                    .append("]\n");
            b.append("sizes: [all]\n");
            b.append("seeds: ").append(seeds).append("\n");
            b.append("training:\n");
            b.append("  epochs: ").append(epochs).append("\n");
            b.append("  iterations: ").append(iterations).append("\n");
            b.append("  patch: ").append(patch).append("\n");
            b.append("  batch: ").append(batch).append("\n");
            b.append("  filters: [").append(filters).append("]\n");
            b.append("  lr: ").append(lr).append("\n");
            b.append("  val_every: ").append(valEvery).append("\n");
            b.append("  samples_per_class: 128\n");
            b.append("predict: {overlap: 0.5, tta: false}\n");
            return b.toString();
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cases", cases);
            m.put("size", size);
            m.put("data_seed", dataSeed);
            m.put("spec", specYaml());
            return m;
        }
    }

    Plan plan() {
        Plan p = Plan.of(quick, seed);
        List<Integer> s = p.seeds();
        if (seeds != null) {
            if (seeds < 1) {
                throw new UserInputException("--seeds: expected a number ≥ 1, got " + seeds);
            }
            s = new ArrayList<>();
            for (int i = 0; i < seeds; i++) {
                s.add((int) seed + i);
            }
        }
        return new Plan(
                cases != null ? cases : p.cases(),
                size != null ? size : p.size(),
                p.testFraction(),
                p.valFraction(),
                p.arms(),
                s,
                epochs != null ? epochs : p.epochs(),
                iterations != null ? iterations : p.iterations(),
                p.patch(),
                p.batch(),
                filters != null ? filters : p.filters(),
                p.lr(),
                p.valEvery(),
                p.dataSeed());
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter o = cmd.commandLine().getOut();
        PrintWriter err = cmd.commandLine().getErr();
        long t0 = System.nanoTime();
        Plan plan = plan();
        prepareFolder(out, plan);
        Path data = out.resolve("data");
        if (!Files.isRegularFile(data.resolve("synth.json"))) {
            o.printf(
                    "fess demo: writing %d synthetic BraTS-like cases of %d³ to %s%n", plan.cases(), plan.size(), data);
            o.flush();
            try {
                SyntheticDatasetWriter.builder(PhantomKind.BRATS)
                        .layout(Layout.BRATS)
                        .cases(plan.cases())
                        .seed(plan.dataSeed())
                        .options(PhantomOptions.builder().size(plan.size()).build())
                        .overwrite(true)
                        .threads(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())))
                        .build()
                        .write(data);
            } catch (UserInputException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new UserInputException("--seed " + seed + ": the synthetic generator failed ("
                        + FessMain.userReasonOrMessage(e) + "); try another --seed");
            }
        } else {
            o.println("fess demo: reusing the data in " + data);
        }
        Path specFile = out.resolve(ExperimentCommand.SPEC_COPY);
        AtomicFiles.writeString(specFile, plan.specYaml());
        ExperimentCommand.RunOptions ro = new ExperimentCommand.RunOptions();
        ro.out = out;
        int runs = plan.arms().size() * plan.seeds().size();
        ro.parallel = parallel != null
                ? parallel
                : Math.max(1, Math.min(runs, Math.min(2, Runtime.getRuntime().availableProcessors())));
        ro.retryFailed = true;
        int code = ExperimentCommand.runExperiment(specFile, ro, ExperimentCommand.Executors.TRAINING, o, err);
        summary(o, plan, specFile, Duration.ofNanos(System.nanoTime() - t0));
        return code;
    }

    /** Refuses a non-empty folder that is not a demo, or a demo made with other options; writes the marker. */
    static void prepareFolder(Path dir, Plan plan) throws IOException {
        Path marker = dir.resolve(MARKER);
        if (Files.isDirectory(dir) && !isEmpty(dir)) {
            if (!Files.isRegularFile(marker)) {
                throw new UserInputException("--out " + dir + ": the folder is not empty and holds no fess demo ("
                        + MARKER + "); give another --out or empty it");
            }
            JsonNode stored = JSON.readTree(Files.readString(marker));
            JsonNode now = JSON.readTree(JSON.writeValueAsBytes(plan.toMap()));
            if (!stored.equals(now)) {
                throw new UserInputException("--out " + dir + ": holds a demo made with other options"
                        + " (--quick, --seed or test overrides differ); give another --out or delete it");
            }
            return;
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserInputException("--out " + dir + ": exists and is not a folder");
        }
        Files.createDirectories(dir);
        AtomicFiles.write(marker, JSON.writeValueAsBytes(plan.toMap()));
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    /** Prints where the report is, the test Dice per arm (mean ± std over seeds) and the threshold baseline. */
    private void summary(PrintWriter o, Plan plan, Path specFile, Duration wall) throws IOException {
        ExperimentResults results = ExperimentResults.load(out);
        Map<Arm, List<Double>> perArm = new LinkedHashMap<>();
        int testCases = 0;
        for (RunData r : results.runs()) {
            perArm.computeIfAbsent(r.arm(), a -> new ArrayList<>()).add(r.mean(Metric.DICE));
            testCases = r.cases().size();
        }
        o.println();
        o.printf("fess demo: report in %s%n", out.resolve("report.html"));
        o.printf("whole-tumour Dice on the %d test cases, mean ± std over seeds:%n", testCases);
        for (Arm a : plan.arms()) {
            List<Double> v = perArm.get(a);
            if (v == null || v.isEmpty()) {
                o.printf("  %-7s no finished run%n", a.label());
                continue;
            }
            Descriptive d =
                    Descriptive.of(v.stream().mapToDouble(Double::doubleValue).toArray());
            o.printf(
                    Locale.ROOT,
                    "  %-7s %.3f ± %s  (%d seed%s: %s)%n",
                    a.label(),
                    d.mean(),
                    v.size() > 1 ? String.format(Locale.ROOT, "%.3f", d.std()) : "n/a",
                    v.size(),
                    v.size() == 1 ? "" : "s",
                    String.join(
                            ", ",
                            v.stream()
                                    .map(x -> String.format(Locale.ROOT, "%.3f", x))
                                    .toList()));
        }
        o.printf(
                Locale.ROOT,
                "  FLAIR threshold baseline (one global threshold fitted on the training pool): %.3f%n",
                thresholdBaseline(plan));
        o.printf("wall time %d min %02d s%n", wall.toMinutes(), wall.toSecondsPart());
        o.flush();
    }

    /** Mean whole-tumour Dice of the best single FLAIR threshold (fitted on the pool) on the demo's test cases. */
    private double thresholdBaseline(Plan plan) throws IOException {
        ExperimentSpec spec = ExperimentSpec.read(out.resolve(ExperimentCommand.SPEC_COPY));
        DatasetEntry d = spec.datasets().get(0);
        FolderDataset ds = Datasets.open(d.path(), Layout.BRATS, d.channels());
        Map<String, CaseFiles> byId = new LinkedHashMap<>();
        ds.trainingCases().forEach(c -> byId.put(c.id(), c));
        Splits s = TrainingRunExecutor.datasetSplit(d, List.copyOf(byId.keySet()));
        List<LoadedCase> train = new ArrayList<>();
        for (String id : s.fold(0).train()) {
            train.add(ds.load(byId.get(id)));
        }
        List<LoadedCase> test = new ArrayList<>();
        for (String id : s.fold(0).test()) {
            test.add(ds.load(byId.get(id)));
        }
        return ThresholdBaseline.fit(train, 0).meanDice(test);
    }
}
