package dev.fess.synth;

import dev.fess.UserInputException;

/**
 * Knobs of the phantom generators. Build with {@link #builder()}; every value is validated there.
 *
 * <ul>
 *   <li>{@code size} — voxels per axis of the (isotropic) grid, 16 … 512. Default 64.</li>
 *   <li>{@code noise} — multiplier of the kind's realistic noise level: MRI Rician σ = 0.06 × the white-matter
 *       intensity of each sequence, CT Gaussian σ = 15 HU. 0 gives noise-free images. Default 1.</li>
 *   <li>{@code contrast} — multiplier of lesion / organ contrast: MRI tumour intensities are
 *       {@code healthy + contrast·(tumour − healthy)}, CT organ HU are {@code 40 + contrast·(HU − 40)}. Default 1.</li>
 *   <li>{@code bias} — multiplier of the MRI multiplicative bias field (log-amplitude 0.2 at 1). Default 1;
 *       ignored for CT.</li>
 *   <li>{@code spacing} — in-plane voxel spacing in mm. Default 1.</li>
 *   <li>{@code anisotropic} — halve the z resolution (z spacing 2 × spacing, {@code size/2} slices) while keeping
 *       the field of view. Default off.</li>
 *   <li>{@code orientation} — axis codes of the stored array (e.g. {@code RAS}, {@code LPS}): the array axes are
 *       permuted / flipped and the affine set so that world geometry is unchanged. Default {@code RAS}.</li>
 * </ul>
 */
public final class PhantomOptions {
    private final int size;
    private final double noise;
    private final double contrast;
    private final double bias;
    private final double spacing;
    private final boolean anisotropic;
    private final AxisCodes orientation;

    private PhantomOptions(Builder b, AxisCodes orientation) {
        this.size = b.size;
        this.noise = b.noise;
        this.contrast = b.contrast;
        this.bias = b.bias;
        this.spacing = b.spacing;
        this.anisotropic = b.anisotropic;
        this.orientation = orientation;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults for everything. */
    public static PhantomOptions defaults() {
        return builder().build();
    }

    public int size() {
        return size;
    }

    public double noise() {
        return noise;
    }

    public double contrast() {
        return contrast;
    }

    public double bias() {
        return bias;
    }

    public double spacing() {
        return spacing;
    }

    public boolean anisotropic() {
        return anisotropic;
    }

    public AxisCodes orientation() {
        return orientation;
    }

    /** Array shape {nx, ny, nz} of the generated volumes, after reorientation. */
    public int[] orientedShape() {
        int[] ras = rasShape();
        int[] out = new int[3];
        for (int a = 0; a < 3; a++) {
            out[a] = ras[orientation.rasAxis(a)];
        }
        return out;
    }

    /** Grid in RAS order before reorientation: {nx, ny, nz}. */
    int[] rasShape() {
        return new int[] {size, size, anisotropic ? Math.max(1, size / 2) : size};
    }

    /** Spacing in RAS order before reorientation. */
    double[] rasSpacing() {
        int nz = rasShape()[2];
        return new double[] {spacing, spacing, spacing * size / nz};
    }

    @Override
    public String toString() {
        return "PhantomOptions[size=" + size + ", noise=" + noise + ", contrast=" + contrast + ", bias=" + bias
                + ", spacing=" + spacing + ", anisotropic=" + anisotropic + ", orientation=" + orientation + "]";
    }

    /** Builder; {@link #build()} checks every setting, messages name it ({@code size}, {@code noise} ...). */
    public static final class Builder {
        private int size = 64;
        private double noise = 1;
        private double contrast = 1;
        private double bias = 1;
        private double spacing = 1;
        private boolean anisotropic;
        private AxisCodes orientation = AxisCodes.RAS;
        private String orientationText;

        private Builder() {}

        /** Voxels per axis, 16 … 512. Default 64. */
        public Builder size(int size) {
            this.size = size;
            return this;
        }

        /** Noise multiplier, 0 … 100 (0: noise-free). Default 1. */
        public Builder noise(double noise) {
            this.noise = noise;
            return this;
        }

        /** Contrast multiplier, in (0, 100]. Default 1. */
        public Builder contrast(double contrast) {
            this.contrast = contrast;
            return this;
        }

        /** MRI bias-field multiplier, 0 … 10. Default 1. */
        public Builder bias(double bias) {
            this.bias = bias;
            return this;
        }

        /** In-plane voxel spacing in mm, in (0, 20]. Default 1. */
        public Builder spacing(double spacing) {
            this.spacing = spacing;
            return this;
        }

        /** Halve the z resolution, keeping the field of view. Default false. */
        public Builder anisotropic(boolean anisotropic) {
            this.anisotropic = anisotropic;
            return this;
        }

        /** Axis codes of the stored array as text, e.g. {@code LPS} (parsed by {@link #build()}). Default RAS. */
        public Builder orientation(String codes) {
            this.orientationText = codes;
            this.orientation = null;
            return this;
        }

        /** Axis codes of the stored array. Default {@link AxisCodes#RAS}. */
        public Builder orientation(AxisCodes codes) {
            this.orientation = codes;
            this.orientationText = null;
            return this;
        }

        /**
         * @return the options
         * @throws UserInputException naming the first setting out of its range
         */
        public PhantomOptions build() {
            UserInputException.requireSetting(
                    size >= 16 && size <= 512, "size", "expected 16 … 512 voxels, got " + size);
            UserInputException.requireSetting(
                    noise >= 0 && noise <= 100, "noise", "expected a multiplier in 0 … 100, got " + noise);
            UserInputException.requireSetting(
                    contrast > 0 && contrast <= 100, "contrast", "expected a multiplier in (0, 100], got " + contrast);
            UserInputException.requireSetting(
                    bias >= 0 && bias <= 10, "bias", "expected a multiplier in 0 … 10, got " + bias);
            UserInputException.requireSetting(
                    spacing > 0 && spacing <= 20, "spacing", "expected mm in (0, 20], got " + spacing);
            return new PhantomOptions(this, orientationText == null ? orientation : AxisCodes.parse(orientationText));
        }
    }
}
