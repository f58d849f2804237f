package dev.fess.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler with a test double for the executor (it writes a minimal evaluation.json). */
class ExperimentRunnerTest {
    @TempDir
    Path out;

    /** Records calls; fails runs whose id contains {@code failOn}; writes a one-case evaluation.json. */
    static final class RecordingExecutor implements RunExecutor {
        final Set<String> calls = ConcurrentHashMap.newKeySet();
        final AtomicInteger concurrent = new AtomicInteger();
        final AtomicInteger maxConcurrent = new AtomicInteger();
        final String failOn;
        final CountDownLatch together;

        RecordingExecutor(String failOn, CountDownLatch together) {
            this.failOn = failOn;
            this.together = together;
        }

        @Override
        public RunResult execute(RunSpec spec, Path runDir, ProgressListener l) throws Exception {
            calls.add(spec.id());
            int now = concurrent.incrementAndGet();
            maxConcurrent.accumulateAndGet(now, Math::max);
            try {
                if (together != null) {
                    together.countDown();
                    // waits until `parallel` runs are inside execute at once (or gives up)
                    together.await(10, TimeUnit.SECONDS);
                }
                if (failOn != null && spec.id().contains(failOn)) {
                    throw new IllegalStateException("simulated out of memory\nsecond line");
                }
                Files.writeString(
                        runDir.resolve("evaluation.json"),
                        "{\"cases\":[{\"case\":\"c1\",\"class\":\"wt\",\"dice\":0.5}],\"summary\":{}}");
                return new RunResult(spec.size(), Map.of("engine", "test-double"));
            } finally {
                concurrent.decrementAndGet();
            }
        }
    }

    static List<RunSpec> plan() {
        ExperimentSpec s = ExperimentSpec.parse("""
                name: t
                datasets: [{name: d, path: d, labels: brats-whole-tumour}]
                arms: [dice, fess]
                sizes: [2, 4]
                seeds: [1, 2]
                """, "t.yaml", Path.of("/x"));
        return s.expand(d -> OptionalInt.empty(), w -> {});
    }

    @Test
    void runsEverythingOnceAndNeverRedoesDoneRuns() throws IOException {
        List<RunSpec> runs = plan();
        RecordingExecutor ex = new RecordingExecutor(null, null);
        ExperimentRunner.Outcome o = ExperimentRunner.run(
                runs, out, ex, new ExperimentRunner.Options(1, false), new ExperimentRunner.Listener() {});
        assertThat(o.count(RunState.DONE)).isEqualTo(8);
        assertThat(ex.calls).hasSize(8);
        RunRecord r = RunRecord.read(out.resolve("d/fess/n4/seed2")).orElseThrow();
        assertThat(r.status()).isEqualTo(RunState.DONE);
        assertThat(r.trainingCases()).isEqualTo(4);
        assertThat(r.environment()).containsEntry("engine", "test-double");
        assertThat(r.spec()).containsEntry("arm", "fess").containsEntry("seed", 2);
        assertThat(r.wallSeconds()).isNotNull().isGreaterThanOrEqualTo(0.0);

        RecordingExecutor again = new RecordingExecutor(null, null);
        ExperimentRunner.Outcome o2 = ExperimentRunner.run(
                runs, out, again, new ExperimentRunner.Options(2, true), new ExperimentRunner.Listener() {});
        assertThat(again.calls).isEmpty();
        assertThat(o2.count(RunState.DONE)).isEqualTo(8);
    }

    @Test
    void aFailedRunIsReportedAndDoesNotStopTheOthers() throws IOException {
        List<RunSpec> runs = plan();
        RecordingExecutor ex = new RecordingExecutor("fess/n2/seed1", null);
        ExperimentRunner.Outcome o = ExperimentRunner.run(
                runs, out, ex, new ExperimentRunner.Options(1, false), new ExperimentRunner.Listener() {});
        assertThat(ex.calls).hasSize(8);
        assertThat(o.count(RunState.DONE)).isEqualTo(7);
        assertThat(o.failed()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("d/fess/n2/seed1");
            assertThat(f.error()).isEqualTo("IllegalStateException: simulated out of memory");
        });
        assertThat(out.resolve("d/fess/n2/seed1/error.txt")).content().contains("simulated out of memory");
        ExperimentStatus st = ExperimentStatus.read(out);
        assertThat(st.count(RunState.FAILED)).isEqualTo(1);
        assertThat(st.format())
                .contains(
                        "d/fess/n2/seed1",
                        "failed",
                        "IllegalStateException: simulated out of memory",
                        "8 runs: 7 done, 0 running, 1 failed, 0 pending");

        // without --retry-failed the failed run stays failed; with it, it runs again
        RecordingExecutor ok = new RecordingExecutor(null, null);
        ExperimentRunner.run(runs, out, ok, new ExperimentRunner.Options(1, false), new ExperimentRunner.Listener() {});
        assertThat(ok.calls).isEmpty();
        ExperimentRunner.Outcome o3 = ExperimentRunner.run(
                runs, out, ok, new ExperimentRunner.Options(1, true), new ExperimentRunner.Listener() {});
        assertThat(ok.calls).containsExactly("d/fess/n2/seed1");
        assertThat(o3.count(RunState.DONE)).isEqualTo(8);
    }

    @Test
    void anExecutorThatWritesNoEvaluationFailsTheRun() throws IOException {
        List<RunSpec> runs = plan().subList(0, 1);
        RunExecutor lazy = (spec, dir, l) -> new RunResult(-1, Map.of());
        ExperimentRunner.Outcome o = ExperimentRunner.run(
                runs, out, lazy, new ExperimentRunner.Options(1, false), new ExperimentRunner.Listener() {});
        assertThat(o.failed())
                .singleElement()
                .extracting(RunRecord::error)
                .asString()
                .contains("wrote no evaluation.json");
    }

    @Test
    void resumesAfterAKillRestartingTheInterruptedRun() throws IOException {
        List<RunSpec> runs = plan();
        // a previous process finished the first run and was killed during the second
        RunSpec done = runs.get(0);
        RunSpec interrupted = runs.get(1);
        Path doneDir = out.resolve(done.id());
        Files.createDirectories(doneDir);
        Files.writeString(doneDir.resolve("evaluation.json"), "{\"cases\":[]}");
        doneRecord(done, done.configuration()).write(doneDir);
        Path intDir = out.resolve(interrupted.id());
        Files.createDirectories(intDir);
        Files.writeString(intDir.resolve("partial-checkpoint.bin"), "junk");
        new RunRecord(
                        interrupted.id(),
                        RunState.RUNNING,
                        null,
                        Instant.now(),
                        null,
                        null,
                        null,
                        interrupted.toMap(),
                        null,
                        null,
                        null)
                .write(intDir);
        assertThat(ExperimentStatus.read(out).format()).contains("running");

        RecordingExecutor ex = new RecordingExecutor(null, null);
        ExperimentRunner.Outcome o = ExperimentRunner.run(
                runs, out, ex, new ExperimentRunner.Options(1, false), new ExperimentRunner.Listener() {});
        assertThat(ex.calls).hasSize(7).contains(interrupted.id()).doesNotContain(done.id());
        assertThat(intDir.resolve("partial-checkpoint.bin")).doesNotExist();
        assertThat(o.count(RunState.DONE)).isEqualTo(8);
    }

    private static RunRecord doneRecord(RunSpec run, Map<String, Object> configuration) {
        return new RunRecord(
                run.id(),
                RunState.DONE,
                null,
                Instant.now(),
                Instant.now(),
                1.0,
                2,
                run.toMap(),
                Map.of(),
                RunKey.of(configuration),
                RunKey.normalise(configuration));
    }

    @Test
    void aDoneRunIsReusedOnlyWithTheKeyOfItsConfiguration() throws IOException {
        List<RunSpec> runs = plan().subList(0, 3);
        Map<String, Object> other = new LinkedHashMap<>(runs.get(1).configuration());
        other.put("training", Map.of("epochs", 2));
        Path same = out.resolve(runs.get(0).id());
        Path changed = out.resolve(runs.get(1).id());
        Path unkeyed = out.resolve(runs.get(2).id());
        for (Path p : List.of(same, changed, unkeyed)) {
            Files.createDirectories(p);
            Files.writeString(p.resolve("evaluation.json"), "{\"cases\":[]}");
        }
        doneRecord(runs.get(0), runs.get(0).configuration()).write(same);
        doneRecord(runs.get(1), other).write(changed);
        new RunRecord(
                        runs.get(2).id(),
                        RunState.DONE,
                        null,
                        null,
                        null,
                        1.0,
                        2,
                        runs.get(2).toMap(),
                        Map.of(),
                        null,
                        null)
                .write(unkeyed);

        RecordingExecutor ex = new RecordingExecutor(null, null);
        ExperimentRunner.run(runs, out, ex, new ExperimentRunner.Options(1, false), new ExperimentRunner.Listener() {});
        assertThat(ex.calls)
                .containsExactlyInAnyOrder(runs.get(1).id(), runs.get(2).id());
        RunRecord redone = RunRecord.read(changed).orElseThrow();
        assertThat(redone.configKey()).isEqualTo(RunKey.of(runs.get(1).configuration()));
        assertThat(redone.configuration()).containsEntry("seed", 1).containsEntry("arm", "fess");
    }

    @Test
    void runsNAtOnceWithParallelN() throws IOException {
        List<RunSpec> runs = plan();
        CountDownLatch three = new CountDownLatch(3);
        RecordingExecutor ex = new RecordingExecutor(null, three);
        ExperimentRunner.run(runs, out, ex, new ExperimentRunner.Options(3, false), new ExperimentRunner.Listener() {});
        assertThat(ex.calls).hasSize(8);
        assertThat(ex.maxConcurrent.get()).isEqualTo(3);

        Path out2 = out.resolve("serial");
        RecordingExecutor one = new RecordingExecutor(null, null);
        ExperimentRunner.run(
                runs, out2, one, new ExperimentRunner.Options(1, false), new ExperimentRunner.Listener() {});
        assertThat(one.maxConcurrent.get()).isEqualTo(1);
    }

    @Test
    void statusListsPendingRunsOfThePlan() throws IOException {
        List<RunSpec> runs = plan();
        RecordingExecutor ex = new RecordingExecutor(null, null);
        ExperimentRunner.run(
                runs.subList(0, 2),
                out,
                ex,
                new ExperimentRunner.Options(1, false),
                new ExperimentRunner.Listener() {});
        // the plan on disk is the last one written: rewrite it with all runs without running them
        ExperimentRunner.run(
                runs,
                out,
                (s, d, l) -> {
                    throw new IllegalStateException("not now");
                },
                new ExperimentRunner.Options(1, false),
                new ExperimentRunner.Listener() {});
        ExperimentStatus st = ExperimentStatus.read(out);
        assertThat(st.rows()).hasSize(8);
        assertThat(st.count(RunState.DONE)).isEqualTo(2);
        assertThat(st.count(RunState.FAILED)).isEqualTo(6);
    }
}
