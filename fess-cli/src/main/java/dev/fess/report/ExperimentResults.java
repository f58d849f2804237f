package dev.fess.report;

import dev.fess.dataset.CaseFiles;
import dev.fess.experiment.ExperimentStatus;
import dev.fess.experiment.RunRecord;
import dev.fess.experiment.RunState;
import dev.fess.loss.Arm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Every run of an experiment folder: the finished ones with their results, and the state of all of them. */
public record ExperimentResults(Path dir, List<RunData> runs, ExperimentStatus status, List<String> problems) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Loads the {@code done} runs of the folder's plan ({@code plan.json}; without one, every run under {@code dir}):
     * run folders the plan does not list (runs a changed spec left out) are not read, and a run whose record has
     * another configuration key than the plan is left out and listed in problems, as is a run whose files cannot be
     * read.
     */
    public static ExperimentResults load(Path dir) throws IOException {
        ExperimentStatus status = ExperimentStatus.read(dir);
        List<RunData> runs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Optional<Map<String, String>> plan = ExperimentStatus.planned(dir);
        List<Path> runDirs = plan.isPresent()
                ? plan.get().keySet().stream().map(dir::resolve).toList()
                : ExperimentStatus.runDirs(dir);
        for (Path runDir : runDirs) {
            Optional<RunRecord> rec;
            try {
                rec = RunRecord.read(runDir);
            } catch (IOException e) {
                problems.add(e.getMessage());
                continue;
            }
            if (rec.isEmpty() || rec.get().status() != RunState.DONE) {
                continue;
            }
            String planned = plan.map(p -> p.get(rec.get().id())).orElse(null);
            if (planned != null && !planned.equals(rec.get().configKey())) {
                problems.add(rec.get().id() + ": left out of the report: made with another configuration than the"
                        + " plan's (configuration key " + rec.get().configKey() + ", plan " + planned + ")");
                continue;
            }
            try {
                runs.add(load(rec.get(), runDir));
            } catch (IOException | RuntimeException e) {
                problems.add(rec.get().id() + ": left out of the report: " + e.getMessage());
            }
        }
        return new ExperimentResults(dir, runs, status, problems);
    }

    @SuppressWarnings("unchecked")
    static RunData load(RunRecord r, Path runDir) throws IOException {
        Map<String, Object> spec = r.spec();
        Map<String, Object> ds = (Map<String, Object>) spec.get("dataset");
        String dataset = (String) ds.get("name");
        Arm arm = Arm.of((String) spec.get("arm"), r.id());
        int size = ((Number) spec.get("size")).intValue();
        int seed = ((Number) spec.get("seed")).intValue();
        Double lambda = spec.get("lambda") == null ? null : ((Number) spec.get("lambda")).doubleValue();
        Double tau = spec.get("tau") == null ? null : ((Number) spec.get("tau")).doubleValue();
        boolean primary = !Boolean.FALSE.equals(spec.get("primary"));
        int cases = r.trainingCases() != null ? r.trainingCases() : size;
        return new RunData(
                r,
                runDir,
                dataset,
                arm,
                size,
                cases,
                seed,
                lambda,
                tau,
                primary,
                readEvaluation(runDir.resolve("evaluation.json")),
                TrainingCurve.read(runDir.resolve("metrics.csv")),
                readTestCases(runDir));
    }

    /** Per-case scores, each metric averaged over the case's classes (nulls and background left out). */
    static List<CaseScore> readEvaluation(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file);
        } catch (JacksonException e) {
            throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        Map<String, double[][]> acc = new LinkedHashMap<>(); // case -> [metric][sum, n]
        Map<String, Map<String, Map<Metric, Double>>> regions = new LinkedHashMap<>(); // case -> region -> values
        for (JsonNode c : root.path("cases")) {
            String id = c.path("case").asString(null);
            if (id == null) {
                throw new IOException(file + ": a case without \"case\"");
            }
            String cls = c.path("class").asString("");
            if (cls.equals("background") || cls.equals("0")) {
                continue;
            }
            double[][] a = acc.computeIfAbsent(id, k -> new double[Metric.values().length][2]);
            Map<Metric, Double> own = new EnumMap<>(Metric.class);
            for (Metric m : Metric.values()) {
                JsonNode v = c.get(m.key());
                if (v != null && v.isNumber() && Double.isFinite(v.doubleValue())) {
                    a[m.ordinal()][0] += v.doubleValue();
                    a[m.ordinal()][1]++;
                    own.put(m, v.doubleValue());
                }
            }
            regions.computeIfAbsent(id, k -> new LinkedHashMap<>()).put(cls, own);
        }
        List<CaseScore> out = new ArrayList<>();
        for (Map.Entry<String, double[][]> e : acc.entrySet()) {
            Map<Metric, Double> vals = new EnumMap<>(Metric.class);
            for (Metric m : Metric.values()) {
                double[] s = e.getValue()[m.ordinal()];
                if (s[1] > 0) {
                    vals.put(m, s[0] / s[1]);
                }
            }
            out.add(new CaseScore(e.getKey(), vals, regions.get(e.getKey())));
        }
        return out;
    }

    static List<CaseFiles> readTestCases(Path runDir) throws IOException {
        Path f = runDir.resolve("test_cases.json");
        if (!Files.isRegularFile(f)) {
            return List.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(f);
        } catch (JacksonException e) {
            throw new IOException(f + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode list = root.isArray() ? root : root.path("cases");
        List<CaseFiles> out = new ArrayList<>();
        for (JsonNode c : list) {
            List<Path> images = new ArrayList<>();
            for (JsonNode i : c.path("images")) {
                images.add(runDir.resolve(i.asString()));
            }
            String label = c.path("label").asString(null);
            out.add(new CaseFiles(c.path("case").asString(), images, label == null ? null : runDir.resolve(label)));
        }
        return out;
    }
}
