package dev.fess.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What {@link DatasetChecker} found: the problems (empty for a clean dataset) and a summary of the data.
 *
 * @param root the dataset folder
 * @param layout its layout
 * @param trainingCases number of labelled cases checked
 * @param testCases number of unlabelled cases checked
 * @param problems every problem, scan problems first, then per case in id order
 * @param summary what the data looks like
 */
public record CheckReport(
        Path root, Layout layout, int trainingCases, int testCases, List<Problem> problems, Summary summary) {

    /**
     * @param modality the dataset's modality
     * @param channels all channel names
     * @param labels declared raw label → name
     * @param labelVoxels voxels per raw label value over all readable training labels (undeclared values included)
     * @param spacingMin smallest spacing per axis (mm), over images read; null if none was read
     * @param spacingMax largest spacing per axis (mm)
     * @param sizeMin smallest size per axis (voxels)
     * @param sizeMax largest size per axis (voxels)
     * @param orientations orientation codes (e.g. {@code RAS}, {@code LPS}) → number of cases
     */
    public record Summary(
            Modality modality,
            List<String> channels,
            Map<Integer, String> labels,
            Map<Integer, Long> labelVoxels,
            double[] spacingMin,
            double[] spacingMax,
            int[] sizeMin,
            int[] sizeMax,
            Map<String, Integer> orientations) {}

    public CheckReport {
        problems = List.copyOf(problems);
    }

    /** All cases checked. */
    public int cases() {
        return trainingCases + testCases;
    }

    /** True when no problem was found. */
    public boolean clean() {
        return problems.isEmpty();
    }

    /** The human-readable summary, one fact per line. */
    public List<String> summaryLines() {
        List<String> l = new ArrayList<>();
        l.add("dataset: " + root);
        l.add("layout: " + layout.name().toLowerCase(Locale.ROOT) + ", modality " + summary.modality());
        l.add("cases: " + cases() + " (" + trainingCases + " labelled, " + testCases + " unlabelled)");
        l.add("channels: " + String.join(", ", summary.channels()));
        StringBuilder labels = new StringBuilder("labels:");
        summary.labels()
                .forEach((v, n) ->
                        labels.append(' ').append(v).append('=').append(n).append(';'));
        l.add(labels.substring(0, labels.length() - 1));
        StringBuilder counts = new StringBuilder("label voxels:");
        summary.labelVoxels()
                .forEach((v, n) ->
                        counts.append(' ').append(v).append(": ").append(n).append(','));
        l.add(summary.labelVoxels().isEmpty() ? "label voxels: none read" : counts.substring(0, counts.length() - 1));
        if (summary.spacingMin() != null) {
            l.add("spacing (mm): " + range(summary.spacingMin(), summary.spacingMax()));
            l.add("size (voxels): " + range(summary.sizeMin(), summary.sizeMax()));
        }
        StringBuilder o = new StringBuilder("orientations:");
        summary.orientations()
                .forEach(
                        (k, n) -> o.append(' ').append(k).append(" (").append(n).append("),"));
        l.add(summary.orientations().isEmpty() ? "orientations: none read" : o.substring(0, o.length() - 1));
        l.add(
                problems.isEmpty()
                        ? "no problems found"
                        : problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " found");
        return l;
    }

    private static String range(double[] lo, double[] hi) {
        StringBuilder sb = new StringBuilder();
        for (int d = 0; d < 3; d++) {
            sb.append(d == 0 ? "" : " × ").append(fmt(lo[d]));
            if (lo[d] != hi[d]) {
                sb.append('–').append(fmt(hi[d]));
            }
        }
        return sb.toString();
    }

    private static String range(int[] lo, int[] hi) {
        StringBuilder sb = new StringBuilder();
        for (int d = 0; d < 3; d++) {
            sb.append(d == 0 ? "" : " × ").append(lo[d]);
            if (lo[d] != hi[d]) {
                sb.append('–').append(hi[d]);
            }
        }
        return sb.toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v).replaceFirst("\\.?0+$", "");
    }

    /** {@code {"cases": N, "problems": [{"case", "file", "what"}...], "summary": {...}}}, pretty-printed. */
    public String toJson() {
        ObjectMapper m =
                JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        ObjectNode root = m.createObjectNode();
        root.put("dataset", this.root.toString());
        root.put("layout", layout.name().toLowerCase(Locale.ROOT));
        root.put("cases", cases());
        root.put("trainingCases", trainingCases);
        root.put("testCases", testCases);
        ArrayNode p = root.putArray("problems");
        for (Problem pr : problems) {
            p.addObject().put("case", pr.caseId()).put("file", pr.file()).put("what", pr.what());
        }
        ObjectNode s = root.putObject("summary");
        s.put("modality", summary.modality().name());
        ArrayNode ch = s.putArray("channels");
        summary.channels().forEach(ch::add);
        ObjectNode lab = s.putObject("labels");
        summary.labels().forEach((v, n) -> lab.put(String.valueOf(v), n));
        ObjectNode lv = s.putObject("labelVoxels");
        summary.labelVoxels().forEach((v, n) -> lv.put(String.valueOf(v), n));
        if (summary.spacingMin() != null) {
            ArrayNode a = s.putArray("spacingMin");
            Arrays.stream(summary.spacingMin()).forEach(a::add);
            a = s.putArray("spacingMax");
            Arrays.stream(summary.spacingMax()).forEach(a::add);
            a = s.putArray("sizeMin");
            Arrays.stream(summary.sizeMin()).forEach(a::add);
            a = s.putArray("sizeMax");
            Arrays.stream(summary.sizeMax()).forEach(a::add);
        }
        ObjectNode o = s.putObject("orientations");
        summary.orientations().forEach(o::put);
        return m.writeValueAsString(root) + "\n";
    }
}
