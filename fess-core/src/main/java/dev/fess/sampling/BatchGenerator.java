package dev.fess.sampling;

import dev.fess.augment.Augmenter;
import dev.fess.augment.SpatialTransform;
import dev.fess.preprocess.CachedCase;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes one batch from a random generator: for each sample a case drawn uniformly, a patch position from the
 * {@link PatchSampler} (the last ⌈B/3⌉ samples centred on foreground), a spatial transform and intensity
 * augmentation from the {@link Augmenter}; in two-view mode a second, independent augmentation of the same patch
 * and the voxel correspondence. A pure function of the generator's state: same seed, same batch. The second views
 * are drawn after all first views, so a two-view batch's first view is exactly the single-view batch of the same
 * seed: two-view arms (SimCLR, InfoNCE) train their Dice term on the very patches the Dice arm of that seed sees.
 */
public final class BatchGenerator {
    private final List<CachedCase> cases;
    private final PatchSampler sampler;
    private final Augmenter augmenter;
    private final int batchSize;
    private final boolean twoView;
    private final boolean nearestImage;
    private final int channels;

    /**
     * @param cases labelled cases with equal channel counts
     * @param twoView also produce a second view and the correspondence
     * @param nearestImage sample images by nearest neighbour instead of trilinearly (tests, label-like images)
     */
    public BatchGenerator(
            List<CachedCase> cases,
            PatchSampler sampler,
            Augmenter augmenter,
            int batchSize,
            boolean twoView,
            boolean nearestImage) {
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("need at least one case to sample from");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.channels = cases.get(0).channels();
        for (CachedCase c : cases) {
            if (c.channels() != channels) {
                throw new IllegalArgumentException(
                        "all cases need " + channels + " channels, " + c.id() + " has " + c.channels());
            }
            if (!c.labelled()) {
                throw new IllegalArgumentException("training case " + c.id() + " has no class map");
            }
        }
        this.cases = List.copyOf(cases);
        this.sampler = sampler;
        this.augmenter = augmenter;
        this.batchSize = batchSize;
        this.twoView = twoView;
        this.nearestImage = nearestImage;
    }

    public BatchGenerator(
            List<CachedCase> cases, PatchSampler sampler, Augmenter augmenter, int batchSize, boolean twoView) {
        this(cases, sampler, augmenter, batchSize, twoView, false);
    }

    public int batchSize() {
        return batchSize;
    }

    /** Generates a batch; all randomness from {@code rng}. */
    public Batch generate(SplittableRandom rng) {
        int[] p = sampler.patch();
        int pv = p[0] * p[1] * p[2];
        float[] images = new float[batchSize * channels * pv];
        byte[] classes = new byte[batchSize * pv];
        float[] images2 = twoView ? new float[images.length] : null;
        byte[] classes2 = twoView ? new byte[classes.length] : null;
        int[] corr = twoView ? new int[classes.length] : null;
        List<String> ids = new ArrayList<>(batchSize);
        int firstForeground = batchSize - PatchSampler.foregroundSamples(batchSize);
        CachedCase[] picked = new CachedCase[batchSize];
        double[][] centres = new double[batchSize][];
        SpatialTransform[] first = new SpatialTransform[batchSize];
        for (int b = 0; b < batchSize; b++) {
            CachedCase c = cases.get(rng.nextInt(cases.size()));
            ids.add(c.id());
            double[] centre = sampler.centre(c, b >= firstForeground, rng);
            SpatialTransform t1 = augmenter.sampleSpatial(p, rng);
            t1.apply(c, centre, p, images, b * channels * pv, classes, b * pv, nearestImage);
            augmenter.augmentIntensity(images, b * channels * pv, channels, p, rng);
            picked[b] = c;
            centres[b] = centre;
            first[b] = t1;
        }
        // the second views draw after every first view: the first views are the single-view batch of the same rng
        for (int b = 0; twoView && b < batchSize; b++) {
            SpatialTransform t2 = augmenter.sampleSpatial(p, rng);
            t2.apply(picked[b], centres[b], p, images2, b * channels * pv, classes2, b * pv, nearestImage);
            augmenter.augmentIntensity(images2, b * channels * pv, channels, p, rng);
            SpatialTransform.correspondence(first[b], t2, centres[b], p, corr, b * pv);
        }
        return new Batch(batchSize, channels, p, images, classes, List.copyOf(ids), images2, classes2, corr);
    }
}
