package dev.fess.io;

import dev.fess.UserInputException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Creates a folder so that a reader sees either nothing (or the old folder) or the complete new one: the content is
 * written into a sibling {@code <name>.tmp-<hex>} folder, which is then renamed to the target in one atomic step.
 * On failure the temporary folder is deleted and the target is untouched.
 *
 * <p>Every folder fess creates and may later replace holds a marker file of its own, {@value #MARKER}. Replacing
 * ({@code --overwrite}) is allowed only for an empty folder or one with the marker: a folder fess did not write
 * (a user's working directory, {@code --out .}) is refused, never deleted.
 */
public final class AtomicFolder {
    /** The marker file in every folder fess writes and may replace. */
    public static final String MARKER = ".fess-output";
    /** Fills the (empty, temporary) folder it is given. */
    @FunctionalInterface
    public interface Filler<T> {
        T fill(Path folder) throws IOException;
    }

    private AtomicFolder() {}

    /**
     * Checks that {@code target} can be written: not the root, not a file, empty or absent unless {@code overwrite}.
     *
     * @param option the setting that named the folder, for the message (e.g. {@code out})
     */
    public static void checkTarget(Path target, boolean overwrite, String option) throws IOException {
        Path t = target.toAbsolutePath().normalize();
        if (t.getParent() == null) {
            throw UserInputException.ofSetting(option, option + ": cannot write a folder at the file-system root");
        }
        if (Files.exists(t)) {
            if (!Files.isDirectory(t)) {
                throw UserInputException.ofSetting(option, option + ": " + target + " exists and is not a folder");
            }
            if (!isEmpty(t) && !overwrite) {
                throw UserInputException.ofSetting(
                        option,
                        option + ": " + target + " exists and is not empty (overwrite replaces it)",
                        "overwrite");
            }
            if (!isEmpty(t) && !isOwned(t)) {
                throw UserInputException.ofSetting(
                        option,
                        option + ": " + target + " was not written by fess (no " + MARKER
                                + " in it); overwrite replaces only folders fess wrote: choose another folder or empty"
                                + " it",
                        "overwrite");
            }
        }
    }

    /** Writes {@code target} through {@code filler} atomically (see the class comment); returns the filler's result. */
    public static <T> T write(Path target, boolean overwrite, String option, Filler<T> filler) throws IOException {
        checkTarget(target, overwrite, option);
        Path t = target.toAbsolutePath().normalize();
        Path parent = Files.createDirectories(t.getParent());
        Path tmp = fresh(parent, t.getFileName() + ".tmp-");
        try {
            T result = filler.fill(tmp);
            markOwned(tmp);
            if (Files.exists(t)) {
                Path old = fresh(parent, t.getFileName() + ".old-");
                Files.delete(old);
                Files.move(t, old, StandardCopyOption.ATOMIC_MOVE);
                Files.move(tmp, t, StandardCopyOption.ATOMIC_MOVE);
                deleteRecursively(old);
            } else {
                Files.move(tmp, t, StandardCopyOption.ATOMIC_MOVE);
            }
            return result;
        } catch (IOException | RuntimeException | Error e) {
            deleteRecursively(tmp);
            throw e;
        }
    }

    /** Puts fess's marker into {@code dir} (a folder fess created and may replace later). */
    public static void markOwned(Path dir) throws IOException {
        AtomicFiles.writeString(dir.resolve(MARKER), "written by fess; fess may replace this folder (overwrite)\n");
    }

    /** Whether {@code dir} holds fess's marker (a regular file, not a link). */
    public static boolean isOwned(Path dir) {
        return Files.isRegularFile(dir.resolve(MARKER), LinkOption.NOFOLLOW_LINKS);
    }

    private static Path fresh(Path parent, String prefix) throws IOException {
        long n = System.nanoTime();
        for (int attempt = 0; ; attempt++) {
            try {
                return Files.createDirectory(parent.resolve(prefix + Long.toHexString(n + attempt)));
            } catch (FileAlreadyExistsException e) {
                if (attempt > 1000) {
                    throw e;
                }
            }
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    /** Deletes {@code root} and everything below it; nothing happens when it does not exist. */
    public static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
