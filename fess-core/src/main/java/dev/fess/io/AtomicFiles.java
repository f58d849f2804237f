package dev.fess.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that a reader sees either the old or the new content, never a half-written file: the bytes go to
 * a temporary file in the same directory, which is then renamed over the target in one atomic step.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes {@code content} to {@code file} atomically, creating the parent directories. */
    public static void write(Path file, byte[] content) throws IOException {
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
        try {
            Files.write(tmp, content);
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** Writes UTF-8 text to {@code file} atomically, creating the parent directories. */
    public static void writeString(Path file, String content) throws IOException {
        write(file, content.getBytes(StandardCharsets.UTF_8));
    }
}
