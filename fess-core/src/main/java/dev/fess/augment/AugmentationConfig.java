package dev.fess.augment;

/**
 * Probabilities and ranges of the augmentations, nnU-Net-like by default ({@link #defaults()}); {@link #none()}
 * turns everything off. Each probability is applied per sample (flips: per axis; intensity transforms: per
 * channel). Ranges are sampled uniformly. Serialisable with Jackson.
 *
 * @param flipProbability probability of mirroring each of the three axes
 * @param rotate90Probability probability of a rotation by a random multiple of 90° in the H×W (axial) plane
 * @param rotationProbability probability of a small rotation (around each axis independently, in mm space)
 * @param maxRotationDegrees rotation angle range ±this, per axis
 * @param scaleProbability probability of an isotropic zoom
 * @param scaleMin smallest zoom factor (&lt; 1: the patch shows a smaller region, structures look larger)
 * @param scaleMax largest zoom factor
 * @param elasticProbability probability of an elastic deformation (0 = off, the default)
 * @param elasticMagnitude standard deviation of the control-point displacements, in voxels
 * @param elasticGridSpacing distance between control points, in voxels (larger = smoother)
 * @param intensityScaleProbability probability of multiplying a channel by a factor
 * @param intensityScaleMin smallest factor
 * @param intensityScaleMax largest factor
 * @param intensityShiftProbability probability of adding an offset to a channel
 * @param intensityShiftMax offset range ±this (in normalised units)
 * @param gammaProbability probability of a gamma transform of a channel (rescaled to [0,1], x^γ, rescaled back,
 *     mean and standard deviation restored, as nnU-Net)
 * @param gammaMin smallest γ
 * @param gammaMax largest γ (γ &lt; 1 and γ &gt; 1 are each drawn half of the time when the range spans 1)
 * @param noiseProbability probability of additive Gaussian noise
 * @param noiseVarianceMax noise variance drawn from [0, this]
 * @param blurProbability probability of a Gaussian blur of a channel
 * @param blurSigmaMin smallest blur σ in voxels
 * @param blurSigmaMax largest blur σ
 */
public record AugmentationConfig(
        double flipProbability,
        double rotate90Probability,
        double rotationProbability,
        double maxRotationDegrees,
        double scaleProbability,
        double scaleMin,
        double scaleMax,
        double elasticProbability,
        double elasticMagnitude,
        double elasticGridSpacing,
        double intensityScaleProbability,
        double intensityScaleMin,
        double intensityScaleMax,
        double intensityShiftProbability,
        double intensityShiftMax,
        double gammaProbability,
        double gammaMin,
        double gammaMax,
        double noiseProbability,
        double noiseVarianceMax,
        double blurProbability,
        double blurSigmaMin,
        double blurSigmaMax) {

    public AugmentationConfig {
        double[] probs = {
            flipProbability,
            rotate90Probability,
            rotationProbability,
            scaleProbability,
            elasticProbability,
            intensityScaleProbability,
            intensityShiftProbability,
            gammaProbability,
            noiseProbability,
            blurProbability
        };
        for (double p : probs) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("augmentation probabilities must be in [0, 1], got " + p);
            }
        }
        check("scale", scaleMin, scaleMax, 1e-3);
        check("intensity scale", intensityScaleMin, intensityScaleMax, 0);
        check("gamma", gammaMin, gammaMax, 1e-3);
        check("blur sigma", blurSigmaMin, blurSigmaMax, 0);
        if (maxRotationDegrees < 0 || intensityShiftMax < 0 || noiseVarianceMax < 0 || elasticMagnitude < 0) {
            throw new IllegalArgumentException("rotation, shift, noise and elastic magnitudes must be >= 0");
        }
        if (!(elasticGridSpacing >= 1)) {
            throw new IllegalArgumentException("elastic grid spacing must be >= 1 voxel, got " + elasticGridSpacing);
        }
    }

    private static void check(String what, double lo, double hi, double min) {
        if (!(lo >= min && lo <= hi)) {
            throw new IllegalArgumentException(
                    what + " range must satisfy " + min + " <= min <= max, got [" + lo + ", " + hi + "]");
        }
    }

    /** nnU-Net-like defaults, with the ranges of the FESS paper's setting (rotation ±15°, zoom 0.85–1.25). */
    public static AugmentationConfig defaults() {
        return new AugmentationConfig(
                0.5, 0.0, 0.2, 15, 0.2, 0.85, 1.25, 0.0, 3, 16, 0.15, 0.75, 1.25, 0.15, 0.1, 0.3, 0.7, 1.5, 0.1, 0.1,
                0.2, 0.5, 1.0);
    }

    /** Nothing: patches are copied as they are. */
    public static AugmentationConfig none() {
        return new AugmentationConfig(
                0, 0, 0, 15, 0, 0.85, 1.25, 0, 3, 16, 0, 0.75, 1.25, 0, 0.1, 0, 0.7, 1.5, 0, 0.1, 0, 0.5, 1.0);
    }

    /** Spatial transforms only, each with probability 1 except elastic (for tests and inspection). */
    public static AugmentationConfig spatialAlways(boolean elastic) {
        return new AugmentationConfig(
                0.5,
                1,
                1,
                15,
                1,
                0.85,
                1.25,
                elastic ? 1 : 0,
                3,
                16,
                0,
                0.75,
                1.25,
                0,
                0.1,
                0,
                0.7,
                1.5,
                0,
                0.1,
                0,
                0.5,
                1.0);
    }

    /** Whether any intensity transform can happen. */
    public boolean anyIntensity() {
        return intensityScaleProbability > 0
                || intensityShiftProbability > 0
                || gammaProbability > 0
                || noiseProbability > 0
                || blurProbability > 0;
    }

    /** This configuration with the elastic deformation switched on with the given probability. */
    public AugmentationConfig withElastic(double probability) {
        return withProbabilities(rotate90Probability, probability);
    }

    /** This configuration with 90° in-plane rotations at the given probability. */
    public AugmentationConfig withRotate90(double probability) {
        return withProbabilities(probability, elasticProbability);
    }

    /** This configuration with other probabilities of the 90° rotation and of the elastic deformation. */
    private AugmentationConfig withProbabilities(double rotate90, double elastic) {
        return new AugmentationConfig(
                flipProbability,
                rotate90,
                rotationProbability,
                maxRotationDegrees,
                scaleProbability,
                scaleMin,
                scaleMax,
                elastic,
                elasticMagnitude,
                elasticGridSpacing,
                intensityScaleProbability,
                intensityScaleMin,
                intensityScaleMax,
                intensityShiftProbability,
                intensityShiftMax,
                gammaProbability,
                gammaMin,
                gammaMax,
                noiseProbability,
                noiseVarianceMax,
                blurProbability,
                blurSigmaMin,
                blurSigmaMax);
    }
}
