package dev.fess.run;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The running gradient-norm sums of an epoch, part of the resumable {@link TrainingState}: the sum and maximum of
 * the global norm before clipping over the counted steps, and for each of the five probe measurements
 * ({@link GradientNorms}: Dice and contrastive norms at the features and over the parameters, the contrastive cap
 * factor) its sum and how many probe steps measured it. Immutable; {@link #add} returns the sums after one more step.
 *
 * @param sumNorm sum of the counted steps' global norms
 * @param maxNorm largest global norm of the counted steps
 * @param probeSums sums of the five probe measurements
 * @param probeCounts probe steps that measured each per-term norm (a NaN measurement is not counted)
 */
public record GradientSums(double sumNorm, double maxNorm, double[] probeSums, int[] probeCounts) {
    /** Values a probe step measures ({@code Trainer}'s FeatureProbe). */
    public static final int PROBES = 5;

    /** Before the first step of an epoch. */
    public static final GradientSums EMPTY = new GradientSums(0, 0, new double[PROBES], new int[PROBES]);

    /** Copies the arrays. */
    public GradientSums {
        probeSums = probeSums.clone();
        probeCounts = probeCounts.clone();
    }

    /** Equal sums, maximum and per-term sums and counts (arrays compared by content). */
    @Override
    public boolean equals(Object o) {
        return o instanceof GradientSums g
                && Double.compare(sumNorm, g.sumNorm) == 0
                && Double.compare(maxNorm, g.maxNorm) == 0
                && Arrays.equals(probeSums, g.probeSums)
                && Arrays.equals(probeCounts, g.probeCounts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sumNorm, maxNorm, Arrays.hashCode(probeSums), Arrays.hashCode(probeCounts));
    }

    @Override
    public String toString() {
        return "GradientSums[sumNorm=" + sumNorm + ", maxNorm=" + maxNorm + ", probeSums=" + Arrays.toString(probeSums)
                + ", probeCounts=" + Arrays.toString(probeCounts) + "]";
    }

    /**
     * @param norm the step's global norm before clipping
     * @param probed the five measurements of a probe step, or null on other steps
     * @return the sums after this step
     */
    public GradientSums add(double norm, double[] probed) {
        double[] s = probeSums.clone();
        int[] n = probeCounts.clone();
        if (probed != null) {
            for (int i = 0; i < s.length; i++) {
                if (Double.isFinite(probed[i])) {
                    s[i] += probed[i];
                    n[i]++;
                }
            }
        }
        return new GradientSums(sumNorm + norm, Math.max(maxNorm, norm), s, n);
    }

    /** @param counted the epoch's counted steps @return the epoch's mean norms (NaN where nothing was measured) */
    public GradientNorms means(int counted) {
        double[] v = new double[2 + PROBES];
        v[0] = counted > 0 ? sumNorm / counted : Double.NaN;
        v[1] = counted > 0 ? maxNorm : Double.NaN;
        for (int i = 0; i < PROBES; i++) {
            v[i + 2] = probeCounts[i] > 0 ? probeSums[i] / probeCounts[i] : Double.NaN;
        }
        return GradientNorms.of(v);
    }

    void write(DataOutputStream out) throws IOException {
        out.writeDouble(sumNorm);
        out.writeDouble(maxNorm);
        for (int i = 0; i < PROBES; i++) {
            out.writeDouble(probeSums[i]);
            out.writeInt(probeCounts[i]);
        }
    }

    /** Reads what {@link #write} wrote; {@code probes} measurements (4 in training states of version 2). */
    static GradientSums read(DataInputStream in, int probes) throws IOException {
        double sum = in.readDouble();
        double max = in.readDouble();
        double[] s = new double[PROBES];
        int[] n = new int[PROBES];
        for (int i = 0; i < probes; i++) {
            s[i] = in.readDouble();
            n[i] = in.readInt();
        }
        return new GradientSums(sum, max, s, n);
    }
}
