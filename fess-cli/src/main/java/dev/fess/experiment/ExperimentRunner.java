package dev.fess.experiment;

import dev.fess.UserInputException;
import dev.fess.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Runs the runs of an experiment that are not done yet, resumably.
 *
 * <p>Each run has its directory {@code outDir/<run id>} and its {@code run.json} ({@link RunRecord}), which only
 * this class writes. A {@code done} run is never redone. A {@code running} run was interrupted (the process was
 * killed): it is started again from an empty directory. A {@code failed} run keeps its reason and is skipped
 * unless {@link Options#retryFailed()}. A failing run never stops the others. {@link Options#parallel()} runs go at
 * once on a fixed thread pool. One process at a time may work on a directory ({@code outDir/.lock}).
 */
public final class ExperimentRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ExperimentRunner.class);

    /** The plan file: every run id of the experiment, so that {@code status} can list pending runs. */
    public static final String PLAN_FILE = "plan.json";

    private ExperimentRunner() {}

    /**
     * @param parallel how many runs at once (≥ 1)
     * @param retryFailed rerun runs whose last attempt failed
     */
    public record Options(int parallel, boolean retryFailed) {
        public Options {
            if (parallel < 1) {
                throw new UserInputException("--parallel: expected a number ≥ 1, got " + parallel);
            }
        }
    }

    /** Callbacks for progress display; called from worker threads, so implementations must be thread-safe. */
    public interface Listener {
        /** Before anything runs: how many runs the plan has and how many will run now. */
        default void planned(int total, int toRun) {}

        default void started(RunSpec run) {}

        default void finished(RunSpec run, RunRecord record) {}

        /** Progress inside a run, as its executor reports it. */
        default void progress(RunSpec run, String phase, double fraction, String message) {}
    }

    /** The records of every run of the plan after this invocation, in plan order. */
    public record Outcome(List<RunRecord> records) {
        public long count(RunState s) {
            return records.stream().filter(r -> r.status() == s).count();
        }

        public List<RunRecord> failed() {
            return records.stream().filter(r -> r.status() == RunState.FAILED).toList();
        }
    }

    /**
     * Runs the runs that are not done yet (see the class comment) under the folder's lock.
     *
     * @throws UserInputException when another fess experiment holds {@code outDir/.lock}
     */
    public static Outcome run(List<RunSpec> runs, Path outDir, RunExecutor executor, Options options, Listener listener)
            throws IOException {
        Files.createDirectories(outDir);
        try (FileChannel ch =
                FileChannel.open(outDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new UserInputException(outDir + ": another fess experiment is running in this folder");
            }
            try {
                return runLocked(runs, outDir, executor, options, listener);
            } finally {
                lock.release();
            }
        }
    }

    /**
     * The indices of the runs this invocation must run: not done, and not failed unless {@code retryFailed}
     * (an interrupted {@code running} run is run again).
     */
    public static List<Integer> toRun(List<RunSpec> runs, Path outDir, boolean retryFailed) throws IOException {
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            RunSpec r = runs.get(i);
            RunState s = RunRecord.read(outDir.resolve(r.id()))
                    .map(RunRecord::status)
                    .orElse(RunState.PENDING);
            if (!(s == RunState.DONE || (s == RunState.FAILED && !retryFailed))) {
                if (s == RunState.RUNNING) {
                    LOG.info("{}: was interrupted, starting it again", r.id());
                }
                todo.add(i);
            }
        }
        return todo;
    }

    /** The records of every run of the plan as they are on disk now (pending runs have none: null). */
    public static RunRecord[] records(List<RunSpec> runs, Path outDir) throws IOException {
        RunRecord[] records = new RunRecord[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            records[i] = RunRecord.read(outDir.resolve(runs.get(i).id())).orElse(null);
        }
        return records;
    }

    private static Outcome runLocked(
            List<RunSpec> runs, Path outDir, RunExecutor executor, Options options, Listener listener)
            throws IOException {
        writePlan(runs, outDir);
        List<Integer> todo = toRun(runs, outDir, options.retryFailed());
        RunRecord[] records = records(runs, outDir);
        listener.planned(runs.size(), todo.size());
        ExecutorService pool = Executors.newFixedThreadPool(options.parallel(), runnable -> {
            Thread t = new Thread(runnable, "fess-run");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<RunRecord>> futures = new ArrayList<>();
            for (int i : todo) {
                RunSpec r = runs.get(i);
                futures.add(pool.submit(() -> runOne(r, outDir, executor, listener)));
            }
            for (int k = 0; k < todo.size(); k++) {
                try {
                    records[todo.get(k)] = futures.get(k).get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for runs", e);
                } catch (ExecutionException e) {
                    throw new IOException(
                            "could not record run " + runs.get(todo.get(k)).id() + ": "
                                    + e.getCause().getMessage(),
                            e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new Outcome(List.of(records));
    }

    /**
     * Runs one run in {@code outDir/<run id>} (emptied first) and records it in its {@code run.json}: done, or
     * failed with the reason (a failure never throws). Another process (a cluster task) may call it for one run of
     * a plan whose folder is on shared storage.
     */
    public static RunRecord runOne(RunSpec r, Path outDir, RunExecutor executor, Listener listener) throws IOException {
        Path runDir = outDir.resolve(r.id());
        clear(runDir);
        Files.createDirectories(runDir);
        Instant start = Instant.now();
        RunRecord running = new RunRecord(r.id(), RunState.RUNNING, null, start, null, null, null, r.toMap(), null);
        running.write(runDir);
        listener.started(r);
        LOG.info("{}: started", r.id());
        RunRecord result;
        long t0 = System.nanoTime();
        try {
            RunResult res = executor.execute(
                    r, runDir, (phase, fraction, message) -> listener.progress(r, phase, fraction, message));
            if (res == null) {
                throw new IllegalStateException("the executor returned no result");
            }
            checkEvaluation(runDir);
            double wall = (System.nanoTime() - t0) / 1e9;
            result = new RunRecord(
                    r.id(),
                    RunState.DONE,
                    null,
                    start,
                    Instant.now(),
                    wall,
                    res.trainingCases() < 0 ? null : res.trainingCases(),
                    r.toMap(),
                    res.environment());
            LOG.info("{}: done in {}", r.id(), Duration.ofMillis((long) (wall * 1000)));
        } catch (Exception | Error e) {
            if (e instanceof VirtualMachineError vm && !(e instanceof OutOfMemoryError)) {
                throw vm;
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            String reason = reason(e);
            result = new RunRecord(r.id(), RunState.FAILED, reason, start, Instant.now(), wall, null, r.toMap(), null);
            StringWriter sw = new StringWriter();
            e.printStackTrace(new PrintWriter(sw));
            AtomicFiles.writeString(runDir.resolve("error.txt"), sw.toString());
            LOG.warn("{}: failed: {}", r.id(), reason);
        }
        result.write(runDir);
        listener.finished(r, result);
        return result;
    }

    /** One line: the exception's message (with its type unless it is a user error), without line breaks. */
    static String reason(Throwable e) {
        String msg = e.getMessage();
        String first = msg == null || msg.isBlank()
                ? ""
                : msg.lines().findFirst().orElse("").strip();
        if (e instanceof UserInputException) {
            return first;
        }
        return e.getClass().getSimpleName() + (first.isEmpty() ? "" : ": " + first);
    }

    private static void checkEvaluation(Path runDir) throws IOException {
        Path f = runDir.resolve("evaluation.json");
        if (!Files.isRegularFile(f)) {
            throw new IllegalStateException("the executor finished but wrote no evaluation.json");
        }
        try {
            JsonNode n = RunRecord.JSON.readTree(f);
            if (n == null || !n.has("cases") || !n.get("cases").isArray()) {
                throw new IllegalStateException("evaluation.json has no \"cases\" list");
            }
        } catch (JacksonException e) {
            throw new IllegalStateException("evaluation.json is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void clear(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Writes {@code plan.json}: every run id of the experiment, so that {@code status} lists pending runs. */
    public static void writePlan(List<RunSpec> runs, Path outDir) throws IOException {
        List<Map<String, Object>> l = new ArrayList<>();
        for (RunSpec r : runs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("spec", r.toMap());
            l.add(m);
        }
        AtomicFiles.write(outDir.resolve(PLAN_FILE), RunRecord.JSON.writeValueAsBytes(Map.of("runs", l)));
    }
}
