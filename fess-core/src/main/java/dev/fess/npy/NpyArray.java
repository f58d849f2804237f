package dev.fess.npy;

import dev.fess.UserInputException;
import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.util.Arrays;

/**
 * An n-dimensional numpy array held as floats.
 *
 * <p>{@code shape} is numpy's shape; {@code data} holds the values in C order (last index fastest) whatever order
 * the file used, converted to {@code float}. {@code dtype} is the element type of the file (kept so that a
 * read–write round trip keeps the type).
 *
 * <h2>As a volume</h2>
 * fess reads an array {@code a} the way nibabel's {@code get_fdata()} would have produced it: {@code a[i, j, k]} is
 * the voxel at NIfTI index (i, j, k). A 4D array is <em>channels-last</em>, {@code a[i, j, k, c]}, as the paper's
 * TensorFlow code stores its 64³ patches ({@code (64, 64, 64, 1)}); its last dimension must be at most
 * {@value #MAX_CHANNELS}. Channels-first arrays must be transposed before saving.
 */
public record NpyArray(int[] shape, NpyDtype dtype, float[] data) {
    /** Largest last dimension of a 4D array read as channels-last. */
    public static final int MAX_CHANNELS = 8;

    public NpyArray {
        shape = shape.clone();
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        }
        if (dtype == null) {
            throw new IllegalArgumentException("dtype is null");
        }
    }

    /** The shape (a copy). */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Number of elements. */
    public int size() {
        return data.length;
    }

    /** The array as a volume with 1 mm isotropic spacing and the origin at voxel (0, 0, 0). */
    public Volume toVolume() {
        return toVolume(Affine.identity());
    }

    /**
     * The array as a volume: shape {@code (X, Y, Z)} gives a single-channel X×Y×Z volume, {@code (X, Y, Z, C)}
     * with C ≤ {@value #MAX_CHANNELS} a C-channel one.
     *
     * @throws UserInputException if the array has another rank or a 4D array has more than 8 channels
     */
    public Volume toVolume(Affine affine) {
        int channels;
        if (shape.length == 3) {
            channels = 1;
        } else if (shape.length == 4 && shape[3] >= 1 && shape[3] <= MAX_CHANNELS) {
            channels = shape[3];
        } else {
            throw new UserInputException("array of shape " + shapeString(shape)
                    + " is not a volume: expected (x, y, z) or channels-last (x, y, z, c) with c ≤ " + MAX_CHANNELS);
        }
        int nx = shape[0];
        int ny = shape[1];
        int nz = shape[2];
        if (nx == 0 || ny == 0 || nz == 0) {
            throw new UserInputException("array of shape " + shapeString(shape) + " is empty");
        }
        return new Volume(nx, ny, nz, channels, reorder(data, nx, ny, nz, channels, true), affine);
    }

    /**
     * Copies voxels between C order with the channel last ({@code (X, Y, Z, C)}: c fastest, then k, j, i) and
     * fess's layout ({@code i + nx·(j + ny·(k + nz·c))}, see {@link Volume}).
     *
     * @param toVolume true to read C order and write fess's layout, false for the reverse
     */
    private static float[] reorder(float[] in, int nx, int ny, int nz, int channels, boolean toVolume) {
        float[] out = new float[in.length];
        int cOrder = 0;
        int plane = nx * ny;
        int vox = plane * nz;
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < ny; j++) {
                int base = i + nx * j;
                for (int k = 0; k < nz; k++) {
                    int voxel = base + plane * k;
                    for (int c = 0; c < channels; c++) {
                        if (toVolume) {
                            out[voxel + vox * c] = in[cOrder++];
                        } else {
                            out[cOrder++] = in[voxel + vox * c];
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * The inverse of {@link #toVolume}: shape {@code (X, Y, Z)} for one channel, {@code (X, Y, Z, C)} for more.
     *
     * @throws IllegalArgumentException if a value cannot be stored in {@code dtype} unchanged (checked by
     *     {@link Npy#write})
     */
    public static NpyArray fromVolume(Volume v, NpyDtype dtype) {
        int nx = v.nx();
        int ny = v.ny();
        int nz = v.nz();
        int channels = v.channels();
        if (channels > MAX_CHANNELS) {
            throw new IllegalArgumentException("a volume with " + channels + " channels cannot be stored channels-last"
                    + " (at most " + MAX_CHANNELS + ")");
        }
        float[] out = reorder(v.data(), nx, ny, nz, channels, false);
        int[] shape = channels == 1 ? new int[] {nx, ny, nz} : new int[] {nx, ny, nz, channels};
        return new NpyArray(shape, dtype, out);
    }

    /** numpy's repr of a shape tuple: {@code (3,)}, {@code (64, 64, 64)}, {@code ()}. */
    public static String shapeString(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(shape[i]);
        }
        if (shape.length == 1) {
            sb.append(',');
        }
        return sb.append(')').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyArray a
                && dtype == a.dtype
                && Arrays.equals(shape, a.shape)
                && Arrays.equals(data, a.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(shape) + dtype.hashCode()) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "NpyArray[shape=" + shapeString(shape) + ", dtype=" + dtype.code() + "]";
    }
}
