package dev.fess.npy;

import dev.fess.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes numpy's {@code .npy} format (versions 1.0, 2.0 and 3.0).
 *
 * <p>A file is the magic {@code \x93NUMPY}, two version bytes, the header length (uint16 little-endian in version
 * 1, uint32 in versions 2 and 3), a Python dict literal {@code {'descr': '<f4', 'fortran_order': False,
 * 'shape': (64, 64, 64), }} padded with spaces and a newline, then the raw elements.
 *
 * <p>Reading accepts little- and big-endian data, C and Fortran order and the types of {@link NpyDtype}. The file
 * size is checked against the header before any array is allocated, so a corrupt header cannot trigger a huge
 * allocation. Writing produces exactly what {@code numpy.save} writes for a C-order little-endian array (version
 * 1.0, header padded to 64 bytes), through a temporary file renamed into place.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    private static final int CHUNK = 1 << 20;
    /** Largest header fess accepts (numpy itself refuses more than 10 000 bytes by default). */
    private static final int MAX_HEADER = 1 << 20;

    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private Npy() {}

    /** The parsed header of a {@code .npy} file. */
    public record Header(
            int majorVersion, NpyDtype dtype, ByteOrder order, boolean fortranOrder, int[] shape, long dataOffset) {
        /** Number of elements: the product of the shape (1 for a scalar). */
        public long count() {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }
    }

    /**
     * Reads a whole array.
     *
     * @throws NpyFormatException if the file is not a {@code .npy} file fess can read, or is truncated
     * @throws NoSuchFileException if it does not exist
     */
    public static NpyArray read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h = readHeader(file, ch);
            int n = (int) h.count();
            float[] out = new float[n];
            decode(file, ch, h, out);
            return new NpyArray(h.shape(), h.dtype(), out);
        }
    }

    /** Reads only the header (shape, type, order), checking it against the file size. */
    public static Header readHeader(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return readHeader(file, ch);
        }
    }

    private static Header readHeader(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, pre, 0);
        pre.flip();
        if (pre.remaining() < 10) {
            throw new NpyFormatException(file, "not a .npy file: only " + size + " bytes");
        }
        for (byte b : MAGIC) {
            if (pre.get() != b) {
                throw new NpyFormatException(file, "not a .npy file: it does not start with \\x93NUMPY");
            }
        }
        int major = pre.get() & 0xff;
        int minor = pre.get() & 0xff;
        long headerLen;
        int prefix;
        if (major == 1) {
            headerLen = pre.getShort() & 0xffff;
            prefix = 10;
        } else if (major == 2 || major == 3) {
            if (pre.remaining() < 4) {
                throw new NpyFormatException(file, "truncated .npy header");
            }
            headerLen = pre.getInt() & 0xffffffffL;
            prefix = 12;
        } else {
            throw new NpyFormatException(
                    file, "unsupported .npy format version " + major + "." + minor + " (expected 1.0, 2.0 or 3.0)");
        }
        if (headerLen > MAX_HEADER || prefix + headerLen > size) {
            throw new NpyFormatException(
                    file,
                    "truncated .npy header: it claims " + headerLen + " bytes, the file has " + (size - prefix)
                            + " after the prefix");
        }
        ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
        readFully(ch, hb, prefix);
        String text = new String(hb.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Map<String, Object> dict;
        try {
            dict = new DictParser(text).parse();
        } catch (IllegalArgumentException e) {
            throw new NpyFormatException(file, "unreadable .npy header " + text.strip() + ": " + e.getMessage());
        }
        Object descr = dict.get("descr");
        Object fortran = dict.get("fortran_order");
        Object shapeObj = dict.get("shape");
        if (!(descr instanceof String d) || !(fortran instanceof Boolean f) || !(shapeObj instanceof int[] shape)) {
            throw new NpyFormatException(
                    file,
                    "the .npy header needs 'descr' (a string), 'fortran_order' (a bool) and"
                            + " 'shape' (a tuple), got " + text.strip());
        }
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        String code = d;
        if (!d.isEmpty() && "<>|=".indexOf(d.charAt(0)) >= 0) {
            char o = d.charAt(0);
            order = o == '>' ? ByteOrder.BIG_ENDIAN : o == '=' ? ByteOrder.nativeOrder() : ByteOrder.LITTLE_ENDIAN;
            code = d.substring(1);
        }
        NpyDtype dtype = NpyDtype.ofCode(code);
        if (dtype == null) {
            throw new NpyFormatException(
                    file, "unsupported dtype '" + d + "' (fess reads b1, i1, u1, i2, u2, i4, u4, i8, u8, f4, f8)");
        }
        long count = 1;
        for (int dim : shape) {
            if (dim < 0) {
                throw new NpyFormatException(file, "negative dimension in shape " + NpyArray.shapeString(shape));
            }
            count *= dim;
            if (count > MAX_ELEMENTS) {
                throw new NpyFormatException(
                        file, "array of shape " + NpyArray.shapeString(shape) + " has more than 2^31 elements");
            }
        }
        long dataOffset = prefix + headerLen;
        long need = count * dtype.itemSize();
        long have = size - dataOffset;
        if (have < need) {
            throw new NpyFormatException(
                    file,
                    "truncated: shape " + NpyArray.shapeString(shape) + " of " + d + " needs " + need
                            + " data bytes, the file has " + have);
        }
        if (have > need) {
            throw new NpyFormatException(
                    file,
                    (have - need) + " unexpected bytes after the data of shape " + NpyArray.shapeString(shape) + " of "
                            + d);
        }
        return new Header(major, dtype, order, f, shape, dataOffset);
    }

    private static void decode(Path file, FileChannel ch, Header h, float[] out) throws IOException {
        int n = out.length;
        int[] shape = h.shape();
        int rank = shape.length;
        // For Fortran order the file runs the first index fastest; map each element to its C-order position.
        boolean fortran = h.fortranOrder() && rank > 1;
        int[] cStride = new int[rank];
        int s = 1;
        for (int d = rank - 1; d >= 0; d--) {
            cStride[d] = s;
            s *= shape[d];
        }
        int[] idx = new int[rank];
        int dst = 0;
        int item = h.dtype().itemSize();
        ByteBuffer buf =
                ByteBuffer.allocate(Math.max(item, (CHUNK / item) * item)).order(h.order());
        long pos = h.dataOffset();
        int done = 0;
        NpyDtype t = h.dtype();
        while (done < n) {
            buf.clear();
            int want = (int) Math.min(buf.capacity(), (long) (n - done) * item);
            buf.limit(want);
            while (buf.hasRemaining()) {
                int r = ch.read(buf, pos + buf.position());
                if (r < 0) {
                    throw new NpyFormatException(file, "truncated while reading the data");
                }
            }
            pos += want;
            buf.flip();
            int m = want / item;
            for (int e = 0; e < m; e++) {
                float v = switch (t) {
                    case BOOL -> buf.get() != 0 ? 1f : 0f;
                    case INT8 -> buf.get();
                    case UINT8 -> buf.get() & 0xff;
                    case INT16 -> buf.getShort();
                    case UINT16 -> buf.getShort() & 0xffff;
                    case INT32 -> buf.getInt();
                    case UINT32 -> buf.getInt() & 0xffffffffL;
                    case INT64 -> buf.getLong();
                    case UINT64 -> unsignedToFloat(buf.getLong());
                    case FLOAT32 -> buf.getFloat();
                    case FLOAT64 -> (float) buf.getDouble();
                };
                if (fortran) {
                    out[dst] = v;
                    for (int d = 0; d < rank; d++) {
                        idx[d]++;
                        dst += cStride[d];
                        if (idx[d] < shape[d]) {
                            break;
                        }
                        dst -= idx[d] * cStride[d];
                        idx[d] = 0;
                    }
                } else {
                    out[dst++] = v;
                }
            }
            done += m;
        }
    }

    private static float unsignedToFloat(long v) {
        return v >= 0 ? v : (float) (((v >>> 1) | (v & 1)) * 2.0);
    }

    /**
     * Writes {@code a} as a little-endian C-order version 1.0 file, byte-identical to {@code numpy.save}; the file
     * appears atomically (written to {@code <name>.tmp} and renamed).
     *
     * @throws IllegalArgumentException if a value cannot be stored in the array's dtype unchanged (a fraction or
     *     NaN in an integer type, a value out of range)
     */
    public static void write(Path file, NpyArray a) throws IOException {
        NpyDtype t = a.dtype();
        float[] data = a.data();
        if (!t.isFloating()) {
            for (int i = 0; i < data.length; i++) {
                if (!t.represents(data[i])) {
                    throw new IllegalArgumentException("value " + data[i] + " at element " + i + " cannot be stored as "
                            + t.code() + " in " + file);
                }
            }
        }
        byte[] header = headerBytes(t, a.shape());
        AtomicFiles.write(file, ch -> {
            writeFully(ch, ByteBuffer.wrap(header));
            int item = t.itemSize();
            ByteBuffer buf = ByteBuffer.allocate((CHUNK / item) * item).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : data) {
                if (buf.remaining() < item) {
                    buf.flip();
                    writeFully(ch, buf);
                    buf.clear();
                }
                switch (t) {
                    case BOOL, INT8, UINT8 -> buf.put((byte) (int) v);
                    case INT16, UINT16 -> buf.putShort((short) (int) v);
                    case INT32 -> buf.putInt((int) v);
                    case UINT32 -> buf.putInt((int) (long) v);
                    case INT64 -> buf.putLong((long) v);
                    case UINT64 -> buf.putLong(v >= 0x1p63f ? (long) (v - 0x1p63f) + Long.MIN_VALUE : (long) v);
                    case FLOAT32 -> buf.putFloat(v);
                    case FLOAT64 -> buf.putDouble(v);
                }
            }
            buf.flip();
            writeFully(ch, buf);
        });
    }

    /** The magic, version, length and padded dict exactly as numpy 1.x writes them for version 1.0. */
    static byte[] headerBytes(NpyDtype t, int[] shape) {
        String dict = "{'descr': '" + t.littleEndianDescr() + "', 'fortran_order': False, 'shape': "
                + NpyArray.shapeString(shape) + ", }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int pad = (ALIGN - unpadded % ALIGN) % ALIGN;
        String text = dict + " ".repeat(pad) + "\n";
        if (text.length() > 0xffff) {
            throw new IllegalArgumentException(
                    "shape " + NpyArray.shapeString(shape) + " is too long for a .npy header");
        }
        ByteBuffer b = ByteBuffer.allocate(10 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length());
        b.put(text.getBytes(StandardCharsets.ISO_8859_1));
        return b.array();
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int r = ch.read(b, pos + b.position());
            if (r < 0) {
                return;
            }
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** A parser for the small subset of Python literals a {@code .npy} header uses. */
    private static final class DictParser {
        private final String s;
        private int p;

        DictParser(String s) {
            this.s = s;
        }

        Map<String, Object> parse() {
            Map<String, Object> m = new HashMap<>();
            skip();
            expect('{');
            skip();
            while (peek() != '}') {
                Object key = value();
                if (!(key instanceof String k)) {
                    throw new IllegalArgumentException("dict key at position " + p + " is not a string");
                }
                skip();
                expect(':');
                skip();
                m.put(k, value());
                skip();
                if (peek() == ',') {
                    p++;
                    skip();
                } else if (peek() != '}') {
                    throw new IllegalArgumentException("expected ',' or '}' at position " + p);
                }
            }
            p++;
            skip();
            if (p != s.length()) {
                throw new IllegalArgumentException("unexpected text after the dict at position " + p);
            }
            return m;
        }

        private Object value() {
            char c = peek();
            if (c == '\'' || c == '"') {
                int end = s.indexOf(c, p + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated string at position " + p);
                }
                String v = s.substring(p + 1, end);
                p = end + 1;
                return v;
            }
            if (c == '(') {
                p++;
                List<Integer> dims = new ArrayList<>();
                skip();
                while (peek() != ')') {
                    int start = p;
                    while (p < s.length() && Character.isDigit(s.charAt(p))) {
                        p++;
                    }
                    if (start == p) {
                        throw new IllegalArgumentException("expected a non-negative integer at position " + p);
                    }
                    long v = Long.parseLong(s.substring(start, Math.min(p, start + 18)));
                    if (p - start > 18 || v > Integer.MAX_VALUE) {
                        throw new IllegalArgumentException("dimension " + s.substring(start, p) + " is too large");
                    }
                    dims.add((int) v);
                    if (peek() == 'L') { // Python 2 long literal
                        p++;
                    }
                    skip();
                    if (peek() == ',') {
                        p++;
                        skip();
                    } else if (peek() != ')') {
                        throw new IllegalArgumentException("expected ',' or ')' at position " + p);
                    }
                }
                p++;
                return dims.stream().mapToInt(Integer::intValue).toArray();
            }
            if (s.startsWith("True", p)) {
                p += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", p)) {
                p += 5;
                return Boolean.FALSE;
            }
            throw new IllegalArgumentException("unexpected '" + c + "' at position " + p);
        }

        private char peek() {
            if (p >= s.length()) {
                throw new IllegalArgumentException("header ends early");
            }
            return s.charAt(p);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at position " + p);
            }
            p++;
        }

        private void skip() {
            while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
                p++;
            }
        }
    }
}
