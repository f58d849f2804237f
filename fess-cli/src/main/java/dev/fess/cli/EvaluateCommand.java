package dev.fess.cli;

import dev.fess.image.ImageFiles;
import dev.fess.metrics.CasePairing;
import dev.fess.metrics.Evaluation;
import dev.fess.metrics.EvaluationReport;
import dev.fess.metrics.Region;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fess evaluate}: scores predicted label maps against ground truth, per case and class, with a summary. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Scores predictions against labels: Dice, IoU, precision, sensitivity, specificity, HD95, HD, ASSD "
                    + "(mm, anisotropic spacing) and volume difference, per case and class, and a summary "
                    + "(mean ± sample std, median, n).",
            "Directories are paired by case name (file name without .nii.gz/.nii), nnU-Net style. Distances follow "
                    + "MONAI (6-connected surfaces, HD95 = max of the two directed 95th percentiles); a case where "
                    + "exactly one mask is empty has null distances and is counted apart. See docs/metrics.md."
        })
public final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ScoringOptions scoring;

    @Option(names = "--json", paramLabel = "OUT", description = "Write cases, summary and conventions as JSON.")
    Path json;

    @Option(names = "--csv", paramLabel = "OUT", description = "Write one row per case × class as CSV.")
    Path csv;

    @Option(names = "--threads", paramLabel = "N", description = "Cases scored at once (default: ${DEFAULT-VALUE}).")
    int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    @Override
    public Integer call() throws Exception {
        List<Region> regions = scoring.regions();
        List<CasePairing.CasePair> pairs = scoring.pairs();
        EvaluationReport report;
        try (ProgressBar bar = new ProgressBarBuilder()
                .setTaskName("evaluate")
                .setInitialMax(pairs.size())
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(200)
                .build()) {
            report = Evaluation.builder()
                    .reader(ImageFiles::readVolume)
                    .regions(regions)
                    .threads(threads)
                    .onCaseDone(name -> bar.step())
                    .build()
                    .run(pairs);
        }
        for (String w : report.predictionsAgainstEmptyLabels()) {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": warning: " + w);
        }
        spec.commandLine().getErr().flush();
        if (json != null) {
            report.writeJson(json);
        }
        if (csv != null) {
            report.writeCsv(csv);
        }
        spec.commandLine().getOut().print(report.summaryTable());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
