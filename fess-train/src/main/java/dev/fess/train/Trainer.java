package dev.fess.train;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.fess.UserInputException;
import dev.fess.config.OptimisationConfig;
import dev.fess.config.TrainingConfig;
import dev.fess.dataset.LabelMapping;
import dev.fess.loss.Arm;
import dev.fess.loss.CompositeLoss;
import dev.fess.loss.LossParts;
import dev.fess.model.ModelCheckpoint;
import dev.fess.model.SegmentationModel;
import dev.fess.optim.GradientClipping;
import dev.fess.optim.LearningRateSchedule;
import dev.fess.optim.ParameterOptimizer;
import dev.fess.optim.WeightAverage;
import dev.fess.run.CheckpointStore;
import dev.fess.run.EpochMetrics;
import dev.fess.run.GradientNorms;
import dev.fess.run.MetricsLog;
import dev.fess.run.RunDirectory;
import dev.fess.run.TrainingState;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop: epochs × iterations optimiser steps on batches from a {@link BatchSource}, validation by
 * sliding-window prediction every {@code val_every} epochs, checkpoints {@code last} (every epoch, and on a stop
 * request) and {@code best} (mean validation Dice), metrics files, early stopping, exact resume.
 *
 * <p>Per step t (global, 0-based): the engine's RNG (dropout) is reseeded from (seed, t) and the loss's voxel
 * sampling from (seed, t), the batch is {@code source.batch(epoch, iteration)}; forward (both views for two-view
 * losses), loss, backward (per term when {@code contrastive_grad_cap} is set: the contrastive gradient is scaled
 * down for the step when, at the shared features, it exceeds the cap times the Dice gradient; {@link FeatureProbe}),
 * global-norm clipping, optimiser update with {@code lr(t)}, and with {@code ema_decay} the moving average of the
 * weights ({@link WeightAverage}), which is then what validation, {@code best} and the model file of {@code last}
 * hold ({@code last} keeps the trained weights in {@value #TRAINED_PARAMS_FILE}). A non-finite loss or gradient
 * norm stops the run with a {@link NonFiniteLossException} (the last checkpoint stays) or, with
 * {@code skip_nonfinite}, skips the step. Because every random stream is a function of the position, the state to
 * resume is only: parameters, optimiser state, position, the running sums of the epoch and the metrics history.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    private static final String STATE_FILE = "state.bin";
    /** With {@code ema_decay}: the raw trained weights in {@code last} (its model file holds the averaged ones). */
    static final String TRAINED_PARAMS_FILE = "trained.params";

    /**
     * Per-term gradient norms are measured on every PROBE_EVERY-th step ({@link GradientNorms}), and on every step
     * when a {@code contrastive_grad_cap} is set.
     */
    public static final int PROBE_EVERY = 5;
    /** A validation Dice this far below the best so far, after the first fifth of the epochs, is a collapse. */
    public static final double COLLAPSE_DROP = 0.05;

    private final TrainingConfig cfg;
    private final SegmentationModel model;
    private final CompositeLoss loss;
    private final Arm arm;
    private final BatchSource source;
    private final Validator validator;
    private final TrainingListener listener;
    private final NDManager manager;
    private final CheckpointStore checkpoints;
    private final MetricsLog metrics;
    private final List<Parameter> trainable = new ArrayList<>();
    private final ParameterOptimizer optimizer;
    private final LearningRateSchedule schedule;
    /** The averaged weights ({@code ema_decay}), or null. */
    private WeightAverage average;

    private volatile boolean stopRequested;
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Position, running sums, best validation and history: with parameters and optimiser, all a resume needs. */
    private TrainingState state = TrainingState.start();

    private final List<String> warnings = new ArrayList<>();

    /** How a run ended. */
    public enum Outcome {
        FINISHED,
        EARLY_STOPPED,
        INTERRUPTED
    }

    /**
     * The result of {@link #run}.
     *
     * @param warnings collapse warnings of this process's epochs (also logged at WARN and flagged in
     *     {@code metrics.csv}'s {@code collapse} column)
     */
    public record Result(
            Outcome outcome, List<EpochMetrics> history, double bestDice, int bestEpoch, List<String> warnings) {}

    /**
     * @param cfg the resolved configuration
     * @param runDir run directory (metrics, checkpoints)
     * @param model an initialised model
     * @param loss the loss of the configuration's arm ({@code cfg.loss().arm()} says what it needs)
     * @param mapping label mapping (validation conversion and Dice)
     * @param source training batches
     * @param validation validation cases (may be empty)
     * @param listener progress callbacks, or null
     * @param manager manager owning the model parameters
     */
    public Trainer(
            TrainingConfig cfg,
            Path runDir,
            SegmentationModel model,
            CompositeLoss loss,
            LabelMapping mapping,
            BatchSource source,
            List<ValidationCase> validation,
            TrainingListener listener,
            NDManager manager) {
        this.cfg = cfg;
        this.model = model;
        this.loss = loss;
        this.arm = cfg.loss().arm();
        this.source = source;
        this.validator = new Validator(
                validation,
                mapping,
                cfg.data().patchSize(),
                cfg.run().valOverlap(),
                cfg.data().batch());
        this.listener = listener == null ? new TrainingListener() {} : listener;
        this.manager = manager;
        this.checkpoints = new RunDirectory(runDir).checkpoints();
        this.metrics = new MetricsLog(runDir, DiceScores.names(mapping));
        EngineThreads.set(cfg.run().threads());
        model.freezeHeads(!arm.usesHeads());
        for (Pair<String, Parameter> p : model.getParameters()) {
            if (p.getValue().requiresGradient()) {
                trainable.add(p.getValue());
            }
        }
        OptimisationConfig o = cfg.optimisation();
        this.optimizer = o.optimizer().create(manager, (float) o.weightDecay(), (float) o.momentum());
        this.schedule = o.learningRate();
    }

    /** Asks the loop to save a checkpoint at the next step boundary and return (for Ctrl-C). Thread-safe. */
    public void requestStop() {
        stopRequested = true;
    }

    /** Waits until {@link #run} has returned (after a stop request: after its checkpoint is written). */
    public boolean awaitStopped(long timeout, TimeUnit unit) throws InterruptedException {
        return stopped.await(timeout, unit);
    }

    /** The checkpoint store of the run ({@code RUN/checkpoints}). */
    public CheckpointStore checkpoints() {
        return checkpoints;
    }

    /**
     * Trains to the end, or until early stopping or a stop request.
     *
     * @param resume continue from {@code checkpoints/last} (or {@code last.old}) instead of starting fresh
     */
    public Result run(boolean resume) throws IOException {
        try {
            EngineThreads.noGradOnThisThread();
            checkpoints.cleanStaleTemporaries();
            if (resume) {
                Path from = checkpoints.resolve("last");
                if (from == null) {
                    String damage = checkpoints.damage("last");
                    throw new UserInputException(
                            damage != null ? damage : checkpoints.dir() + ": no complete checkpoint to resume from");
                }
                load(from);
                metrics.write(state.history());
                LOG.info(
                        "resuming from {} at epoch {}, iteration {} (step {})",
                        from,
                        state.epoch(),
                        state.iteration(),
                        state.step());
            }
            double ema = cfg.optimisation().emaDecay();
            if (ema > 0 && average == null) {
                average = WeightAverage.startingAt(trainableArrays(), ema);
            }
            ParameterStore store = new ParameterStore(manager, false);
            int epochs = cfg.optimisation().epochs();
            int iterations = cfg.optimisation().iterations();
            while (state.epoch() <= epochs) {
                long t0 = System.nanoTime();
                listener.epochStarted(state.epoch(), iterations, state.iteration());
                while (state.iteration() < iterations) {
                    if (stopRequested) {
                        saveLast();
                        LOG.info(
                                "stopped at epoch {}, iteration {}; checkpoint saved",
                                state.epoch(),
                                state.iteration());
                        return result(Outcome.INTERRUPTED);
                    }
                    state = trainStep(store);
                }
                double trainSeconds = (System.nanoTime() - t0) / 1e9;
                long t1 = System.nanoTime();
                int epoch = state.epoch();
                int every = cfg.run().valEvery();
                boolean validate = every > 0 && validator.size() > 0 && (epoch % every == 0 || epoch == epochs);
                double[] perOutput = validate ? validate() : null;
                double valSeconds = (System.nanoTime() - t1) / 1e9;
                boolean validated = perOutput != null;
                double mean = validated ? mean(perOutput) : Double.NaN;
                boolean collapse = validated && epoch > epochs / 5.0 && state.bestDice() - mean > COLLAPSE_DROP;
                EpochMetrics row = validated
                        ? state.epochMetrics(
                                mean, Arrays.stream(perOutput).boxed().toList(), collapse)
                        : state.epochMetrics(Double.NaN, List.of(), false);
                if (collapse) {
                    String w = collapseWarning(
                            epoch, mean, state.bestDice(), state.bestEpoch(), row.gradients(), average != null);
                    warnings.add(w);
                    LOG.warn(w);
                }
                boolean improved = state.improves(row);
                state = state.epochFinished(row);
                metrics.write(state.history());
                metrics.timing(epoch, trainSeconds, valSeconds);
                LOG.info(String.format(
                        Locale.ROOT,
                        "epoch %d: loss %.4f (dice %.4f, contrastive %.4f), lr %.3g%s",
                        epoch,
                        row.loss(),
                        row.diceLoss(),
                        row.contrastiveLoss(),
                        row.lr(),
                        row.validated() ? String.format(Locale.ROOT, ", val Dice %.4f", row.valDice()) : ""));
                saveLast();
                if (improved) {
                    checkpoints.write("best", this::writeModel);
                }
                listener.epochFinished(row, state.history());
                int patience = cfg.run().earlyStop();
                if (patience > 0 && state.validationsSinceBest() >= patience) {
                    LOG.info(
                            "early stop after epoch {}: no better validation Dice for {} validations (best {} at"
                                    + " epoch {})",
                            epoch,
                            state.validationsSinceBest(),
                            state.bestDice(),
                            state.bestEpoch());
                    return result(Outcome.EARLY_STOPPED);
                }
            }
            return result(Outcome.FINISHED);
        } finally {
            stopped.countDown();
        }
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private Result result(Outcome outcome) {
        return new Result(outcome, state.history(), state.bestDice(), state.bestEpoch(), List.copyOf(warnings));
    }

    /**
     * The collapse warning, naming the likely cause from the epoch's gradient norms; {@code averaged}: the validated
     * weights are a moving average ({@code ema_decay}).
     */
    static String collapseWarning(
            int epoch, double dice, double best, int bestEpoch, GradientNorms n, boolean averaged) {
        String head = String.format(
                Locale.ROOT,
                "possible collapse at epoch %d: validation Dice %.4f is %.4f below " + "the best %.4f (epoch %d)",
                epoch,
                dice,
                best - dice,
                best,
                bestEpoch);
        if (Double.isFinite(n.contrastiveFeatures())
                && Double.isFinite(n.diceFeatures())
                && n.contrastiveFeatures() > n.diceFeatures()) {
            return head
                    + String.format(
                            Locale.ROOT,
                            "; likely cause: the contrastive term's gradient at the shared "
                                    + "features is %.1f× the Dice term's (%.3g vs %.3g), so it steers the segmentation"
                                    + " features; use a larger lambda, a smaller feature_grad_scale or"
                                    + " contrastive_grad_cap, a smaller lr, or contrastive_form: bounded if it is"
                                    + " paper (see docs/losses.md)",
                            n.contrastiveFeatures() / n.diceFeatures(),
                            n.contrastiveFeatures(),
                            n.diceFeatures());
        }
        return head
                + String.format(
                        Locale.ROOT,
                        "; likely cause: the learning rate (gradient norm %.3g before "
                                + "clipping) or validation cases unlike the training patches%s",
                        n.total(),
                        averaged
                                ? ""
                                : "; with few training cases the validation of the raw weights swings from epoch to"
                                        + " epoch: ema_decay (e.g. 0.98) validates a moving average of them");
    }

    /** A seed for stream {@code stream} at step t: a SplitMix64 mix of (seed, stream, t). */
    static long stepSeed(long seed, int stream, long t) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L + t).nextLong();
    }

    /** One optimiser step at the state's position; returns the state after it. */
    private TrainingState trainStep(ParameterStore store) {
        long step = state.step();
        int epoch = state.epoch();
        int iteration = state.iteration();
        double lr = schedule.rate(step);
        double epochLr =
                iteration == 0 || Double.isNaN(state.epochLr()) ? schedule.rate(step - iteration) : state.epochLr();
        long seed = cfg.run().seed();
        Engine.getInstance().setRandomSeed((int) stepSeed(seed, 1, step));
        loss.reseed(stepSeed(seed, 2, step));
        loss.atStep(step);
        TrainingBatch b = source.batch(epoch, iteration);
        int[] p = b.patch();
        try (NDManager sub = manager.newSubManager()) {
            NDArray x = sub.create(b.images(), new Shape(b.batch(), b.channels(), p[0], p[1], p[2]));
            NDList labels = new NDList(classesArray(sub, b.classes(), b.batch(), p));
            if (arm.needsCorrespondence()) {
                labels.add(sub.create(b.correspondence(), new Shape(b.batch(), p[0], p[1], p[2])));
            }
            LossParts parts;
            double cap = loss.getContrastive() == null ? 0 : cfg.loss().contrastiveGradCap();
            boolean probe = step % PROBE_EVERY == 0 || cap > 0;
            FeatureProbe tap = probe ? new FeatureProbe() : null;
            double[] probed = null;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList pred;
                // the shared features: what the contrastive head reads and the segmentation also depends on
                model.getUNet()
                        .setFeatureTap(
                                tap,
                                arm.usesGlobalEmbeddings()
                                        ? model.getUNet().getConfig().levels() - 1
                                        : model.getUNet().getConfig().featureLevel());
                try {
                    pred = forward(store, x);
                    if (arm.twoViews()) {
                        NDArray x2 = sub.create(b.images2(), new Shape(b.batch(), b.channels(), p[0], p[1], p[2]));
                        pred.addAll(forward(store, x2));
                    }
                } finally {
                    model.getUNet().setFeatureTap(null);
                }
                NDArray[] terms = loss.terms(labels, pred);
                NDArray l = terms[1] == null ? terms[0] : terms[0].add(terms[1]);
                parts = loss.lastParts(); // the step's one copy to the host: dice, contrastive and total together
                if (!Float.isFinite(parts.total())) {
                    nonFinite("loss is " + parts.total());
                    zeroGradients();
                    return state.stepNotCounted(true, epochLr);
                }
                if (probe) {
                    probed = tap.backwardPerTerm(terms, trainable, cap);
                } else {
                    gc.backward(l);
                }
            }
            List<NDArray> params = new ArrayList<>(trainable.size());
            List<NDArray> grads = new ArrayList<>(trainable.size());
            for (Parameter prm : trainable) {
                NDArray a = prm.getArray();
                params.add(a);
                grads.add(a.getGradient());
            }
            double clip = cfg.optimisation().clipNorm();
            double norm = clip > 0 ? GradientClipping.clipGlobalNorm(grads, clip) : GradientClipping.globalNorm(grads);
            if (!Double.isFinite(norm)) {
                nonFinite("gradient norm is " + norm);
                zeroGradients();
                return state.stepNotCounted(true, epochLr);
            }
            if (LOG.isDebugEnabled()
                    && state.counted() > 0
                    && norm > 100 * state.gradients().sumNorm() / state.counted()) {
                LOG.debug("step {}: gradient spike; largest parameter gradient: {}", step, largestGradient());
            }
            optimizer.step(params, grads, (float) lr);
            zeroGradients();
            if (average != null) {
                average.update(params, step);
            }
            if (LOG.isDebugEnabled()) {
                LOG.debug(String.format(
                        Locale.ROOT,
                        "step %d: loss %.5f (dice %.5f, contrastive %.5f), gradient norm " + "%.4g%s",
                        step,
                        parts.total(),
                        parts.dice(),
                        parts.contrastive(),
                        norm,
                        probed == null ? "" : String.format(Locale.ROOT, ", probe %s", Arrays.toString(probed))));
            }
            listener.stepDone(epoch, iteration, parts.total(), parts.dice(), parts.contrastive(), lr);
            return state.stepCounted(parts.total(), parts.dice(), parts.contrastive(), epochLr, norm, probed);
        }
    }

    private String largestGradient() {
        String best = "";
        double max = -1;
        for (Pair<String, Parameter> p : model.getParameters()) {
            NDArray a = p.getValue().getArray();
            if (p.getValue().requiresGradient() && a.hasGradient()) {
                double n =
                        a.getGradient().toType(DataType.FLOAT64, false).norm().getDouble();
                if (n > max) {
                    max = n;
                    best = p.getKey();
                }
            }
        }
        return String.format(Locale.ROOT, "%s (%.4g after clipping)", best, max);
    }

    private NDList forward(ParameterStore store, NDArray x) {
        if (arm.usesHeads()) {
            return model.forward(store, new NDList(x), true);
        }
        return model.getUNet().forward(store, new NDList(x), true);
    }

    private static NDArray classesArray(NDManager m, byte[] classes, int batch, int[] p) {
        int[] v = new int[classes.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = classes[i];
        }
        return m.create(v, new Shape(batch, p[0], p[1], p[2]));
    }

    /** Logs a skipped batch (skip_nonfinite) or stops the run. */
    private void nonFinite(String what) {
        int epoch = state.epoch();
        int iteration = state.iteration();
        if (cfg.run().skipNonfinite()) {
            LOG.warn("epoch {}, iteration {}: {}; batch skipped (skip_nonfinite)", epoch, iteration, what);
            return;
        }
        throw new NonFiniteLossException("training diverged at epoch " + epoch + ", iteration " + iteration
                + ": " + what + "; the last good checkpoint is in " + checkpoints.dir()
                + " (lower lr, or set skip_nonfinite to skip such batches)");
    }

    private void zeroGradients() {
        for (Parameter prm : trainable) {
            NDArray a = prm.getArray();
            if (a instanceof PtNDArray pt) {
                JniUtils.zeroGrad(pt);
            } else if (a.hasGradient()) {
                NDArray g = a.getGradient();
                g.subi(g);
            }
        }
    }

    /** Mean validation Dice per output over the validation cases (of the averaged weights with ema_decay). */
    private double[] validate() throws IOException {
        listener.validationStarted(state.epoch(), validator.size());
        return withDeliveredWeights(() -> validator.dicePerOutput(model, manager));
    }

    private List<NDArray> trainableArrays() {
        List<NDArray> arrays = new ArrayList<>(trainable.size());
        for (Parameter prm : trainable) {
            arrays.add(prm.getArray());
        }
        return arrays;
    }

    /** An action that may fail with an I/O error. */
    private interface IoAction<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code action} with the weights the run delivers in the model: the averaged ones with ema_decay (the
     * trained ones are put back afterwards), else the trained ones.
     */
    private <T> T withDeliveredWeights(IoAction<T> action) throws IOException {
        if (average == null) {
            return action.run();
        }
        List<NDArray> params = trainableArrays();
        List<NDArray> trained = new ArrayList<>(params.size());
        for (NDArray a : params) {
            trained.add(a.duplicate());
        }
        try {
            average.copyInto(params);
            return action.run();
        } finally {
            for (int i = 0; i < params.size(); i++) {
                trained.get(i).copyTo(params.get(i));
                trained.get(i).close();
            }
        }
    }

    // ---------------------------------------------------------------- checkpoints

    private void saveLast() throws IOException {
        checkpoints.write("last", dir -> {
            writeModel(dir);
            if (average != null) {
                writeParameters(dir.resolve(TRAINED_PARAMS_FILE));
            }
            try (DataOutputStream out =
                    new DataOutputStream(new BufferedOutputStream(CheckpointStore.create(dir.resolve(STATE_FILE))))) {
                state.write(out);
                out.writeInt(trainable.size());
                optimizer.save(out);
            }
            Files.writeString(dir.resolve("state.json"), state.summaryJson(), StandardCharsets.UTF_8);
        });
    }

    /** The model as the run delivers it (spec and parameters; the averaged weights with ema_decay). */
    private void writeModel(Path dir) throws IOException {
        Files.writeString(
                dir.resolve(ModelCheckpoint.SPEC_FILE), model.getSpec().toJson(), StandardCharsets.UTF_8);
        withDeliveredWeights(() -> {
            writeParameters(dir.resolve(ModelCheckpoint.PARAMS_FILE));
            return null;
        });
    }

    private void writeParameters(Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(CheckpointStore.create(file)))) {
            model.saveParameters(out);
        }
    }

    private void load(Path dir) throws IOException {
        readParameters(dir.resolve(ModelCheckpoint.PARAMS_FILE));
        double ema = cfg.optimisation().emaDecay();
        if (ema > 0) {
            Path trained = dir.resolve(TRAINED_PARAMS_FILE);
            if (!Files.isRegularFile(trained)) {
                throw new UserInputException(
                        trained + ": missing; a run with ema_decay keeps its trained weights there to resume");
            }
            // the model file holds the averages, the trained weights continue training
            average = WeightAverage.startingAt(trainableArrays(), ema);
            readParameters(trained);
        }
        Path file = dir.resolve(STATE_FILE);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            state = TrainingState.read(in, file.toString());
            int params = in.readInt();
            if (params != trainable.size()) {
                throw new IOException(
                        dir + ": optimiser state for " + params + " parameters, the model trains " + trainable.size());
            }
            optimizer.load(in);
        }
        // the loaded parameters replaced the arrays: gradients must be attached again
        for (Parameter prm : trainable) {
            prm.getArray().setRequiresGradient(true);
        }
    }

    private void readParameters(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            model.loadParameters(manager, in);
        } catch (EOFException e) {
            throw new UserInputException(file + ": truncated or corrupt parameter file (it ends early)", e);
        } catch (MalformedModelException | RuntimeException e) {
            throw new UserInputException(file + ": parameters do not fit the model (" + e.getMessage() + ")", e);
        }
    }

    /** Data type used for all parameters. */
    static final DataType DTYPE = DataType.FLOAT32;
}
