package dev.fess.volume;

import java.util.Arrays;

/**
 * A 3D image with one or more channels on a voxel grid placed in the world by an {@link Affine}.
 *
 * <p>Layout: {@code data[i + nx·(j + ny·(k + nz·c))]}, i.e. NIfTI index order with i fastest and the channel
 * slowest. Viewed as a C-order tensor this is {@code C × nz × ny × nx}, which is how fess hands volumes to the
 * network ({@code C × D × H × W} with D = k, H = j, W = i). Labels are stored as exact integer values in the same
 * float layout. The data array is shared, not copied: a {@code Volume} is a view of the array it was built on.
 */
public final class Volume {
    private final int nx;
    private final int ny;
    private final int nz;
    private final int channels;
    private final float[] data;
    private final Affine affine;

    /**
     * A volume of {@code nx × ny × nz × channels} voxels viewing {@code data} (not copied) in the layout above.
     *
     * @throws IllegalArgumentException when a dimension is not positive or {@code data} has the wrong length
     */
    public Volume(int nx, int ny, int nz, int channels, float[] data, Affine affine) {
        if (nx <= 0 || ny <= 0 || nz <= 0 || channels <= 0) {
            throw new IllegalArgumentException(
                    "volume dimensions must be positive, got " + nx + "×" + ny + "×" + nz + "×" + channels);
        }
        long n = (long) nx * ny * nz * channels;
        if (data.length != n) {
            throw new IllegalArgumentException("volume " + nx + "×" + ny + "×" + nz + "×" + channels + " needs " + n
                    + " values, got " + data.length);
        }
        this.nx = nx;
        this.ny = ny;
        this.nz = nz;
        this.channels = channels;
        this.data = data;
        this.affine = affine == null ? Affine.identity() : affine;
    }

    /** A zero-filled volume. */
    public static Volume zeros(int nx, int ny, int nz, int channels, Affine affine) {
        long n = (long) nx * ny * nz * channels;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "volume " + nx + "×" + ny + "×" + nz + "×" + channels + " has more than 2^31 voxels");
        }
        return new Volume(nx, ny, nz, channels, new float[(int) n], affine);
    }

    public int nx() {
        return nx;
    }

    public int ny() {
        return ny;
    }

    public int nz() {
        return nz;
    }

    public int channels() {
        return channels;
    }

    /** {nx, ny, nz}. */
    public int[] shape() {
        return new int[] {nx, ny, nz};
    }

    /** Voxels in one channel. */
    public int voxels() {
        return nx * ny * nz;
    }

    /** The backing array (not a copy). */
    public float[] data() {
        return data;
    }

    public Affine affine() {
        return affine;
    }

    public double[] spacing() {
        return affine.spacing();
    }

    public int index(int i, int j, int k, int c) {
        return i + nx * (j + ny * (k + nz * c));
    }

    public float get(int i, int j, int k, int c) {
        return data[index(i, j, k, c)];
    }

    public float get(int i, int j, int k) {
        return data[index(i, j, k, 0)];
    }

    public void set(int i, int j, int k, int c, float v) {
        data[index(i, j, k, c)] = v;
    }

    /** A copy of one channel as a single-channel volume. */
    public Volume channel(int c) {
        if (c < 0 || c >= channels) {
            throw new IndexOutOfBoundsException("channel " + c + " of " + channels);
        }
        int n = voxels();
        return new Volume(nx, ny, nz, 1, Arrays.copyOfRange(data, c * n, (c + 1) * n), affine);
    }

    /** The same voxels with another affine (data shared). */
    public Volume withAffine(Affine a) {
        return new Volume(nx, ny, nz, channels, data, a);
    }

    /** A deep copy. */
    public Volume copy() {
        return new Volume(nx, ny, nz, channels, data.clone(), affine);
    }

    /** Stacks single- or multi-channel volumes of equal shape into one, channels in order; affine of the first. */
    public static Volume stack(Volume... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("nothing to stack");
        }
        Volume f = parts[0];
        int ch = 0;
        for (Volume p : parts) {
            if (p.nx != f.nx || p.ny != f.ny || p.nz != f.nz) {
                throw new IllegalArgumentException(
                        "cannot stack " + Arrays.toString(p.shape()) + " with " + Arrays.toString(f.shape()));
            }
            ch += p.channels;
        }
        float[] d = new float[f.voxels() * ch];
        int off = 0;
        for (Volume p : parts) {
            System.arraycopy(p.data, 0, d, off, p.data.length);
            off += p.data.length;
        }
        return new Volume(f.nx, f.ny, f.nz, ch, d, f.affine);
    }

    @Override
    public String toString() {
        return "Volume[" + nx + "×" + ny + "×" + nz + (channels > 1 ? "×" + channels : "") + "]";
    }
}
