package dev.fess.preprocess;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A preprocessed case ready for sampling: the image and class map as buffers (memory-mapped from the
 * {@link PreprocessCache} file, or wrapping arrays), the foreground locations and the geometry. Thread-safe for
 * reading: only absolute {@code get}s are used.
 */
public final class CachedCase {
    private final String id;
    private final int channels;
    private final int[] shape;
    private final FloatBuffer image;
    private final ByteBuffer classes;
    private final int[][] foregroundLocations;
    private final GeometryRecord geometry;

    /**
     * @param shape {D, H, W}
     * @param image C×D×H×W values (absolute indices, position ignored)
     * @param classes D×H×W class indices, or {@code null} when unlabelled
     * @param foregroundLocations per class index, sorted flat indices (entry 0 empty); {@code null} when unlabelled
     */
    public CachedCase(
            String id,
            int channels,
            int[] shape,
            FloatBuffer image,
            ByteBuffer classes,
            int[][] foregroundLocations,
            GeometryRecord geometry) {
        int n = shape[0] * shape[1] * shape[2];
        if (image.capacity() != n * channels) {
            throw new IllegalArgumentException("image of " + channels + "×" + Arrays.toString(shape) + " needs "
                    + (long) n * channels + " values, got " + image.capacity());
        }
        if (classes != null && classes.capacity() != n) {
            throw new IllegalArgumentException(
                    "class map of " + Arrays.toString(shape) + " needs " + n + " values, got " + classes.capacity());
        }
        this.id = id;
        this.channels = channels;
        this.shape = shape.clone();
        this.image = image;
        this.classes = classes;
        this.foregroundLocations = foregroundLocations;
        this.geometry = geometry;
    }

    /** An in-memory case (arrays wrapped, not copied). */
    public static CachedCase of(PreprocessedCase p) {
        return new CachedCase(
                p.id(),
                p.channels(),
                p.shape(),
                FloatBuffer.wrap(p.image()),
                p.classes() == null ? null : ByteBuffer.wrap(p.classes()),
                p.foregroundLocations(),
                p.geometry());
    }

    /**
     * An in-memory case from arrays (not copied), with foreground locations computed as the cache does; no
     * geometry. For tests, benchmarks and synthetic data.
     *
     * @param shape {D, H, W}
     * @param numClasses number of classes including background (class values must be below it)
     */
    public static CachedCase inMemory(
            String id, int channels, int[] shape, float[] image, byte[] classes, int numClasses) {
        int[][] fg = classes == null
                ? null
                : Preprocessor.foregroundLocations(
                        classes, numClasses, PreprocessPlan.DEFAULT_FOREGROUND_SAMPLES, id.hashCode());
        return new CachedCase(
                id,
                channels,
                shape,
                FloatBuffer.wrap(image),
                classes == null ? null : ByteBuffer.wrap(classes),
                fg,
                null);
    }

    public String id() {
        return id;
    }

    public int channels() {
        return channels;
    }

    /** {D, H, W}. */
    public int[] shape() {
        return shape.clone();
    }

    public int depth() {
        return shape[0];
    }

    public int height() {
        return shape[1];
    }

    public int width() {
        return shape[2];
    }

    public int voxels() {
        return shape[0] * shape[1] * shape[2];
    }

    /** The image buffer (C×D×H×W, use absolute gets). */
    public FloatBuffer image() {
        return image;
    }

    /** The class buffer (D×H×W), or {@code null}. */
    public ByteBuffer classes() {
        return classes;
    }

    public boolean labelled() {
        return classes != null;
    }

    /** Sorted sample of flat voxel indices of class {@code c} (empty if absent or unlabelled). */
    public int[] foregroundLocations(int c) {
        if (foregroundLocations == null || c <= 0 || c >= foregroundLocations.length) {
            return new int[0];
        }
        return foregroundLocations[c];
    }

    /** Class indices ≥ 1 that occur in this case, ascending. */
    public int[] presentClasses() {
        if (foregroundLocations == null) {
            return new int[0];
        }
        int[] p = new int[foregroundLocations.length];
        int n = 0;
        for (int c = 1; c < foregroundLocations.length; c++) {
            if (foregroundLocations[c].length > 0) {
                p[n++] = c;
            }
        }
        return Arrays.copyOf(p, n);
    }

    /** Number of class slots the foreground locations have (the plan's class count), 0 when unlabelled. */
    int classSlots() {
        return foregroundLocations == null ? 0 : foregroundLocations.length;
    }

    /** How to map results back to the original grid ({@code null} for {@link #inMemory} cases). */
    public GeometryRecord geometry() {
        return geometry;
    }

    /** A copy of the image as a float array. */
    public float[] imageArray() {
        float[] a = new float[image.capacity()];
        image.get(0, a);
        return a;
    }

    /** A copy of the class map, or {@code null}. */
    public byte[] classArray() {
        if (classes == null) {
            return null;
        }
        byte[] a = new byte[classes.capacity()];
        classes.get(0, a);
        return a;
    }

    @Override
    public String toString() {
        return "CachedCase[" + id + ", " + channels + "×" + Arrays.toString(shape) + "]";
    }
}
