package dev.fess.nifti;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/** A sequential source of the (decompressed) bytes of a NIfTI file. */
interface ByteSource extends Closeable {

    /**
     * Fills {@code dst} from its position to its limit. Returns the number of bytes read, which is less than was
     * asked only at the end of the data.
     *
     * @throws NiftiFormatException when the underlying stream is corrupt (not gzip, bad CRC, cut short)
     */
    int readFully(ByteBuffer dst) throws IOException;

    /** Skips {@code n} bytes; returns how many were skipped (fewer only at the end of the data). */
    long skip(long n) throws IOException;

    /** Called after the data was read: verifies what remains verifiable (a gzip trailer). */
    default void finish() throws IOException {}

    /**
     * An upper bound of the number of bytes this source can still deliver, or {@link Long#MAX_VALUE} when
     * unknown; used to refuse absurd headers before allocating.
     */
    long maxRemaining();
}
