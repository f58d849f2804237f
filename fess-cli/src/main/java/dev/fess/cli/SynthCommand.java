package dev.fess.cli;

import dev.fess.UserInputException;
import dev.fess.dataset.Datasets;
import dev.fess.dataset.Layout;
import dev.fess.synth.PhantomKind;
import dev.fess.synth.PhantomOptions;
import dev.fess.synth.SyntheticDatasetWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fess synth}: writes a synthetic BraTS-like or abdominal CT dataset in a real dataset layout. */
@Command(
        name = "synth",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Writes a synthetic phantom dataset: brats = brain MRI (FLAIR, T1, T1ce, T2) with gliomas, labels "
                    + "0/1 necrosis/2 edema/4 enhancing; abdomen-ct = CT in HU, labels 1 liver, 2 kidney, 3 spleen, "
                    + "4 pancreas.",
            "The same seed gives byte-identical files. The folder appears atomically. See docs/synthetic-data.md."
        })
public final class SynthCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KIND", description = "brats or abdomen-ct.")
    String kind;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Dataset folder to create.")
    Path out;

    @Option(names = "--cases", paramLabel = "N", description = "Labelled cases (default: ${DEFAULT-VALUE}).")
    int cases = 10;

    @Option(
            names = "--test-cases",
            paramLabel = "N",
            description =
                    "Extra unlabelled cases (msd imagesTs/, brats validation folders; default: ${DEFAULT-VALUE}).")
    int testCases = 0;

    @Option(names = "--size", paramLabel = "S", description = "Voxels per axis, 16 … 512 (default: ${DEFAULT-VALUE}).")
    int size = 64;

    @Option(names = "--seed", paramLabel = "K", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(
            names = "--layout",
            paramLabel = "L",
            description = "brats, brats2015 (BRATS 2015 MetaImage files under HGG/ and LGG/), msd, abdomenct or npy"
                    + " (default: brats for brats, abdomenct for abdomen-ct).")
    String layout;

    @Option(
            names = "--noise",
            paramLabel = "X",
            description = "Noise multiplier; 1 = realistic, 0 = none (default: ${DEFAULT-VALUE}).")
    double noise = 1;

    @Option(
            names = "--contrast",
            paramLabel = "X",
            description = "Lesion / organ contrast multiplier; larger is easier (default: ${DEFAULT-VALUE}).")
    double contrast = 1;

    @Option(names = "--bias", paramLabel = "X", description = "MRI bias-field multiplier (default: ${DEFAULT-VALUE}).")
    double bias = 1;

    @Option(names = "--spacing", paramLabel = "MM", description = "In-plane voxel spacing (default: ${DEFAULT-VALUE}).")
    double spacing = 1;

    @Option(names = "--anisotropic", description = "Halve the z resolution (z spacing 2 × --spacing).")
    boolean anisotropic;

    @Option(
            names = "--orientation",
            paramLabel = "AXES",
            description = "Axis codes of the stored arrays, e.g. RAS or LPS (default: ${DEFAULT-VALUE}).")
    String orientation = "RAS";

    @Option(
            names = "--npy-mask",
            paramLabel = "M",
            description = "npy layout masks: wt (binary whole tumour, brats default) or raw (labels, CT default).")
    String npyMask;

    @Option(names = "--threads", paramLabel = "N", description = "Cases generated at once (default: ${DEFAULT-VALUE}).")
    int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    @Option(names = "--overwrite", description = "Replace --out if it exists and is not empty.")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        PhantomKind k = PhantomKind.parse(kind);
        boolean brats2015 =
                layout != null && layout.replace("-", "").replace("_", "").equalsIgnoreCase("brats2015");
        Layout l = layout == null ? k.defaultLayout() : brats2015 ? Layout.BRATS : Datasets.layoutByName(layout);
        PhantomOptions options = PhantomOptions.builder()
                .size(size)
                .noise(noise)
                .contrast(contrast)
                .bias(bias)
                .spacing(spacing)
                .anisotropic(anisotropic)
                .orientation(orientation)
                .build();
        SyntheticDatasetWriter.Builder b = SyntheticDatasetWriter.builder(k)
                .layout(l)
                .bratsNaming(
                        brats2015
                                ? SyntheticDatasetWriter.BratsNaming.BRATS_2015
                                : SyntheticDatasetWriter.BratsNaming.BRATS_2020)
                .cases(cases)
                .testCases(testCases)
                .seed(seed)
                .options(options)
                .overwrite(overwrite)
                .threads(threads);
        if (npyMask != null) {
            b.npyMask(
                    switch (npyMask.toLowerCase(Locale.ROOT)) {
                        case "wt", "whole-tumour", "whole_tumour" -> SyntheticDatasetWriter.NpyMask.WHOLE_TUMOUR;
                        case "raw" -> SyntheticDatasetWriter.NpyMask.RAW;
                        default ->
                            throw new UserInputException("--npy-mask: expected wt or raw, got '" + npyMask + "'");
                    });
        }
        SyntheticDatasetWriter writer = b.build();
        writer.checkTarget(out);
        SyntheticDatasetWriter.Result r;
        try (ProgressBar bar = new ProgressBarBuilder()
                .setTaskName("synth")
                .setInitialMax(cases + testCases)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(200)
                .build()) {
            r = writer.write(out, id -> bar.step());
        }
        int[] shape = options.orientedShape();
        spec.commandLine()
                .getOut()
                .printf(
                        "wrote %d %s case%s%s (%d×%d×%d, %s, layout %s) to %s%n",
                        r.trainingIds().size(),
                        k.cliName(),
                        r.trainingIds().size() == 1 ? "" : "s",
                        r.testIds().isEmpty() ? "" : " + " + r.testIds().size() + " unlabelled",
                        shape[0],
                        shape[1],
                        shape[2],
                        options.orientation(),
                        brats2015 ? "brats2015" : PhantomKind.layoutName(r.layout()),
                        r.folder());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
