package dev.fess.sampling;

import dev.fess.preprocess.CachedCase;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Chooses patch positions, nnU-Net style: a random position, or — for foreground-oversampled samples — a patch
 * centred on a stored foreground voxel of a class drawn uniformly from the classes present in the case.
 *
 * <p>A random patch of size P on an axis of N voxels starts uniformly in {@code [0, N − P]} when it fits, else in
 * {@code [N − P, 0]} (padded on a random side). A foreground patch is centred on the chosen voxel, then its start
 * is clamped into that same range (inside the case when it fits, no more padding than needed when not); the
 * voxel stays inside the patch.
 */
public final class PatchSampler {
    private final int[] patch;

    /** @param patch patch size {D, H, W} */
    public PatchSampler(int... patch) {
        if (patch.length != 3 || patch[0] < 1 || patch[1] < 1 || patch[2] < 1) {
            throw new IllegalArgumentException(
                    "patch size needs 3 positive values (D, H, W), got " + Arrays.toString(patch));
        }
        this.patch = patch.clone();
    }

    public int[] patch() {
        return patch.clone();
    }

    /** Number of samples of a batch of {@code b} that are centred on foreground: ⌈b/3⌉. */
    public static int foregroundSamples(int b) {
        return (b + 2) / 3;
    }

    /**
     * The case position {z, y, x} of the centre of a new patch.
     *
     * @param foreground centre it on a foreground voxel (falls back to random if the case has none)
     */
    public double[] centre(CachedCase c, boolean foreground, SplittableRandom rng) {
        int[] shape = c.shape();
        int[] present = foreground ? c.presentClasses() : new int[0];
        double[] centre = new double[3];
        if (present.length > 0) {
            int cls = present[rng.nextInt(present.length)];
            int[] loc = c.foregroundLocations(cls);
            int flat = loc[rng.nextInt(loc.length)];
            int[] v = {flat / (shape[1] * shape[2]), (flat / shape[2]) % shape[1], flat % shape[2]};
            for (int a = 0; a < 3; a++) {
                int start = v[a] - patch[a] / 2;
                start = Math.max(Math.min(0, shape[a] - patch[a]), Math.min(Math.max(0, shape[a] - patch[a]), start));
                centre[a] = start + (patch[a] - 1) / 2.0;
            }
            return centre;
        }
        for (int a = 0; a < 3; a++) {
            int lo = Math.min(0, shape[a] - patch[a]);
            int hi = Math.max(0, shape[a] - patch[a]);
            int start = lo + rng.nextInt(hi - lo + 1);
            centre[a] = start + (patch[a] - 1) / 2.0;
        }
        return centre;
    }
}
