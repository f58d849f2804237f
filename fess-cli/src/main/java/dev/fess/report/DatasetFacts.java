package dev.fess.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * What a run recorded about its dataset ({@code RUN/dataset.json}): case counts of the split and, for a combined
 * dataset, the labelled cases kept per source and the dropped duplicates. Counts are -1 when no run recorded them.
 */
record DatasetFacts(
        int labelled, int test, int validation, int pool, Map<String, Integer> keptPerSource, List<String> dropped) {
    static final String FILE = "dataset.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The facts of the first run of a dataset that recorded them. */
    static DatasetFacts read(List<RunData> runs) throws IOException {
        for (RunData r : runs) {
            Path f = r.dir().resolve(FILE);
            if (!Files.isRegularFile(f)) {
                continue;
            }
            JsonNode n;
            try {
                n = JSON.readTree(f);
            } catch (JacksonException e) {
                throw new IOException(f + ": not valid JSON: " + e.getOriginalMessage(), e);
            }
            Map<String, Integer> kept = new LinkedHashMap<>();
            n.path("kept_per_source")
                    .properties()
                    .forEach(e -> kept.put(e.getKey(), e.getValue().asInt()));
            List<String> dropped = new ArrayList<>();
            n.path("dropped").forEach(d -> dropped.add(d.asString()));
            return new DatasetFacts(
                    n.path("labelled").asInt(-1),
                    n.path("test").asInt(-1),
                    n.path("validation").asInt(-1),
                    n.path("training_pool").asInt(-1),
                    kept,
                    dropped);
        }
        return new DatasetFacts(-1, -1, -1, -1, Map.of(), List.of());
    }

    /** A count for a table cell: "?" when unknown. */
    String text(int count) {
        return count < 0 ? "?" : Integer.toString(count);
    }
}
