package dev.fess.nifti;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Uncompressed bytes straight from a file channel. */
final class ChannelSource implements ByteSource {
    private final FileChannel channel;

    ChannelSource(FileChannel channel) {
        this.channel = channel;
    }

    @Override
    public int readFully(ByteBuffer dst) throws IOException {
        int total = 0;
        while (dst.hasRemaining()) {
            int n = channel.read(dst);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    @Override
    public long skip(long n) throws IOException {
        long pos = channel.position();
        long k = Math.max(0, Math.min(n, channel.size() - pos));
        channel.position(pos + k);
        return k;
    }

    @Override
    public long maxRemaining() {
        try {
            return Math.max(0, channel.size() - channel.position());
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
