package dev.fess.experiment;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.fess.UserInputException;
import dev.fess.config.ConfigKey;
import dev.fess.config.ConfigKeys;
import dev.fess.config.TrainingConfig;
import dev.fess.dataset.CaseFiles;
import dev.fess.dataset.DatasetCombination;
import dev.fess.dataset.Datasets;
import dev.fess.dataset.FolderDataset;
import dev.fess.dataset.Layout;
import dev.fess.dataset.LoadedCase;
import dev.fess.dataset.Splits;
import dev.fess.image.ImageFiles;
import dev.fess.infer.CasePredictor;
import dev.fess.infer.Segmentations;
import dev.fess.io.AtomicFiles;
import dev.fess.metrics.CasePairing;
import dev.fess.metrics.Evaluation;
import dev.fess.metrics.EvaluationReport;
import dev.fess.metrics.Region;
import dev.fess.nifti.Nifti;
import dev.fess.run.CheckpointStore;
import dev.fess.run.EpochMetrics;
import dev.fess.run.RunDirectory;
import dev.fess.run.RunModel;
import dev.fess.train.DeviceChoice;
import dev.fess.train.TrainingListener;
import dev.fess.train.TrainingSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
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
 * {@link SpecParser} against the key table); the executor sets data, layout, channels, labels, loss (the arm), seed,
 * λ/τ (when the grid gives them), {@code split_file}, {@code train_cases}, {@code cache_dir}
 * ({@code <experiment>/.fess-cache}, shared by all runs) and, unless the map sets it, {@code threads} =
 * max(1, cores / parallel runs).
 *
 * <p><b>Evaluation regions</b>: those of the trained label mapping
 * ({@code LabelMapping.evaluationRegions()}), so the test split is scored on what was trained: e.g.
 * {@code brats-whole-tumour} → WT, {@code brats-regions} → WT, TC, ET, {@code abdomen-binary} → organ (any organ),
 * {@code abdomen-organs} → liver, kidney, spleen, pancreas.
 */
public final class TrainingRunExecutor implements RunExecutor {
    private static final String EXPERIMENT = "experiment";
    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    /** Model initialisation draws from PyTorch's process-wide generator: one run sets up at a time. */
    static final Object SETUP = new Object();

    /** Folder under the experiment folder where combined datasets are described. */
    static final String COMBINED_DIR = ".fess-datasets";
    /** Dataset facts a run writes for the report. */
    public static final String DATASET_FILE = "dataset.json";

    private final int parallel;
    private final int folds;
    private final Map<String, Path> combinedFolders = new ConcurrentHashMap<>();
    /**
     * The identity of each dataset (folder, layout, channels), read once per executor (one invocation of
     * {@code fess experiment}).
     */
    private final Map<List<Object>, DatasetIdentity> identities = new ConcurrentHashMap<>();

    private final boolean childProcess;
    private final DeviceChoice device;
    private final IntSupplier gpuCount;
    private final WorkerSlots slots;
    private int threadsPerRun;

    /**
     * The executor of {@code fess experiment}: {@code parallel} runs at once (in child JVMs when more than one), on
     * {@code device} ({@code --device}; null = the spec's {@code training.device}, else {@code auto}).
     */
    public static TrainingRunExecutor forExperiment(ExperimentSpec spec, int parallel, DeviceChoice device) {
        return new TrainingRunExecutor(
                parallel,
                spec.folds(),
                parallel > 1,
                deviceOf(spec, device),
                () -> Engine.getInstance().getGpuCount());
    }

    /** {@code --device} when given, else the spec's {@code training.device}, else {@code auto}. */
    public static DeviceChoice deviceOf(ExperimentSpec spec, DeviceChoice given) {
        if (given != null) {
            return given;
        }
        Object d = spec.training().get("device");
        return d == null ? DeviceChoice.AUTO : DeviceChoice.parse(String.valueOf(d), "training: key 'device'");
    }

    /** @param parallel how many runs go at once (sets the default PyTorch thread count) */
    public TrainingRunExecutor(int parallel) {
        this(parallel, 1);
    }

    /**
     * @param parallel how many runs go at once (sets the default PyTorch thread count)
     * @param folds the experiment's cross-validation folds (1 = none)
     */
    public TrainingRunExecutor(int parallel, int folds) {
        this(
                parallel,
                folds,
                parallel > 1,
                DeviceChoice.AUTO,
                () -> Engine.getInstance().getGpuCount());
    }

    /**
     * @param parallel how many runs go at once in this process (sets the default PyTorch thread count and the
     *     worker slots that spread runs over GPUs)
     * @param folds the experiment's cross-validation folds (1 = none)
     * @param childProcess train in a child JVM (required when trainings may overlap in one JVM)
     * @param device the device choice; with several slots and G GPUs, slot s trains on gpu:(s mod G)
     * @param gpuCount how many GPUs the engine sees (asked when a run starts)
     */
    public TrainingRunExecutor(
            int parallel, int folds, boolean childProcess, DeviceChoice device, IntSupplier gpuCount) {
        if (parallel < 1 || folds < 1) {
            throw new IllegalArgumentException("parallel and folds must be ≥ 1, got " + parallel + ", " + folds);
        }
        this.parallel = parallel;
        this.folds = folds;
        this.childProcess = childProcess;
        this.device = device;
        this.gpuCount = gpuCount;
        this.slots = new WorkerSlots(parallel);
    }

    /**
     * The executor of one run in a cluster task: trains in a child JVM (other tasks may share this JVM) with
     * {@code threads} PyTorch threads unless the spec's {@code training} sets them, on {@code device}.
     */
    public static TrainingRunExecutor forClusterTask(int folds, DeviceChoice device, int threads) {
        TrainingRunExecutor e = new TrainingRunExecutor(
                1, folds, true, device, () -> Engine.getInstance().getGpuCount());
        e.threadsPerRun = Math.max(1, threads);
        return e;
    }

    /** The device choice of the run that holds worker slot {@code slot}. */
    DeviceChoice deviceForSlot(int slot) {
        return device.forSlot(slot, gpuCount.getAsInt());
    }

    @Override
    public String name() {
        return "djl-pytorch";
    }

    /** The PyTorch threads a run gets when {@code training} does not set {@code threads}. */
    public int defaultThreads() {
        return threadsPerRun > 0
                ? threadsPerRun
                : Math.max(1, Runtime.getRuntime().availableProcessors() / parallel);
    }

    /** The dataset-level split of a labelled-case list: test, validation, training pool. */
    public static Splits datasetSplit(DatasetEntry d, List<String> ids) {
        return datasetSplit(d, ids, 1);
    }

    /**
     * The dataset-level split: with one fold, test / validation / training pool by the dataset's fractions; with k
     * folds, the test split, then k folds of the rest ({@link Splits#holdoutKFold}).
     */
    public static Splits datasetSplit(DatasetEntry d, List<String> ids, int folds) {
        return folds == 1
                ? Splits.holdout(ids, d.valFraction(), d.testFraction(), d.splitSeed())
                : Splits.holdoutKFold(ids, d.testFraction(), folds, d.splitSeed());
    }

    /** The training cases every run of a split can draw from: the smallest fold's training set. */
    static int pool(Splits s) {
        return s.folds().stream().mapToInt(f -> f.train().size()).min().orElse(0);
    }

    @Override
    public void prepare(ExperimentSpec spec, Path experimentDir, Consumer<String> notes) throws IOException {
        for (DatasetEntry d : spec.datasets()) {
            if (!d.combined()) {
                continue;
            }
            DatasetCombination.Result r = combine(d, experimentDir);
            List<String> parts = new ArrayList<>();
            r.labelledPerSource().forEach((name, n) -> parts.add(name + " " + n));
            notes.accept("dataset '" + d.name() + "': labelled cases kept per source: " + String.join(", ", parts)
                    + "; " + r.dropped().size() + " duplicate(s) dropped (list: "
                    + r.folder().resolve(DatasetCombination.MANIFEST) + ")");
            for (DatasetCombination.Dropped x :
                    r.dropped().subList(0, Math.min(10, r.dropped().size()))) {
                notes.accept("  dropped " + x.reason());
            }
            if (r.dropped().size() > 10) {
                notes.accept("  … and " + (r.dropped().size() - 10) + " more");
            }
        }
    }

    private DatasetCombination.Result combine(DatasetEntry d, Path experimentDir) throws IOException {
        Path folder =
                experimentDir.toAbsolutePath().normalize().resolve(COMBINED_DIR).resolve(d.name());
        DatasetCombination.Result r = DatasetCombination.combine(d.sources(), folder, id -> {});
        combinedFolders.put(d.name(), folder);
        return r;
    }

    @Override
    public OptionalInt trainingPoolSize(DatasetEntry d) {
        try {
            if (d.combined() && !combinedFolders.containsKey(d.name())) {
                return OptionalInt.empty();
            }
            FolderDataset ds = open(d, combinedFolders.get(d.name()));
            return OptionalInt.of(pool(datasetSplit(d, ids(ds), folds)));
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * The run's configuration ({@link RunSpec#configuration()}) with {@code training} replaced by the resolved
     * training configuration (every key of the key table with its default unless set; without the keys that only
     * say where files are or how fast it goes: {@code data}, {@code split_file}, {@code cache_dir}, {@code device},
     * and {@code threads} unless the spec sets it; and the keys at their {@linkplain ConfigKey#neutral neutral}
     * value, so that a finished run keeps its key when a fess version adds a key), plus {@code dataset_identity}
     * (the labelled cases and the SHA-256 of their sorted ids with each image and label file's name and size) and
     * {@code split} (the sizes and SHA-256 of the run's test, validation and training case lists).
     */
    @Override
    public Map<String, Object> configuration(RunSpec spec, Path experimentDir) throws IOException {
        DatasetEntry d = spec.dataset();
        Path folder = d.combined()
                ? (combinedFolders.containsKey(d.name())
                        ? combinedFolders.get(d.name())
                        : combine(d, experimentDir).folder())
                : d.path();
        List<Object> opened = List.of(folder, String.valueOf(d.layout()), d.channels());
        DatasetIdentity identity = identities.get(opened);
        if (identity == null) {
            identity = DatasetIdentity.of(open(d, folder));
            identities.put(opened, identity);
        }
        List<String> ids = identity.ids();
        Splits base = datasetSplit(d, ids, spec.folds());
        int fold = spec.fold() == null ? 0 : spec.fold();
        int pool = pool(base);
        int size = spec.size() == TrainingSize.ALL_CASES ? pool : Math.min(spec.size(), pool);
        Map<String, Object> split = new LinkedHashMap<>();
        if (size > 0) {
            Splits s = base.withSubsets(fold, size);
            Splits.Fold f = s.fold(fold);
            split.put("test", f.test().size());
            split.put("test_sha256", sha256(String.join("\n", f.test())));
            split.put("val", f.val().size());
            split.put("val_sha256", sha256(String.join("\n", f.val())));
            split.put("train", size);
            split.put("train_sha256", sha256(String.join("\n", s.subset(size))));
        }

        Path runDir = experimentDir.resolve(spec.id());
        TrainingConfig resolved = config(spec, runDir, runDir.resolve("splits.json"), size, folder);
        Map<String, Object> training = new LinkedHashMap<>(resolved.toMap());
        for (ConfigKey<?> k : ConfigKeys.all()) {
            if (k.isNeutral(resolved.get(k))) {
                training.remove(k.name());
            }
        }
        for (ConfigKey<?> k :
                List.of(ConfigKeys.DATA, ConfigKeys.SPLIT_FILE, ConfigKeys.CACHE_DIR, ConfigKeys.DEVICE)) {
            training.remove(k.name());
        }
        if (!spec.training().containsKey(ConfigKeys.THREADS.name())) {
            training.remove(ConfigKeys.THREADS.name());
        }
        Map<String, Object> m = spec.configuration();
        m.put("training", training);
        m.put("dataset_identity", identity.toMap());
        m.put("split", split);
        return m;
    }

    /**
     * The labelled cases of a dataset folder: their sorted ids and the SHA-256 of one line per case (id, then each
     * image's and the label's file name and size, tab-separated).
     */
    private record DatasetIdentity(List<String> ids, String filesSha256) {
        static DatasetIdentity of(FolderDataset ds) throws IOException {
            List<CaseFiles> cases = new ArrayList<>(ds.trainingCases());
            cases.sort(Comparator.comparing(CaseFiles::id));
            StringBuilder files = new StringBuilder();
            for (CaseFiles c : cases) {
                files.append(c.id());
                for (Path p : c.images()) {
                    files.append('\t').append(p.getFileName()).append('\t').append(Files.size(p));
                }
                files.append('\t').append(c.label().getFileName()).append('\t').append(Files.size(c.label()));
                files.append('\n');
            }
            return new DatasetIdentity(cases.stream().map(CaseFiles::id).toList(), sha256(files.toString()));
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cases", ids.size());
            m.put("files_sha256", filesSha256);
            return m;
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

    /** Opens a dataset: its folder, or for a combined dataset the folder of its combination. */
    private static FolderDataset open(DatasetEntry d, Path combinedFolder) throws IOException {
        if (d.combined()) {
            return Datasets.open(combinedFolder, Layout.COMBINED, d.channels());
        }
        return Datasets.open(d.path(), d.layout() == null ? null : Datasets.layoutByName(d.layout()), d.channels());
    }

    private static List<String> ids(FolderDataset ds) {
        return ds.trainingCases().stream().map(CaseFiles::id).toList();
    }

    @Override
    public RunResult execute(RunSpec spec, Path runDir, ProgressListener listener) throws Exception {
        int slot = slots.acquire();
        try {
            return execute(spec, runDir, listener, deviceForSlot(slot));
        } finally {
            slots.release(slot);
        }
    }

    /** Trains, predicts and evaluates one run on the device {@code runDevice}. */
    public RunResult execute(RunSpec spec, Path runDir, ProgressListener listener, DeviceChoice runDevice)
            throws Exception {
        DatasetEntry d = spec.dataset();
        Path folder = d.combined() ? combine(d, experimentDir(spec, runDir)).folder() : d.path();
        FolderDataset ds = open(d, folder);
        Map<String, CaseFiles> byId = new LinkedHashMap<>();
        ds.trainingCases().forEach(c -> byId.put(c.id(), c));
        Splits base = datasetSplit(d, List.copyOf(byId.keySet()), spec.folds());
        int fold = spec.fold() == null ? 0 : spec.fold();
        int pool = pool(base);
        if (spec.size() > pool) {
            throw new UserInputException("dataset '" + d.name() + "': size " + spec.size() + " is more than its " + pool
                    + " training cases");
        }
        int size = spec.size() == TrainingSize.ALL_CASES ? pool : spec.size();
        Splits splits = base.withSubsets(fold, size);
        Files.createDirectories(runDir);
        RunDirectory run = new RunDirectory(runDir);
        Path splitFile = run.splits().toAbsolutePath();
        splits.save(splitFile);
        writeDatasetFacts(runDir, d, folder, base, pool);

        TrainingConfig cfg = config(spec, runDir, splitFile, size, folder).toBuilder()
                .set(ConfigKeys.DEVICE, runDevice, EXPERIMENT)
                .build();
        if (childProcess) {
            cfg = trainInChildProcess(cfg, runDir, listener);
        } else {
            try (TrainingSession session = openSession(cfg, runDir, listener)) {
                session.run(false);
                cfg = session.config();
            }
        }
        CheckpointStore store = run.checkpoints();
        Path checkpoint = store.resolve("best") != null ? store.resolve("best") : store.resolve("last");
        if (checkpoint == null) {
            throw new IllegalStateException("training left no complete checkpoint in " + store.dir());
        }
        String which = checkpoint != null && checkpoint.getFileName().toString().startsWith("best") ? "best" : "last";

        List<CaseFiles> test = splits.fold(fold).test().stream().map(byId::get).toList();
        writeTestCases(runDir, test);
        Path predDir = runDir.resolve("predictions");
        Files.createDirectories(predDir);
        List<CasePairing.CasePair> pairs = new ArrayList<>();
        List<Region> regions;
        Device predictDevice = cfg.run().deviceChoice().resolve();
        try (NDManager manager = NDManager.newBaseManager(predictDevice)) {
            RunModel rm = RunModel.load(runDir, which, manager);
            regions = Region.of(rm.mapping().evaluationRegions());
            CasePredictor predictor =
                    rm.predictor(spec.predict().overlap(), spec.predict().tta(), 2, false);
            for (int i = 0; i < test.size(); i++) {
                CaseFiles c = test.get(i);
                listener.progress("predict", (double) i / test.size(), c.id());
                LoadedCase loaded = ds.load(c);
                CasePredictor.Prediction p =
                        predictor.predict(manager, new LoadedCase(c.id(), loaded.image(), null), false, null);
                Path target = predDir.resolve(c.id() + ".nii.gz");
                Nifti.write(target, p.labels(), Segmentations.labelDatatype(rm.mapping()));
                pairs.add(new CasePairing.CasePair(c.id(), target, c.label()));
            }
        }
        listener.progress("evaluate", 0, "");
        EvaluationReport report = Evaluation.builder()
                .reader(ImageFiles::readVolume)
                .regions(regions)
                .threads(1)
                .build()
                .run(pairs);
        report.writeJson(runDir.resolve("evaluation.json"));

        Map<String, Object> env = new LinkedHashMap<>();
        Engine engine = Engine.getInstance();
        env.put("engine", engine.getEngineName());
        env.put("engine_version", engine.getVersion());
        env.put("djl_version", Engine.getDjlVersion());
        env.put("threads", cfg.run().threads());
        env.put("device", DeviceChoice.name(predictDevice));
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
        List<String> cmd = new ArrayList<>(List.of(
                java,
                "-Xmx3g",
                "-Dai.djl.offline=true",
                "-cp",
                ChildClassPath.of(TrainingChild.class),
                TrainingChild.class.getName(),
                request.toAbsolutePath().toString(),
                runDir.toAbsolutePath().toString()));
        Path log = runDir.resolve("train.log");
        listener.progress("train", 0, "in a child process, log in " + log.getFileName());
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            int code = p.waitFor();
            if (code != 0) {
                String last = Files.readAllLines(log).stream()
                        .filter(l -> !l.isBlank() && !l.contains("%"))
                        .reduce((a, b) -> b)
                        .orElse("");
                throw new IllegalStateException("training exited with code " + code + ": " + last.strip());
            }
        } finally {
            if (p.isAlive()) {
                p.destroy();
            }
        }
        Files.deleteIfExists(request);
        return TrainingConfig.read(new RunDirectory(runDir).config()).build();
    }

    static TrainingSession openSession(TrainingConfig cfg, Path runDir, ProgressListener listener) throws IOException {
        int epochs = cfg.optimisation().epochs();
        TrainingListener l = new TrainingListener() {
            @Override
            public void epochStarted(int epoch, int iterations, int startIteration) {
                listener.progress("train", (epoch - 1.0) / epochs, "epoch " + epoch + "/" + epochs);
            }

            @Override
            public void epochFinished(EpochMetrics m, List<EpochMetrics> history) {
                listener.progress(
                        "train",
                        (double) m.epoch() / epochs,
                        String.format(
                                Locale.ROOT,
                                "epoch %d/%d loss %.3f%s",
                                m.epoch(),
                                epochs,
                                m.loss(),
                                Double.isNaN(m.valDice())
                                        ? ""
                                        : String.format(Locale.ROOT, " val Dice %.3f", m.valDice())));
            }
        };
        synchronized (SETUP) {
            return TrainingSession.open(cfg, runDir, false, l);
        }
    }

    /** The training configuration of a run (see the class comment). */
    TrainingConfig config(RunSpec spec, Path runDir, Path splitFile, int size, Path folder) {
        DatasetEntry d = spec.dataset();
        TrainingConfig.Builder b = TrainingConfig.builder();
        b.set(ConfigKeys.THREADS, defaultThreads(), EXPERIMENT);
        for (Map.Entry<String, Object> e : spec.training().entrySet()) {
            b.set(e.getKey(), text(e.getValue()), "training");
        }
        b.set(ConfigKeys.DATA, folder.toAbsolutePath(), EXPERIMENT);
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
        if (spec.fold() != null) {
            b.set(ConfigKeys.FOLD, spec.fold(), EXPERIMENT);
        }
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

    /**
     * {@code RUN/dataset.json}: the dataset's size and split (labelled, test, validation, training pool) and, for a
     * combined dataset, the labelled cases kept per source and the dropped duplicates with their reasons.
     */
    private static void writeDatasetFacts(Path runDir, DatasetEntry d, Path folder, Splits base, int pool)
            throws IOException {
        Splits.Fold f = base.fold(0);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.name());
        m.put("folder", folder.toAbsolutePath().toString());
        m.put("labelled", f.train().size() + f.val().size() + f.test().size());
        m.put("test", f.test().size());
        m.put("validation", f.val().size());
        m.put("folds", base.folds().size());
        m.put("training_pool", pool);
        if (d.combined()) {
            DatasetCombination.Result r = DatasetCombination.read(folder);
            m.put("kept_per_source", r.labelledPerSource());
            m.put(
                    "dropped",
                    r.dropped().stream().map(DatasetCombination.Dropped::reason).toList());
        }
        AtomicFiles.write(runDir.resolve(DATASET_FILE), JSON.writeValueAsBytes(m));
    }

    private static void writeTestCases(Path runDir, List<CaseFiles> test) throws IOException {
        List<Map<String, Object>> l = new ArrayList<>();
        for (CaseFiles c : test) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("case", c.id());
            m.put(
                    "images",
                    c.images().stream().map(p -> p.toAbsolutePath().toString()).toList());
            m.put("label", c.label().toAbsolutePath().toString());
            l.add(m);
        }
        AtomicFiles.write(runDir.resolve("test_cases.json"), JSON.writeValueAsBytes(l));
    }
}
