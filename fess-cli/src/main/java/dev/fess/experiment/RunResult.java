package dev.fess.experiment;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an executor reports about a finished run besides the files it wrote.
 *
 * @param trainingCases the number of training cases actually used (after clipping to the pool), or -1 if unknown
 * @param environment facts about where and how it ran (engine, threads, device, library versions ...), stored
 *     under {@code environment} in {@code run.json} and shown in the report
 */
public record RunResult(int trainingCases, Map<String, Object> environment) {
    public RunResult {
        environment = new LinkedHashMap<>(environment);
    }
}
