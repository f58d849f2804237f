package dev.fess.experiment;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.fess.UserInputException;
import dev.fess.config.ConfigKeys;
import dev.fess.config.TrainingConfig;
import dev.fess.dataset.CaseFiles;
import dev.fess.dataset.Datasets;
import dev.fess.dataset.FolderDataset;
import dev.fess.dataset.LoadedCase;
import dev.fess.dataset.Splits;
import dev.fess.infer.CasePredictor;
import dev.fess.infer.RunModel;
import dev.fess.infer.SlidingWindowPredictor;
import dev.fess.io.AtomicFiles;
import dev.fess.metrics.CasePairing;
import dev.fess.metrics.Evaluation;
import dev.fess.metrics.EvaluationReport;
import dev.fess.metrics.Region;
import dev.fess.image.ImageFiles;
import dev.fess.nifti.Nifti;
import dev.fess.nifti.NiftiDatatype;
import dev.fess.train.CheckpointStore;
import dev.fess.train.EpochMetrics;
import dev.fess.train.TrainingListener;
import dev.fess.train.TrainingSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real {@link RunExecutor}: trains with {@link TrainingSession}, predicts the test split with the {@code best}
 * checkpoint ({@code last} when there is no validation split) and scores it with {@link Evaluation}.
 *
 * <p><b>Split</b> (per dataset, identical for every run of it): the labelled case ids, sorted, are permuted with
 * {@code split_seed} ({@link Splits#holdout}); the first {@code round(test_fraction·n)} are the test cases, the next
 * {@code round(val_fraction·n)} the validation cases, the rest the training pool. The pool is permuted once more
 * (seed {@code split_seed + 1}, {@link Splits#withSubsets}) and a run of size N trains on its first N cases, so
 * subsets are nested. The split is written to {@code RUN/splits.json} and handed to training through the
 * {@code split_file} key.
 *
 * <p><b>Configuration</b>: the spec's {@code training} map uses {@link TrainingConfig}'s YAML keys (checked by
 * {@link SpecParser} against the key table); the executor sets data, layout, channels, labels, loss (the arm), seed, λ/τ (when the grid
 * gives them), {@code split_file}, {@code train_cases}, {@code cache_dir} ({@code <experiment>/.fess-cache}, shared by
 * all runs) and, unless the map sets it, {@code threads} = max(1, cores / parallel runs).
 *
 * <p><b>Evaluation regions</b>: {@code brats-whole-tumour} → WT (labels 1, 2, 3, 4), {@code brats-regions} → WT, TC,
 * ET, otherwise every foreground label value present.
 */
public final class TrainingRunExecutor implements RunExecutor {
    private static final String EXPERIMENT = "experiment";
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    /** Model initialisation draws from PyTorch's process-wide generator: one run sets up at a time. */
    static final Object SETUP = new Object();

    private final int parallel;

    /** The factory found by {@code fess experiment} through the service loader. */
    public static final class Factory implements RunExecutorFactory {
        @Override
        public String name() {
            return "djl-pytorch";
        }

        @Override
        public RunExecutor create(ExperimentSpec spec) {
            return new TrainingRunExecutor(1);
        }

        @Override
        public RunExecutor create(ExperimentSpec spec, int parallel) {
            return new TrainingRunExecutor(parallel);
        }
    }

    /** @param parallel how many runs go at once (sets the default PyTorch thread count) */
    public TrainingRunExecutor(int parallel) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be ≥ 1, got " + parallel);
        }
        this.parallel = parallel;
    }

    /** The PyTorch threads a run gets when {@code training} does not set {@code threads}. */
    public int defaultThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / parallel);
    }

    /** The dataset-level split of a labelled-case list: test, validation, training pool. */
    public static Splits datasetSplit(DatasetEntry d, List<String> ids) {
        return Splits.holdout(ids, d.valFraction(), d.testFraction(), d.splitSeed());
    }

    @Override
    public OptionalInt trainingPoolSize(DatasetEntry d) {
        try {
            FolderDataset ds = open(d);
            return OptionalInt.of(datasetSplit(d, ids(ds)).fold(0).train().size());
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    private static FolderDataset open(DatasetEntry d) throws IOException {
        return Datasets.open(d.path(), d.layout() == null ? null : Datasets.layoutByName(d.layout()), d.channels());
    }

    private static List<String> ids(FolderDataset ds) {
        return ds.trainingCases().stream().map(CaseFiles::id).toList();
    }

    @Override
    public RunResult execute(RunSpec spec, Path runDir, ProgressListener listener) throws Exception {
        DatasetEntry d = spec.dataset();
        FolderDataset ds = open(d);
        Map<String, CaseFiles> byId = new LinkedHashMap<>();
        ds.trainingCases().forEach(c -> byId.put(c.id(), c));
        Splits base = datasetSplit(d, List.copyOf(byId.keySet()));
        int pool = base.fold(0).train().size();
        int size = spec.size() == TrainingSize.ALL_CASES ? pool : Math.min(spec.size(), pool);
        Splits splits = base.withSubsets(0, size);
        Files.createDirectories(runDir);
        Path splitFile = runDir.resolve(TrainingSession.SPLITS).toAbsolutePath();
        splits.save(splitFile);

        TrainingConfig cfg = config(spec, runDir, splitFile, size);
        if (parallel > 1) {
            cfg = trainInChildProcess(cfg, runDir, listener);
        } else {
            try (TrainingSession session = openSession(cfg, runDir, listener)) {
                session.run(false);
                cfg = session.config();
            }
        }
        CheckpointStore store = new CheckpointStore(runDir.resolve("checkpoints"));
        Path checkpoint = store.resolve("best") != null ? store.resolve("best") : store.resolve("last");
        if (checkpoint == null) {
            throw new IllegalStateException("training left no complete checkpoint in " + runDir.resolve("checkpoints"));
        }
        String which = checkpoint != null && checkpoint.getFileName().toString().startsWith("best") ? "best" : "last";

        List<CaseFiles> test = splits.fold(0).test().stream().map(byId::get).toList();
        writeTestCases(runDir, test);
        Path predDir = runDir.resolve("predictions");
        Files.createDirectories(predDir);
        List<CasePairing.CasePair> pairs = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            RunModel rm = RunModel.load(runDir, which, manager);
            SlidingWindowPredictor window = SlidingWindowPredictor.builder().block(rm.model().getUNet())
                    .patch(rm.config().data().patchSize()).overlap(spec.predict().overlap()).mirror(spec.predict().tta())
                    .windowBatch(2).build();
            CasePredictor predictor = new CasePredictor(rm.plan(), rm.mapping(), window, false);
            for (int i = 0; i < test.size(); i++) {
                CaseFiles c = test.get(i);
                listener.progress("predict", (double) i / test.size(), c.id());
                LoadedCase loaded = ds.load(c);
                CasePredictor.Prediction p = predictor.predict(manager, new LoadedCase(c.id(), loaded.image(), null),
                        false, null);
                Path target = predDir.resolve(c.id() + ".nii.gz");
                Nifti.write(target, p.labels(), NiftiDatatype.UINT8);
                pairs.add(new CasePairing.CasePair(c.id(), target, c.label()));
            }
        }
        listener.progress("evaluate", 0, "");
        EvaluationReport report = Evaluation.builder().reader(ImageFiles::readVolume)
                .regions(regions(cfg.data().labels()))
                .threads(1).build().run(pairs);
        report.writeJson(runDir.resolve("evaluation.json"));

        Map<String, Object> env = new LinkedHashMap<>();
        Engine engine = Engine.getInstance();
        env.put("engine", engine.getEngineName());
        env.put("engine_version", engine.getVersion());
        env.put("djl_version", Engine.getDjlVersion());
        env.put("threads", cfg.run().threads());
        env.put("device", "cpu");
        env.put("checkpoint", which);
        return new RunResult(size, env);
    }

    /**
     * Trains in a child JVM ({@link TrainingChild}): DJL's PyTorch gradient collector and PyTorch's random generator
     * are process-wide, so two trainings cannot share a process. Its output goes to {@code RUN/train.log}.
     */
    private static TrainingConfig trainInChildProcess(TrainingConfig cfg, Path runDir, ProgressListener listener)
            throws IOException, InterruptedException {
        Path request = runDir.resolve("train-request.yaml");
        cfg.write(request);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx3g", "-Dai.djl.offline=true",
                "-cp", System.getProperty("java.class.path"), TrainingChild.class.getName(),
                request.toAbsolutePath().toString(), runDir.toAbsolutePath().toString()));
        Path log = runDir.resolve("train.log");
        listener.progress("train", 0, "in a child process, log in " + log.getFileName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            int code = p.waitFor();
            if (code != 0) {
                String last = Files.readAllLines(log).stream().filter(l -> !l.isBlank() && !l.contains("%"))
                        .reduce((a, b) -> b).orElse("");
                throw new IllegalStateException("training exited with code " + code + ": " + last.strip());
            }
        } finally {
            if (p.isAlive()) {
                p.destroy();
            }
        }
        Files.deleteIfExists(request);
        return TrainingConfig.read(runDir.resolve(TrainingSession.CONFIG)).build();
    }

    static TrainingSession openSession(TrainingConfig cfg, Path runDir, ProgressListener listener)
            throws IOException {
        int epochs = cfg.optimisation().epochs();
        TrainingListener l = new TrainingListener() {
            @Override
            public void epochStarted(int epoch, int iterations, int startIteration) {
                listener.progress("train", (epoch - 1.0) / epochs, "epoch " + epoch + "/" + epochs);
            }

            @Override
            public void epochFinished(EpochMetrics m, List<EpochMetrics> history) {
                listener.progress("train", (double) m.epoch() / epochs, String.format(Locale.ROOT,
                        "epoch %d/%d loss %.3f%s", m.epoch(), epochs, m.loss(),
                        Double.isNaN(m.valDice()) ? "" : String.format(Locale.ROOT, " val Dice %.3f", m.valDice())));
            }
        };
        synchronized (SETUP) {
            return TrainingSession.open(cfg, runDir, false, l);
        }
    }

    /** The training configuration of a run (see the class comment). */
    TrainingConfig config(RunSpec spec, Path runDir, Path splitFile, int size) {
        DatasetEntry d = spec.dataset();
        TrainingConfig.Builder b = TrainingConfig.builder();
        b.set(ConfigKeys.THREADS, defaultThreads(), EXPERIMENT);
        for (Map.Entry<String, Object> e : spec.training().entrySet()) {
            b.set(e.getKey(), text(e.getValue()), "training");
        }
        b.set(ConfigKeys.DATA, d.path().toAbsolutePath(), EXPERIMENT);
        if (d.layout() != null) {
            b.set(ConfigKeys.LAYOUT, Datasets.layoutByName(d.layout()), EXPERIMENT);
        }
        if (!d.channels().isEmpty()) {
            b.set("channels", String.join(",", d.channels()), EXPERIMENT);
        }
        b.set(ConfigKeys.LABELS, d.labels(), EXPERIMENT);
        b.set(ConfigKeys.LOSS, spec.arm(), EXPERIMENT);
        b.set(ConfigKeys.SEED, (long) spec.seed(), EXPERIMENT);
        if (spec.lambda() != null) {
            b.set(ConfigKeys.LAMBDA, spec.lambda(), EXPERIMENT);
        }
        if (spec.tau() != null) {
            b.set(ConfigKeys.TAU, spec.tau(), EXPERIMENT);
        }
        b.set(ConfigKeys.SPLIT_FILE, splitFile, EXPERIMENT);
        b.set(ConfigKeys.TRAIN_CASES, size, EXPERIMENT);
        b.set(ConfigKeys.CACHE_DIR, experimentDir(spec, runDir).resolve(".fess-cache"), EXPERIMENT);
        return b.build();
    }

    /** The experiment folder: {@code runDir} minus the run id's path. */
    static Path experimentDir(RunSpec spec, Path runDir) {
        Path p = runDir.toAbsolutePath().normalize();
        int depth = spec.id().split("/").length;
        for (int i = 0; i < depth && p.getParent() != null; i++) {
            p = p.getParent();
        }
        return p;
    }

    private static String text(Object v) {
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            l.forEach(x -> parts.add(String.valueOf(x)));
            return String.join(",", parts);
        }
        return v == null ? null : String.valueOf(v);
    }

    /** The evaluation regions of a label mapping; null = every foreground value present. */
    static List<Region> regions(String mapping) {
        return switch (mapping) {
            case "brats-whole-tumour", "brats-whole-tumor" -> List.of(new Region("WT", new int[] {1, 2, 3, 4}));
            case "brats-regions" -> Region.brats();
            default -> null;
        };
    }

    private static void writeTestCases(Path runDir, List<CaseFiles> test) throws IOException {
        List<Map<String, Object>> l = new ArrayList<>();
        for (CaseFiles c : test) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("case", c.id());
            m.put("images", c.images().stream().map(p -> p.toAbsolutePath().toString()).toList());
            m.put("label", c.label().toAbsolutePath().toString());
            l.add(m);
        }
        AtomicFiles.write(runDir.resolve("test_cases.json"), JSON.writeValueAsBytes(l));
    }
}
