package dev.fess.experiment;

import dev.fess.UserInputException;
import dev.fess.io.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * An experiment folder held by this process: {@link #lock} takes {@code DIR/.lock} before anything else is read or
 * written, so that a second process is refused without a byte of the folder changed. Then {@link #plan} keys the
 * runs, {@link #compare} tells how the spec differs from what the folder holds, and {@link #accept} writes the spec
 * copy and {@code plan.json}.
 */
public final class ExperimentFolder implements AutoCloseable {
    /** The lock file: held (an OS file lock) by the process that works on the folder. */
    public static final String LOCK_FILE = ".lock";
    /** The copy of the spec kept in the experiment folder. */
    public static final String SPEC_COPY = "experiment.yaml";

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private ExperimentFolder(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates {@code dir} when missing and takes its lock; the first thing any run of an experiment does.
     *
     * @throws UserInputException when another process (or this one) holds it
     */
    public static ExperimentFolder lock(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserInputException(dir + ": not a folder; give a new or an experiment folder");
        }
        Files.createDirectories(dir);
        FileChannel ch = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (l == null) {
            ch.close();
            throw new UserInputException(dir + ": another fess experiment is running in this folder");
        }
        return new ExperimentFolder(dir, ch, l);
    }

    /** The folder. */
    public Path dir() {
        return dir;
    }

    /** Keys every run with the configuration {@code executor} resolves for it. */
    public List<PlannedRun> plan(List<RunSpec> runs, RunExecutor executor) throws IOException {
        List<PlannedRun> out = new ArrayList<>(runs.size());
        for (RunSpec r : runs) {
            out.add(PlannedRun.of(r, executor.configuration(r, dir)));
        }
        return out;
    }

    /** How {@code planned} differs from the plan and the run records in the folder. */
    public SpecChange compare(List<PlannedRun> planned) throws IOException {
        Optional<Map<String, Stored>> old = readPlan(dir);
        Map<String, Stored> before = old.orElseGet(LinkedHashMap::new);
        List<String> added = new ArrayList<>();
        List<SpecChange.Changed> changed = new ArrayList<>();
        List<String> unkeyed = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (PlannedRun p : planned) {
            ids.add(p.id());
            Stored s = RunRecord.read(dir.resolve(p.id()))
                    .map(r -> new Stored(r.configKey(), r.configuration()))
                    .orElse(before.get(p.id()));
            if (s == null) {
                if (old.isPresent()) {
                    added.add(p.id());
                }
            } else if (s.key() == null) {
                unkeyed.add(p.id());
            } else if (!s.key().equals(p.key())) {
                changed.add(new SpecChange.Changed(p.id(), s.configuration(), p.configuration()));
            } else if (old.isPresent() && !before.containsKey(p.id())) {
                added.add(p.id());
            }
        }
        List<String> removed =
                before.keySet().stream().filter(id -> !ids.contains(id)).toList();
        return new SpecChange(dir, changed, added, removed, unkeyed);
    }

    /** Writes the spec copy ({@code experiment.yaml}, when {@code specText} is given) and {@code plan.json}. */
    public void accept(List<PlannedRun> planned, byte[] specText) throws IOException {
        if (specText != null) {
            AtomicFiles.write(dir.resolve(SPEC_COPY), specText);
        }
        List<Map<String, Object>> l = new ArrayList<>();
        for (PlannedRun r : planned) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("config_key", r.key());
            m.put("spec", r.spec().toMap());
            m.put("configuration", r.configuration());
            l.add(m);
        }
        AtomicFiles.write(dir.resolve(ExperimentRunner.PLAN_FILE), RunRecord.JSON.writeValueAsBytes(Map.of("runs", l)));
    }

    /** A run of a plan on disk: its key (null in plans of fess versions before keys) and configuration. */
    record Stored(String key, Map<String, Object> configuration) {}

    /**
     * The runs of {@code dir/plan.json} in order, with their keys; empty when the folder has no plan.
     *
     * @throws IOException when the plan cannot be read
     */
    @SuppressWarnings("unchecked")
    static Optional<Map<String, Stored>> readPlan(Path dir) throws IOException {
        Path f = dir.resolve(ExperimentRunner.PLAN_FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        JsonNode n;
        try {
            n = RunRecord.JSON.readTree(f);
        } catch (JacksonException e) {
            throw new IOException(f + ": not a valid plan: " + e.getOriginalMessage(), e);
        }
        Map<String, Stored> out = new LinkedHashMap<>();
        for (JsonNode r : n.path("runs")) {
            JsonNode id = r.get("id");
            if (id == null || !id.isString()) {
                throw new IOException(f + ": a run without \"id\"");
            }
            JsonNode key = r.get("config_key");
            JsonNode cfg = r.get("configuration");
            out.put(
                    id.asString(),
                    new Stored(
                            key == null || key.isNull() ? null : key.asString(),
                            cfg == null || !cfg.isObject() ? Map.of() : RunRecord.JSON.convertValue(cfg, Map.class)));
        }
        return Optional.of(out);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
