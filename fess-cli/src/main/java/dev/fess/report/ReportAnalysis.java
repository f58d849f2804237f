package dev.fess.report;

import dev.fess.loss.Arm;
import dev.fess.statistics.ConfidenceInterval;
import dev.fess.statistics.Descriptive;
import dev.fess.statistics.PairedBootstrap;
import dev.fess.statistics.Wilcoxon;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The numbers of the report, computed from finished runs: the paper's table, the paired comparisons, the
 * limited-data curve, the λ/τ sweeps and the mean training curves. Only the main setting of each arm
 * ({@link RunData#primary()}) enters the table, the comparisons and the limited-data curve.
 */
public final class ReportAnalysis {
    /** Arm order of the paper's table and figures. */
    public static final List<Arm> ARM_ORDER = List.of(Arm.FESS, Arm.DICE, Arm.SIMCLR, Arm.INFONCE);
    /** Seed of the bootstrap resampling, fixed so that a report is reproducible. */
    public static final long BOOTSTRAP_SEED = 20240214L;

    private ReportAnalysis() {}

    /** One cell of the table: the metric over seeds (each seed = mean over test cases) and over all (case, seed). */
    public record Cell(Descriptive overSeeds, Descriptive pooled) {}

    /** One arm's row. */
    public record Row(Arm arm, int seeds, int cases, Map<Metric, Cell> cells) {}

    /**
     * The paper's table for one dataset at its largest training-set size: every metric averaged over the scored
     * regions of a case ({@code region} null), or on one region only (WT, TC, ET ...).
     */
    public record Table(String dataset, String region, int size, int trainingCases, List<Row> rows) {
        /** True when {@code arm} has the best mean-over-seeds value of {@code m} (ties all count; needs ≥ 2 rows). */
        public boolean isBest(Arm arm, Metric m) {
            double best = Double.NaN;
            int withValue = 0;
            for (Row r : rows) {
                double v = r.cells().get(m).overSeeds().mean();
                if (Double.isNaN(v)) {
                    continue;
                }
                withValue++;
                if (Double.isNaN(best) || (m.higherIsBetter() ? v > best : v < best)) {
                    best = v;
                }
            }
            if (withValue < 2) {
                return false;
            }
            for (Row r : rows) {
                if (r.arm() == arm) {
                    return r.cells().get(m).overSeeds().mean() == best;
                }
            }
            return false;
        }
    }

    /**
     * FESS against another arm on the same test cases (pairs = (seed, case) present in both).
     *
     * @param ci bootstrap CI of mean(Dice_FESS − Dice_other); null when there are no pairs
     * @param p Wilcoxon two-sided p-value; 1 when every difference is 0; NaN when there are no pairs
     */
    public record Comparison(
            String dataset,
            int size,
            Arm other,
            int pairs,
            int seeds,
            ConfidenceInterval ci,
            double p,
            String verdict) {}

    /** A point of a curve: mean and SEM over seeds of the per-seed mean Dice. */
    public record Point(double x, Descriptive dice) {}

    /** A named series of points. */
    public record Series(String name, List<Point> points) {}

    /** The size key with "all" (-1) as the largest. */
    static long sizeOrder(int size) {
        return size < 0 ? Long.MAX_VALUE : size;
    }

    static Map<String, List<RunData>> byDataset(List<RunData> runs) {
        Map<String, List<RunData>> m = new TreeMap<>();
        for (RunData r : runs) {
            m.computeIfAbsent(r.dataset(), k -> new ArrayList<>()).add(r);
        }
        return m;
    }

    /** The largest size among the main-setting runs of a dataset. */
    static int largestSize(List<RunData> runs) {
        return runs.stream()
                .filter(RunData::primary)
                .map(RunData::size)
                .max(Comparator.comparingLong(ReportAnalysis::sizeOrder))
                .orElse(0);
    }

    static List<RunData> select(List<RunData> runs, Arm arm, int size) {
        return runs.stream()
                .filter(r -> r.primary() && r.arm() == arm && r.size() == size)
                .sorted(Comparator.comparingInt(RunData::seed).thenComparingInt(RunData::fold))
                .toList();
    }

    /** The paper's table per dataset (see {@link Table}), from the main setting of each arm. */
    public static List<Table> tables(List<RunData> all) {
        List<Table> out = new ArrayList<>();
        for (Map.Entry<String, List<RunData>> e : byDataset(all).entrySet()) {
            List<RunData> runs = e.getValue();
            if (runs.stream().noneMatch(RunData::primary)) {
                continue;
            }
            int size = largestSize(runs);
            List<Row> rows = new ArrayList<>();
            int trainingCases = size;
            for (Arm arm : ARM_ORDER) {
                List<RunData> sel = select(runs, arm, size);
                if (sel.isEmpty()) {
                    continue;
                }
                trainingCases = sel.get(0).trainingCases();
                Map<Metric, Cell> cells = new EnumMap<>(Metric.class);
                int cases = 0;
                for (Metric m : Metric.values()) {
                    List<Double> perSeed = new ArrayList<>();
                    List<Double> pooled = new ArrayList<>();
                    for (RunData r : sel) {
                        double v = r.mean(m);
                        if (!Double.isNaN(v)) {
                            perSeed.add(v);
                        }
                        for (CaseScore c : r.cases()) {
                            Double x = c.values().get(m);
                            if (x != null) {
                                pooled.add(x);
                            }
                        }
                    }
                    if (m == Metric.DICE) {
                        cases = pooled.size();
                    }
                    cells.put(m, new Cell(Descriptive.of(toArray(perSeed)), Descriptive.of(toArray(pooled))));
                }
                rows.add(new Row(arm, sel.size(), cases, cells));
            }
            out.add(new Table(e.getKey(), null, size, trainingCases, rows));
        }
        return out;
    }

    /**
     * One table per dataset and region for the datasets scored on more than one region (BraTS WT, TC, ET; the
     * organs of {@code abdomen-organs}), regions in the order of the evaluation files.
     */
    public static List<Table> regionTables(List<RunData> all) {
        List<Table> out = new ArrayList<>();
        for (Map.Entry<String, List<RunData>> e : byDataset(all).entrySet()) {
            LinkedHashSet<String> regions = new LinkedHashSet<>();
            e.getValue().stream().filter(RunData::primary).forEach(r -> regions.addAll(r.regions()));
            if (regions.size() < 2) {
                continue;
            }
            for (String region : regions) {
                for (Table t : tables(
                        e.getValue().stream().map(r -> r.forRegion(region)).toList())) {
                    out.add(new Table(t.dataset(), region, t.size(), t.trainingCases(), t.rows()));
                }
            }
        }
        return out;
    }

    /** FESS against every other arm per dataset at the largest training-set size (see {@link Comparison}). */
    public static List<Comparison> comparisons(List<RunData> all) {
        List<Comparison> out = new ArrayList<>();
        for (Map.Entry<String, List<RunData>> e : byDataset(all).entrySet()) {
            List<RunData> runs = e.getValue();
            int size = largestSize(runs);
            List<RunData> fess = select(runs, Arm.FESS, size);
            if (fess.isEmpty()) {
                continue;
            }
            for (Arm other : ARM_ORDER) {
                if (other == Arm.FESS) {
                    continue;
                }
                List<RunData> oth = select(runs, other, size);
                if (oth.isEmpty()) {
                    continue;
                }
                Map<String, RunData> otherBySeed = new HashMap<>();
                oth.forEach(r -> otherBySeed.put(r.replicate(), r));
                List<Double> a = new ArrayList<>();
                List<Double> b = new ArrayList<>();
                TreeSet<Integer> seeds = new TreeSet<>();
                for (RunData f : fess) {
                    RunData o = otherBySeed.get(f.replicate());
                    if (o == null) {
                        continue;
                    }
                    Map<String, Double> od = new HashMap<>();
                    for (CaseScore c : o.cases()) {
                        Double v = c.values().get(Metric.DICE);
                        if (v != null) {
                            od.put(c.caseId(), v);
                        }
                    }
                    for (CaseScore c : f.cases()) {
                        Double v = c.values().get(Metric.DICE);
                        Double w = od.get(c.caseId());
                        if (v != null && w != null) {
                            a.add(v);
                            b.add(w);
                            seeds.add(f.seed());
                        }
                    }
                }
                int n = a.size();
                if (n == 0) {
                    out.add(new Comparison(e.getKey(), size, other, 0, 0, null, Double.NaN, "no paired test cases"));
                    continue;
                }
                double[] x = toArray(a);
                double[] y = toArray(b);
                ConfidenceInterval ci = PairedBootstrap.of(BOOTSTRAP_SEED).meanDifference(x, y);
                boolean allZero = true;
                for (int i = 0; i < n; i++) {
                    allZero &= x[i] == y[i];
                }
                double p = allZero ? 1.0 : Wilcoxon.test(x, y).pValue();
                out.add(new Comparison(
                        e.getKey(),
                        size,
                        other,
                        n,
                        seeds.size(),
                        ci,
                        p,
                        Verdict.words(Arm.FESS.label(), other.label(), ci, p, n)));
            }
        }
        return out;
    }

    /** Per dataset: one series per arm, x = training cases, y = Dice mean ± SEM over seeds. */
    public static Map<String, List<Series>> limitedData(List<RunData> all) {
        Map<String, List<Series>> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<RunData>> e : byDataset(all).entrySet()) {
            List<Series> series = new ArrayList<>();
            for (Arm arm : ARM_ORDER) {
                Map<Integer, List<RunData>> bySize = new TreeMap<>(Comparator.comparingLong(ReportAnalysis::sizeOrder));
                e.getValue().stream()
                        .filter(r -> r.primary() && r.arm() == arm)
                        .forEach(r -> bySize.computeIfAbsent(r.size(), k -> new ArrayList<>())
                                .add(r));
                List<Point> pts = new ArrayList<>();
                for (List<RunData> rs : bySize.values()) {
                    int x = rs.get(0).trainingCases();
                    if (x < 0) {
                        continue;
                    }
                    pts.add(new Point(x, seedDice(rs)));
                }
                if (!pts.isEmpty()) {
                    series.add(new Series(arm.label(), pts));
                }
            }
            if (!series.isEmpty()) {
                out.put(e.getKey(), series);
            }
        }
        return out;
    }

    /**
     * Per dataset, at the largest size: Dice against λ (FESS, at its main τ) when {@code lambda}, else against τ
     * (each contrastive arm, FESS at its main λ). Empty when no grid was given.
     */
    public static Map<String, List<Series>> sweep(List<RunData> all, boolean lambda) {
        Map<String, List<Series>> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<RunData>> e : byDataset(all).entrySet()) {
            int size = largestSize(e.getValue());
            List<Series> series = new ArrayList<>();
            for (Arm arm : ARM_ORDER) {
                if (lambda ? !arm.usesLambda() : !arm.usesTau()) {
                    continue;
                }
                List<RunData> rs = e.getValue().stream()
                        .filter(r -> r.arm() == arm && r.size() == size)
                        .toList();
                RunData main = rs.stream().filter(RunData::primary).findFirst().orElse(null);
                if (main == null || (lambda ? main.lambda() == null : main.tau() == null)) {
                    continue;
                }
                Map<Double, List<RunData>> byValue = new TreeMap<>();
                for (RunData r : rs) {
                    boolean otherFixed =
                            lambda ? Objects.equals(r.tau(), main.tau()) : Objects.equals(r.lambda(), main.lambda());
                    if (otherFixed) {
                        byValue.computeIfAbsent(lambda ? r.lambda() : r.tau(), k -> new ArrayList<>())
                                .add(r);
                    }
                }
                if (byValue.size() < 2) {
                    continue;
                }
                List<Point> pts = new ArrayList<>();
                byValue.forEach((v, l) -> pts.add(new Point(v, seedDice(l))));
                series.add(new Series(arm.label(), pts));
            }
            if (!series.isEmpty()) {
                out.put(e.getKey(), series);
            }
        }
        return out;
    }

    /**
     * Per dataset and arm at the largest size: the mean over seeds of a metrics.csv column, by epoch
     * ({@code x} = epoch, {@code dice} holds the mean and SEM of the column over the seeds that logged it).
     */
    public static Map<String, List<Series>> curves(List<RunData> all, String column) {
        Map<String, List<Series>> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<RunData>> e : byDataset(all).entrySet()) {
            int size = largestSize(e.getValue());
            List<Series> series = new ArrayList<>();
            for (Arm arm : ARM_ORDER) {
                TreeMap<Double, List<Double>> byEpoch = new TreeMap<>();
                for (RunData r : select(e.getValue(), arm, size)) {
                    double[] ep = r.curve().column("epoch");
                    double[] v = r.curve().column(column);
                    for (int i = 0; i < Math.min(ep.length, v.length); i++) {
                        if (!Double.isNaN(ep[i]) && !Double.isNaN(v[i])) {
                            byEpoch.computeIfAbsent(ep[i], k -> new ArrayList<>())
                                    .add(v[i]);
                        }
                    }
                }
                if (byEpoch.isEmpty()) {
                    continue;
                }
                List<Point> pts = new ArrayList<>();
                byEpoch.forEach((x, l) -> pts.add(new Point(x, Descriptive.of(toArray(l)))));
                series.add(new Series(arm.label(), pts));
            }
            if (!series.isEmpty()) {
                out.put(e.getKey(), series);
            }
        }
        return out;
    }

    /** Mean and SEM over runs (seeds) of each run's mean Dice over its test cases. */
    static Descriptive seedDice(List<RunData> runs) {
        List<Double> v = new ArrayList<>();
        for (RunData r : runs) {
            double d = r.mean(Metric.DICE);
            if (!Double.isNaN(d)) {
                v.add(d);
            }
        }
        return Descriptive.of(toArray(v));
    }

    static double[] toArray(List<Double> l) {
        double[] a = new double[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = l.get(i);
        }
        return a;
    }

    /** The collapse threshold of {@link #collapse}: validation Dice more than this below its best so far. */
    public static final double COLLAPSE_DROP = 0.05;

    /**
     * A run's validation curve against the collapse criterion, alone and against the Dice run it pairs with.
     *
     * <p>Training noise moves every arm's validation Dice together: runs of one dataset, size and seed see the same
     * patches and augmentations, so a fall that the Dice run shows too is not the contrastive term's doing. The
     * paired figures compare, at each validated epoch after the first fifth, this run's drop below its own best
     * so far with the Dice run's drop at the same epoch.
     *
     * @param run the run
     * @param validations number of validated epochs
     * @param maxDrop the largest {@code best-so-far − val_dice} over the epochs after the first fifth of the run's
     *     epochs (NaN without such a validation)
     * @param epoch the epoch of that largest drop (0 when none)
     * @param diceMaxDrop {@code maxDrop} of the Dice run of the same dataset, size and seed; NaN for a Dice run or
     *     when there is no such run
     * @param excessDrop the largest {@code drop(e) − dropOfDice(e)} over the epochs e after the first fifth that
     *     both runs validated; NaN for a Dice run or without a paired run
     */
    public record CollapseCheck(
            RunData run, int validations, double maxDrop, int epoch, double diceMaxDrop, double excessDrop) {
        /** @return whether the drop exceeds {@link #COLLAPSE_DROP} */
        public boolean collapsed() {
            return maxDrop > COLLAPSE_DROP;
        }

        /** @return whether the drop exceeds the paired Dice run's drop at the same epoch by more than the threshold */
        public boolean collapsedBeyondDice() {
            return excessDrop > COLLAPSE_DROP;
        }
    }

    /**
     * Every run's collapse check from its {@code metrics.csv} ({@code epoch}, {@code val_dice}): with E epochs,
     * the drop {@code max(val_dice of epochs ≤ e) − val_dice(e)} for every validated epoch e &gt; E/5; for a
     * contrastive run also the same against the Dice run of its dataset, size and seed ({@link CollapseCheck}).
     */
    public static List<CollapseCheck> collapse(List<RunData> all) {
        Map<String, SortedMap<Integer, Double>> diceDrops = new HashMap<>();
        for (RunData r : all) {
            if (r.arm() == Arm.DICE) {
                diceDrops.put(pairKey(r), drops(r));
            }
        }
        List<CollapseCheck> out = new ArrayList<>();
        for (RunData r : all) {
            SortedMap<Integer, Double> own = drops(r);
            double maxDrop = Double.NaN;
            int at = 0;
            for (Map.Entry<Integer, Double> e : own.entrySet()) {
                if (Double.isNaN(maxDrop) || e.getValue() > maxDrop) {
                    maxDrop = e.getValue();
                    at = e.getKey();
                }
            }
            double diceMaxDrop = Double.NaN;
            double excess = Double.NaN;
            SortedMap<Integer, Double> dice = r.arm() == Arm.DICE ? null : diceDrops.get(pairKey(r));
            if (dice != null) {
                diceMaxDrop = dice.values().stream()
                        .mapToDouble(Double::doubleValue)
                        .max()
                        .orElse(Double.NaN);
                for (Map.Entry<Integer, Double> e : own.entrySet()) {
                    Double d = dice.get(e.getKey());
                    if (d != null && (Double.isNaN(excess) || e.getValue() - d > excess)) {
                        excess = e.getValue() - d;
                    }
                }
            }
            int validations = (int) Arrays.stream(r.curve().column("val_dice"))
                    .filter(v -> !Double.isNaN(v))
                    .count();
            out.add(new CollapseCheck(r, validations, maxDrop, at, diceMaxDrop, excess));
        }
        return out;
    }

    private static String pairKey(RunData r) {
        return r.dataset() + "\u0000" + r.size() + "\u0000" + r.seed();
    }

    /** The drop below the best so far at each validated epoch after the first fifth, by epoch. */
    private static SortedMap<Integer, Double> drops(RunData r) {
        double[] epochs = r.curve().column("epoch");
        double[] val = r.curve().column("val_dice");
        int n = Math.min(epochs.length, val.length);
        double last = n == 0 ? 0 : epochs[n - 1];
        double best = Double.NEGATIVE_INFINITY;
        SortedMap<Integer, Double> out = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(val[i])) {
                continue;
            }
            best = Math.max(best, val[i]);
            if (epochs[i] > last / 5.0) {
                out.put((int) epochs[i], best - val[i]);
            }
        }
        return out;
    }
}
