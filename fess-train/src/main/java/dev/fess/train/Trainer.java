package dev.fess.train;

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
import dev.fess.config.OptimisationConfig;
import dev.fess.config.TrainingConfig;
import dev.fess.dataset.LabelMapping;
import dev.fess.infer.Segmentations;
import dev.fess.infer.SlidingWindowPredictor;
import dev.fess.model.ModelCheckpoint;
import dev.fess.model.SegmentationModel;
import dev.fess.optim.GradientClipping;
import dev.fess.optim.LearningRateSchedule;
import dev.fess.optim.ParameterOptimizer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * losses), loss, backward, global-norm clipping, optimiser update with {@code lr(t)}. A non-finite loss or gradient
 * norm stops the run with a {@link NonFiniteLossException} (the last checkpoint stays) or, with
 * {@code skip_nonfinite}, skips the step. Because every random stream is a function of the position, the state to
 * resume is only: parameters, optimiser state, position, the running sums of the epoch and the metrics history.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    private static final int STATE_MAGIC = 0x46455353; // "FESS"
    private static final int STATE_VERSION = 2;

    /** Per-term gradient norms are measured on every PROBE_EVERY-th step ({@link GradientNorms}). */
    public static final int PROBE_EVERY = 5;
    /** A validation Dice this far below the best so far, after the first fifth of the epochs, is a collapse. */
    public static final double COLLAPSE_DROP = 0.05;

    private final TrainingConfig cfg;
    private final Path runDir;
    private final SegmentationModel model;
    private final StepLoss loss;
    private final LabelMapping mapping;
    private final BatchSource source;
    private final List<ValidationCase> validation;
    private final TrainingListener listener;
    private final NDManager manager;
    private final CheckpointStore checkpoints;
    private final MetricsLog metrics;
    private final List<Parameter> trainable = new ArrayList<>();
    private final ParameterOptimizer optimizer;
    private final LearningRateSchedule schedule;
    private volatile boolean stopRequested;
    private final CountDownLatch stopped = new CountDownLatch(1);

    // position and running sums (the resumable state besides parameters and optimiser)
    private int epoch = 1;
    private int iteration;
    private long step;
    private double sumLoss;
    private double sumDice;
    private double sumContrastive;
    private int counted;
    private double sumGradNorm;
    private double maxGradNorm;
    private final double[] sumProbe = new double[4];
    private final int[] probes = new int[4];
    private int skipped;
    private double epochLr = Double.NaN;
    private double bestDice = Double.NEGATIVE_INFINITY;
    private int bestEpoch;
    private int validationsSinceBest;
    private final List<EpochMetrics> history = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    /** How a run ended. */
    public enum Outcome { FINISHED, EARLY_STOPPED, INTERRUPTED }

    /**
     * The result of {@link #run}.
     *
     * @param warnings collapse warnings of this process's epochs (also logged at WARN and flagged in
     *     {@code metrics.csv}'s {@code collapse} column)
     */
    public record Result(Outcome outcome, List<EpochMetrics> history, double bestDice, int bestEpoch,
            List<String> warnings) {}

    /**
     * @param cfg the resolved configuration
     * @param runDir run directory (metrics, checkpoints)
     * @param model an initialised model
     * @param loss the loss
     * @param mapping label mapping (validation conversion and Dice)
     * @param source training batches
     * @param validation validation cases (may be empty)
     * @param listener progress callbacks, or null
     * @param manager manager owning the model parameters
     */
    public Trainer(TrainingConfig cfg, Path runDir, SegmentationModel model, StepLoss loss, LabelMapping mapping,
            BatchSource source, List<ValidationCase> validation, TrainingListener listener, NDManager manager) {
        this.cfg = cfg;
        this.runDir = runDir;
        this.model = model;
        this.loss = loss;
        this.mapping = mapping;
        this.source = source;
        this.validation = List.copyOf(validation);
        this.listener = listener == null ? new TrainingListener() {} : listener;
        this.manager = manager;
        this.checkpoints = new CheckpointStore(runDir.resolve("checkpoints"));
        this.metrics = new MetricsLog(runDir, DiceScores.names(mapping));
        EngineThreads.set(cfg.run().threads());
        model.freezeHeads(!loss.usesHeads());
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
                    throw new dev.fess.UserInputException(checkpoints.dir() + ": no complete checkpoint to resume from");
                }
                load(from);
                metrics.write(history);
                LOG.info("resuming from {} at epoch {}, iteration {} (step {})", from, epoch, iteration, step);
            }
            ParameterStore store = new ParameterStore(manager, false);
            while (epoch <= cfg.optimisation().epochs()) {
                long t0 = System.nanoTime();
                listener.epochStarted(epoch, cfg.optimisation().iterations(), iteration);
                while (iteration < cfg.optimisation().iterations()) {
                    if (stopRequested) {
                        saveLast();
                        LOG.info("stopped at epoch {}, iteration {}; checkpoint saved", epoch, iteration);
                        return new Result(Outcome.INTERRUPTED, List.copyOf(history), bestDice, bestEpoch, List.copyOf(warnings));
                    }
                    trainStep(store);
                    iteration++;
                    step++;
                }
                double trainSeconds = (System.nanoTime() - t0) / 1e9;
                long t1 = System.nanoTime();
                boolean validate = cfg.run().valEvery() > 0 && !validation.isEmpty()
                        && (epoch % cfg.run().valEvery() == 0 || epoch == cfg.optimisation().epochs());
                double[] perOutput = validate ? validate() : null;
                double valSeconds = (System.nanoTime() - t1) / 1e9;
                double mean = Double.NaN;
                List<Double> per = List.of();
                if (perOutput != null) {
                    mean = 0;
                    List<Double> l = new ArrayList<>();
                    for (double v : perOutput) {
                        mean += v;
                        l.add(v);
                    }
                    mean /= perOutput.length;
                    per = List.copyOf(l);
                }
                GradientNorms norms = epochNorms();
                boolean collapse = perOutput != null && epoch > cfg.optimisation().epochs() / 5.0
                        && bestDice - mean > COLLAPSE_DROP;
                EpochMetrics row = new EpochMetrics(epoch, sumLoss / counted, sumDice / counted,
                        sumContrastive / counted, epochLr, skipped, norms, mean, per, collapse);
                if (collapse) {
                    String w = collapseWarning(epoch, mean, bestDice, bestEpoch, norms);
                    warnings.add(w);
                    LOG.warn(w);
                }
                history.add(row);
                metrics.write(history);
                metrics.timing(epoch, trainSeconds, valSeconds);
                boolean improved = perOutput != null && mean > bestDice;
                if (perOutput != null) {
                    if (improved) {
                        bestDice = mean;
                        bestEpoch = epoch;
                        validationsSinceBest = 0;
                    } else {
                        validationsSinceBest++;
                    }
                }
                LOG.info(String.format(Locale.ROOT, "epoch %d: loss %.4f (dice %.4f, contrastive %.4f), lr %.3g%s",
                        epoch, row.loss(), row.diceLoss(), row.contrastiveLoss(), row.lr(),
                        perOutput == null ? "" : String.format(Locale.ROOT, ", val Dice %.4f", mean)));
                int finished = epoch;
                epoch++;
                iteration = 0;
                resetSums();
                saveLast();
                if (improved) {
                    checkpoints.write("best", this::writeModel);
                }
                listener.epochFinished(row, List.copyOf(history));
                if (cfg.run().earlyStop() > 0 && validationsSinceBest >= cfg.run().earlyStop()) {
                    LOG.info("early stop after epoch {}: no better validation Dice for {} validations (best {} at epoch {})",
                            finished, validationsSinceBest, bestDice, bestEpoch);
                    return new Result(Outcome.EARLY_STOPPED, List.copyOf(history), bestDice, bestEpoch, List.copyOf(warnings));
                }
            }
            return new Result(Outcome.FINISHED, List.copyOf(history), bestDice, bestEpoch, List.copyOf(warnings));
        } finally {
            stopped.countDown();
        }
    }

    private GradientNorms epochNorms() {
        double[] v = new double[6];
        v[0] = counted > 0 ? sumGradNorm / counted : Double.NaN;
        v[1] = counted > 0 ? maxGradNorm : Double.NaN;
        for (int i = 0; i < 4; i++) {
            v[i + 2] = probes[i] > 0 ? sumProbe[i] / probes[i] : Double.NaN;
        }
        return GradientNorms.of(v);
    }

    /** The collapse warning, naming the likely cause from the epoch's gradient norms. */
    static String collapseWarning(int epoch, double dice, double best, int bestEpoch, GradientNorms n) {
        String head = String.format(Locale.ROOT, "possible collapse at epoch %d: validation Dice %.4f is %.4f below "
                + "the best %.4f (epoch %d)", epoch, dice, best - dice, best, bestEpoch);
        if (Double.isFinite(n.contrastiveFeatures()) && Double.isFinite(n.diceFeatures())
                && n.contrastiveFeatures() > n.diceFeatures()) {
            return head + String.format(Locale.ROOT, "; likely cause: the contrastive term's gradient at the shared "
                    + "features is %.1f× the Dice term's (%.3g vs %.3g), so it steers the segmentation features; use "
                    + "a larger lambda, a smaller lr, or the bounded FESS form (see docs/losses.md)",
                    n.contrastiveFeatures() / n.diceFeatures(), n.contrastiveFeatures(), n.diceFeatures());
        }
        return head + String.format(Locale.ROOT, "; likely cause: the learning rate (gradient norm %.3g before "
                + "clipping) or validation cases unlike the training patches", n.total());
    }

    private void resetSums() {
        sumLoss = 0;
        sumDice = 0;
        sumContrastive = 0;
        counted = 0;
        sumGradNorm = 0;
        maxGradNorm = 0;
        java.util.Arrays.fill(sumProbe, 0);
        java.util.Arrays.fill(probes, 0);
        skipped = 0;
        epochLr = Double.NaN;
    }

    /** A seed for stream {@code stream} at step t: a SplitMix64 mix of (seed, stream, t). */
    static long stepSeed(long seed, int stream, long t) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L + t).nextLong();
    }

    private void trainStep(ParameterStore store) {
        double lr = schedule.rate(step);
        if (iteration == 0 || Double.isNaN(epochLr)) {
            epochLr = schedule.rate(step - iteration);
        }
        Engine.getInstance().setRandomSeed((int) stepSeed(cfg.run().seed(), 1, step));
        loss.reseed(stepSeed(cfg.run().seed(), 2, step));
        loss.atStep(step);
        TrainingBatch b = source.batch(epoch, iteration);
        int[] p = b.patch();
        try (NDManager sub = manager.newSubManager()) {
            NDArray x = sub.create(b.images(), new Shape(b.batch(), b.channels(), p[0], p[1], p[2]));
            NDList labels = new NDList(classesArray(sub, b.classes(), b.batch(), p));
            if (loss.needsCorrespondence()) {
                labels.add(sub.create(b.correspondence(), new Shape(b.batch(), p[0], p[1], p[2])));
            }
            double value;
            double[] parts;
            boolean probe = step % PROBE_EVERY == 0;
            FeatureProbe tap = probe ? new FeatureProbe() : null;
            double[] probed = null;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList pred;
                model.getUNet().setFeatureTap(tap);
                try {
                    pred = forward(store, x);
                    if (loss.twoViews()) {
                        NDArray x2 = sub.create(b.images2(), new Shape(b.batch(), b.channels(), p[0], p[1], p[2]));
                        pred.addAll(forward(store, x2));
                    }
                } finally {
                    model.getUNet().setFeatureTap(null);
                }
                NDArray[] terms = loss.terms(labels, pred);
                NDArray l = terms[1] == null ? terms[0] : terms[0].add(terms[1]);
                value = l.getFloat();
                parts = loss.lastParts();
                if (!Double.isFinite(value)) {
                    nonFinite("loss is " + value);
                    zeroGradients();
                    return;
                }
                if (probe) {
                    probed = tap.backwardPerTerm(terms, trainable);
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
            double norm = clip > 0 ? GradientClipping.clipGlobalNorm(grads, clip)
                    : GradientClipping.globalNorm(grads);
            if (!Double.isFinite(norm)) {
                nonFinite("gradient norm is " + norm);
                zeroGradients();
                return;
            }
            if (LOG.isDebugEnabled() && counted > 0 && norm > 100 * sumGradNorm / counted) {
                LOG.debug("step {}: gradient spike; largest parameter gradient: {}", step, largestGradient());
            }
            optimizer.step(params, grads, (float) lr);
            zeroGradients();
            sumGradNorm += norm;
            maxGradNorm = Math.max(maxGradNorm, norm);
            if (LOG.isDebugEnabled()) {
                LOG.debug(String.format(Locale.ROOT, "step %d: loss %.5f (dice %.5f, contrastive %.5f), gradient norm "
                        + "%.4g%s", step, value, parts[0], parts[1], norm, probed == null ? "" : String.format(
                        Locale.ROOT, ", probe %s", java.util.Arrays.toString(probed))));
            }
            if (probed != null) {
                for (int i = 0; i < 4; i++) {
                    if (Double.isFinite(probed[i])) {
                        sumProbe[i] += probed[i];
                        probes[i]++;
                    }
                }
            }
            sumLoss += value;
            sumDice += parts[0];
            sumContrastive += parts[1];
            counted++;
            listener.stepDone(epoch, iteration, value, parts[0], parts[1], lr);
        }
    }

    private String largestGradient() {
        String best = "";
        double max = -1;
        for (Pair<String, Parameter> p : model.getParameters()) {
            NDArray a = p.getValue().getArray();
            if (p.getValue().requiresGradient() && a.hasGradient()) {
                double n = a.getGradient().toType(DataType.FLOAT64, false).norm().getDouble();
                if (n > max) {
                    max = n;
                    best = p.getKey();
                }
            }
        }
        return String.format(Locale.ROOT, "%s (%.4g after clipping)", best, max);
    }

    private NDList forward(ParameterStore store, NDArray x) {
        if (loss.usesHeads()) {
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

    private void nonFinite(String what) {
        if (cfg.run().skipNonfinite()) {
            skipped++;
            LOG.warn("epoch {}, iteration {}: {}; batch skipped (--skip-nonfinite)", epoch, iteration, what);
            return;
        }
        throw new NonFiniteLossException("training diverged at epoch " + epoch + ", iteration " + iteration
                + ": " + what + "; the last good checkpoint is in " + checkpoints.dir()
                + " (lower --lr, or pass --skip-nonfinite to skip such batches)");
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

    /** Mean validation Dice per output over the validation cases. */
    private double[] validate() {
        listener.validationStarted(epoch, validation.size());
        SlidingWindowPredictor predictor = SlidingWindowPredictor.builder().block(model.getUNet())
                .patch(cfg.data().patchSize()).overlap(cfg.run().valOverlap())
                .windowBatch(Math.max(1, cfg.data().batch())).build();
        double[] sum = null;
        for (ValidationCase c : validation) {
            float[] logits;
            try (NDManager sub = manager.newSubManager()) {
                logits = predictor.predict(sub, c.image(), c.channels(), c.shape(), null);
            }
            double[] d = DiceScores.perOutput(Segmentations.classes(logits, mapping), c.classes(), mapping);
            if (sum == null) {
                sum = new double[d.length];
            }
            for (int i = 0; i < d.length; i++) {
                sum[i] += d[i];
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= validation.size();
        }
        return sum;
    }

    // ---------------------------------------------------------------- checkpoints

    private void saveLast() throws IOException {
        checkpoints.write("last", dir -> {
            writeModel(dir);
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                    CheckpointStore.create(dir.resolve("state.bin"))))) {
                writeState(out);
            }
            Files.writeString(dir.resolve("state.json"), String.format(Locale.ROOT,
                    "{\"epoch\": %d, \"iteration\": %d, \"step\": %d, \"best_val_dice\": %s, \"best_epoch\": %d}%n",
                    epoch, iteration, step, Double.isFinite(bestDice) ? Double.toString(bestDice) : "null", bestEpoch),
                    StandardCharsets.UTF_8);
        });
    }

    private void writeModel(Path dir) throws IOException {
        Files.writeString(dir.resolve(ModelCheckpoint.SPEC_FILE), model.getSpec().toJson(), StandardCharsets.UTF_8);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                CheckpointStore.create(dir.resolve(ModelCheckpoint.PARAMS_FILE))))) {
            model.saveParameters(out);
        }
    }

    private void writeState(DataOutputStream out) throws IOException {
        out.writeInt(STATE_MAGIC);
        out.writeInt(STATE_VERSION);
        out.writeInt(epoch);
        out.writeInt(iteration);
        out.writeLong(step);
        out.writeDouble(sumLoss);
        out.writeDouble(sumDice);
        out.writeDouble(sumContrastive);
        out.writeInt(counted);
        out.writeDouble(sumGradNorm);
        out.writeDouble(maxGradNorm);
        for (int i = 0; i < 4; i++) {
            out.writeDouble(sumProbe[i]);
            out.writeInt(probes[i]);
        }
        out.writeInt(skipped);
        out.writeDouble(epochLr);
        out.writeDouble(bestDice);
        out.writeInt(bestEpoch);
        out.writeInt(validationsSinceBest);
        out.writeInt(history.size());
        for (EpochMetrics m : history) {
            out.writeInt(m.epoch());
            out.writeDouble(m.loss());
            out.writeDouble(m.diceLoss());
            out.writeDouble(m.contrastiveLoss());
            out.writeDouble(m.lr());
            out.writeInt(m.skipped());
            for (double v : m.gradients().values()) {
                out.writeDouble(v);
            }
            out.writeDouble(m.valDice());
            out.writeBoolean(m.collapse());
            out.writeInt(m.valDicePerOutput().size());
            for (double v : m.valDicePerOutput()) {
                out.writeDouble(v);
            }
        }
        out.writeInt(trainable.size());
        optimizer.save(out);
    }

    private void load(Path dir) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                Files.newInputStream(dir.resolve(ModelCheckpoint.PARAMS_FILE))))) {
            model.loadParameters(manager, in);
        } catch (ai.djl.MalformedModelException e) {
            throw new IOException(dir + ": parameters do not fit the model (" + e.getMessage() + ")", e);
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                Files.newInputStream(dir.resolve("state.bin"))))) {
            if (in.readInt() != STATE_MAGIC || in.readInt() != STATE_VERSION) {
                throw new IOException(dir.resolve("state.bin") + ": not a fess training state of version " + STATE_VERSION);
            }
            epoch = in.readInt();
            iteration = in.readInt();
            step = in.readLong();
            sumLoss = in.readDouble();
            sumDice = in.readDouble();
            sumContrastive = in.readDouble();
            counted = in.readInt();
            sumGradNorm = in.readDouble();
            maxGradNorm = in.readDouble();
            for (int i = 0; i < 4; i++) {
                sumProbe[i] = in.readDouble();
                probes[i] = in.readInt();
            }
            skipped = in.readInt();
            epochLr = in.readDouble();
            bestDice = in.readDouble();
            bestEpoch = in.readInt();
            validationsSinceBest = in.readInt();
            int n = in.readInt();
            history.clear();
            for (int i = 0; i < n; i++) {
                int e = in.readInt();
                double l = in.readDouble(), d = in.readDouble(), c = in.readDouble(), lr = in.readDouble();
                int sk = in.readInt();
                double[] g = new double[GradientNorms.COLUMNS.length];
                for (int j = 0; j < g.length; j++) {
                    g[j] = in.readDouble();
                }
                double vd = in.readDouble();
                boolean collapse = in.readBoolean();
                int k = in.readInt();
                List<Double> per = new ArrayList<>();
                for (int j = 0; j < k; j++) {
                    per.add(in.readDouble());
                }
                history.add(new EpochMetrics(e, l, d, c, lr, sk, GradientNorms.of(g), vd, List.copyOf(per), collapse));
            }
            int params = in.readInt();
            if (params != trainable.size()) {
                throw new IOException(dir + ": optimiser state for " + params + " parameters, the model trains "
                        + trainable.size());
            }
            optimizer.load(in);
        }
        // the loaded parameters replaced the arrays: gradients must be attached again
        for (Parameter prm : trainable) {
            prm.getArray().setRequiresGradient(true);
        }
    }

    /** Data type used for all parameters. */
    static final DataType DTYPE = DataType.FLOAT32;
}
