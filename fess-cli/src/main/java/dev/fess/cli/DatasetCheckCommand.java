package dev.fess.cli;

import dev.fess.UserInputException;
import dev.fess.dataset.CheckReport;
import dev.fess.dataset.DatasetChecker;
import dev.fess.dataset.Datasets;
import dev.fess.dataset.FolderDataset;
import dev.fess.dataset.Layout;
import dev.fess.dataset.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fess dataset check DIR}: reads every case and reports problems one per line, like nnU-Net's integrity
 * check. Exit 0 when clean, 1 when problems were found, 2 when the folder is unusable.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Checks a dataset folder before training: every case has every channel and a label, image and label",
            "shapes and affines agree (1e-3 mm), label values are declared, no NaN/Inf voxels, no duplicate ids,",
            "dataset.json paths stay inside the folder. Prints a summary and one line per problem:",
            "  problem: <case>: <file>: <what>",
            "Exit code: 0 clean, 1 problems found, 2 unusable input."
        })
public final class DatasetCheckCommand implements Callable<Integer> {
    /** Exit code when the check found problems. */
    public static final int EXIT_PROBLEMS = 1;

    @Parameters(index = "0", paramLabel = "DIR", description = "The dataset folder.")
    Path dir;

    @Option(
            names = "--layout",
            paramLabel = "L",
            description = "brats, msd (also nnunet), abdomenct, npy or combined; detected when omitted.")
    String layout;

    @Option(names = "--json", description = "Print the report as JSON instead of text.")
    boolean json;

    @Option(
            names = "--spacing",
            split = ",",
            paramLabel = "X,Y,Z",
            description = "Voxel spacing in mm for .npy arrays (default: dataset.json 'spacing', else 1,1,1).")
    double[] spacing;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CheckReport report;
        List<String> links;
        try {
            Layout l = layout == null ? null : Datasets.layoutByName(layout);
            FolderDataset ds = Datasets.open(dir, l, List.of(), spacing);
            int n = DatasetChecker.caseCount(ds);
            try (ProgressBar pb = new ProgressBarBuilder()
                    .setTaskName("check")
                    .setInitialMax(n)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .setUpdateIntervalMillis(250)
                    .clearDisplayOnFinish()
                    .build()) {
                report = DatasetChecker.check(ds, pb::stepTo);
            }
            links = DatasetChecker.linksOutside(ds);
        } catch (UserInputException e) {
            err.println("fess dataset check: " + e.getMessage());
            err.flush();
            return FessMain.EXIT_USAGE;
        }
        if (json) {
            out.print(report.toJson());
        } else {
            for (String line : report.summaryLines()) {
                out.println(line);
            }
            for (Problem p : report.problems()) {
                out.println(p);
            }
            if (!links.isEmpty()) {
                out.println("note: " + links.size() + (links.size() == 1 ? " file is a link" : " files are links")
                        + " to outside the dataset folder (followed): "
                        + String.join("; ", links.subList(0, Math.min(3, links.size())))
                        + (links.size() > 3 ? "; … (" + (links.size() - 3) + " more)" : ""));
            }
        }
        out.flush();
        return report.clean() ? 0 : EXIT_PROBLEMS;
    }
}
