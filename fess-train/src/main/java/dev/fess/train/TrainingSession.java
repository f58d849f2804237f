package dev.fess.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.fess.UserInputException;
import dev.fess.augment.AugmentationConfig;
import dev.fess.augment.Augmenter;
import dev.fess.config.ConfigKeys;
import dev.fess.config.DataConfig;
import dev.fess.config.LossConfig;
import dev.fess.config.TrainingConfig;
import dev.fess.dataset.FolderDataset;
import dev.fess.dataset.LabelMapping;
import dev.fess.loss.Arm;
import dev.fess.loss.CompositeLoss;
import dev.fess.model.ModelSpec;
import dev.fess.model.SegmentationModel;
import dev.fess.preprocess.CachedCase;
import dev.fess.sampling.BatchGenerator;
import dev.fess.sampling.BatchLoader;
import dev.fess.sampling.PatchSampler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up a whole training run from a configuration: {@link RunPlanner} splits, plans, preprocesses, auto-configures
 * and writes the run's files; the session then builds the model, loss, batch source and validation cases, and runs
 * the {@link Trainer}.
 */
public final class TrainingSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingSession.class);

    private final TrainingConfig config;
    private final Path runDir;
    private final NDManager manager;
    private final Trainer trainer;
    private final PrefetchingBatchSource batches;

    private TrainingSession(
            TrainingConfig config, Path runDir, NDManager manager, Trainer trainer, PrefetchingBatchSource batches) {
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
     * @param resume whether this continues an existing run (then {@code RUN/config.yaml} must equal the resolved
     *     config)
     * @param listener progress callbacks
     */
    public static TrainingSession open(TrainingConfig requested, Path runDir, boolean resume, TrainingListener listener)
            throws IOException {
        if (requested.loss().arm() == null) {
            throw new UserInputException("no loss: the setting 'loss' is required to train ("
                    + ConfigKeys.LOSS.type().expected() + ")");
        }
        RunPlanner.Planned planned = RunPlanner.plan(requested, runDir, resume);
        TrainingConfig cfg = planned.config();
        FolderDataset ds = planned.dataset();
        LabelMapping mapping = planned.mapping();
        List<CachedCase> trainCases = planned.trainCases();
        List<CachedCase> valCases = planned.validationCases();
        Arm arm = cfg.loss().arm();
        LOG.info(
                "training {} on {} cases, validating on {} ({} fold {} of {})",
                arm.key(),
                trainCases.size(),
                valCases.size(),
                ds.layout(),
                cfg.data().fold(),
                planned.folds());
        Device device = cfg.run().deviceChoice().resolve();
        LOG.info("device {}", DeviceChoice.name(device));

        // model, loss, data
        EngineThreads.set(cfg.run().threads());
        NDManager manager = NDManager.newBaseManager(device);
        Engine.getInstance().setRandomSeed((int) cfg.run().seed());
        // Only InfoNCE needs every voxel's embedding. FESS runs the voxel head on its SupCon sample alone (same loss
        // and gradients, far less work); Dice and SimCLR never read voxel embeddings, so none are computed.
        SegmentationModel model = SegmentationModel.of(new ModelSpec(
                        cfg.model().unet(ds.channelNames().size(), mapping.outputChannels()),
                        cfg.model().embeddingDim(),
                        cfg.model().embeddingDim())
                .withVoxelHeadOnSamples(!arm.denseVoxelEmbeddings()));
        model.initialize(manager, DataType.FLOAT32);
        // one device: this store hands the projector the very parameter arrays the trainer updates
        CompositeLoss loss = loss(
                cfg,
                mapping,
                arm.sampledVoxelEmbeddings() ? model.voxelProjector(new ParameterStore(manager, false), true) : null);
        PrefetchingBatchSource source = batchSource(cfg, trainCases, arm.twoViews());
        List<ValidationCase> val = new ArrayList<>();
        for (CachedCase c : valCases) {
            val.add(new ValidationCase(c.id(), c.channels(), c.shape(), c.imageArray(), c.classArray()));
        }
        Trainer trainer = new Trainer(cfg, runDir, model, loss, mapping, source, val, listener, manager);
        return new TrainingSession(cfg, runDir, manager, trainer, source);
    }

    /**
     * The training loss of a configuration: its arm's {@link CompositeLoss} with every loss key applied and, with
     * {@code deep_supervision}, the Dice term over the model's deep outputs ({@link LossConfig#options}), and with
     * {@code lambda_warmup} the contrastive weight ramped in ({@link CompositeLoss#withLambdaWarmup}).
     *
     * @param voxelProjector the model's voxel head for the FESS term's sampled voxels, or null
     * @throws UserInputException when {@code class_weights} does not fit the label mapping
     */
    static CompositeLoss loss(TrainingConfig cfg, LabelMapping mapping, UnaryOperator<NDArray> voxelProjector) {
        CompositeLoss loss = cfg.loss()
                .arm()
                .loss(cfg.loss().options(mapping, cfg.run().seed(), cfg.model().deepOutputs()), voxelProjector);
        return cfg.loss().lambdaWarmup() > 0 && loss.getContrastive() != null
                ? loss.withLambdaWarmup(cfg.loss().lambdaWarmup())
                : loss;
    }

    /**
     * Batches from the prep branch's generator, seeded by {@link BatchLoader#batchSeed}(seed, epoch, iteration) and
     * prepared one step ahead on a background thread.
     */
    static PrefetchingBatchSource batchSource(TrainingConfig cfg, List<CachedCase> cases, boolean twoViews) {
        DataConfig d = cfg.data();
        Augmenter augmenter = new Augmenter(
                d.augment() ? AugmentationConfig.defaults() : AugmentationConfig.none(), d.targetSpacingArray());
        BatchGenerator gen = new BatchGenerator(cases, new PatchSampler(d.patchSize()), augmenter, d.batch(), twoViews);
        return new PrefetchingBatchSource(
                gen, cfg.run().seed(), cfg.optimisation().iterations(), 1, 2);
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
