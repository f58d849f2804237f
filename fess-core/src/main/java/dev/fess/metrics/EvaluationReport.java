package dev.fess.metrics;

import dev.fess.io.AtomicFiles;
import dev.fess.io.CsvTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Per-case scores of an evaluation and their per-region summary, with JSON, CSV and text renderings.
 *
 * <p>Summary of a metric over the cases where it is defined (non-null): {@code n}, mean, sample standard deviation
 * (ddof = 1, null when n &lt; 2), median (mean of the two middle values for even n); null statistics when n = 0.
 * Per region also: {@code cases}, {@code both_empty} and {@code undefined_distances} (cases where exactly one mask is
 * empty: their hd95/hd/assd are null and left out of the distance statistics, not averaged in as 0 or ∞).
 */
public final class EvaluationReport {
    /** The metric columns, in output order, with the key used in JSON and CSV. */
    public static final List<String> METRICS = List.of(
            "dice",
            "iou",
            "precision",
            "sensitivity",
            "specificity",
            "hd95",
            "hd",
            "assd",
            "volume_pred_mm3",
            "volume_label_mm3",
            "volume_diff_mm3",
            "relative_volume_diff");

    private static final Map<String, Function<SegmentationMetrics, Double>> GETTERS = getters();

    private final List<Region> regions;
    private final List<CaseResult> cases;

    /** A report over {@code regions} with one result per case (both lists copied). */
    public EvaluationReport(List<Region> regions, List<CaseResult> cases) {
        this.regions = List.copyOf(regions);
        this.cases = List.copyOf(cases);
    }

    private static Map<String, Function<SegmentationMetrics, Double>> getters() {
        Map<String, Function<SegmentationMetrics, Double>> g = new LinkedHashMap<>();
        g.put("dice", SegmentationMetrics::dice);
        g.put("iou", SegmentationMetrics::iou);
        g.put("precision", SegmentationMetrics::precision);
        g.put("sensitivity", SegmentationMetrics::sensitivity);
        g.put("specificity", SegmentationMetrics::specificity);
        g.put("hd95", SegmentationMetrics::hd95);
        g.put("hd", SegmentationMetrics::hd);
        g.put("assd", SegmentationMetrics::assd);
        g.put("volume_pred_mm3", SegmentationMetrics::predVolumeMm3);
        g.put("volume_label_mm3", SegmentationMetrics::labelVolumeMm3);
        g.put("volume_diff_mm3", SegmentationMetrics::volumeDiffMm3);
        g.put("relative_volume_diff", SegmentationMetrics::relativeVolumeDiff);
        return g;
    }

    public List<Region> regions() {
        return regions;
    }

    public List<CaseResult> cases() {
        return cases;
    }

    /**
     * One line per case and region where the prediction has voxels and the label none: scored as Dice 0 with the
     * predicted voxels as false positives and undefined distances (docs/metrics.md), listed so that the command can
     * warn, e.g. {@code b: class 7: 40 voxels predicted, none in the label (Dice 0, distances undefined)}.
     */
    public List<String> predictionsAgainstEmptyLabels() {
        List<String> lines = new ArrayList<>();
        for (CaseResult c : cases) {
            c.byRegion().forEach((region, m) -> {
                if (m != null && m.labelVoxels() == 0 && m.predVoxels() > 0) {
                    lines.add(c.caseName() + ": " + (isClass(region) ? "class " : "region ") + region + ": "
                            + m.predVoxels() + " voxels predicted, none in the label (Dice 0, distances undefined)");
                }
            });
        }
        return lines;
    }

    private static boolean isClass(String regionName) {
        return regionName.chars().allMatch(Character::isDigit);
    }

    /** The value of a metric key ({@link #METRICS}) for one score set; null when undefined. */
    public static Double metric(SegmentationMetrics m, String key) {
        Function<SegmentationMetrics, Double> g = GETTERS.get(key);
        if (g == null) {
            throw new IllegalArgumentException("unknown metric " + key + ", expected one of " + METRICS);
        }
        return g.apply(m);
    }

    /**
     * Statistics of one metric over cases.
     *
     * @param n number of cases where the metric is defined
     * @param mean null when n = 0
     * @param std sample standard deviation (ddof = 1); null when n &lt; 2
     * @param median null when n = 0
     */
    public record Stat(int n, Double mean, Double std, Double median) {
        /** Statistics of the non-null values. */
        public static Stat of(List<Double> values) {
            double[] v = values.stream()
                    .filter(x -> x != null)
                    .mapToDouble(Double::doubleValue)
                    .toArray();
            int n = v.length;
            if (n == 0) {
                return new Stat(0, null, null, null);
            }
            double mean = 0;
            for (double x : v) {
                mean += x;
            }
            mean /= n;
            Double std = null;
            if (n >= 2) {
                double ss = 0;
                for (double x : v) {
                    ss += (x - mean) * (x - mean);
                }
                std = Math.sqrt(ss / (n - 1));
            }
            Arrays.sort(v);
            double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
            return new Stat(n, mean, std, median);
        }
    }

    /** Summary of one region: statistics per metric key plus the case counts. */
    public record RegionSummary(
            String region, int cases, int bothEmpty, int undefinedDistances, Map<String, Stat> stats) {}

    /** One summary per region, in region order. */
    public List<RegionSummary> summary() {
        List<RegionSummary> out = new ArrayList<>();
        for (Region r : regions) {
            int both = 0;
            int undefined = 0;
            List<SegmentationMetrics> ms = new ArrayList<>();
            for (CaseResult c : cases) {
                SegmentationMetrics m = c.byRegion().get(r.name());
                ms.add(m);
                both += m.bothEmpty() ? 1 : 0;
                undefined += m.distancesUndefined() ? 1 : 0;
            }
            Map<String, Stat> stats = new LinkedHashMap<>();
            for (String k : METRICS) {
                stats.put(k, Stat.of(ms.stream().map(m -> metric(m, k)).toList()));
            }
            out.add(new RegionSummary(r.name(), cases.size(), both, undefined, stats));
        }
        return out;
    }

    /** The conventions every output carries, so that a number can be read without the code. */
    public static Map<String, String> conventions() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put(
                "surface",
                "border voxels = mask AND NOT binary_erosion(mask) with the 6-connected 3D cross and voxels "
                        + "outside the volume counted as background (MONAI get_mask_edges / scipy defaults)");
        c.put(
                "distance",
                "exact Euclidean distance in mm between voxel centres, anisotropic spacing from the "
                        + "label's affine (scipy distance_transform_edt with sampling=spacing)");
        c.put(
                "hd95",
                "max(p95(d(pred->label)), p95(d(label->pred))) over border voxels, as MONAI "
                        + "compute_hausdorff_distance(percentile=95, directed=False)");
        c.put("hd", "max of all directed border distances (Hausdorff, HD100)");
        c.put(
                "assd",
                "mean of d(pred->label) and d(label->pred) pooled, as MONAI "
                        + "compute_average_surface_distance(symmetric=True)");
        c.put(
                "percentile",
                "numpy default (linear): sorted a, r = p/100*(n-1), a[floor r] + (a[ceil r]-a[floor r])*frac(r)");
        c.put("both_empty", "dice = iou = precision = sensitivity = specificity = 1; hd95 = hd = assd = 0");
        c.put(
                "one_empty",
                "dice = iou = 0; hd95, hd, assd = null; counted as undefined_distances in the summary "
                        + "and left out of distance statistics");
        c.put(
                "zero_denominator",
                "any other ratio with a zero denominator (precision with an empty prediction, "
                        + "sensitivity with an empty label) is null");
        c.put(
                "volume",
                "volume_*_mm3 = voxels * voxel volume; volume_diff_mm3 = |V_pred - V_label|; "
                        + "relative_volume_diff = |V_pred - V_label| / V_label (null when the label is empty)");
        c.put(
                "summary",
                "over cases where the metric is not null: n, mean, std (sample, ddof=1, null when n < 2), " + "median");
        return c;
    }

    /** The whole report as a JSON tree: {@code {"conventions", "regions", "cases": [...], "summary": {...}}}. */
    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        ObjectNode conv = root.putObject("conventions");
        conventions().forEach(conv::put);
        ObjectNode regs = root.putObject("regions");
        for (Region r : regions) {
            if (r.anyNonZero()) {
                regs.put(r.name(), "any non-zero");
                continue;
            }
            ArrayNode a = regs.putArray(r.name());
            for (int l : r.labels()) {
                a.add(l);
            }
        }
        ArrayNode rows = root.putArray("cases");
        for (CaseResult c : cases) {
            for (Region r : regions) {
                SegmentationMetrics m = c.byRegion().get(r.name());
                ObjectNode row = rows.addObject();
                row.put("case", c.caseName());
                row.put("class", r.name());
                for (String k : METRICS) {
                    Double v = metric(m, k);
                    if (v == null) {
                        row.putNull(k);
                    } else {
                        row.put(k, v.doubleValue());
                    }
                }
                row.put("tp", m.truePositives());
                row.put("fp", m.falsePositives());
                row.put("fn", m.falseNegatives());
                row.put("tn", m.trueNegatives());
            }
        }
        ObjectNode sum = root.putObject("summary");
        for (RegionSummary s : summary()) {
            ObjectNode o = sum.putObject(s.region());
            o.put("cases", s.cases());
            o.put("both_empty", s.bothEmpty());
            o.put("undefined_distances", s.undefinedDistances());
            s.stats().forEach((k, st) -> {
                ObjectNode m = o.putObject(k);
                m.put("n", st.n());
                putNullable(m, "mean", st.mean());
                putNullable(m, "std", st.std());
                putNullable(m, "median", st.median());
            });
        }
        return root;
    }

    private static void putNullable(ObjectNode o, String key, Double v) {
        if (v == null) {
            o.putNull(key);
        } else {
            o.put(key, v.doubleValue());
        }
    }

    /** Writes {@link #toJson()} atomically (temporary file in the same directory, then rename). */
    public void writeJson(Path out) throws IOException {
        String text =
                JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(toJson());
        AtomicFiles.writeString(out, text + "\n");
    }

    /** One row per case × region, header {@code case,class,<METRICS>,tp,fp,fn,tn}; undefined values are empty. */
    public String toCsv() {
        List<String> header = new ArrayList<>(List.of("case", "class"));
        header.addAll(METRICS);
        header.addAll(List.of("tp", "fp", "fn", "tn"));
        CsvTable csv = new CsvTable(header.toArray(String[]::new));
        for (CaseResult c : cases) {
            for (Region r : regions) {
                SegmentationMetrics m = c.byRegion().get(r.name());
                List<Object> row = new ArrayList<>(List.of(c.caseName(), r.name()));
                for (String k : METRICS) {
                    Double v = metric(m, k);
                    row.add(v != null && v.isNaN() ? "NaN" : v);
                }
                row.addAll(List.of(m.truePositives(), m.falsePositives(), m.falseNegatives(), m.trueNegatives()));
                csv.row(row.toArray());
            }
        }
        return csv.text();
    }

    /** Writes {@link #toCsv()} atomically. */
    public void writeCsv(Path out) throws IOException {
        AtomicFiles.writeString(out, toCsv());
    }

    /** A plain-text table: per region, mean ± std, median and n of the main metrics. */
    public String summaryTable() {
        List<String> shown = List.of("dice", "iou", "precision", "sensitivity", "hd95", "assd", "volume_diff_mm3");
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT, "%-8s %-16s %22s %10s %5s%n", "class", "metric", "mean ± std", "median", "n"));
        for (RegionSummary s : summary()) {
            for (String k : shown) {
                Stat st = s.stats().get(k);
                sb.append(String.format(
                        Locale.ROOT,
                        "%-8s %-16s %22s %10s %5d%n",
                        s.region(),
                        k,
                        st.mean() == null ? "-" : fmt(st.mean()) + " ± " + (st.std() == null ? "-" : fmt(st.std())),
                        st.median() == null ? "-" : fmt(st.median()),
                        st.n()));
            }
            sb.append(String.format(
                    Locale.ROOT,
                    "%-8s %d case(s), %d with both masks empty, %d with undefined "
                            + "distances (exactly one mask empty)%n",
                    s.region(),
                    s.cases(),
                    s.bothEmpty(),
                    s.undefinedDistances()));
        }
        return sb.toString();
    }

    private static String fmt(double v) {
        return Math.abs(v) >= 1e6 ? String.format(Locale.ROOT, "%.4e", v) : String.format(Locale.ROOT, "%.4f", v);
    }
}
