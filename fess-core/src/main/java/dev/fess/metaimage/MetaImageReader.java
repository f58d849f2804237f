package dev.fess.metaimage;

import dev.fess.nifti.NiftiStatistics;
import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/** Reads MetaImage files; see {@link MetaImage#read}. */
final class MetaImageReader {
    /** Deflate cannot compress better than 1032:1; compressed data promising more than that is refused. */
    private static final long MAX_RATIO = 1032;
    /** Values decoded per chunk. */
    private static final int CHUNK_VALUES = 1 << 16;
    /** At most this many data files (LIST or pattern). */
    static final int MAX_FILES = 1 << 16;

    private static final Pattern PRINTF_INT = Pattern.compile("%(0?\\d*)[diu]");

    private MetaImageReader() {}

    /** One data file (or the header file itself) and the byte range holding its share of the values. */
    private record Part(Path file, long start, long length, boolean compressed, long values) {}

    static MetaImageFile read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        if (Files.isDirectory(file)) {
            throw new MetaImageFormatException(file, "is a directory, not a MetaImage file");
        }
        if (!Files.isRegularFile(file)) {
            throw new MetaImageFormatException(file, "not a regular file (a FIFO, socket or device is never read)");
        }
        MetaImageHeader h;
        long headerFileSize;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            h = MetaHeaderParser.parse(file, ch);
            headerFileSize = ch.size();
        }
        Affine affine = h.affine();
        String problem = affine.problem();
        if (problem != null) {
            throw new MetaImageFormatException(
                    file, "the affine (from ElementSpacing, Offset, TransformMatrix) is" + " unusable: " + problem);
        }
        List<Part> parts = parts(h, headerFileSize);
        int[] s = h.spatialShape();
        float[] out = new float[(int) h.values()];
        Decoder d = new Decoder(h, out);
        for (Part p : parts) {
            try (FileChannel ch = FileChannel.open(p.file(), StandardOpenOption.READ)) {
                ch.position(p.start());
                InputStream in = new BoundedStream(Channels.newInputStream(ch), p.length());
                if (p.compressed()) {
                    in = inflating(p.file(), in);
                }
                d.decode(p, in);
            } catch (ZipException | EOFException e) {
                throw new MetaImageFormatException(
                        p.file(), "corrupt or cut short compressed data (" + e.getMessage() + ")", e);
            }
        }
        Volume v = new Volume(s[0], s[1], s[2], h.channels(), out, affine);
        return new MetaImageFile(v, h, d.statistics());
    }

    /** The data files and byte ranges, all checked against the file sizes before anything is allocated. */
    private static List<Part> parts(MetaImageHeader h, long headerFileSize) throws IOException {
        String name = h.elementDataFile();
        List<String> names = new ArrayList<>();
        if (h.isLocal()) {
            return List.of(part(h, h.file(), headerFileSize, h.dataStart(), h.compressed(), h.values()));
        }
        int sliceDim;
        if (name.startsWith("LIST")) {
            names.addAll(h.listedFiles());
            sliceDim = -1;
        } else if (name.contains("%")) {
            names.addAll(patternNames(h));
            sliceDim = h.nDims() - 1;
        } else {
            names.add(name);
            sliceDim = 0;
        }
        if (h.compressed() && h.compressedDataSize() > 0 && names.size() > 1) {
            throw new MetaImageFormatException(
                    h.file(), "CompressedDataSize cannot apply to " + names.size() + " data files");
        }
        long each = h.values() / names.size();
        List<Part> parts = new ArrayList<>();
        Path dir = h.file().toAbsolutePath().getParent();
        for (String n : names) {
            Path f = dir.resolve(n);
            boolean compressed = h.compressed();
            if (!Files.isRegularFile(f) && sliceDim == 0 && Files.isRegularFile(dir.resolve(n + ".gz"))) {
                f = dir.resolve(n + ".gz");
                compressed = true; // MetaIO's rule: a data file found with .gz appended is compressed
            }
            if (!Files.isRegularFile(f)) {
                throw new MetaImageFormatException(
                        h.file(),
                        "data file " + f + " (ElementDataFile = "
                                + MetaHeaderParser.printable(name) + ") "
                                + (Files.exists(f) ? "is not a file" : "does not exist"));
            }
            parts.add(part(h, f, Files.size(f), 0, compressed, each));
        }
        return parts;
    }

    private static Part part(MetaImageHeader h, Path f, long size, long afterHeader, boolean compressed, long values) {
        long bytes = values * h.elementType().bytes();
        long start = h.headerSize() > 0 ? h.headerSize() : afterHeader;
        if (h.headerSize() == -1) {
            if (compressed) {
                throw new MetaImageFormatException(
                        h.file(),
                        "HeaderSize = -1 (data at the end of the file) cannot" + " be used with CompressedData = True");
            }
            start = size - bytes;
            if (start < 0) {
                throw new MetaImageFormatException(
                        f,
                        "data cut short: " + size + " bytes, DimSize " + h.shapeText() + " of "
                                + h.elementType().metaName() + " needs " + bytes);
            }
        }
        if (start > size) {
            throw new MetaImageFormatException(
                    f, "HeaderSize " + h.headerSize() + " is beyond the end of the file (" + size + " bytes)");
        }
        long available = size - start;
        if (!compressed) {
            if (available < bytes) {
                throw new MetaImageFormatException(
                        f,
                        "data cut short: " + available + " bytes of data, DimSize "
                                + h.shapeText() + " of " + h.elementType().metaName() + " needs " + bytes
                                + " (truncated file)");
            }
            return new Part(f, start, bytes, false, values);
        }
        long length = available;
        if (h.compressedDataSize() > 0) {
            if (h.compressedDataSize() > available) {
                throw new MetaImageFormatException(
                        f,
                        "CompressedDataSize " + h.compressedDataSize() + " runs past" + " the end of the file ("
                                + available + " bytes of data; truncated file)");
            }
            length = h.compressedDataSize();
        }
        if (length <= Long.MAX_VALUE / MAX_RATIO && length * MAX_RATIO + 1024 < bytes) {
            throw new MetaImageFormatException(
                    f,
                    length + " bytes of compressed data cannot hold the " + bytes
                            + " bytes that DimSize " + h.shapeText() + " of "
                            + h.elementType().metaName()
                            + " needs (truncated file or wrong DimSize)");
        }
        return new Part(f, start, length, true, values);
    }

    /** The file names of a {@code printf} pattern: {@code pattern [min [max [step]]]}, one per last-axis slice. */
    private static List<String> patternNames(MetaImageHeader h) {
        String[] words = h.elementDataFile().trim().split("\\s+");
        String pattern = words[0];
        int numbers = Math.min(3, words.length - 1);
        if (words.length > 4) {
            pattern = String.join(" ", Arrays.copyOf(words, words.length - 3));
            numbers = 3;
        }
        long[] v = new long[numbers];
        for (int i = 0; i < numbers; i++) {
            String w = words[words.length - numbers + i];
            try {
                v[i] = Long.parseLong(w);
            } catch (NumberFormatException e) {
                throw new MetaImageFormatException(
                        h.file(),
                        "ElementDataFile = "
                                + MetaHeaderParser.printable(h.elementDataFile())
                                + ": expected '<pattern> [min [max [step]]]'"
                                + " with integer min, max and step");
            }
        }
        long count = h.dimSize()[h.nDims() - 1];
        if (count > MAX_FILES) {
            throw new MetaImageFormatException(
                    h.file(), "ElementDataFile pattern would name " + count + " files (more than " + MAX_FILES + ")");
        }
        long min = numbers > 0 ? v[0] : 1;
        long step = numbers > 2 ? v[2] : 1;
        if (step <= 0) {
            throw new MetaImageFormatException(h.file(), "ElementDataFile pattern step " + step + " (expected > 0)");
        }
        Matcher m = PRINTF_INT.matcher(pattern);
        if (!m.find()
                || pattern.indexOf('%', m.end()) >= 0
                || pattern.substring(0, m.start()).contains("%")) {
            throw new MetaImageFormatException(
                    h.file(),
                    "ElementDataFile pattern '" + MetaHeaderParser.printable(pattern)
                            + "' must hold one integer conversion such as %03d");
        }
        String javaPattern = pattern.substring(0, m.start()).replace("%", "%%") + "%" + m.group(1) + "d"
                + pattern.substring(m.end());
        List<String> names = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            names.add(String.format(javaPattern, min + i * step));
        }
        return names;
    }

    /** zlib (what MetaIO writes) or gzip ({@code .raw.gz}), told by the first two bytes as MetaIO's inflate does. */
    private static InputStream inflating(Path file, InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new GZIPInputStream(in, 1 << 16);
        }
        if (b0 < 0 || b1 < 0 || (b0 & 0x0f) != 8 || ((b0 << 8) | b1) % 31 != 0) {
            throw new MetaImageFormatException(
                    file,
                    "CompressedData = True but the data is neither zlib nor gzip"
                            + (b0 < 0 ? " (no data)" : String.format(" (starts with %02x %02x)", b0, Math.max(b1, 0))));
        }
        return new InflaterInputStream(in, new Inflater(), 1 << 16);
    }

    /** Reads at most {@code limit} bytes of the underlying stream. */
    private static final class BoundedStream extends InputStream {
        private final InputStream in;
        private long left;

        BoundedStream(InputStream in, long limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    /** Converts element values to float in fess's layout (channel slowest) and accumulates statistics. */
    private static final class Decoder {
        private final MetaImageHeader h;
        private final MetaElementType type;
        private final float[] out;
        private final int perVoxel;
        private final long spatial;
        private final byte[] bytes;
        private final double[] raw = new double[CHUNK_VALUES];
        private final short[] shorts;
        private final int[] ints;
        private final long[] longs;
        private final float[] floats;
        private long next;
        private long count;
        private long nan;
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;
        private double sum;

        Decoder(MetaImageHeader h, float[] out) {
            this.h = h;
            this.type = h.elementType();
            this.out = out;
            this.perVoxel = h.channelsPerVoxel();
            int[] s = h.spatialShape();
            this.spatial = (long) s[0] * s[1] * s[2];
            this.bytes = new byte[CHUNK_VALUES * type.bytes()];
            int k = CHUNK_VALUES;
            this.shorts = type.bytes() == 2 ? new short[k] : null;
            this.ints = type.bytes() == 4 && type.isInteger() ? new int[k] : null;
            this.longs = type.bytes() == 8 && type.isInteger() ? new long[k] : null;
            this.floats = type == MetaElementType.FLOAT ? new float[k] : null;
        }

        void decode(Part p, InputStream in) throws IOException {
            long left = p.values();
            while (left > 0) {
                int n = (int) Math.min(CHUNK_VALUES, left);
                int want = n * type.bytes();
                int got = in.readNBytes(bytes, 0, want);
                if (got < want) {
                    long have = (p.values() - left) * type.bytes() + got;
                    throw new MetaImageFormatException(
                            p.file(),
                            "data cut short: " + have + " of "
                                    + p.values() * type.bytes() + " bytes"
                                    + (p.compressed() ? " after decompression" : "")
                                    + " (truncated file)");
                }
                ByteBuffer b = ByteBuffer.wrap(bytes, 0, want).order(h.byteOrder());
                toDouble(b, n);
                store(n);
                left -= n;
            }
        }

        /** Stores {@code raw[0, n)} as float at the next positions and adds them to the statistics (one pass). */
        private void store(int n) {
            double lo = min;
            double hi = max;
            double s = 0;
            long c = 0;
            long nans = 0;
            boolean direct = perVoxel == 1;
            int at = (int) next;
            for (int i = 0; i < n; i++) {
                double v = raw[i];
                if (direct) {
                    out[at + i] = (float) v;
                } else {
                    long e = next + i;
                    long voxel = e / perVoxel;
                    long channel = (voxel / spatial) * perVoxel + e % perVoxel;
                    out[(int) (voxel % spatial + spatial * channel)] = (float) v;
                }
                if (v != v) {
                    nans++;
                } else {
                    c++;
                    s += v;
                    lo = v < lo ? v : lo;
                    hi = v > hi ? v : hi;
                }
            }
            min = lo;
            max = hi;
            sum += s;
            count += c;
            nan += nans;
            next += n;
        }

        /** Bulk-decodes {@code n} values of the element type into {@code raw} as double. */
        private void toDouble(ByteBuffer b, int n) {
            switch (type) {
                case CHAR -> {
                    for (int i = 0; i < n; i++) {
                        raw[i] = bytes[i];
                    }
                }
                case UCHAR -> {
                    for (int i = 0; i < n; i++) {
                        raw[i] = bytes[i] & 0xFF;
                    }
                }
                case SHORT -> {
                    b.asShortBuffer().get(shorts, 0, n);
                    for (int i = 0; i < n; i++) {
                        raw[i] = shorts[i];
                    }
                }
                case USHORT -> {
                    b.asShortBuffer().get(shorts, 0, n);
                    for (int i = 0; i < n; i++) {
                        raw[i] = shorts[i] & 0xFFFF;
                    }
                }
                case INT, LONG -> {
                    b.asIntBuffer().get(ints, 0, n);
                    for (int i = 0; i < n; i++) {
                        raw[i] = ints[i];
                    }
                }
                case UINT, ULONG -> {
                    b.asIntBuffer().get(ints, 0, n);
                    for (int i = 0; i < n; i++) {
                        raw[i] = ints[i] & 0xFFFFFFFFL;
                    }
                }
                case LONG_LONG -> {
                    b.asLongBuffer().get(longs, 0, n);
                    for (int i = 0; i < n; i++) {
                        raw[i] = longs[i];
                    }
                }
                case ULONG_LONG -> {
                    b.asLongBuffer().get(longs, 0, n);
                    for (int i = 0; i < n; i++) {
                        long v = longs[i];
                        raw[i] = v >= 0 ? v : (double) (v >>> 1) * 2 + (v & 1);
                    }
                }
                case FLOAT -> {
                    b.asFloatBuffer().get(floats, 0, n);
                    for (int i = 0; i < n; i++) {
                        raw[i] = floats[i];
                    }
                }
                case DOUBLE -> b.asDoubleBuffer().get(raw, 0, n);
                default -> throw new IllegalStateException(type.toString());
            }
        }

        NiftiStatistics statistics() {
            return count == 0
                    ? new NiftiStatistics(0, nan, Double.NaN, Double.NaN, 0)
                    : new NiftiStatistics(count, nan, min, max, sum);
        }
    }
}
