package dev.fess.experiment;

import dev.fess.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The scheduler's record of one run, {@code <runDir>/run.json}:
 * {@code {"id", "status", "error", "started", "finished", "wall_seconds", "training_cases", "spec": {...},
 * "environment": {...}, "config_key": "sha256:…", "configuration": {...}}}. Times are ISO-8601 instants;
 * {@code error} is null unless the run failed; {@code config_key} ({@link RunKey}) and {@code configuration} are
 * those the run was made with (null in records of fess versions before them).
 */
public record RunRecord(
        String id,
        RunState status,
        String error,
        Instant started,
        Instant finished,
        Double wallSeconds,
        Integer trainingCases,
        Map<String, Object> spec,
        Map<String, Object> environment,
        String configKey,
        Map<String, Object> configuration) {
    /** The file name inside a run directory. */
    public static final String FILE = "run.json";

    static final ObjectMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public RunRecord {
        spec = spec == null ? Map.of() : spec;
        environment = environment == null ? Map.of() : environment;
        configuration = configuration == null ? Map.of() : configuration;
    }

    /** This record with another status and error. */
    public RunRecord withStatus(RunState s, String err) {
        return new RunRecord(
                id, s, err, started, finished, wallSeconds, trainingCases, spec, environment, configKey, configuration);
    }

    /** The record as written to {@code run.json} (snake_case keys; times as ISO-8601 text or null). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("status", status.key());
        m.put("error", error);
        m.put("started", started == null ? null : started.toString());
        m.put("finished", finished == null ? null : finished.toString());
        m.put("wall_seconds", wallSeconds);
        m.put("training_cases", trainingCases);
        m.put("spec", spec);
        m.put("environment", environment);
        m.put("config_key", configKey);
        m.put("configuration", configuration);
        return m;
    }

    /** Writes {@code runDir/run.json} atomically. */
    public void write(Path runDir) throws IOException {
        AtomicFiles.write(runDir.resolve(FILE), JSON.writeValueAsBytes(toMap()));
    }

    /** Reads {@code runDir/run.json}; empty when there is none; an unreadable file is reported as an IOException. */
    @SuppressWarnings("unchecked")
    public static Optional<RunRecord> read(Path runDir) throws IOException {
        Path f = runDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        Map<String, Object> m;
        try {
            m = JSON.readValue(f, Map.class);
        } catch (JacksonException e) {
            throw new IOException(f + ": not a valid run record: " + e.getOriginalMessage(), e);
        }
        try {
            Object wall = m.get("wall_seconds");
            Object tc = m.get("training_cases");
            return Optional.of(new RunRecord(
                    (String) m.get("id"),
                    RunState.of((String) m.get("status")),
                    (String) m.get("error"),
                    instant(m.get("started")),
                    instant(m.get("finished")),
                    wall == null ? null : ((Number) wall).doubleValue(),
                    tc == null ? null : ((Number) tc).intValue(),
                    (Map<String, Object>) m.get("spec"),
                    (Map<String, Object>) m.get("environment"),
                    (String) m.get("config_key"),
                    (Map<String, Object>) m.get("configuration")));
        } catch (RuntimeException e) {
            throw new IOException(f + ": not a valid run record: " + e.getMessage(), e);
        }
    }

    private static Instant instant(Object o) {
        return o == null ? null : Instant.parse(o.toString());
    }
}
