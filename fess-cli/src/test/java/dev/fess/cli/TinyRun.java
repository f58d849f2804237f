package dev.fess.cli;

import static dev.fess.cli.CliRun.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A tiny synthetic BraTS dataset and a one-epoch Dice run on its FLAIR channel, trained once per test JVM and
 * shared by the tests that only need some trained run (prediction, checkpoint loading). Tests must copy it before
 * changing it.
 */
final class TinyRun {
    private static Path root;

    private TinyRun() {}

    /** The folder holding {@code data/} (3 cases, 16³) and {@code run/} (filters 4,8, patch 8). */
    static synchronized Path root() {
        if (root != null) {
            return root;
        }
        try {
            Path dir = Files.createTempDirectory("fess-tinyrun");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            CliRun synth = run(
                    "synth",
                    "brats",
                    "--cases",
                    "3",
                    "--size",
                    "16",
                    "--out",
                    dir.resolve("data").toString());
            if (synth.code() != 0) {
                throw new IllegalStateException("synth failed: " + synth.err());
            }
            CliRun train = run(
                    "train",
                    "--data",
                    dir.resolve("data").toString(),
                    "--loss",
                    "dice",
                    "--channels",
                    "flair",
                    "--epochs",
                    "1",
                    "--iterations",
                    "2",
                    "--patch",
                    "8",
                    "--batch",
                    "1",
                    "--filters",
                    "4,8",
                    "--out",
                    dir.resolve("run").toString());
            if (train.code() != 0) {
                throw new IllegalStateException("train failed: " + train.err());
            }
            root = dir;
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The trained run folder. */
    static Path runDir() {
        return root().resolve("run");
    }

    /** The FLAIR file of synthetic case {@code n} (1, 2 or 3). */
    static Path flair(int n) {
        String id = "BraTS20_Training_00" + n;
        return root().resolve("data").resolve(id).resolve(id + "_flair.nii.gz");
    }

    /** A copy of the trained run under {@code to} (to change without touching the shared one). */
    static Path copyRun(Path to) throws IOException {
        Path from = runDir();
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return to;
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort at JVM exit
        }
    }
}
