package dev.fess.nifti;

import dev.fess.UserInputException;
import dev.fess.io.AtomicFiles;
import dev.fess.volume.Affine;
import dev.fess.volume.Matrix3;
import dev.fess.volume.Volume;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Writes NIfTI-1 single files; see {@link Nifti#write}. */
final class NiftiWriter {
    static final int VOX_OFFSET = 352;
    private static final int CHUNK_VALUES = 1 << 17;
    /** NIFTI_XFORM_SCANNER_ANAT. */
    static final int XFORM_CODE = 1;
    /** NIFTI_UNITS_MM. */
    private static final int UNITS_MM = 2;

    private NiftiWriter() {}

    static void write(Path file, Volume v, NiftiDatatype type, int gzipLevel) throws IOException {
        String lower =
                file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean gz = lower.endsWith(".nii.gz");
        if (!gz && !lower.endsWith(".nii")) {
            throw new UserInputException(
                    file + ": fess writes NIfTI as .nii or .nii.gz, not '" + file.getFileName() + "'");
        }
        if (gzipLevel < 0 || gzipLevel > 9) {
            throw new IllegalArgumentException("gzip level must be 0..9, got " + gzipLevel);
        }
        if (type.isInteger()) {
            checkRange(file, v, type);
        }
        ByteBuffer header = header(v, type);
        AtomicFiles.write(file, ch -> {
            Sink sink = gz ? new GzipSink(ch, gzipLevel) : new ChannelSink(ch);
            try {
                sink.write(header);
                encode(v.data(), type, sink);
                sink.finish();
            } finally {
                sink.release();
            }
        });
    }

    /** Refuses NaN and values that round outside the type's range, naming the first offending voxel. */
    private static void checkRange(Path file, Volume v, NiftiDatatype type) {
        float[] d = v.data();
        double lo = type.minValue(), hi = type.maxValue();
        for (int i = 0; i < d.length; i++) {
            double r = Math.rint(d[i]);
            if (!(r >= lo && r <= hi)) {
                int n = v.voxels();
                int c = i / n, rest = i % n;
                int x = rest % v.nx(), y = rest / v.nx() % v.ny(), z = rest / (v.nx() * v.ny());
                throw new UserInputException(file + ": cannot write value " + d[i] + " at voxel [" + x + ", " + y
                        + ", " + z + (v.channels() > 1 ? ", " + c : "") + "] as " + type.label() + " (range "
                        + (long) lo + " to " + String.format(Locale.ROOT, "%.0f", hi)
                        + "); choose a float datatype or clip the values");
            }
        }
    }

    /** The 348-byte NIfTI-1 header plus 4 zero extension bytes, little-endian, ready to write. */
    static ByteBuffer header(Volume v, NiftiDatatype type) {
        ByteBuffer b = ByteBuffer.allocate(VOX_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 348);
        short[] dim = {(short) (v.channels() > 1 ? 4 : 3), 1, 1, 1, 1, 1, 1, 1};
        int[] sizes = {v.nx(), v.ny(), v.nz(), v.channels()};
        for (int d = 0; d < 4; d++) {
            if (sizes[d] > Short.MAX_VALUE) {
                throw new IllegalArgumentException("NIfTI-1 dimensions are at most 32767, got " + v);
            }
            dim[d + 1] = (short) sizes[d];
        }
        for (int i = 0; i < 8; i++) {
            b.putShort(40 + 2 * i, dim[i]);
        }
        b.putShort(70, (short) type.code());
        b.putShort(72, (short) (type.bytes() * 8));
        Qform q = qform(v.affine());
        float[] pixdim = {(float) q.qfac, (float) q.zooms[0], (float) q.zooms[1], (float) q.zooms[2], 1, 1, 1, 1};
        for (int i = 0; i < 8; i++) {
            b.putFloat(76 + 4 * i, pixdim[i]);
        }
        b.putFloat(108, VOX_OFFSET);
        b.putFloat(112, 1f); // scl_slope 1, scl_inter 0: values are stored as they are
        b.putFloat(116, 0f);
        b.put(123, (byte) UNITS_MM);
        byte[] descrip = "fess".getBytes(StandardCharsets.US_ASCII);
        b.put(148, descrip);
        b.putShort(252, (short) (q.valid ? XFORM_CODE : 0));
        b.putShort(254, (short) XFORM_CODE);
        for (int i = 0; i < 3; i++) {
            b.putFloat(256 + 4 * i, (float) q.quatern[i]);
            b.putFloat(268 + 4 * i, (float) v.affine().get(i, 3));
        }
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                b.putFloat(280 + 16 * r + 4 * c, (float) v.affine().get(r, c));
            }
        }
        b.put(344, "n+1".getBytes(StandardCharsets.US_ASCII));
        return b;
    }

    /** Quaternion parameters of an affine, as nibabel's {@code set_qform}. */
    record Qform(boolean valid, double qfac, double[] zooms, double[] quatern) {}

    /**
     * Column norms are the voxel sizes; the column-normalised 3×3 part, its third column negated when the
     * determinant is negative (qfac = −1), is replaced by the nearest rotation and stored as a quaternion with
     * a ≥ 0. A singular 3×3 part has no qform (valid = false).
     */
    static Qform qform(Affine a) {
        double[] m = Matrix3.linearPart(a);
        double[] zooms = new double[3];
        boolean valid = true;
        for (int c = 0; c < 3; c++) {
            zooms[c] = Math.sqrt(m[c] * m[c] + m[3 + c] * m[3 + c] + m[6 + c] * m[6 + c]);
            if (!(zooms[c] > 0) || !Double.isFinite(zooms[c])) {
                valid = false;
            }
        }
        if (!valid) {
            double[] z = zooms.clone();
            for (int c = 0; c < 3; c++) {
                z[c] = z[c] > 0 && Double.isFinite(z[c]) ? z[c] : 1;
            }
            return new Qform(false, 1, z, new double[3]);
        }
        for (int c = 0; c < 3; c++) {
            for (int r = 0; r < 3; r++) {
                m[r * 3 + c] /= zooms[c];
            }
        }
        double qfac = 1;
        if (Matrix3.det(m) < 0) {
            qfac = -1;
            for (int r = 0; r < 3; r++) {
                m[r * 3 + 2] = -m[r * 3 + 2];
            }
        }
        double[] r = Matrix3.polar(m);
        double d = Matrix3.det(r);
        if (!(Math.abs(d - 1) < 1e-6)) {
            return new Qform(false, 1, zooms, new double[3]);
        }
        return new Qform(true, qfac, zooms, rotationToQuaternion(r));
    }

    /** (b, c, d) of the unit quaternion with a ≥ 0 for a proper rotation matrix (Shepperd's method). */
    static double[] rotationToQuaternion(double[] r) {
        double trace = r[0] + r[4] + r[8];
        double w, x, y, z;
        if (trace > 0) {
            double s = 2 * Math.sqrt(trace + 1);
            w = 0.25 * s;
            x = (r[7] - r[5]) / s;
            y = (r[2] - r[6]) / s;
            z = (r[3] - r[1]) / s;
        } else if (r[0] > r[4] && r[0] > r[8]) {
            double s = 2 * Math.sqrt(1 + r[0] - r[4] - r[8]);
            w = (r[7] - r[5]) / s;
            x = 0.25 * s;
            y = (r[1] + r[3]) / s;
            z = (r[2] + r[6]) / s;
        } else if (r[4] > r[8]) {
            double s = 2 * Math.sqrt(1 + r[4] - r[0] - r[8]);
            w = (r[2] - r[6]) / s;
            x = (r[1] + r[3]) / s;
            y = 0.25 * s;
            z = (r[5] + r[7]) / s;
        } else {
            double s = 2 * Math.sqrt(1 + r[8] - r[0] - r[4]);
            w = (r[3] - r[1]) / s;
            x = (r[2] + r[6]) / s;
            y = (r[5] + r[7]) / s;
            z = 0.25 * s;
        }
        double sign = w < 0 ? -1 : 1;
        return new double[] {sign * x, sign * y, sign * z};
    }

    private static void encode(float[] data, NiftiDatatype type, Sink sink) throws IOException {
        int chunk = Math.min(CHUNK_VALUES, data.length);
        ByteBuffer buf = ByteBuffer.allocateDirect(chunk * type.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (int off = 0; off < data.length; off += chunk) {
            int n = Math.min(chunk, data.length - off);
            buf.clear();
            switch (type) {
                case FLOAT32 -> buf.asFloatBuffer().put(data, off, n);
                case FLOAT64 -> {
                    for (int i = 0; i < n; i++) {
                        buf.putDouble(8 * i, data[off + i]);
                    }
                }
                case UINT8, INT8 -> {
                    for (int i = 0; i < n; i++) {
                        buf.put(i, (byte) (int) Math.rint(data[off + i]));
                    }
                }
                case INT16, UINT16 -> {
                    for (int i = 0; i < n; i++) {
                        buf.putShort(2 * i, (short) (int) Math.rint(data[off + i]));
                    }
                }
                case INT32 -> {
                    for (int i = 0; i < n; i++) {
                        buf.putInt(4 * i, (int) Math.rint(data[off + i]));
                    }
                }
                case UINT32 -> {
                    for (int i = 0; i < n; i++) {
                        buf.putInt(4 * i, (int) (long) Math.rint(data[off + i]));
                    }
                }
                case INT64 -> {
                    for (int i = 0; i < n; i++) {
                        buf.putLong(8 * i, (long) Math.rint(data[off + i]));
                    }
                }
                default -> throw new IllegalStateException(type.toString());
            }
            buf.limit(n * type.bytes());
            sink.write(buf);
        }
    }

    private interface Sink {
        void write(ByteBuffer b) throws IOException;

        default void finish() throws IOException {}

        default void release() {}
    }

    private static final class ChannelSink implements Sink {
        private final FileChannel ch;

        ChannelSink(FileChannel ch) {
            this.ch = ch;
        }

        @Override
        public void write(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
    }

    /**
     * gzip (RFC 1952): header, one raw deflate stream, CRC-32 and length. The stream is cut into fixed 4 MiB blocks
     * compressed in parallel, as pigz does: each block is primed with the previous block's last 32 KiB (the deflate
     * window, so back-references across blocks stay valid) and ends with a sync flush, the last one with the final
     * block. Block boundaries do not depend on the thread count, so the bytes written do not either.
     */
    private static final class GzipSink implements Sink {
        private static final int BLOCK = 1 << 22;
        private static final int WINDOW = 1 << 15;
        private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
        private static final ExecutorService POOL = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "fess-gzip");
            t.setDaemon(true);
            return t;
        });

        private final FileChannel ch;
        private final int level;
        private final CRC32 crc = new CRC32();
        private final ArrayDeque<Future<byte[]>> pending = new ArrayDeque<>();
        private byte[] block = new byte[BLOCK];
        private int fill;
        private byte[] window;
        private long length;

        GzipSink(FileChannel ch, int level) throws IOException {
            this.ch = ch;
            this.level = level;
            drain(ByteBuffer.wrap(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 255}));
        }

        private void drain(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }

        @Override
        public void write(ByteBuffer b) throws IOException {
            crc.update(b.duplicate());
            length += b.remaining();
            while (b.hasRemaining()) {
                int n = Math.min(b.remaining(), BLOCK - fill);
                b.get(block, fill, n);
                fill += n;
                if (fill == BLOCK) {
                    submit(false);
                }
            }
        }

        private void submit(boolean last) throws IOException {
            byte[] data = block;
            int n = fill;
            byte[] dictionary = window;
            int lvl = level;
            pending.add(POOL.submit(() -> deflate(data, n, dictionary, last, lvl)));
            window = last ? null : Arrays.copyOfRange(data, n - WINDOW, n);
            block = new byte[BLOCK];
            fill = 0;
            while (pending.size() > 2 * THREADS) {
                writeNext();
            }
        }

        private void writeNext() throws IOException {
            try {
                drain(ByteBuffer.wrap(pending.poll().get()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while compressing");
            } catch (ExecutionException e) {
                throw new IOException("compression failed: " + e.getCause(), e.getCause());
            }
        }

        private static byte[] deflate(byte[] data, int n, byte[] dictionary, boolean last, int level) {
            Deflater d = new Deflater(level, true);
            try {
                if (dictionary != null) {
                    d.setDictionary(dictionary);
                }
                d.setInput(data, 0, n);
                if (last) {
                    d.finish();
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream(n / 2 + 64);
                byte[] buf = new byte[1 << 16];
                while (true) {
                    int k = d.deflate(buf, 0, buf.length, last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH);
                    out.write(buf, 0, k);
                    if (last ? d.finished() : k < buf.length) {
                        return out.toByteArray();
                    }
                }
            } finally {
                d.end();
            }
        }

        @Override
        public void finish() throws IOException {
            submit(true);
            while (!pending.isEmpty()) {
                writeNext();
            }
            ByteBuffer t = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            t.putInt((int) crc.getValue()).putInt((int) length).flip();
            drain(t);
        }

        @Override
        public void release() {
            for (Future<byte[]> f : pending) {
                f.cancel(true);
            }
            pending.clear();
        }
    }
}
