package dev.fess.io;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Writes files so that a reader sees either the old or the new content, never a half-written file, and so that
 * nothing planted in the target folder can redirect the write: the bytes go to a temporary file created new
 * ({@code CREATE_NEW}, never following a link) in the same folder under an unpredictable name
 * ({@code .<name>.<16 hex digits>.tmp}), which is then renamed over the target in one atomic step. A rename
 * replaces a link at the target by the file; it never writes through it. Every fess writer of a file (NIfTI, npy,
 * checkpoints, CSV/JSON, reports, the preprocessing cache) goes through here.
 */
public final class AtomicFiles {
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {}

    /** Fills a freshly created, empty temporary file. */
    @FunctionalInterface
    public interface Body {
        void write(FileChannel channel) throws IOException;
    }

    /** Writes {@code content} to {@code file} atomically, creating the parent directories. */
    public static void write(Path file, byte[] content) throws IOException {
        write(file, ch -> Channels.newOutputStream(ch).write(content));
    }

    /** Writes UTF-8 text to {@code file} atomically, creating the parent directories. */
    public static void writeString(Path file, String content) throws IOException {
        write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code file} atomically through a channel on a new temporary file in its folder (created if missing).
     * On any failure the temporary file is deleted and the target left as it was; a failed write (a full disk)
     * is reported as a {@link WriteFailedException} naming the target and the system's reason.
     */
    public static void write(Path file, Body body) throws IOException {
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = null;
        try {
            FileChannel ch = null;
            while (ch == null) {
                tmp = temporarySibling(abs);
                try {
                    ch = FileChannel.open(
                            tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                } catch (FileAlreadyExistsException taken) {
                    tmp = null;
                }
            }
            try (FileChannel open = ch) {
                body.write(open);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw e instanceof FileSystemException || e instanceof WriteFailedException
                    ? e
                    : new WriteFailedException(abs, e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    private static void deleteQuietly(Path tmp) throws IOException {
        if (tmp != null) {
            Files.deleteIfExists(tmp);
        }
    }

    /** A name for a temporary file next to {@code file} that nobody can predict: {@code .<name>.<hex>.tmp}. */
    public static Path temporarySibling(Path file) {
        byte[] r = new byte[8];
        RANDOM.nextBytes(r);
        return file.resolveSibling(
                "." + file.getFileName() + "." + HexFormat.of().formatHex(r) + ".tmp");
    }

    /** Whether {@code name} is one of this class's temporary names. */
    public static boolean isTemporary(String name) {
        return name.startsWith(".") && name.matches("\\..+\\.[0-9a-f]{16}\\.tmp");
    }
}
