package dev.fess.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Crash-safe checkpoint directories under {@code RUN/checkpoints/}.
 *
 * <p>Writing {@code name} (e.g. {@code last}):
 * <ol>
 *   <li>every file goes into {@code name.tmp-<n>/}, each fsynced; then a {@value #COMPLETE} file listing every
 *       file with its size and CRC-32 is written and fsynced, then the directory;</li>
 *   <li>a complete {@code name} is renamed to {@code name.old} (an incomplete one is deleted);</li>
 *   <li>{@code name.tmp-<n>} is renamed to {@code name}, the parent directory fsynced;</li>
 *   <li>{@code name.old} is deleted.</li>
 * </ol>
 * Reading ({@link #resolve}) takes {@code name} if its {@value #COMPLETE} manifest matches the files, else
 * {@code name.old}. A process killed at any moment (even {@code kill -9} in the middle of a write) therefore always
 * leaves one loadable checkpoint once the first write has finished.
 */
public final class CheckpointStore {
    /** The manifest written last into a checkpoint directory. */
    public static final String COMPLETE = "COMPLETE";

    /** Test hook: runs after the files are written and before the manifest; may throw to simulate a crash. */
    static volatile Runnable beforeManifestHook;

    private final Path dir;
    private int counter;

    public CheckpointStore(Path checkpointsDir) {
        this.dir = checkpointsDir;
    }

    public Path dir() {
        return dir;
    }

    /** Writes the files of one checkpoint; the callback gets the temporary directory to fill. */
    @FunctionalInterface
    public interface Writer {
        void writeInto(Path tmpDir) throws IOException;
    }

    /** Atomically writes (or replaces) checkpoint {@code name}. */
    public Path write(String name, Writer writer) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(name + ".tmp-" + ProcessHandle.current().pid() + "-" + (counter++));
        deleteRecursively(tmp);
        Files.createDirectory(tmp);
        writer.writeInto(tmp);
        Runnable hook = beforeManifestHook;
        if (hook != null) {
            hook.run();
        }
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(tmp)) {
            for (Path f : files.sorted().toList()) {
                fsync(f);
                lines.add(f.getFileName() + "\t" + Files.size(f) + "\t" + crc(f));
            }
        }
        Path manifest = tmp.resolve(COMPLETE);
        Files.writeString(manifest, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        fsync(manifest);
        fsyncDir(tmp);
        Path target = dir.resolve(name);
        Path old = dir.resolve(name + ".old");
        if (Files.exists(target)) {
            if (isComplete(target)) {
                deleteRecursively(old);
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            } else {
                deleteRecursively(target);
            }
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        fsyncDir(dir);
        deleteRecursively(old);
        return target;
    }

    /** The complete checkpoint {@code name}, or its {@code .old} predecessor, or null when neither is complete. */
    public Path resolve(String name) {
        Path target = dir.resolve(name);
        if (isComplete(target)) {
            return target;
        }
        Path old = dir.resolve(name + ".old");
        return isComplete(old) ? old : null;
    }

    /**
     * Tidies what an interrupted write left: removes temporary directories, and settles each {@code name.old} — a
     * kill between the renames leaves it beside a complete {@code name} (then it is deleted) or instead of one
     * (then a complete {@code name.old} becomes {@code name} again; an incomplete one is deleted).
     */
    public void cleanStaleTemporaries() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p :
                    s.filter(p -> p.getFileName().toString().contains(".tmp-")).toList()) {
                deleteRecursively(p);
            }
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path old :
                    s.filter(p -> p.getFileName().toString().endsWith(".old")).toList()) {
                String name = old.getFileName().toString();
                Path target = dir.resolve(name.substring(0, name.length() - ".old".length()));
                if (isComplete(target) || !isComplete(old)) {
                    deleteRecursively(old);
                } else {
                    deleteRecursively(target);
                    Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
                    fsyncDir(dir);
                }
            }
        }
    }

    /** Whether {@code d} holds a manifest whose every file exists with the recorded size and CRC-32. */
    public static boolean isComplete(Path d) {
        return problem(d) == null;
    }

    /**
     * Why neither checkpoint {@code name} nor {@code name.old} can be used although one of them exists, or null
     * when one is complete or neither exists (then there simply is no such checkpoint).
     *
     * @return e.g. {@code checkpoint RUN/checkpoints/best is damaged (model.params: CRC-32 … differs from the
     *     manifest's …) and there is no complete best.old}
     */
    public String damage(String name) {
        Path target = dir.resolve(name);
        Path old = dir.resolve(name + ".old");
        if (isComplete(target) || isComplete(old) || !(Files.exists(target) || Files.exists(old))) {
            return null;
        }
        Path damaged = Files.exists(target) ? target : old;
        return "checkpoint " + damaged + " is damaged (" + problem(damaged) + ") and there is no complete "
                + (damaged == target ? old.getFileName() : target.getFileName());
    }

    /** What is wrong with checkpoint directory {@code d}, or null when its manifest matches every file. */
    static String problem(Path d) {
        Path manifest = d.resolve(COMPLETE);
        if (!Files.isRegularFile(manifest)) {
            return "no " + COMPLETE + " manifest: its write did not finish";
        }
        try {
            List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
            if (lines.stream().allMatch(String::isBlank)) {
                return COMPLETE + " is empty";
            }
            for (String line : lines) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length != 3) {
                    return COMPLETE + ": malformed line '" + line + "'";
                }
                Path file = d.resolve(f[0]);
                if (!file.normalize().startsWith(d.normalize()) || !Files.isRegularFile(file)) {
                    return f[0] + " is missing";
                }
                long size = Files.size(file);
                if (size != Long.parseLong(f[1])) {
                    return f[0] + ": " + size + " bytes, the manifest says " + f[1];
                }
                String crc = crc(file);
                if (!crc.equals(f[2])) {
                    return f[0] + ": CRC-32 " + crc + " differs from the manifest's " + f[2];
                }
            }
            return null;
        } catch (IOException | NumberFormatException | UncheckedIOException e) {
            return "unreadable (" + e.getMessage() + ")";
        }
    }

    private static String crc(Path f) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[1 << 16];
        try (var in = Files.newInputStream(f)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                crc.update(buf, 0, n);
            }
        }
        return Long.toHexString(crc.getValue());
    }

    private static void fsync(Path f) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    private static void fsyncDir(Path d) {
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the rename is still atomic
        }
    }

    /** Writes a file through a stream and closes it. */
    public static OutputStream create(Path f) throws IOException {
        return Files.newOutputStream(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
