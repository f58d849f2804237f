package dev.fess.cli;

import static dev.fess.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.fess.experiment.ProgressListener;
import dev.fess.experiment.RunExecutor;
import dev.fess.experiment.RunResult;
import dev.fess.experiment.RunSpec;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An experiment folder describes one experiment (issue 14, point 4): the lock comes before any write, a changed spec
 * is refused naming what differs unless {@code --extend} only adds or leaves out runs, and the report holds exactly
 * the spec's runs.
 */
class ExperimentFolderTest {
    @TempDir
    Path tmp;

    /** TEST DOUBLE executor: records the runs it executes and writes a one-case evaluation.json, Dice 0.5 + seed/10. */
    static final class Recording implements RunExecutor {
        final Set<String> executed = ConcurrentHashMap.newKeySet();

        @Override
        public RunResult execute(RunSpec run, Path dir, ProgressListener l) throws IOException {
            executed.add(run.id());
            Files.writeString(
                    dir.resolve("evaluation.json"),
                    "{\"cases\":[{\"case\":\"c1\",\"class\":\"wt\",\"dice\":" + (0.5 + 0.1 * run.seed()) + "}]}");
            return new RunResult(run.size(), Map.of());
        }
    }

    private Recording executor = new Recording();

    private CliRun experiment(Path spec, Path out, String... more) {
        executor = new Recording();
        Recording ex = executor;
        String[] args = Stream.concat(
                        Stream.of("experiment", "run", spec.toString(), "--out", out.toString()), Stream.of(more))
                .toArray(String[]::new);
        return run((s, parallel, device) -> ex, args);
    }

    private Path spec(String name, String seeds, int epochs) throws IOException {
        Files.createDirectories(tmp.resolve("data"));
        Path s = tmp.resolve(name);
        Files.writeString(s, """
                name: folder-test
                datasets: [{name: d, path: data, labels: brats-whole-tumour}]
                arms: [dice, fess]
                sizes: [5]
                seeds: %s
                training: {epochs: %d, filters: [4, 8]}
                """.formatted(seeds, epochs));
        return s;
    }

    /** Every file under {@code dir} with its bytes (as text: the files are small) and its modification time. */
    private static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                String key = dir.relativize(p).toString();
                m.put(
                        key,
                        Files.isRegularFile(p)
                                ? Files.getLastModifiedTime(p) + " " + new String(Files.readAllBytes(p))
                                : "dir " + Files.getLastModifiedTime(p));
            }
        }
        return m;
    }

    @Test
    void aSecondRunRefusedByTheLockChangesNoByte() throws Exception {
        Path out = tmp.resolve("out");
        assertThat(experiment(spec("a.yaml", "[1]", 2), out).code()).isZero();
        Map<String, String> before = snapshot(out);
        try (FileChannel ch = FileChannel.open(out.resolve(".lock"), StandardOpenOption.WRITE);
                FileLock held = ch.lock()) {
            CliRun second = experiment(spec("b.yaml", "[1, 2]", 3), out);
            assertThat(second.code()).isEqualTo(2);
            assertThat(second.err()).contains("another fess experiment is running in this folder");
            assertThat(executor.executed).isEmpty();
        }
        assertThat(snapshot(out)).isEqualTo(before);
    }

    @Test
    void aChangedConfigurationIsRefusedNamingTheKeyAndChangesNoByte() throws Exception {
        Path out = tmp.resolve("out");
        assertThat(experiment(spec("a.yaml", "[1, 2]", 2), out).code()).isZero();
        Map<String, String> before = snapshot(out);

        CliRun changed = experiment(spec("b.yaml", "[1, 2]", 3), out);
        assertThat(changed.code()).as(changed.out() + changed.err()).isEqualTo(2);
        assertThat(changed.err())
                .contains("training.epochs: 2 → 3 (4 runs: d/dice/n5/seed1, d/fess/n5/seed1, d/dice/n5/seed2, …)")
                .contains("differs from the experiment in this folder")
                .contains("--extend");
        assertThat(executor.executed).isEmpty();
        assertThat(snapshot(out)).isEqualTo(before);

        // --extend adds runs only: a run whose configuration changed is still refused
        CliRun extended = experiment(spec("b.yaml", "[1, 2, 3]", 3), out, "--extend");
        assertThat(extended.code()).isEqualTo(2);
        assertThat(extended.err()).contains("training.epochs: 2 → 3");
        assertThat(executor.executed).isEmpty();
        assertThat(snapshot(out)).isEqualTo(before);

        // the unchanged spec resumes as before
        CliRun same = experiment(spec("c.yaml", "[1, 2]", 2), out);
        assertThat(same.code()).isZero();
        assertThat(same.out()).contains("4 runs, 4 already finished or failed, 0 to run");
    }

    @Test
    void addedRunsNeedExtendAndOnlyTheyRun() throws Exception {
        Path out = tmp.resolve("out");
        assertThat(experiment(spec("a.yaml", "[1]", 2), out).code()).isZero();
        Map<String, String> before = snapshot(out);

        CliRun refused = experiment(spec("b.yaml", "[1, 2]", 2), out);
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("added 2 runs: d/dice/n5/seed2, d/fess/n5/seed2");
        assertThat(snapshot(out)).isEqualTo(before);

        CliRun extended = experiment(spec("b.yaml", "[1, 2]", 2), out, "--extend");
        assertThat(extended.code()).as(extended.err()).isZero();
        assertThat(executor.executed).containsExactlyInAnyOrder("d/dice/n5/seed2", "d/fess/n5/seed2");
        assertThat(out.resolve("experiment.yaml")).content().contains("seeds: [1, 2]");
    }

    @Test
    void extendIsDocumentedInTheHelpOfRun() {
        CliRun help = run("experiment", "run", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out().replaceAll("\\s+", " "))
                .contains("--extend")
                .contains("adds runs to DIR")
                .contains("leaves runs out")
                .contains("refused even so");
    }

    @Test
    void aDroppedSeedIsLeftOutOfTheReport() throws Exception {
        Path out = tmp.resolve("out");
        assertThat(experiment(spec("a.yaml", "[1, 2]", 2), out).code()).isZero();
        assertThat(out.resolve("report/table.csv")).content().contains(",2,"); // two seeds
        Map<String, String> before = snapshot(out);

        CliRun refused = experiment(spec("b.yaml", "[1]", 2), out);
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("left out 2 runs: d/dice/n5/seed2, d/fess/n5/seed2");
        assertThat(snapshot(out)).isEqualTo(before);

        CliRun dropped = experiment(spec("b.yaml", "[1]", 2), out, "--extend");
        assertThat(dropped.code()).as(dropped.err()).isZero();
        assertThat(executor.executed).isEmpty();
        assertThat(dropped.out()).contains("2 runs, 2 already finished or failed, 0 to run");
        assertThat(out.resolve("d/dice/n5/seed2/run.json")).exists(); // left on disk, not reported

        List<String> table = Files.readAllLines(out.resolve("report/table.csv"));
        // seed 1 only: one seed, mean Dice 0.6 (seeds 1 and 2 would give 0.65)
        String header = table.get(0);
        int seeds = List.of(header.split(",")).indexOf("seeds");
        int seedMean = List.of(header.split(",")).indexOf("seed_mean");
        int metric = List.of(header.split(",")).indexOf("metric");
        List<String[]> diceRows = table.stream()
                .skip(1)
                .map(l -> l.split(","))
                .filter(c -> c[metric].equalsIgnoreCase("dice"))
                .toList();
        assertThat(diceRows).hasSize(2).allSatisfy(c -> {
            assertThat(c[seeds]).isEqualTo("1");
            assertThat(Double.parseDouble(c[seedMean])).isEqualTo(0.6, offset(1e-12));
        });
        assertThat(out.resolve("report/runs.csv")).content().doesNotContain("seed2");
        assertThat(out.resolve("report.md")).content().doesNotContain("seed2").contains("seeds: [1]");
        CliRun st = run("experiment", "status", out.toString());
        assertThat(st.out()).contains("2 runs: 2 done").doesNotContain("seed2");
    }
}
