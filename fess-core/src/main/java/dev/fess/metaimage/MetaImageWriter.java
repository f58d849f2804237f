package dev.fess.metaimage;

import dev.fess.UserInputException;
import dev.fess.io.AtomicFiles;
import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/** Writes MetaImage files; see {@link MetaImage#write}. */
final class MetaImageWriter {
    private static final int CHUNK_VALUES = 1 << 16;

    private MetaImageWriter() {}

    static void write(Path file, Volume v, MetaElementType type, boolean compress) throws IOException {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        boolean local = lower.endsWith(".mha");
        if (!local && !lower.endsWith(".mhd")) {
            throw new UserInputException(file + ": fess writes MetaImage as .mha or .mhd, not '" + name + "'");
        }
        if (type.isInteger()) {
            checkRange(file, v, type);
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String dataName = name.substring(0, name.length() - 4) + (compress ? ".zraw" : ".raw");
        if (!local) {
            long[] dataBytes = new long[1];
            AtomicFiles.write(dir.resolve(dataName), ch -> dataBytes[0] = writeData(ch, v, type, compress));
            AtomicFiles.writeString(file.toAbsolutePath(), header(v, type, compress, dataBytes[0], dataName));
            return;
        }
        // .mha: the header states the data's (compressed) size, so the data goes first to a scratch file created new
        // under an unpredictable name, then header and data into the target through one atomic write
        Path scratch = Files.createTempFile(dir, "." + name + ".", ".data.tmp");
        try {
            long dataBytes;
            try (FileChannel ch = FileChannel.open(scratch, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                dataBytes = writeData(ch, v, type, compress);
            }
            String header = header(v, type, compress, dataBytes, "LOCAL");
            AtomicFiles.write(file.toAbsolutePath(), out -> {
                ByteBuffer hb = ByteBuffer.wrap(header.getBytes(StandardCharsets.ISO_8859_1));
                while (hb.hasRemaining()) {
                    out.write(hb);
                }
                try (FileChannel in = FileChannel.open(scratch, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                    long at = 0;
                    while (at < dataBytes) {
                        at += in.transferTo(at, dataBytes - at, out);
                    }
                }
                out.force(false);
            });
        } finally {
            Files.deleteIfExists(scratch);
        }
    }

    private static void checkRange(Path file, Volume v, MetaElementType type) {
        float[] d = v.data();
        for (int i = 0; i < d.length; i++) {
            double r = Math.rint(d[i]);
            if (!(r >= type.minValue() && r <= type.maxValue())) {
                throw new UserInputException(file + ": value " + d[i] + " at index " + i + " does not fit "
                        + type.metaName() + " (" + (long) type.minValue() + " to " + (long) type.maxValue() + ")");
            }
        }
    }

    /**
     * Writes the little-endian element values (zlib-compressed if asked) at the channel's position, leaving the
     * channel open; returns the bytes written.
     */
    private static long writeData(FileChannel channel, Volume v, MetaElementType type, boolean compress)
            throws IOException {
        long start = channel.position();
        Deflater deflater = compress ? new Deflater(MetaImage.DEFAULT_ZLIB_LEVEL) : null;
        try {
            OutputStream file = new FilterOutputStream(Channels.newOutputStream(channel)) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush(); // the caller owns the channel
                }
            };
            OutputStream out = compress
                    ? new DeflaterOutputStream(file, deflater, 1 << 16)
                    : new BufferedOutputStream(file, 1 << 16);
            float[] d = v.data();
            ByteBuffer b = ByteBuffer.allocate(CHUNK_VALUES * type.bytes()).order(ByteOrder.LITTLE_ENDIAN);
            for (int off = 0; off < d.length; off += CHUNK_VALUES) {
                int n = Math.min(CHUNK_VALUES, d.length - off);
                b.clear();
                for (int i = off; i < off + n; i++) {
                    put(b, type, d[i]);
                }
                out.write(b.array(), 0, b.position());
            }
            out.close();
        } finally {
            if (deflater != null) {
                deflater.end();
            }
        }
        return channel.position() - start;
    }

    private static void put(ByteBuffer b, MetaElementType type, float value) {
        double r = Math.rint(value);
        switch (type) {
            case CHAR, UCHAR -> b.put((byte) (long) r);
            case SHORT, USHORT -> b.putShort((short) (long) r);
            case INT, UINT, LONG, ULONG -> b.putInt((int) (long) r);
            case LONG_LONG -> b.putLong((long) r);
            case ULONG_LONG -> b.putLong(r >= 0x1p63 ? (long) (r - 0x1p63) ^ Long.MIN_VALUE : (long) r);
            case FLOAT -> b.putFloat(value);
            case DOUBLE -> b.putDouble(value);
            default -> throw new IllegalStateException(type.toString());
        }
    }

    /**
     * The header ITK's MetaImageIO writes, field for field: the RAS affine is turned into LPS
     * ({@code diag(−1, −1, 1)·A}), split into spacing (column norms), direction (normalised columns, written
     * one axis per row) and offset.
     */
    static String header(Volume v, MetaElementType type, boolean compress, long dataBytes, String dataFile) {
        int nDims = v.channels() > 1 ? 4 : 3;
        Affine a = v.affine();
        double[][] dir = new double[3][3];
        double[] spacing = a.spacing();
        double[] offset = new double[3];
        for (int r = 0; r < 3; r++) {
            double flip = r < 2 ? -1 : 1;
            for (int c = 0; c < 3; c++) {
                dir[r][c] = flip * a.get(r, c) / spacing[c];
            }
            offset[r] = flip * a.get(r, 3);
        }
        StringBuilder tm = new StringBuilder();
        for (int c = 0; c < nDims; c++) {
            for (int r = 0; r < nDims; r++) {
                double x = c < 3 && r < 3 ? dir[r][c] : (r == c ? 1 : 0);
                tm.append(tm.length() > 0 ? " " : "").append(num(x));
            }
        }
        StringBuilder s = new StringBuilder();
        s.append("ObjectType = Image\n");
        s.append("NDims = ").append(nDims).append('\n');
        s.append("BinaryData = True\n");
        s.append("BinaryDataByteOrderMSB = False\n");
        s.append("CompressedData = ").append(compress ? "True" : "False").append('\n');
        if (compress) {
            s.append("CompressedDataSize = ").append(dataBytes).append('\n');
        }
        s.append("TransformMatrix = ").append(tm).append('\n');
        s.append("Offset = ").append(list(offset, nDims, 0)).append('\n');
        s.append("CenterOfRotation = ").append(list(new double[3], nDims, 0)).append('\n');
        s.append("AnatomicalOrientation = ").append(orientation(dir)).append('\n');
        s.append("ElementSpacing = ").append(list(spacing, nDims, 1)).append('\n');
        s.append("DimSize = ")
                .append(v.nx())
                .append(' ')
                .append(v.ny())
                .append(' ')
                .append(v.nz());
        if (nDims == 4) {
            s.append(' ').append(v.channels());
        }
        s.append('\n');
        s.append("ElementType = ").append(type.metaName()).append('\n');
        s.append("ElementDataFile = ").append(dataFile).append('\n');
        return s.toString();
    }

    /**
     * ITK's acronym for a direction matrix: per axis the letter of the side it comes <em>from</em> (an axis
     * running towards L is 'R'), picked by the largest LPS component.
     */
    static String orientation(double[][] dir) {
        StringBuilder s = new StringBuilder();
        String from = "RAI";
        String fromNegative = "LPS";
        for (int c = 0; c < 3; c++) {
            int best = 0;
            for (int r = 1; r < 3; r++) {
                if (Math.abs(dir[r][c]) > Math.abs(dir[best][c])) {
                    best = r;
                }
            }
            s.append(dir[best][c] >= 0 ? from.charAt(best) : fromNegative.charAt(best));
        }
        return s.toString();
    }

    private static String list(double[] values, int n, double pad) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(i > 0 ? " " : "").append(num(i < values.length ? values[i] : pad));
        }
        return s.toString();
    }

    /** Shortest round-trip decimal; integers without ".0"; "-0" written as "0". */
    private static String num(double x) {
        if (x == 0) {
            return "0";
        }
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return Long.toString((long) x);
        }
        return Double.toString(x);
    }
}
