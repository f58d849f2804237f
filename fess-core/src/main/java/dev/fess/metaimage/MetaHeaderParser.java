package dev.fess.metaimage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the text header of a MetaImage: {@code Key = Value} lines (MetaIO also accepts {@code :}) up to and
 * including {@code ElementDataFile}, which must come last; keys are case-sensitive as in MetaIO. A {@code LIST}
 * data file is followed by one file name per line.
 */
final class MetaHeaderParser {
    /** A header longer than this (before {@code ElementDataFile}) is refused: 1 MiB. */
    static final int MAX_HEADER_BYTES = 1 << 20;
    /** Bytes read first; almost every header fits. */
    private static final int FIRST_WINDOW = 1 << 14;
    /** The largest Java array. */
    static final long MAX_VOXELS = Integer.MAX_VALUE - 8;

    private final Path file;
    private final Map<String, String> fields = new LinkedHashMap<>();

    private MetaHeaderParser(Path file) {
        this.file = file;
    }

    static MetaImageHeader parse(Path file, FileChannel ch) throws IOException {
        return new MetaHeaderParser(file).parse(ch);
    }

    private MetaImageHeader parse(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size == 0) {
            throw error("empty file");
        }
        for (int window : new int[] {FIRST_WINDOW, MAX_HEADER_BYTES}) {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(size, window));
            while (buf.hasRemaining() && ch.read(buf, buf.position()) > 0) {
                // the buffer starts at byte 0 of the file, so its position is the file position
            }
            byte[] text = new byte[buf.position()];
            buf.flip().get(text);
            boolean last = text.length == size || window == MAX_HEADER_BYTES;
            MetaImageHeader h = parse(text, last);
            if (h != null) {
                return h;
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /** The header in {@code text}, or null when it runs past the end of {@code text} and {@code last} is false. */
    private MetaImageHeader parse(byte[] text, boolean last) {
        fields.clear();
        int pos = 0;
        int lineNo = 0;
        String dataFile = null;
        while (pos < text.length) {
            int end = lineEnd(text, pos);
            if (end == text.length && !last) {
                return null;
            }
            lineNo++;
            String line = new String(text, pos, end - pos, StandardCharsets.ISO_8859_1).strip();
            pos = Math.min(text.length, end + 1);
            if (line.isEmpty()) {
                continue;
            }
            int sep = separator(line);
            if (sep <= 0) {
                throw error("header line " + lineNo + " '" + printable(line) + "' is not 'Key = Value'"
                        + (lineNo == 1 ? " (not a MetaImage file)" : ""));
            }
            String key = line.substring(0, sep).strip();
            String value = line.substring(sep + 1).strip();
            fields.put(key, value);
            if (key.equals("ElementDataFile")) {
                dataFile = value;
                break;
            }
        }
        if (dataFile == null) {
            if (!last) {
                return null;
            }
            if (text.length >= MAX_HEADER_BYTES) {
                throw error("no ElementDataFile line in the first " + MAX_HEADER_BYTES + " bytes (not a MetaImage"
                        + " header, or one far too long)");
            }
            throw error(
                    fields.isEmpty()
                            ? "no 'Key = Value' header lines (not a MetaImage file)"
                            : "no ElementDataFile line (it must end the header)");
        }
        if (!fields.containsKey("NDims")) {
            throw error("no NDims line (expected NDims = 3)");
        }
        int nDims = intField("NDims", 1, 4, 0);
        long[] dims = dimSize(nDims);
        List<String> listed = new ArrayList<>();
        if (dataFile.startsWith("LIST")) {
            int files = listCount(dataFile, nDims, dims);
            for (int f = 0; f < files; f++) {
                int end = lineEnd(text, pos);
                if (end == text.length && !last) {
                    return null;
                }
                String name = new String(text, pos, end - pos, StandardCharsets.ISO_8859_1).strip();
                if (pos >= text.length || name.isEmpty()) {
                    throw error("ElementDataFile = LIST names " + f + " file(s), " + files + " expected");
                }
                listed.add(name);
                pos = Math.min(text.length, end + 1);
            }
        }
        return build(nDims, dims, dataFile, listed, pos);
    }

    private static int lineEnd(byte[] text, int from) {
        int end = from;
        while (end < text.length && text[end] != '\n') {
            end++;
        }
        return end;
    }

    private static int separator(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '=' || c == ':') {
                return i;
            }
        }
        return -1;
    }

    private MetaImageHeader build(int nDims, long[] dims, String dataFile, List<String> listed, long dataStart) {
        String type = fields.get("ObjectType");
        if (type != null && !type.startsWith("Image")) {
            throw error("ObjectType is '" + printable(type) + "' (expected Image)");
        }
        String binary = fields.get("BinaryData");
        if (binary != null && !bool(binary)) {
            throw error("BinaryData = " + printable(binary) + ": ASCII voxel values are not supported (expected"
                    + " BinaryData = True)");
        }
        String typeName = fields.get("ElementType");
        if (typeName == null) {
            throw error("no ElementType line (expected e.g. ElementType = MET_SHORT)");
        }
        MetaElementType elementType;
        try {
            elementType = MetaElementType.fromName(typeName);
        } catch (IllegalArgumentException e) {
            throw error(printable(e.getMessage()));
        }
        int channels = intField("ElementNumberOfChannels", 1, 1 << 16, 1);
        boolean msb = false;
        for (String k : new String[] {"ElementByteOrderMSB", "BinaryDataByteOrderMSB"}) {
            if (fields.containsKey(k)) {
                msb = bool(fields.get(k));
            }
        }
        boolean compressed = fields.containsKey("CompressedData") && bool(fields.get("CompressedData"));
        long compressedSize = longField("CompressedDataSize", 0, Long.MAX_VALUE / 2, 0);
        long headerSize = longField("HeaderSize", -1, Long.MAX_VALUE / 2, 0);
        double[] matrix = identity(nDims);
        for (String k : new String[] {"Orientation", "Rotation", "TransformMatrix"}) {
            if (fields.containsKey(k)) {
                matrix = numbers(k, nDims * nDims, false);
            }
        }
        double[] offset = new double[nDims];
        for (String k : new String[] {"Offset", "Position", "Origin", "ImagePosition"}) {
            if (fields.containsKey(k)) {
                offset = numbers(k, nDims, false);
            }
        }
        if (fields.containsKey("FileFormatVersion")
                && !fields.get("FileFormatVersion").equals("0")) {
            if (fields.containsKey("ElementOrigin")) {
                offset = numbers("ElementOrigin", nDims, false);
            }
            if (fields.containsKey("ElementDirection")) {
                matrix = numbers("ElementDirection", nDims * nDims, false);
            }
        }
        double[] spacing = new double[nDims];
        Arrays.fill(spacing, 1);
        if (fields.containsKey("ElementSpacing")) {
            spacing = numbers("ElementSpacing", nDims, true);
        } else if (fields.containsKey("ElementSize")) {
            spacing = numbers("ElementSize", nDims, true);
        }
        checkDirection(matrix, nDims);
        long values = channels;
        for (long d : dims) {
            values *= d;
        }
        long voxels = values;
        if (voxels > MAX_VOXELS) {
            throw error("DimSize " + shape(dims) + (channels > 1 ? " × " + channels + " channels" : "")
                    + " exceeds 2^31 voxels, more than fess can hold in memory");
        }
        return new MetaImageHeader(
                file,
                nDims,
                dims,
                elementType,
                channels,
                msb ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN,
                compressed,
                compressedSize,
                headerSize,
                matrix,
                offset,
                spacing,
                fields.getOrDefault("AnatomicalOrientation", ""),
                dataFile,
                listed,
                dataStart,
                fields);
    }

    private long[] dimSize(int nDims) {
        if (!fields.containsKey("DimSize")) {
            throw error("no DimSize line (expected " + nDims + " positive sizes)");
        }
        double[] d = numbers("DimSize", nDims, false);
        long[] dims = new long[nDims];
        for (int i = 0; i < nDims; i++) {
            if (d[i] != Math.rint(d[i]) || d[i] < 1 || d[i] > MAX_VOXELS) {
                throw error("DimSize " + printable(fields.get("DimSize")) + ": sizes must be positive integers below"
                        + " 2^31");
            }
            dims[i] = (long) d[i];
        }
        return dims;
    }

    /** The number of files a {@code LIST [fileDims]} line announces: the product of the dimensions above them. */
    private int listCount(String dataFile, int nDims, long[] dims) {
        String[] words = dataFile.trim().split("\\s+");
        int fileDims = nDims - 1;
        if (words.length > 1) {
            try {
                fileDims = (int) Double.parseDouble(words[1]);
            } catch (NumberFormatException e) {
                throw error("ElementDataFile = " + printable(dataFile) + ": expected LIST or LIST <dimensions per"
                        + " file>");
            }
        }
        if (fileDims <= 0 || fileDims >= nDims) {
            fileDims = nDims - 1;
        }
        long files = 1;
        for (int d = fileDims; d < nDims; d++) {
            files *= dims[d];
        }
        if (files > 1 << 16) {
            throw error("ElementDataFile = LIST would name " + files + " files (more than " + (1 << 16) + ")");
        }
        return (int) files;
    }

    private void checkDirection(double[] t, int n) {
        for (double v : t) {
            if (!Double.isFinite(v)) {
                throw error("the direction matrix (TransformMatrix) holds a non-finite value");
            }
        }
        double det;
        if (n == 1) {
            det = t[0];
        } else if (n == 2) {
            det = t[0] * t[3] - t[1] * t[2];
        } else {
            det = t[0] * (t[n + 1] * t[2 * n + 2] - t[n + 2] * t[2 * n + 1])
                    - t[1] * (t[n] * t[2 * n + 2] - t[n + 2] * t[2 * n])
                    + t[2] * (t[n] * t[2 * n + 1] - t[n + 1] * t[2 * n]);
        }
        if (det == 0 || !Double.isFinite(det)) {
            throw error("the direction matrix (TransformMatrix) is singular");
        }
    }

    private static double[] identity(int n) {
        double[] m = new double[n * n];
        for (int i = 0; i < n; i++) {
            m[i * n + i] = 1;
        }
        return m;
    }

    /** The first {@code count} numbers of a field (MetaIO ignores any further ones). */
    private double[] numbers(String key, int count, boolean positive) {
        String v = fields.get(key);
        String[] words = v.isEmpty() ? new String[0] : v.split("\\s+");
        if (words.length < count) {
            throw error(key + " = " + printable(v) + ": expected " + count + " numbers");
        }
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            try {
                out[i] = Double.parseDouble(words[i]);
            } catch (NumberFormatException e) {
                throw error(key + " = " + printable(v) + ": '" + printable(words[i]) + "' is not a number");
            }
            if (!Double.isFinite(out[i]) || (positive && !(out[i] > 0))) {
                throw error(key + " = " + printable(v) + ": expected " + count + (positive ? " positive" : "")
                        + " finite numbers");
            }
        }
        return out;
    }

    private int intField(String key, int min, int max, int dflt) {
        return (int) longField(key, min, max, dflt);
    }

    private long longField(String key, long min, long max, long dflt) {
        String v = fields.get(key);
        if (v == null) {
            return dflt;
        }
        double d;
        try {
            d = Double.parseDouble(v.split("\\s+")[0]);
        } catch (NumberFormatException e) {
            throw error(key + " = " + printable(v) + ": expected an integer");
        }
        if (d != Math.rint(d) || d < min || d > max) {
            throw error(key + " = " + printable(v) + ": expected an integer from " + min + " to " + max);
        }
        return (long) d;
    }

    /** MetaIO's rule: true when the value starts with T, t or 1. */
    private static boolean bool(String v) {
        return !v.isEmpty() && (v.charAt(0) == 'T' || v.charAt(0) == 't' || v.charAt(0) == '1');
    }

    static String shape(long[] dims) {
        StringBuilder s = new StringBuilder();
        for (long d : dims) {
            s.append(s.length() > 0 ? "×" : "").append(d);
        }
        return s.toString();
    }

    static String printable(String s) {
        StringBuilder r = new StringBuilder();
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            r.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c & 0xFF));
        }
        return s.length() > 200 ? r + "..." : r.toString();
    }

    private MetaImageFormatException error(String reason) {
        return new MetaImageFormatException(file, reason);
    }
}
