package dev.fess.nifti;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The decompressed bytes of a gzip file (RFC 1952), inflated straight from a file channel into the caller's buffer
 * with {@link Inflater}: no stream layers, no copy of the whole file. Checks the CRC-32 and length of each member,
 * follows concatenated members, and reports a corrupt or cut-short stream as {@link NiftiFormatException}.
 */
final class GzipSource implements ByteSource {
    /** Deflate cannot compress better than 1032:1; anything promising more data than that is a lie. */
    private static final long MAX_RATIO = 1032;

    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer in;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private long memberBytes;
    private boolean memberDone;
    private boolean eof;
    private ByteBuffer scratch;

    GzipSource(Path file, FileChannel channel, int bufferSize) throws IOException {
        this.file = file;
        this.channel = channel;
        this.in = ByteBuffer.allocateDirect(bufferSize);
        in.limit(0);
        if (!refillIfEmpty()) {
            throw new NiftiFormatException(file, "empty file");
        }
        readMemberHeader(true);
    }

    /** Makes at least one input byte available; false at the end of the file. */
    private boolean refillIfEmpty() throws IOException {
        while (!in.hasRemaining()) {
            in.compact();
            int n = channel.read(in);
            in.flip();
            if (n < 0) {
                return false;
            }
        }
        return true;
    }

    private int nextByte() throws IOException {
        if (!refillIfEmpty()) {
            throw truncated();
        }
        return in.get() & 0xFF;
    }

    private NiftiFormatException truncated() {
        return new NiftiFormatException(file, "gzip stream is cut short (truncated file)");
    }

    private void readMemberHeader(boolean first) throws IOException {
        int id1 = nextByte();
        int id2 = in.hasRemaining() || refillIfEmpty() ? in.get() & 0xFF : -1;
        if (id1 != 0x1f || id2 != 0x8b) {
            throw new NiftiFormatException(
                    file,
                    first
                            ? "not gzip data although the name ends in .gz (no gzip magic 1f 8b)"
                            : "garbage between gzip members");
        }
        int method = nextByte();
        if (method != 8) {
            throw new NiftiFormatException(file, "gzip compression method " + method + " (expected 8, deflate)");
        }
        int flags = nextByte();
        for (int i = 0; i < 6; i++) {
            nextByte(); // mtime, xfl, os
        }
        if ((flags & FEXTRA) != 0) {
            int len = nextByte() | (nextByte() << 8);
            for (int i = 0; i < len; i++) {
                nextByte();
            }
        }
        if ((flags & FNAME) != 0) {
            while (nextByte() != 0) {
                // skip the zero-terminated name
            }
        }
        if ((flags & FCOMMENT) != 0) {
            while (nextByte() != 0) {
                // skip the zero-terminated comment
            }
        }
        if ((flags & FHCRC) != 0) {
            nextByte();
            nextByte();
        }
        inflater.reset();
        crc.reset();
        memberBytes = 0;
        memberDone = false;
    }

    private void readMemberTrailer() throws IOException {
        long storedCrc = 0;
        for (int i = 0; i < 4; i++) {
            storedCrc |= (long) nextByte() << (8 * i);
        }
        long storedSize = 0;
        for (int i = 0; i < 4; i++) {
            storedSize |= (long) nextByte() << (8 * i);
        }
        if (storedCrc != crc.getValue()) {
            throw new NiftiFormatException(file, "gzip CRC-32 mismatch (corrupt file)");
        }
        if (storedSize != (memberBytes & 0xFFFFFFFFL)) {
            throw new NiftiFormatException(file, "gzip length mismatch (corrupt file)");
        }
        memberDone = true;
    }

    /** Starts the next member if one follows; trailing zero padding or garbage ends the data (as gzip does). */
    private boolean nextMember() throws IOException {
        if (eof) {
            return false;
        }
        if (!refillIfEmpty() || (in.get(in.position()) & 0xFF) != 0x1f) {
            eof = true;
            return false;
        }
        readMemberHeader(false);
        return true;
    }

    @Override
    public int readFully(ByteBuffer dst) throws IOException {
        int total = 0;
        while (dst.hasRemaining()) {
            if (memberDone && !nextMember()) {
                break;
            }
            int start = dst.position();
            int n;
            try {
                inflater.setInput(in);
                n = inflater.inflate(dst);
            } catch (DataFormatException e) {
                throw new NiftiFormatException(file, "corrupt gzip data (" + e.getMessage() + ")", e);
            }
            if (n > 0) {
                ByteBuffer written = dst.duplicate();
                written.position(start).limit(start + n);
                crc.update(written);
                memberBytes += n;
                total += n;
            }
            if (inflater.finished()) {
                readMemberTrailer();
            } else if (n == 0) {
                if (inflater.needsDictionary()) {
                    throw new NiftiFormatException(file, "corrupt gzip data (preset dictionary)");
                }
                if (!inflater.needsInput()) {
                    throw new NiftiFormatException(file, "corrupt gzip data (inflater made no progress)");
                }
                if (!refillIfEmpty()) {
                    throw truncated();
                }
            }
        }
        return total;
    }

    @Override
    public long skip(long n) throws IOException {
        ByteBuffer s = scratch();
        long done = 0;
        while (done < n) {
            s.clear().limit((int) Math.min(s.capacity(), n - done));
            int k = readFully(s);
            done += k;
            if (k < s.limit()) {
                break;
            }
        }
        return done;
    }

    private ByteBuffer scratch() {
        if (scratch == null) {
            scratch = ByteBuffer.allocateDirect(64 * 1024).order(ByteOrder.nativeOrder());
        }
        return scratch;
    }

    /** Inflates the rest of the current member so that its CRC and length are checked. */
    @Override
    public void finish() throws IOException {
        ByteBuffer s = scratch();
        while (!memberDone) {
            s.clear();
            if (readFully(s) < s.capacity()) {
                break;
            }
        }
    }

    @Override
    public long maxRemaining() {
        try {
            long compressed = channel.size() - channel.position() + in.remaining();
            return compressed > Long.MAX_VALUE / MAX_RATIO ? Long.MAX_VALUE : compressed * MAX_RATIO + (1 << 20);
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        channel.close();
    }
}
