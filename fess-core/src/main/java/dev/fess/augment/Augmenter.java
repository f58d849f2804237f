package dev.fess.augment;

import java.util.SplittableRandom;

/**
 * Draws random augmentations from an {@link AugmentationConfig}. Stateless apart from its configuration: all
 * randomness comes from the {@link SplittableRandom} passed in, so a seed fixes every result.
 *
 * <p>Spatial: {@code A = S⁻¹·R·S · zoom · F · R90}, with {@code R90} a multiple of 90° in the H×W plane, {@code F}
 * the axis flips, {@code R = Rz·Ry·Rx} small rotations applied in millimetres ({@code S} = diag of the voxel
 * spacing, so rotations stay rigid on anisotropic grids), and an optional elastic field — see
 * {@link SpatialTransform}. Intensity (per sample, in this order, each channel drawn separately): Gaussian noise,
 * Gaussian blur, multiplicative scale, additive shift, gamma.
 */
public final class Augmenter {
    private final AugmentationConfig config;
    private final double[] spacing;

    /**
     * @param config probabilities and ranges
     * @param spacing voxel spacing {D, H, W} in mm of the grid patches are taken from (only ratios matter)
     */
    public Augmenter(AugmentationConfig config, double[] spacing) {
        if (spacing.length != 3) {
            throw new IllegalArgumentException("spacing needs 3 values (D, H, W), got " + spacing.length);
        }
        this.config = config;
        this.spacing = spacing.clone();
    }

    public AugmentationConfig config() {
        return config;
    }

    /** A random spatial transform for a patch of size {D, H, W}. */
    public SpatialTransform sampleSpatial(int[] patch, SplittableRandom rng) {
        double[] m = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        if (config.rotate90Probability() > 0 && rng.nextDouble() < config.rotate90Probability()) {
            int k = 1 + rng.nextInt(3);
            for (int i = 0; i < k; i++) {
                // (z, y, x) ← (z, −x, y): a quarter turn in the H×W plane
                m = SpatialTransform.multiply(m, new double[] {1, 0, 0, 0, 0, -1, 0, 1, 0});
            }
        }
        if (config.flipProbability() > 0) {
            double[] f = {1, 0, 0, 0, 1, 0, 0, 0, 1};
            for (int axis = 0; axis < 3; axis++) {
                if (rng.nextDouble() < config.flipProbability()) {
                    f[axis * 4] = -1;
                }
            }
            m = SpatialTransform.multiply(f, m);
        }
        if (config.scaleProbability() > 0 && rng.nextDouble() < config.scaleProbability()) {
            double z = config.scaleMin() + rng.nextDouble() * (config.scaleMax() - config.scaleMin());
            for (int i = 0; i < 9; i++) {
                m[i] *= z;
            }
        }
        if (config.rotationProbability() > 0 && rng.nextDouble() < config.rotationProbability()) {
            double max = Math.toRadians(config.maxRotationDegrees());
            double[] r = {1, 0, 0, 0, 1, 0, 0, 0, 1};
            for (int axis = 0; axis < 3; axis++) {
                double t = (2 * rng.nextDouble() - 1) * max;
                r = SpatialTransform.multiply(rotation(axis, t), r);
            }
            // S⁻¹ R S: rotate in millimetres
            double[] srs = new double[9];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    srs[i * 3 + j] = r[i * 3 + j] * spacing[j] / spacing[i];
                }
            }
            m = SpatialTransform.multiply(srs, m);
        }
        SpatialTransform.ElasticField field = null;
        if (config.elasticProbability() > 0 && rng.nextDouble() < config.elasticProbability()) {
            field = new SpatialTransform.ElasticField(
                    patch, config.elasticGridSpacing(), config.elasticMagnitude(), rng);
        }
        return new SpatialTransform(m, field);
    }

    private static double[] rotation(int axis, double t) {
        double c = Math.cos(t), s = Math.sin(t);
        return switch (axis) {
            case 0 -> new double[] {1, 0, 0, 0, c, -s, 0, s, c};
            case 1 -> new double[] {c, 0, s, 0, 1, 0, -s, 0, c};
            default -> new double[] {c, -s, 0, s, c, 0, 0, 0, 1};
        };
    }

    /**
     * Random intensity transforms of one sample in place.
     *
     * @param image array holding the sample at {@code offset}: C×D×H×W
     */
    public void augmentIntensity(float[] image, int offset, int channels, int[] patch, SplittableRandom rng) {
        if (!config.anyIntensity()) {
            return;
        }
        int n = patch[0] * patch[1] * patch[2];
        if (config.noiseProbability() > 0 && rng.nextDouble() < config.noiseProbability()) {
            double sigma = Math.sqrt(rng.nextDouble() * config.noiseVarianceMax());
            for (int i = offset; i < offset + channels * n; i++) {
                image[i] += (float) (sigma * rng.nextGaussian());
            }
        }
        for (int c = 0; c < channels; c++) {
            int off = offset + c * n;
            if (config.blurProbability() > 0 && rng.nextDouble() < config.blurProbability()) {
                double sigma = uniform(rng, config.blurSigmaMin(), config.blurSigmaMax());
                GaussianBlur.blur(image, off, patch, sigma);
            }
            if (config.intensityScaleProbability() > 0 && rng.nextDouble() < config.intensityScaleProbability()) {
                float f = (float) uniform(rng, config.intensityScaleMin(), config.intensityScaleMax());
                for (int i = off; i < off + n; i++) {
                    image[i] *= f;
                }
            }
            if (config.intensityShiftProbability() > 0 && rng.nextDouble() < config.intensityShiftProbability()) {
                float s = (float) ((2 * rng.nextDouble() - 1) * config.intensityShiftMax());
                for (int i = off; i < off + n; i++) {
                    image[i] += s;
                }
            }
            if (config.gammaProbability() > 0 && rng.nextDouble() < config.gammaProbability()) {
                double g;
                if (config.gammaMin() < 1 && config.gammaMax() > 1 && rng.nextDouble() < 0.5) {
                    g = uniform(rng, config.gammaMin(), 1);
                } else {
                    g = uniform(rng, Math.max(1, config.gammaMin()), config.gammaMax());
                    if (config.gammaMax() <= 1) {
                        g = uniform(rng, config.gammaMin(), config.gammaMax());
                    }
                }
                gamma(image, off, n, g);
            }
        }
    }

    private static double uniform(SplittableRandom rng, double lo, double hi) {
        return lo + rng.nextDouble() * (hi - lo);
    }

    /** x ↦ ((x − min)/(max − min))^γ·(max − min) + min, then the original mean and std restored. */
    static void gamma(float[] v, int off, int n, double g) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int i = off; i < off + n; i++) {
            min = Math.min(min, v[i]);
            max = Math.max(max, v[i]);
            sum += v[i];
        }
        double mean = sum / n;
        double ss = 0;
        for (int i = off; i < off + n; i++) {
            ss += (v[i] - mean) * (v[i] - mean);
        }
        double std = Math.sqrt(ss / n);
        double range = max - min;
        if (!(range > 1e-7)) {
            return;
        }
        double sum2 = 0;
        for (int i = off; i < off + n; i++) {
            double x = Math.pow((v[i] - min) / range, g) * range + min;
            v[i] = (float) x;
            sum2 += x;
        }
        double mean2 = sum2 / n;
        double ss2 = 0;
        for (int i = off; i < off + n; i++) {
            ss2 += (v[i] - mean2) * (v[i] - mean2);
        }
        double std2 = Math.sqrt(ss2 / n);
        double k = std2 > 1e-8 ? std / std2 : 1;
        for (int i = off; i < off + n; i++) {
            v[i] = (float) ((v[i] - mean2) * k + mean);
        }
    }
}
