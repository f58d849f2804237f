package dev.fess.cli;

import dev.fess.UserInputException;
import dev.fess.dataset.DatasetCombination;
import dev.fess.dataset.DatasetSource;
import dev.fess.dataset.Datasets;
import dev.fess.dataset.Layout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fess dataset combine --out DIR NAME=FOLDER[:LAYOUT] ...}: several dataset folders as one (layout
 * {@code combined}), cases whose label voxels another case already has kept once; prints what was dropped and why.
 */
@Command(
        name = "combine",
        mixinStandardHelpOptions = true,
        description = {
            "Combines dataset folders into one dataset (e.g. BraTS 2016 + BraTS 2017). Case ids become NAME-<id>;",
            "a case whose label map (after reorientation to RAS) has the same SHA-256 as an earlier case is dropped",
            "and listed. DIR gets fess-combined.json only (no image is copied); use DIR like any dataset folder",
            "(fess dataset check DIR, fess train --data DIR)."
        })
public final class DatasetCombineCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The combined dataset folder.")
    Path out;

    @Parameters(
            arity = "2..*",
            paramLabel = "NAME=FOLDER[:LAYOUT]",
            description = "Sources in order of preference (a duplicate keeps the earlier source's case).")
    List<String> sources;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<DatasetSource> list = new ArrayList<>();
        for (String s : sources) {
            list.add(parse(s));
        }
        DatasetCombination.Result r = DatasetCombination.combine(list, out, id -> {});
        PrintWriter o = spec.commandLine().getOut();
        r.labelledPerSource().forEach((name, n) -> o.println("source " + name + ": " + n + " labelled case(s) kept"));
        o.println("dropped " + r.dropped().size() + " duplicate(s)");
        for (DatasetCombination.Dropped d : r.dropped()) {
            o.println("  dropped " + d.reason());
        }
        o.println("combined dataset: " + out.resolve(DatasetCombination.MANIFEST));
        o.flush();
        return 0;
    }

    static DatasetSource parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new UserInputException("source '" + text + "': expected NAME=FOLDER or NAME=FOLDER:LAYOUT");
        }
        String name = text.substring(0, eq);
        String rest = text.substring(eq + 1);
        Layout layout = null;
        int colon = rest.lastIndexOf(':');
        if (colon > 0 && !rest.substring(colon + 1).contains("/")) {
            layout = Datasets.layoutByName(rest.substring(colon + 1));
            rest = rest.substring(0, colon);
        }
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new UserInputException("source '" + text + "': the name must be letters, digits, '.', '_' or '-'");
        }
        return new DatasetSource(name, Path.of(rest), layout);
    }
}
