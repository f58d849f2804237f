package dev.fess.report;

import dev.fess.dataset.CaseFiles;
import dev.fess.experiment.ExperimentStatus;
import dev.fess.experiment.RunState;
import dev.fess.io.AtomicFiles;
import dev.fess.io.CsvTable;
import dev.fess.loss.Arm;
import dev.fess.metrics.Evaluation;
import dev.fess.statistics.Descriptive;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the experiment report from whatever runs are done: {@code DIR/report.html} (self-contained, figures
 * inlined as base64 PNG), {@code DIR/report.md}, and in {@code DIR/report/} the CSV behind every number and the
 * PNG of every figure.
 */
public final class ReportWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ReportWriter.class);

    /**
     * @param title page title
     * @param fessVersion version of fess that builds the report
     * @param qualitativeCases how many test cases the qualitative figure shows per dataset
     * @param reader reads images, labels and predictions for that figure; null leaves the figure out
     */
    public record Options(String title, String fessVersion, int qualitativeCases, Evaluation.VolumeReader reader) {}

    private final Path dir;
    private final Path assets;
    private final Options options;
    private final StringBuilder html = new StringBuilder();
    private final StringBuilder md = new StringBuilder();
    private final List<String> notes = new ArrayList<>();

    private ReportWriter(Path dir, Options options) {
        this.dir = dir;
        this.assets = dir.resolve("report");
        this.options = options;
    }

    /** Builds the report; returns the path of report.html. */
    public static Path write(Path dir, Options options) throws IOException {
        return new ReportWriter(dir, options).build(ExperimentResults.load(dir));
    }

    private Path build(ExperimentResults res) throws IOException {
        Files.createDirectories(assets);
        List<RunData> runs = res.runs();
        ExperimentStatus st = res.status();
        notes.addAll(res.problems());
        head();
        h(1, options.title());
        p(String.format(
                Locale.ROOT,
                "%d runs: %d done, %d running, %d failed, %d pending. This report uses the " + "%d finished runs.",
                st.rows().size(),
                st.count(RunState.DONE),
                st.count(RunState.RUNNING),
                st.count(RunState.FAILED),
                st.count(RunState.PENDING),
                runs.size()));
        if (runs.isEmpty()) {
            p("No run has finished yet: there is nothing to report.");
        }
        perCaseCsv(runs);
        datasets(runs);
        paperTable(runs);
        comparisons(runs);
        limitedData(runs);
        sweeps(runs);
        trainingCurves(runs);
        collapseCheck(runs);
        qualitative(runs);
        failures(st);
        environment(runs, st);
        if (!notes.isEmpty()) {
            h(2, "Notes");
            list(notes);
        }
        html.append("</body></html>\n");
        Path out = dir.resolve("report.html");
        AtomicFiles.writeString(out, html.toString());
        AtomicFiles.writeString(dir.resolve("report.md"), md.toString());
        LOG.info("report written to {}", out);
        return out;
    }

    // ---------------------------------------------------------------- sections

    /** Per dataset: labelled cases, test / validation split, training pool, sizes run, and a combination's drops. */
    private void datasets(List<RunData> runs) throws IOException {
        Map<String, List<RunData>> by = ReportAnalysis.byDataset(runs);
        if (by.isEmpty()) {
            return;
        }
        h(2, "Datasets");
        p("Labelled cases, the test and validation cases held out (the same for every run of a dataset), the "
                + "training pool the sizes are drawn from, and the sizes run (training cases).");
        CsvTable csv =
                new CsvTable("dataset", "labelled", "test", "validation", "training_pool", "sizes_run", "dropped");
        List<List<String>> rows = new ArrayList<>();
        List<String> drops = new ArrayList<>();
        for (Map.Entry<String, List<RunData>> e : by.entrySet()) {
            DatasetFacts f = DatasetFacts.read(e.getValue());
            TreeSet<Integer> sizes = new TreeSet<>();
            e.getValue().forEach(r -> sizes.add(r.trainingCases()));
            String sizeText =
                    String.join(", ", sizes.stream().map(String::valueOf).toList());
            rows.add(List.of(
                    esc(e.getKey()),
                    f.text(f.labelled()),
                    f.text(f.test()),
                    f.text(f.validation()),
                    f.text(f.pool()),
                    sizeText,
                    f.keptPerSource().isEmpty()
                            ? ""
                            : esc("combined; kept per source: " + f.keptPerSource() + "; "
                                    + f.dropped().size() + " duplicate(s) dropped")));
            csv.row(
                    e.getKey(),
                    f.labelled(),
                    f.test(),
                    f.validation(),
                    f.pool(),
                    sizeText.replace(", ", " "),
                    f.dropped().size());
            f.dropped().forEach(d -> drops.add(esc(e.getKey() + ": dropped " + d)));
        }
        table(
                List.of("Dataset", "Labelled", "Test", "Validation", "Training pool", "Sizes run", "Sources"),
                rows,
                rows);
        if (!drops.isEmpty()) {
            html.append("<details><summary>Dropped duplicates</summary>\n");
            list(drops);
            html.append("</details>\n");
        }
        csv.write(assets.resolve("datasets.csv"));
        link("datasets.csv");
    }

    private void paperTable(List<RunData> runs) throws IOException {
        List<ReportAnalysis.Table> tables = ReportAnalysis.tables(runs);
        if (tables.isEmpty()) {
            return;
        }
        h(2, "Results on the test set");
        p("Each arm at the largest training-set size, main setting. First line of a cell: mean ± standard deviation "
                + "over seeds, where a seed's value is the mean over the test cases; second line (pooled): mean ± "
                + "standard deviation over all test cases of all seeds. Bold: best mean over seeds in the column "
                + "(lowest for HD95). HD95 leaves out cases where it is undefined (an empty prediction or label).");
        CsvTable csv = tableCsv();
        for (ReportAnalysis.Table t : tables) {
            h(3, t.dataset() + " — " + t.trainingCases() + " training cases");
            resultTable(t, csv);
        }
        csv.write(assets.resolve("table.csv"));
        link("table.csv");
        List<ReportAnalysis.Table> perRegion = ReportAnalysis.regionTables(runs);
        if (perRegion.isEmpty()) {
            return;
        }
        h(2, "Results per region");
        p("The table above averages each metric over the regions of a case; here each region (for BraTS: whole "
                + "tumour WT, tumour core TC, enhancing tumour ET) on its own, same conventions.");
        CsvTable rc = tableCsv();
        for (ReportAnalysis.Table t : perRegion) {
            h(3, t.dataset() + " — " + t.region() + " — " + t.trainingCases() + " training cases");
            resultTable(t, rc);
        }
        rc.write(assets.resolve("table_regions.csv"));
        link("table_regions.csv");
    }

    private static CsvTable tableCsv() {
        return new CsvTable(
                "dataset",
                "region",
                "arm",
                "size",
                "training_cases",
                "seeds",
                "cases",
                "metric",
                "seed_mean",
                "seed_std",
                "seed_n",
                "pooled_mean",
                "pooled_std",
                "pooled_n",
                "best");
    }

    private void resultTable(ReportAnalysis.Table t, CsvTable csv) {
        List<String> header = new ArrayList<>(List.of("Arm", "Seeds", "Cases"));
        for (Metric m : Metric.values()) {
            header.add(m.label());
        }
        List<List<String>> rowsHtml = new ArrayList<>();
        List<List<String>> rowsMd = new ArrayList<>();
        for (ReportAnalysis.Row r : t.rows()) {
            List<String> h = new ArrayList<>(
                    List.of(esc(r.arm().label()), Integer.toString(r.seeds()), Integer.toString(r.cases())));
            List<String> m = new ArrayList<>(h);
            for (Metric met : Metric.values()) {
                ReportAnalysis.Cell c = r.cells().get(met);
                boolean best = t.isBest(r.arm(), met);
                String seed = pm(c.overSeeds(), met);
                String pooled = pm(c.pooled(), met);
                h.add((best ? "<b>" + seed + "</b>" : seed) + "<br><small>pooled " + pooled + "</small>");
                m.add((best ? "**" + seed + "**" : seed) + " (pooled " + pooled + ")");
                csv.row(
                        t.dataset(),
                        t.region() == null ? "mean" : t.region(),
                        r.arm().key(),
                        t.size(),
                        t.trainingCases(),
                        r.seeds(),
                        r.cases(),
                        met.key(),
                        c.overSeeds().mean(),
                        c.overSeeds().std(),
                        c.overSeeds().n(),
                        c.pooled().mean(),
                        c.pooled().std(),
                        c.pooled().n(),
                        best);
            }
            rowsHtml.add(h);
            rowsMd.add(m);
        }
        table(header, rowsHtml, rowsMd);
    }

    private void comparisons(List<RunData> runs) throws IOException {
        List<ReportAnalysis.Comparison> cs = ReportAnalysis.comparisons(runs);
        if (cs.isEmpty()) {
            return;
        }
        h(2, "FESS against each baseline, paired");
        p("Dice of FESS minus Dice of the other arm on the same test case and seed (largest size, main setting). "
                + "Mean difference with a 95 % percentile bootstrap interval (10 000 resamples of the pairs, seed "
                + ReportAnalysis.BOOTSTRAP_SEED + ") and the two-sided Wilcoxon signed-rank p-value. Verdict: "
                + "\"better\" only when the interval lies above 0 and p < 0.05, \"worse\" when it lies below 0 and "
                + "p < 0.05, otherwise not distinguishable. Pairs from different seeds of the same case are not "
                + "independent, so with several seeds the interval and p-value are optimistic.");
        CsvTable csv = new CsvTable(
                "dataset",
                "size",
                "other_arm",
                "pairs",
                "seeds",
                "mean_dice_difference",
                "ci_lower",
                "ci_upper",
                "wilcoxon_p",
                "verdict");
        List<List<String>> rows = new ArrayList<>();
        for (ReportAnalysis.Comparison c : cs) {
            String diff = c.ci() == null ? "—" : Verdict.interval(c.ci());
            String p = Double.isNaN(c.p()) ? "—" : pValue(c.p());
            rows.add(List.of(
                    esc(c.dataset()),
                    "FESS vs " + esc(c.other().label()),
                    Integer.toString(c.pairs()),
                    diff,
                    p,
                    esc(c.verdict())));
            csv.row(
                    c.dataset(),
                    c.size(),
                    c.other().key(),
                    c.pairs(),
                    c.seeds(),
                    c.ci() == null ? Double.NaN : c.ci().estimate(),
                    c.ci() == null ? Double.NaN : c.ci().lower(),
                    c.ci() == null ? Double.NaN : c.ci().upper(),
                    c.p(),
                    c.verdict());
        }
        table(List.of("Dataset", "Comparison", "Pairs", "Mean ΔDice [95 % CI]", "Wilcoxon p", "Verdict"), rows, rows);
        csv.write(assets.resolve("comparisons.csv"));
        link("comparisons.csv");
    }

    private void limitedData(List<RunData> runs) throws IOException {
        Map<String, List<ReportAnalysis.Series>> ld = ReportAnalysis.limitedData(runs);
        if (ld.isEmpty()) {
            return;
        }
        h(2, "Dice against the number of training cases");
        p("Mean test Dice over seeds (each seed: mean over test cases); error bars: standard error of the mean "
                + "over seeds (none with a single seed).");
        CsvTable csv = new CsvTable("dataset", "arm", "training_cases", "seeds", "dice_mean", "dice_sem");
        for (Map.Entry<String, List<ReportAnalysis.Series>> e : ld.entrySet()) {
            for (ReportAnalysis.Series s : e.getValue()) {
                for (ReportAnalysis.Point pt : s.points()) {
                    csv.row(
                            e.getKey(),
                            s.name(),
                            (int) pt.x(),
                            pt.dice().n(),
                            pt.dice().mean(),
                            pt.dice().sem());
                }
            }
            figure(
                    "limited-data-" + e.getKey() + ".png",
                    Charts.lines(
                            "Test Dice vs training cases — " + e.getKey(),
                            "training cases",
                            "Dice",
                            e.getValue(),
                            true,
                            820,
                            460),
                    "Dice vs training cases, " + e.getKey());
        }
        csv.write(assets.resolve("limited_data.csv"));
        link("limited_data.csv");
    }

    private void sweeps(List<RunData> runs) throws IOException {
        for (boolean lambda : new boolean[] {true, false}) {
            Map<String, List<ReportAnalysis.Series>> sw = ReportAnalysis.sweep(runs, lambda);
            if (sw.isEmpty()) {
                continue;
            }
            String sym = lambda ? "λ" : "τ";
            String key = lambda ? "lambda" : "tau";
            h(2, "Sweep of " + sym);
            p(
                    lambda
                            ? "FESS at the largest size with τ at its main value; mean Dice ± SEM over seeds."
                            : "Each contrastive arm at the largest size (FESS with λ at its main value);"
                                    + " mean Dice ± SEM over seeds.");
            CsvTable csv = new CsvTable("dataset", "arm", key, "seeds", "dice_mean", "dice_sem");
            for (Map.Entry<String, List<ReportAnalysis.Series>> e : sw.entrySet()) {
                for (ReportAnalysis.Series s : e.getValue()) {
                    for (ReportAnalysis.Point pt : s.points()) {
                        csv.row(
                                e.getKey(),
                                s.name(),
                                pt.x(),
                                pt.dice().n(),
                                pt.dice().mean(),
                                pt.dice().sem());
                    }
                }
                figure(
                        "sweep-" + key + "-" + e.getKey() + ".png",
                        Charts.lines(
                                "Test Dice vs " + sym + " — " + e.getKey(), sym, "Dice", e.getValue(), true, 820, 420),
                        "Dice vs " + sym + ", " + e.getKey());
            }
            csv.write(assets.resolve("sweep_" + key + ".csv"));
            link("sweep_" + key + ".csv");
        }
    }

    private void trainingCurves(List<RunData> runs) throws IOException {
        Map<String, List<ReportAnalysis.Series>> loss = ReportAnalysis.curves(runs, "loss");
        Map<String, List<ReportAnalysis.Series>> val = ReportAnalysis.curves(runs, "val_dice");
        if (loss.isEmpty() && val.isEmpty()) {
            return;
        }
        h(2, "Training curves");
        p("From each run's metrics.csv at the largest size, main setting: mean over seeds per epoch.");
        CsvTable csv = new CsvTable("dataset", "arm", "column", "epoch", "seeds", "mean", "sem");
        for (Map.Entry<String, Map<String, List<ReportAnalysis.Series>>> col :
                Map.of("loss", loss, "val_dice", val).entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .toList()) {
            for (Map.Entry<String, List<ReportAnalysis.Series>> e :
                    col.getValue().entrySet()) {
                for (ReportAnalysis.Series s : e.getValue()) {
                    for (ReportAnalysis.Point pt : s.points()) {
                        csv.row(
                                e.getKey(),
                                s.name(),
                                col.getKey(),
                                pt.x(),
                                pt.dice().n(),
                                pt.dice().mean(),
                                pt.dice().sem());
                    }
                }
                boolean isLoss = col.getKey().equals("loss");
                figure(
                        "curve-" + col.getKey() + "-" + e.getKey() + ".png",
                        Charts.lines(
                                (isLoss ? "Training loss" : "Validation Dice") + " — " + e.getKey(),
                                "epoch",
                                isLoss ? "loss" : "validation Dice",
                                e.getValue(),
                                false,
                                820,
                                380),
                        (isLoss ? "training loss" : "validation Dice") + " per epoch, " + e.getKey());
            }
        }
        csv.write(assets.resolve("training_curves.csv"));
        link("training_curves.csv");
    }

    private void collapseCheck(List<RunData> runs) throws IOException {
        List<ReportAnalysis.CollapseCheck> checks = ReportAnalysis.collapse(runs);
        if (checks.stream().allMatch(c -> c.validations() == 0)) {
            return;
        }
        h(2, "Collapse check");
        p(String.format(
                Locale.ROOT,
                "Every run (all sizes, seeds and grid values), from its metrics.csv: the largest "
                        + "drop of validation Dice below its best so far, over the epochs after the first fifth of"
                        + " training. "
                        + "A run collapsed when that drop exceeds %.2f.",
                ReportAnalysis.COLLAPSE_DROP));
        p(String.format(
                Locale.ROOT,
                "Runs of one dataset, size and seed draw their patches and augmentations from the same seed, "
                        + "so training noise "
                        + "moves every arm's validation Dice together. \"Beyond Dice\" compares each contrastive "
                        + "run with the Dice run of its dataset, size and seed: at every validated epoch after the "
                        + "first fifth, its drop minus the Dice run's drop at that epoch. A contrastive run collapsed "
                        + "beyond Dice when that exceeds %.2f: the fall is its own, not the data's.",
                ReportAnalysis.COLLAPSE_DROP));
        CsvTable csv = new CsvTable(
                "run",
                "dataset",
                "arm",
                "size",
                "seed",
                "lambda",
                "tau",
                "validations",
                "max_drop",
                "epoch",
                "collapsed",
                "dice_max_drop",
                "excess_drop",
                "collapsed_beyond_dice");
        Map<String, List<ReportAnalysis.CollapseCheck>> byArm = new TreeMap<>();
        for (ReportAnalysis.CollapseCheck c : checks) {
            RunData r = c.run();
            csv.row(
                    r.record().id(),
                    r.dataset(),
                    r.arm().key(),
                    r.size(),
                    r.seed(),
                    r.lambda(),
                    r.tau(),
                    c.validations(),
                    c.maxDrop(),
                    c.epoch(),
                    c.collapsed(),
                    c.diceMaxDrop(),
                    c.excessDrop(),
                    c.collapsedBeyondDice());
            byArm.computeIfAbsent(r.dataset() + "\u0000" + r.arm().ordinal(), k -> new ArrayList<>())
                    .add(c);
        }
        List<List<String>> rows = new ArrayList<>();
        for (List<ReportAnalysis.CollapseCheck> l : byArm.values()) {
            RunData r = l.get(0).run();
            ReportAnalysis.CollapseCheck worst = l.stream()
                    .filter(c -> !Double.isNaN(c.maxDrop()))
                    .max(Comparator.comparingDouble(ReportAnalysis.CollapseCheck::maxDrop))
                    .orElse(null);
            long collapsed =
                    l.stream().filter(ReportAnalysis.CollapseCheck::collapsed).count();
            ReportAnalysis.CollapseCheck worstExcess = l.stream()
                    .filter(c -> !Double.isNaN(c.excessDrop()))
                    .max(Comparator.comparingDouble(ReportAnalysis.CollapseCheck::excessDrop))
                    .orElse(null);
            long beyondDice = l.stream()
                    .filter(ReportAnalysis.CollapseCheck::collapsedBeyondDice)
                    .count();
            boolean paired = worstExcess != null;
            rows.add(List.of(
                    esc(r.dataset()),
                    esc(r.arm().label()),
                    Integer.toString(l.size()),
                    worst == null ? "n/a" : String.format(Locale.ROOT, "%.3f", worst.maxDrop()),
                    worst == null ? "" : esc(worst.run().record().id() + " (epoch " + worst.epoch() + ")"),
                    Long.toString(collapsed),
                    paired ? String.format(Locale.ROOT, "%+.3f", worstExcess.excessDrop()) : "—",
                    paired ? Long.toString(beyondDice) : "—"));
        }
        table(
                List.of(
                        "dataset",
                        "arm",
                        "runs",
                        "largest drop",
                        "in run",
                        "collapsed runs",
                        "largest drop beyond Dice",
                        "collapsed beyond Dice"),
                rows,
                rows);
        csv.write(assets.resolve("collapse.csv"));
        link("collapse.csv");
    }

    private void qualitative(List<RunData> runs) throws IOException {
        if (options.reader() == null || options.qualitativeCases() <= 0) {
            return;
        }
        boolean heading = false;
        for (Map.Entry<String, List<RunData>> e : ReportAnalysis.byDataset(runs).entrySet()) {
            int size = ReportAnalysis.largestSize(e.getValue());
            List<RunData> fess = ReportAnalysis.select(e.getValue(), Arm.FESS, size).stream()
                    .filter(r -> !r.testCases().isEmpty())
                    .toList();
            if (fess.isEmpty()) {
                notes.add(e.getKey() + ": no qualitative figure (no finished FESS run lists its test cases in "
                        + "test_cases.json)");
                continue;
            }
            RunData ref = fess.get(0);
            Map<Arm, RunData> bySeed = new LinkedHashMap<>();
            for (Arm arm : ReportAnalysis.ARM_ORDER) {
                ReportAnalysis.select(e.getValue(), arm, size).stream()
                        .filter(r -> r.replicate().equals(ref.replicate()))
                        .findFirst()
                        .ifPresent(r -> bySeed.put(arm, r));
            }
            List<CaseScore> chosen = chooseCases(ref, options.qualitativeCases());
            List<QualitativeFigure.Row> rows = new ArrayList<>();
            for (CaseScore c : chosen) {
                CaseFiles tc = ref.testCases().stream()
                        .filter(t -> t.id().equals(c.caseId()))
                        .findFirst()
                        .orElse(null);
                if (tc == null || tc.images().isEmpty() || tc.label() == null) {
                    continue;
                }
                try {
                    Volume image = options.reader().read(tc.images().get(0));
                    Volume label = options.reader().read(tc.label());
                    List<QualitativeFigure.Column> cols = new ArrayList<>();
                    int k = 0;
                    for (Map.Entry<Arm, RunData> a : bySeed.entrySet()) {
                        Path pred = a.getValue().dir().resolve("predictions").resolve(c.caseId() + ".nii.gz");
                        Volume mask =
                                Files.isRegularFile(pred) ? options.reader().read(pred) : null;
                        String caption = a.getValue().cases().stream()
                                .filter(s -> s.caseId().equals(c.caseId()))
                                .findFirst()
                                .flatMap(s -> s.get(Metric.DICE).isPresent()
                                        ? Optional.of(String.format(
                                                Locale.ROOT,
                                                "Dice %.3f",
                                                s.get(Metric.DICE).getAsDouble()))
                                        : Optional.empty())
                                .orElse("");
                        cols.add(new QualitativeFigure.Column(
                                a.getKey().label(),
                                mask,
                                caption,
                                Charts.colour(a.getKey().label(), k++)));
                    }
                    rows.add(new QualitativeFigure.Row(c.caseId(), image, label, cols));
                } catch (IOException | RuntimeException ex) {
                    notes.add(e.getKey() + ": case " + c.caseId() + " left out of the qualitative figure: "
                            + ex.getMessage());
                }
            }
            if (rows.isEmpty()) {
                continue;
            }
            if (!heading) {
                h(2, "Qualitative results");
                p("Axial slice with the most ground-truth voxels; yellow: ground truth; coloured: each arm's "
                        + "prediction (seed " + ref.seed() + ", largest size). Cases are the FESS cases at the "
                        + "lower quartile, median and upper quartile of Dice, not the best ones.");
                heading = true;
            }
            figure(
                    "qualitative-" + e.getKey() + ".png",
                    QualitativeFigure.render(rows),
                    "qualitative results, " + e.getKey());
        }
    }

    /** Cases at evenly spaced ranks of the reference run's Dice (for 3: lower quartile, median, upper quartile). */
    static List<CaseScore> chooseCases(RunData ref, int count) {
        List<CaseScore> withDice = ref.cases().stream()
                .filter(c -> c.get(Metric.DICE).isPresent())
                .sorted(Comparator.comparingDouble(
                                (CaseScore c) -> c.get(Metric.DICE).getAsDouble())
                        .thenComparing(CaseScore::caseId))
                .toList();
        if (withDice.size() <= count) {
            return withDice;
        }
        TreeSet<Integer> idx = new TreeSet<>();
        for (int i = 1; i <= count; i++) {
            idx.add((int) Math.round((double) i / (count + 1) * (withDice.size() - 1)));
        }
        List<CaseScore> out = new ArrayList<>();
        idx.forEach(i -> out.add(withDice.get(i)));
        return out;
    }

    private void failures(ExperimentStatus st) {
        List<ExperimentStatus.Row> failed =
                st.rows().stream().filter(r -> r.status() == RunState.FAILED).toList();
        if (failed.isEmpty()) {
            return;
        }
        h(2, "Failed runs");
        List<List<String>> rows = new ArrayList<>();
        for (ExperimentStatus.Row r : failed) {
            rows.add(List.of(esc(r.id()), esc(r.error() == null ? "" : r.error())));
        }
        table(List.of("Run", "Reason"), rows, rows);
    }

    private void environment(List<RunData> runs, ExperimentStatus st) throws IOException {
        h(2, "Environment");
        List<String> items = new ArrayList<>();
        items.add("fess " + esc(options.fessVersion()) + "; report built with Java "
                + System.getProperty("java.version")
                + " on " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + "), " + Runtime.getRuntime().availableProcessors() + " cores");
        TreeSet<Integer> seeds = new TreeSet<>();
        runs.forEach(r -> seeds.add(r.seed()));
        items.add("seeds: " + seeds);
        Map<String, TreeSet<String>> env = new TreeMap<>();
        for (RunData r : runs) {
            r.environment()
                    .forEach((k, v) ->
                            env.computeIfAbsent(k, x -> new TreeSet<>()).add(String.valueOf(v)));
        }
        env.forEach((k, v) -> items.add("runs' " + esc(k) + ": " + esc(String.join(", ", v))));
        double total = runs.stream()
                .mapToDouble(
                        r -> r.record().wallSeconds() == null ? 0 : r.record().wallSeconds())
                .sum();
        items.add("total wall time of the finished runs: " + ExperimentStatus.formatSeconds(total));
        list(items);
        CsvTable csv = new CsvTable("run", "status", "wall_seconds", "error");
        List<List<String>> rows = new ArrayList<>();
        for (ExperimentStatus.Row r : st.rows()) {
            csv.row(
                    r.id(),
                    r.status().key(),
                    r.wallSeconds() == null ? Double.NaN : r.wallSeconds(),
                    r.error() == null ? "" : r.error());
            rows.add(List.of(
                    esc(r.id()),
                    r.status().key(),
                    r.wallSeconds() == null ? "" : ExperimentStatus.formatSeconds(r.wallSeconds())));
        }
        html.append("<details><summary>Wall time per run</summary>\n");
        table(List.of("Run", "Status", "Wall time"), rows, rows);
        html.append("</details>\n");
        csv.write(assets.resolve("runs.csv"));
        link("runs.csv");
    }

    private void perCaseCsv(List<RunData> runs) throws IOException {
        List<String> header = new ArrayList<>(
                List.of("run", "dataset", "arm", "size", "training_cases", "seed", "lambda", "tau", "primary", "case"));
        for (Metric m : Metric.values()) {
            header.add(m.key());
        }
        CsvTable csv = new CsvTable(header.toArray(String[]::new));
        for (RunData r : runs) {
            for (CaseScore c : r.cases()) {
                List<Object> row = new ArrayList<>(List.of(
                        r.record().id(),
                        r.dataset(),
                        r.arm().key(),
                        r.size(),
                        r.trainingCases(),
                        r.seed(),
                        r.lambda() == null ? "" : r.lambda(),
                        r.tau() == null ? "" : r.tau(),
                        r.primary(),
                        c.caseId()));
                for (Metric m : Metric.values()) {
                    Double v = c.values().get(m);
                    row.add(v == null ? Double.NaN : v);
                }
                csv.row(row.toArray());
            }
        }
        csv.write(assets.resolve("per_case.csv"));
    }

    // ---------------------------------------------------------------- formatting

    static String pm(Descriptive d, Metric m) {
        if (d.n() == 0) {
            return "—";
        }
        String f = m == Metric.HD95 ? "%.2f" : "%.3f";
        String mean = String.format(Locale.ROOT, f, d.mean());
        return Double.isNaN(d.std()) ? mean : mean + " ± " + String.format(Locale.ROOT, f, d.std());
    }

    static String pValue(double p) {
        return p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String unesc(String s) {
        return s.replace("<b>", "**")
                .replace("</b>", "**")
                .replace("<br>", " ")
                .replaceAll("<[^>]+>", "")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&")
                .replace("|", "\\|");
    }

    private void head() {
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(options.title()))
                .append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;max-width:1200px;margin:2em auto;"
                        + "padding:0 1em;color:#222}\n")
                .append("table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:4px 8px;")
                .append("text-align:left;vertical-align:top}th{background:#f3f3f3}small{color:#666}\n")
                .append("img{max-width:100%;display:block;margin:1em 0}figure{margin:1em 0}\n")
                .append("figcaption{color:#555;font-size:90%}\n</style></head><body>\n");
    }

    private void h(int level, String text) {
        html.append("<h")
                .append(level)
                .append('>')
                .append(esc(text))
                .append("</h")
                .append(level)
                .append(">\n");
        md.append("#".repeat(level)).append(' ').append(text).append("\n\n");
    }

    private void p(String text) {
        html.append("<p>").append(esc(text)).append("</p>\n");
        md.append(text).append("\n\n");
    }

    private void list(List<String> items) {
        html.append("<ul>\n");
        for (String s : items) {
            html.append("<li>").append(s).append("</li>\n");
            md.append("- ").append(unesc(s)).append('\n');
        }
        html.append("</ul>\n");
        md.append('\n');
    }

    private void table(List<String> header, List<List<String>> rowsHtml, List<List<String>> rowsMd) {
        html.append("<table><thead><tr>");
        header.forEach(h -> html.append("<th>").append(esc(h)).append("</th>"));
        html.append("</tr></thead><tbody>\n");
        for (List<String> r : rowsHtml) {
            html.append("<tr>");
            r.forEach(c -> html.append("<td>").append(c).append("</td>"));
            html.append("</tr>\n");
        }
        html.append("</tbody></table>\n");
        md.append("| ").append(String.join(" | ", header)).append(" |\n|");
        header.forEach(h -> md.append("---|"));
        md.append('\n');
        for (List<String> r : rowsMd) {
            md.append("| ");
            for (String c : r) {
                md.append(unesc(c)).append(" | ");
            }
            md.setLength(md.length() - 1);
            md.append('\n');
        }
        md.append('\n');
    }

    private void figure(String file, byte[] png, String caption) throws IOException {
        AtomicFiles.write(assets.resolve(file), png);
        html.append("<figure><img alt=\"")
                .append(esc(caption))
                .append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png))
                .append("\"><figcaption>")
                .append(esc(caption))
                .append("</figcaption></figure>\n");
        md.append("![").append(caption).append("](report/").append(file).append(")\n\n");
    }

    private void link(String csvFile) {
        html.append("<p><small>Numbers: <code>report/").append(esc(csvFile)).append("</code></small></p>\n");
        md.append("Numbers: `report/").append(csvFile).append("`\n\n");
    }
}
