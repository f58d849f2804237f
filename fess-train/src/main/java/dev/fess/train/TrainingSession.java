package dev.fess.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.fess.UserInputException;
import dev.fess.augment.AugmentationConfig;
import dev.fess.augment.Augmenter;
import dev.fess.config.ConfigKeys;
import dev.fess.config.DataConfig;
import dev.fess.config.ModelConfig;
import dev.fess.config.TrainingConfig;
import dev.fess.dataset.CaseFiles;
import dev.fess.dataset.Datasets;
import dev.fess.dataset.FolderDataset;
import dev.fess.dataset.LabelMapping;
import dev.fess.dataset.LabelMappings;
import dev.fess.dataset.Layout;
import dev.fess.dataset.Splits;
import dev.fess.loss.Arm;
import dev.fess.model.ModelSpec;
import dev.fess.model.SegmentationModel;
import dev.fess.model.UNet3d;
import dev.fess.preprocess.CachedCase;
import dev.fess.preprocess.PreprocessCache;
import dev.fess.preprocess.PreprocessPlan;
import dev.fess.preprocess.PreprocessPlanner;
import dev.fess.sampling.BatchGenerator;
import dev.fess.sampling.BatchLoader;
import dev.fess.sampling.PatchSampler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sets up a whole training run from a configuration: opens the dataset, picks the label mapping, splits the cases
 * ({@code RUN/splits.json}), plans and caches preprocessing ({@code <RUN parent>/.fess-cache/<plan key>/}, shared by
 * the runs of one folder; the plan is also copied to {@code RUN/plan.json}), auto-configures what the config left
 * open, writes {@code RUN/config.yaml}, builds the model, loss, batch source and validation cases, and runs the
 * {@link Trainer}.
 */
public final class TrainingSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingSession.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Files in the run directory. */
    public static final String CONFIG = "config.yaml";
    public static final String PLAN = "plan.json";
    public static final String LABELS = "labels.json";
    public static final String SPLITS = "splits.json";

    private static final String AUTO = "auto";

    private final TrainingConfig config;
    private final Path runDir;
    private final NDManager manager;
    private final Trainer trainer;
    private final PrefetchingBatchSource batches;

    private TrainingSession(TrainingConfig config, Path runDir, NDManager manager, Trainer trainer,
            PrefetchingBatchSource batches) {
        this.batches = batches;
        this.config = config;
        this.runDir = runDir;
        this.manager = manager;
        this.trainer = trainer;
    }

    public TrainingConfig config() {
        return config;
    }

    public Trainer trainer() {
        return trainer;
    }

    public Path runDir() {
        return runDir;
    }

    /**
     * Prepares a run.
     *
     * @param requested the configuration (auto keys may be null)
     * @param runDir run directory (created)
     * @param resume whether this continues an existing run (then {@code RUN/config.yaml} must equal the resolved config)
     * @param listener progress callbacks
     */
    public static TrainingSession open(TrainingConfig requested, Path runDir, boolean resume, TrainingListener listener)
            throws IOException {
        DataConfig req = requested.data();
        Path data = req.folder();
        if (!Files.isDirectory(data)) {
            throw new UserInputException("data " + data + ": no such directory");
        }
        Files.createDirectories(runDir);
        FolderDataset ds = Datasets.open(data, req.layout(), req.channels());
        String labels = req.labels() != null ? req.labels()
                : ds.layout() == Layout.BRATS ? "brats-regions" : ds.layout() == Layout.NPY ? "brats-whole-tumour" : "dataset";
        LabelMapping mapping = LabelMappings.byName(labels, ds);
        List<CaseFiles> all = ds.trainingCases();
        if (all.size() < 2) {
            throw new UserInputException(data + ": need at least 2 labelled cases to train and validate, found " + all.size());
        }
        Map<String, CaseFiles> byId = new LinkedHashMap<>();
        all.forEach(c -> byId.put(c.id(), c));

        // splits: the k-fold split of all labelled cases, or the one given by split_file
        int folds;
        Splits splits;
        if (req.splitFile() != null) {
            Path file = req.splitFile();
            if (!Files.isRegularFile(file)) {
                throw new UserInputException("split_file " + file + ": no such file");
            }
            splits = Splits.load(file);
            splits.requireIdsIn(byId.keySet(), "split_file " + file);
            folds = splits.folds().size();
        } else {
            folds = Math.min(req.folds(), all.size());
            splits = Splits.kFold(byId.keySet(), folds, requested.run().seed());
        }
        List<String> trainIds = splits.fold(req.fold()).train();
        if (req.trainCases() != null) {
            if (req.trainCases() > trainIds.size()) {
                throw new UserInputException("train_cases " + req.trainCases() + ": fold " + req.fold()
                        + " has only " + trainIds.size() + " training cases");
            }
            if (!splits.subsets().containsKey(req.trainCases()) || splits.subsetFold() != req.fold()) {
                splits = splits.withSubsets(req.fold(), req.trainCases());
            }
            trainIds = splits.subset(req.trainCases());
        }
        List<String> valIds = splits.fold(req.fold()).val();
        if (trainIds.isEmpty()) {
            throw new UserInputException("fold " + req.fold() + " of the split has no training case");
        }
        splits.save(runDir.resolve(SPLITS));

        // preprocessing plan and cache (planned on the training cases only)
        List<CaseFiles> trainFiles = trainIds.stream().map(byId::get).toList();
        List<CaseFiles> valFiles = valIds.stream().map(byId::get).toList();
        PreprocessPlan plan = PreprocessPlanner.plan(ds, trainFiles, mapping,
                Optional.ofNullable(req.targetSpacingArray()));
        Path cacheRoot = req.cacheDir() != null ? req.cacheDir()
                : runDir.toAbsolutePath().getParent().resolve(".fess-cache");
        PreprocessCache cache = new PreprocessCache(cacheRoot, plan);
        int prepThreads = Math.max(1, Math.min(2, requested.run().threads()));
        List<CachedCase> trainCases = cache.build(ds, trainFiles, mapping, prepThreads);
        List<CachedCase> valCases = cache.build(ds, valFiles, mapping, prepThreads);
        Files.writeString(runDir.resolve(PLAN), plan.toJson(), StandardCharsets.UTF_8);
        Map<String, String> labelTable = new TreeMap<>();
        ds.labelNames().forEach((k, v) -> labelTable.put(Integer.toString(k), v));
        Files.writeString(runDir.resolve(LABELS), JSON.writeValueAsString(labelTable), StandardCharsets.UTF_8);

        // auto-configuration
        TrainingConfig.Builder b = requested.toBuilder();
        b.set(ConfigKeys.LAYOUT, ds.layout(), AUTO);
        b.set(ConfigKeys.LABELS, mapping.name(), AUTO);
        b.set(ConfigKeys.CHANNELS, ds.channelNames().stream().map(c -> c.toLowerCase(Locale.ROOT)).toList(), AUTO);
        double[] ts = plan.targetSpacing();
        b.set(ConfigKeys.TARGET_SPACING, List.of(ts[0], ts[1], ts[2]), AUTO);
        if (requested.model().preset() == ModelConfig.Preset.PAPER) {
            UNet3d.Config paper = UNet3d.paperPreset(ds.channelNames().size());
            b.set(ConfigKeys.FILTERS, paper.filters(), "preset");
            b.set(ConfigKeys.NORM, paper.norm(), "preset");
            b.set(ConfigKeys.DROPOUT, (double) paper.dropout(), "preset");
        }
        List<int[]> shapes = new ArrayList<>();
        trainCases.forEach(c -> shapes.add(c.shape()));
        int[] median = AutoConfiguration.medianShape(shapes);
        List<Integer> filters = b.get(ConfigKeys.FILTERS);
        int budget = b.get(ConfigKeys.MEMORY_BUDGET_MB);
        if (b.get(ConfigKeys.PATCH) == null) {
            int[] p = AutoConfiguration.patch(median, filters, budget);
            b.set(ConfigKeys.PATCH, List.of(p[0], p[1], p[2]), AUTO);
            LOG.info("auto patch {}×{}×{} (median preprocessed shape {}×{}×{}, budget {} MiB)", p[0], p[1], p[2],
                    median[0], median[1], median[2], budget);
        }
        if (b.get(ConfigKeys.BATCH) == null) {
            int[] p = b.get(ConfigKeys.PATCH).stream().mapToInt(Integer::intValue).toArray();
            int bs = AutoConfiguration.batch(p, median, filters, budget);
            b.set(ConfigKeys.BATCH, bs, AUTO);
            LOG.info("auto batch {}", bs);
        }
        TrainingConfig cfg = b.build();
        Path cfgFile = runDir.resolve(CONFIG);
        if (resume && Files.exists(cfgFile)) {
            TrainingConfig stored = TrainingConfig.read(cfgFile).build();
            if (!stored.equals(cfg)) {
                throw new UserInputException(cfgFile + ": the run was configured differently; resume with the same options");
            }
        }
        cfg.write(cfgFile);
        Arm arm = cfg.loss().arm();
        LOG.info("training {} on {} cases, validating on {} ({} fold {} of {})", arm.key(), trainIds.size(),
                valIds.size(), ds.layout(), cfg.data().fold(), folds);

        // model, loss, data
        EngineThreads.set(cfg.run().threads());
        NDManager manager = NDManager.newBaseManager();
        Engine.getInstance().setRandomSeed((int) cfg.run().seed());
        // Only InfoNCE needs every voxel's embedding. FESS runs the voxel head on its SupCon sample alone (same loss
        // and gradients, far less work); Dice and SimCLR never read voxel embeddings, so none are computed.
        SegmentationModel model = SegmentationModel.of(new ModelSpec(cfg.model().unet(ds.channelNames().size(),
                mapping.outputChannels()), cfg.model().embeddingDim(), cfg.model().embeddingDim())
                .withVoxelHeadOnSamples(!arm.denseVoxelEmbeddings()));
        model.initialize(manager, DataType.FLOAT32);
        // one device: this store hands the projector the very parameter arrays the trainer updates
        CompositeStepLoss loss = CompositeStepLoss.create(cfg, mapping, arm.sampledVoxelEmbeddings()
                ? model.voxelProjector(new ParameterStore(manager, false), true) : null);
        PrefetchingBatchSource source = batchSource(cfg, trainCases, arm.twoViews());
        List<ValidationCase> val = new ArrayList<>();
        for (CachedCase c : valCases) {
            val.add(new ValidationCase(c.id(), c.channels(), c.shape(), c.imageArray(), c.classArray()));
        }
        Trainer trainer = new Trainer(cfg, runDir, model, loss, mapping, source, val, listener, manager);
        return new TrainingSession(cfg, runDir, manager, trainer, source);
    }

    /**
     * Batches from the prep branch's generator, seeded by {@link BatchLoader#batchSeed}(seed, epoch, iteration) and
     * prepared one step ahead on a background thread.
     */
    static PrefetchingBatchSource batchSource(TrainingConfig cfg, List<CachedCase> cases, boolean twoViews) {
        DataConfig d = cfg.data();
        Augmenter augmenter = new Augmenter(d.augment() ? AugmentationConfig.defaults() : AugmentationConfig.none(),
                d.targetSpacingArray());
        BatchGenerator gen = new BatchGenerator(cases, new PatchSampler(d.patchSize()), augmenter, d.batch(), twoViews);
        return new PrefetchingBatchSource(gen, cfg.run().seed(), cfg.optimisation().iterations(), 1, 2);
    }

    /** Time the training loop has waited for its batches so far, in nanoseconds. */
    public long batchWaitNanos() {
        return batches.waitNanos();
    }

    /** Runs the trainer. */
    public Trainer.Result run(boolean resume) throws IOException {
        return trainer.run(resume);
    }

    @Override
    public void close() {
        batches.close();
        manager.close();
    }
}
