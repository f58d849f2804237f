package dev.fess.run;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where a training run stands, besides parameters and optimiser state: the position, the running sums of the
 * current epoch, the best validation so far and the metrics history. Because every random stream of a run is a
 * function of (seed, position), this is all a resumed run needs to continue exactly. {@link #write}/{@link #read}
 * are its one binary codec ({@code checkpoints/last/state.bin}); {@link #summaryJson} is the readable
 * {@code state.json}.
 *
 * @param epoch current 1-based epoch
 * @param iteration iteration within the epoch (0-based, the next to run)
 * @param step global optimiser step (the next to run)
 * @param sumLoss sum of the epoch's counted total losses
 * @param sumDice sum of the epoch's counted Dice terms
 * @param sumContrastive sum of the epoch's counted contrastive terms
 * @param counted steps counted in the sums
 * @param skipped steps of the epoch skipped for a non-finite loss or gradient
 * @param gradients the epoch's running gradient-norm sums ({@link GradientSums})
 * @param epochLr learning rate of the epoch's first step, NaN before it
 * @param bestDice best mean validation Dice, −∞ before the first validation
 * @param bestEpoch epoch of {@code bestDice}, 0 before
 * @param validationsSinceBest validations since the best one (early stopping)
 * @param history metrics of the finished epochs
 */
public record TrainingState(
        int epoch,
        int iteration,
        long step,
        double sumLoss,
        double sumDice,
        double sumContrastive,
        int counted,
        int skipped,
        GradientSums gradients,
        double epochLr,
        double bestDice,
        int bestEpoch,
        int validationsSinceBest,
        List<EpochMetrics> history) {

    private static final int MAGIC = 0x46455353; // "FESS"
    private static final int VERSION = 3;
    /** Version 2 had four probe measurements and six gradient columns (no contrastive cap factor). */
    private static final int VERSION_WITHOUT_CAP = 2;

    /** Copies the history. */
    public TrainingState {
        history = List.copyOf(history);
    }

    /** A run that has not taken a step. */
    public static TrainingState start() {
        return new TrainingState(
                1, 0, 0, 0, 0, 0, 0, 0, GradientSums.EMPTY, Double.NaN, Double.NEGATIVE_INFINITY, 0, 0, List.of());
    }

    /**
     * After a counted step with these loss terms; {@code lr} is the epoch's first-step rate, {@code gradientNorm} the
     * global norm before clipping, {@code probed} the per-term norms of a probe step or null ({@link GradientSums}).
     */
    public TrainingState stepCounted(
            double total, double dice, double contrastive, double lr, double gradientNorm, double[] probed) {
        return new TrainingState(
                epoch,
                iteration + 1,
                step + 1,
                sumLoss + total,
                sumDice + dice,
                sumContrastive + contrastive,
                counted + 1,
                skipped,
                gradients.add(gradientNorm, probed),
                lr,
                bestDice,
                bestEpoch,
                validationsSinceBest,
                history);
    }

    /** After a step that was not counted ({@code skipped}: a non-finite batch skipped). */
    public TrainingState stepNotCounted(boolean skippedBatch, double lr) {
        return new TrainingState(
                epoch,
                iteration + 1,
                step + 1,
                sumLoss,
                sumDice,
                sumContrastive,
                counted,
                skipped + (skippedBatch ? 1 : 0),
                gradients,
                lr,
                bestDice,
                bestEpoch,
                validationsSinceBest,
                history);
    }

    /**
     * The epoch's metrics row from the running sums and a validation (NaN and empty when not validated);
     * {@code collapse} flags a validation far below the best so far.
     */
    public EpochMetrics epochMetrics(double valDice, List<Double> valDicePerOutput, boolean collapse) {
        return new EpochMetrics(
                epoch,
                sumLoss / counted,
                sumDice / counted,
                sumContrastive / counted,
                epochLr,
                skipped,
                gradients.means(counted),
                valDice,
                valDicePerOutput,
                collapse);
    }

    /** True when {@code row}'s validation beats the best so far. */
    public boolean improves(EpochMetrics row) {
        return row.validated() && row.valDice() > bestDice;
    }

    /** The next epoch's start after {@code row}: history extended, best updated, sums reset. */
    public TrainingState epochFinished(EpochMetrics row) {
        List<EpochMetrics> h = new ArrayList<>(history);
        h.add(row);
        boolean improved = improves(row);
        double best = improved ? row.valDice() : bestDice;
        int bestAt = improved ? row.epoch() : bestEpoch;
        int since = !row.validated() ? validationsSinceBest : improved ? 0 : validationsSinceBest + 1;
        return new TrainingState(
                epoch + 1, 0, step, 0, 0, 0, 0, 0, GradientSums.EMPTY, Double.NaN, best, bestAt, since, h);
    }

    /** Writes the state (big-endian, after a magic number and version). */
    public void write(DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(epoch);
        out.writeInt(iteration);
        out.writeLong(step);
        out.writeDouble(sumLoss);
        out.writeDouble(sumDice);
        out.writeDouble(sumContrastive);
        out.writeInt(counted);
        out.writeInt(skipped);
        gradients.write(out);
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
            for (double g : m.gradients().values()) {
                out.writeDouble(g);
            }
            out.writeDouble(m.valDice());
            out.writeInt(m.valDicePerOutput().size());
            for (double v : m.valDicePerOutput()) {
                out.writeDouble(v);
            }
            out.writeBoolean(m.collapse());
        }
    }

    /**
     * Reads what {@link #write} wrote.
     *
     * @param source the file, for the message
     * @throws IOException when the data is not a training state of this version
     */
    public static TrainingState read(DataInputStream in, String source) throws IOException {
        int version = in.readInt() == MAGIC ? in.readInt() : -1;
        if (version != VERSION && version != VERSION_WITHOUT_CAP) {
            throw new IOException(
                    source + ": not a fess training state of version " + VERSION_WITHOUT_CAP + " or " + VERSION);
        }
        boolean withCap = version == VERSION;
        int epoch = in.readInt();
        int iteration = in.readInt();
        long step = in.readLong();
        double sumLoss = in.readDouble();
        double sumDice = in.readDouble();
        double sumContrastive = in.readDouble();
        int counted = in.readInt();
        int skipped = in.readInt();
        GradientSums gradients = GradientSums.read(in, withCap ? GradientSums.PROBES : GradientSums.PROBES - 1);
        double epochLr = in.readDouble();
        double bestDice = in.readDouble();
        int bestEpoch = in.readInt();
        int validationsSinceBest = in.readInt();
        int n = in.readInt();
        List<EpochMetrics> history = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int e = in.readInt();
            double l = in.readDouble();
            double d = in.readDouble();
            double c = in.readDouble();
            double lr = in.readDouble();
            int sk = in.readInt();
            double[] g = new double[GradientNorms.COLUMNS.length];
            Arrays.fill(g, Double.NaN);
            for (int j = 0; j < (withCap ? g.length : g.length - 1); j++) {
                g[j] = in.readDouble();
            }
            double vd = in.readDouble();
            int k = in.readInt();
            List<Double> per = new ArrayList<>();
            for (int j = 0; j < k; j++) {
                per.add(in.readDouble());
            }
            boolean collapse = in.readBoolean();
            history.add(new EpochMetrics(e, l, d, c, lr, sk, GradientNorms.of(g), vd, per, collapse));
        }
        return new TrainingState(
                epoch,
                iteration,
                step,
                sumLoss,
                sumDice,
                sumContrastive,
                counted,
                skipped,
                gradients,
                epochLr,
                bestDice,
                bestEpoch,
                validationsSinceBest,
                history);
    }

    /** The readable summary written next to the binary state ({@code state.json}). */
    public String summaryJson() {
        return String.format(
                Locale.ROOT,
                "{\"epoch\": %d, \"iteration\": %d, \"step\": %d, \"best_val_dice\": %s, \"best_epoch\": %d}%n",
                epoch,
                iteration,
                step,
                Double.isFinite(bestDice) ? Double.toString(bestDice) : "null",
                bestEpoch);
    }
}
