package dev.fess.nifti;

import dev.fess.UserInputException;
import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/** Reads NIfTI-1/2 files; see {@link Nifti#read}. */
final class NiftiReader {
    static final int NIFTI1_HEADER = 348;
    static final int NIFTI2_HEADER = 540;
    /** The largest Java array. */
    static final long MAX_VOXELS = Integer.MAX_VALUE - 8;
    /** Values decoded per chunk: 1 MiB of float64, 128 KiB of uint8. */
    private static final int CHUNK_VALUES = 1 << 17;

    private static final int GZIP_BUFFER = 1 << 18;

    private NiftiReader() {}

    static NiftiImage read(Path file) throws IOException {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        boolean gz = lower.endsWith(".gz");
        String stem = gz ? lower.substring(0, lower.length() - 3) : lower;
        if (stem.endsWith(".hdr") || stem.endsWith(".img")) {
            String base = name.substring(0, stem.length() - 4);
            String ext = gz ? name.substring(stem.length()) : "";
            boolean upper = name.charAt(stem.length() - 3) == 'H' || name.charAt(stem.length() - 3) == 'I';
            Path hdr = file.resolveSibling(base + (upper ? ".HDR" : ".hdr") + ext);
            Path img = file.resolveSibling(base + (upper ? ".IMG" : ".img") + ext);
            return readPair(hdr, img, gz);
        }
        try (ByteSource src = open(file, gz)) {
            NiftiHeader h = readHeader(file, src, false);
            long minOffset = headerSize(h) + 4;
            long offset = h.voxOffset() == 0 ? minOffset : h.voxOffset();
            if (offset < minOffset) {
                throw new NiftiFormatException(
                        file,
                        "vox_offset " + h.voxOffset()
                                + " points into the header (a single-file NIfTI-" + h.version() + " needs at least "
                                + minOffset + ")");
            }
            return readData(file, src, h, offset - headerSize(h));
        }
    }

    private static NiftiImage readPair(Path hdr, Path img, boolean gz) throws IOException {
        NiftiHeader h;
        try (ByteSource src = open(hdr, gz)) {
            h = readHeader(hdr, src, true);
        }
        try (ByteSource src = open(img, gz)) {
            return readData(img, src, h, h.voxOffset());
        }
    }

    private static int headerSize(NiftiHeader h) {
        return h.version() == 1 ? NIFTI1_HEADER : NIFTI2_HEADER;
    }

    private static ByteSource open(Path file, boolean gz) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        if (Files.isDirectory(file)) {
            throw new NiftiFormatException(file, "is a directory, not a NIfTI file");
        }
        if (!Files.isRegularFile(file)) {
            throw new NiftiFormatException(file, "not a regular file (a FIFO, socket or device is never read)");
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return gz
                    ? new GzipSource(file, ch, (int) Math.max(4096, Math.min(GZIP_BUFFER, ch.size())))
                    : new ChannelSource(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    static NiftiHeader readHeader(Path file, ByteSource src, boolean pair) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(NIFTI2_HEADER);
        b.limit(NIFTI1_HEADER);
        int n = src.readFully(b);
        if (n == 0) {
            throw new NiftiFormatException(file, "empty file");
        }
        if (n < 4) {
            throw new NiftiFormatException(file, "only " + n + " bytes: too short for a NIfTI header");
        }
        int le = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        int be = b.order(ByteOrder.BIG_ENDIAN).getInt(0);
        int version;
        ByteOrder order;
        if (le == NIFTI1_HEADER || be == NIFTI1_HEADER) {
            version = 1;
            order = le == NIFTI1_HEADER ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        } else if (le == NIFTI2_HEADER || be == NIFTI2_HEADER) {
            version = 2;
            order = le == NIFTI2_HEADER ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        } else {
            boolean gzipMagic = (b.get(0) & 0xFF) == 0x1f && (b.get(1) & 0xFF) == 0x8b;
            throw new NiftiFormatException(
                    file,
                    "sizeof_hdr is " + le + " (expected 348 for NIfTI-1 or 540 for"
                            + " NIfTI-2, in either byte order)"
                            + (gzipMagic ? "; the content is gzip-compressed, so the name should end in .gz" : ""));
        }
        if (n < NIFTI1_HEADER) {
            throw new NiftiFormatException(file, "header cut short: " + n + " of " + headerSizeOf(version) + " bytes");
        }
        if (version == 2) {
            b.limit(NIFTI2_HEADER).position(NIFTI1_HEADER);
            int more = src.readFully(b);
            if (more < NIFTI2_HEADER - NIFTI1_HEADER) {
                throw new NiftiFormatException(
                        file, "header cut short: " + (NIFTI1_HEADER + more) + " of " + NIFTI2_HEADER + " bytes");
            }
        }
        b.order(order);
        return version == 1 ? parse1(file, b, order, pair) : parse2(file, b, order, pair);
    }

    private static int headerSizeOf(int version) {
        return version == 1 ? NIFTI1_HEADER : NIFTI2_HEADER;
    }

    private static NiftiHeader parse1(Path file, ByteBuffer b, ByteOrder order, boolean pair) {
        String magic = cString(b, 344, 4);
        checkMagic(file, magic, "n+1", "ni1", pair);
        long[] dim = new long[8];
        for (int i = 0; i < 8; i++) {
            dim[i] = b.getShort(40 + 2 * i);
        }
        checkDims(file, dim);
        NiftiDatatype type = datatype(file, b.getShort(70));
        double[] pixdim = new double[8];
        for (int i = 0; i < 8; i++) {
            pixdim[i] = b.getFloat(76 + 4 * i);
        }
        float off = b.getFloat(108);
        if (!(off >= 0) || off > 0x1p62) {
            throw new NiftiFormatException(file, "vox_offset " + off + " is not a valid byte offset");
        }
        double[] srow = new double[12];
        for (int i = 0; i < 12; i++) {
            srow[i] = b.getFloat(280 + 4 * i);
        }
        return new NiftiHeader(
                1,
                order,
                magic,
                dim,
                type,
                b.getShort(72),
                pixdim,
                (long) off,
                b.getFloat(112),
                b.getFloat(116),
                b.getShort(252),
                b.getShort(254),
                new double[] {b.getFloat(256), b.getFloat(260), b.getFloat(264)},
                new double[] {b.getFloat(268), b.getFloat(272), b.getFloat(276)},
                srow,
                b.get(123) & 0xFF,
                b.getShort(68),
                cString(b, 148, 80));
    }

    private static NiftiHeader parse2(Path file, ByteBuffer b, ByteOrder order, boolean pair) {
        String magic = cString(b, 4, 4);
        checkMagic(file, magic, "n+2", "ni2", pair);
        long[] dim = new long[8];
        for (int i = 0; i < 8; i++) {
            dim[i] = b.getLong(16 + 8 * i);
        }
        checkDims(file, dim);
        NiftiDatatype type = datatype(file, b.getShort(12));
        double[] pixdim = new double[8];
        for (int i = 0; i < 8; i++) {
            pixdim[i] = b.getDouble(104 + 8 * i);
        }
        long off = b.getLong(168);
        if (off < 0) {
            throw new NiftiFormatException(file, "vox_offset " + off + " is negative");
        }
        double[] srow = new double[12];
        for (int i = 0; i < 12; i++) {
            srow[i] = b.getDouble(400 + 8 * i);
        }
        return new NiftiHeader(
                2,
                order,
                magic,
                dim,
                type,
                b.getShort(14),
                pixdim,
                off,
                b.getDouble(176),
                b.getDouble(184),
                b.getInt(344),
                b.getInt(348),
                new double[] {b.getDouble(352), b.getDouble(360), b.getDouble(368)},
                new double[] {b.getDouble(376), b.getDouble(384), b.getDouble(392)},
                srow,
                b.getInt(500),
                b.getInt(504),
                cString(b, 240, 80));
    }

    private static void checkMagic(Path file, String magic, String single, String pairMagic, boolean pair) {
        if (magic.equals(pair ? pairMagic : single)) {
            return;
        }
        if (!pair && magic.equals(pairMagic)) {
            throw new NiftiFormatException(
                    file,
                    "magic '" + magic + "' marks a .hdr/.img pair, but this is a" + " single file (expected '" + single
                            + "')");
        }
        if (pair && magic.equals(single)) {
            return; // a single-file header saved as .hdr: its vox_offset still locates the data in the .img
        }
        throw new NiftiFormatException(
                file, "magic is '" + printable(magic) + "' (expected '" + (pair ? pairMagic : single) + "')");
    }

    private static void checkDims(Path file, long[] dim) {
        if (dim[0] < 1 || dim[0] > 7) {
            throw new NiftiFormatException(file, "dim[0] = " + dim[0] + " (expected 1 to 7 dimensions)");
        }
        long voxels = 1;
        for (int d = 1; d <= dim[0]; d++) {
            if (dim[d] < 0) {
                throw new NiftiFormatException(file, "negative dimension dim[" + d + "] = " + dim[d]);
            }
            if (dim[d] == 0) {
                throw new NiftiFormatException(file, "dimension dim[" + d + "] is 0 (an empty image)");
            }
            if (dim[d] > MAX_VOXELS || voxels > MAX_VOXELS / dim[d]) {
                throw new NiftiFormatException(
                        file,
                        "dimensions " + shapeText(dim) + " exceed 2^31 voxels, more than fess can hold in memory");
            }
            voxels *= dim[d];
        }
    }

    static String shapeText(long[] dim) {
        StringBuilder s = new StringBuilder();
        for (int d = 1; d <= dim[0]; d++) {
            s.append(d > 1 ? "×" : "").append(dim[d]);
        }
        return s.toString();
    }

    private static NiftiDatatype datatype(Path file, int code) {
        try {
            return NiftiDatatype.fromCode(code);
        } catch (IllegalArgumentException e) {
            throw new NiftiFormatException(file, e.getMessage());
        }
    }

    private static String cString(ByteBuffer b, int at, int len) {
        int end = at;
        while (end < at + len && b.get(end) != 0) {
            end++;
        }
        byte[] s = new byte[end - at];
        b.get(at, s);
        return new String(s, StandardCharsets.ISO_8859_1);
    }

    private static String printable(String s) {
        StringBuilder r = new StringBuilder();
        for (char c : s.toCharArray()) {
            r.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return r.toString();
    }

    /**
     * Refuses a transform fess cannot use: the qform's voxel sizes pixdim[1..3] must be finite and non-zero (a
     * negative one is taken as its absolute value, {@link NiftiHeader#spacing}), and the affine in use must be
     * finite and non-singular ({@link Affine#problem}).
     */
    private static void checkGeometry(Path file, NiftiHeader h, Affine affine) {
        String source = h.affineSource();
        if (source.equals("qform")) {
            for (int d = 1; d <= 3; d++) {
                double p = h.pixdim()[d];
                if (p == 0 || !Double.isFinite(p)) {
                    throw new NiftiFormatException(
                            file,
                            "qform voxel size pixdim[" + d + "] is " + p
                                    + " (voxel sizes must be positive finite numbers)");
                }
            }
        }
        String problem = affine.problem();
        if (problem != null) {
            throw new NiftiFormatException(file, "the affine (from the " + source + ") is unusable: " + problem);
        }
    }

    /** Reads the voxels after skipping {@code skip} bytes of extensions / padding. */
    private static NiftiImage readData(Path file, ByteSource src, NiftiHeader h, long skip) throws IOException {
        Affine affine;
        try {
            affine = h.affine();
        } catch (IllegalStateException e) {
            throw new NiftiFormatException(file, e.getMessage());
        }
        checkGeometry(file, h, affine);
        if (h.scaled() && !Double.isFinite(h.sclInter())) {
            throw new NiftiFormatException(
                    file, "scl_slope " + h.sclSlope() + " is valid but scl_inter is " + h.sclInter());
        }
        NiftiDatatype type = h.datatype();
        int[] s = h.spatialShape();
        int channels = h.channels();
        long voxels = (long) s[0] * s[1] * s[2] * channels;
        long bytes = voxels * type.bytes();
        long available = src.maxRemaining();
        if (skip > available || bytes > available - skip) {
            String what = "the header's " + shapeText(h.dim()) + " " + type.label() + " voxels need " + bytes
                    + " bytes of data from offset " + h.voxOffset() + ", ";
            throw new NiftiFormatException(
                    file,
                    src instanceof GzipSource
                            ? what + "more than this gzip file can hold (truncated file or wrong dimensions)"
                            : what + "but only " + available + " bytes follow the header (truncated file or wrong"
                                    + " dimensions)");
        }
        if (src.skip(skip) < skip) {
            throw new NiftiFormatException(file, "file ends before vox_offset " + h.voxOffset());
        }
        float[] data;
        try {
            data = new float[(int) voxels];
        } catch (OutOfMemoryError e) {
            throw new UserInputException(file + ": " + voxels + " voxels need " + (voxels * 4 >> 20)
                    + " MiB of memory, more than the Java heap has (raise -Xmx)");
        }
        NiftiStatistics.Accumulator stats = new NiftiStatistics.Accumulator();
        decode(file, src, h, data, stats);
        src.finish();
        Volume v = new Volume(s[0], s[1], s[2], channels, data, affine);
        return new NiftiImage(v, h, stats.result());
    }

    private static void decode(Path file, ByteSource src, NiftiHeader h, float[] dst, NiftiStatistics.Accumulator stats)
            throws IOException {
        NiftiDatatype type = h.datatype();
        double slope = h.effectiveSlope();
        double inter = h.effectiveInter();
        boolean identity = slope == 1 && inter == 0;
        int chunk = (int) Math.min(CHUNK_VALUES, dst.length);
        ByteBuffer buf = ByteBuffer.allocateDirect(chunk * type.bytes()).order(h.byteOrder());
        double[] raw = type == NiftiDatatype.FLOAT32 && identity ? null : new double[chunk];
        Scratch scratch = new Scratch(type, chunk);
        for (int off = 0; off < dst.length; off += chunk) {
            int n = Math.min(chunk, dst.length - off);
            buf.clear().limit(n * type.bytes());
            int got = src.readFully(buf);
            if (got < buf.limit()) {
                long have = (long) off * type.bytes() + got;
                throw new NiftiFormatException(
                        file,
                        "data cut short: " + have + " of " + (long) dst.length * type.bytes()
                                + " bytes (truncated file)");
            }
            buf.flip();
            if (raw == null) {
                buf.asFloatBuffer().get(dst, off, n);
                stats.addAll(dst, off, off + n);
                continue;
            }
            scratch.toDouble(buf, raw, n);
            if (identity) {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = (float) raw[i];
                }
            } else {
                for (int i = 0; i < n; i++) {
                    double v = raw[i] * slope + inter;
                    raw[i] = v;
                    dst[off + i] = (float) v;
                }
            }
            stats.addAll(raw, n);
        }
    }

    /** Bulk conversion of one chunk of on-disk values to double. */
    private static final class Scratch {
        private final NiftiDatatype type;
        private byte[] b;
        private short[] s;
        private int[] i;
        private long[] l;
        private float[] f;

        Scratch(NiftiDatatype type, int n) {
            this.type = type;
            switch (type) {
                case UINT8, INT8 -> b = new byte[n];
                case INT16, UINT16 -> s = new short[n];
                case INT32, UINT32 -> i = new int[n];
                case INT64 -> l = new long[n];
                case FLOAT32 -> f = new float[n];
                case FLOAT64 -> {}
                default -> throw new IllegalStateException(type.toString());
            }
        }

        void toDouble(ByteBuffer buf, double[] out, int n) {
            switch (type) {
                case UINT8 -> {
                    buf.get(b, 0, n);
                    for (int k = 0; k < n; k++) {
                        out[k] = b[k] & 0xFF;
                    }
                }
                case INT8 -> {
                    buf.get(b, 0, n);
                    for (int k = 0; k < n; k++) {
                        out[k] = b[k];
                    }
                }
                case INT16 -> {
                    buf.asShortBuffer().get(s, 0, n);
                    for (int k = 0; k < n; k++) {
                        out[k] = s[k];
                    }
                }
                case UINT16 -> {
                    buf.asShortBuffer().get(s, 0, n);
                    for (int k = 0; k < n; k++) {
                        out[k] = s[k] & 0xFFFF;
                    }
                }
                case INT32 -> {
                    buf.asIntBuffer().get(i, 0, n);
                    for (int k = 0; k < n; k++) {
                        out[k] = i[k];
                    }
                }
                case UINT32 -> {
                    buf.asIntBuffer().get(i, 0, n);
                    for (int k = 0; k < n; k++) {
                        out[k] = i[k] & 0xFFFFFFFFL;
                    }
                }
                case INT64 -> {
                    buf.asLongBuffer().get(l, 0, n);
                    for (int k = 0; k < n; k++) {
                        out[k] = l[k];
                    }
                }
                case FLOAT32 -> {
                    buf.asFloatBuffer().get(f, 0, n);
                    for (int k = 0; k < n; k++) {
                        out[k] = f[k];
                    }
                }
                case FLOAT64 -> buf.asDoubleBuffer().get(out, 0, n);
                default -> throw new IllegalStateException(type.toString());
            }
        }
    }
}
