package dev.fess.cli;

import ai.djl.ndarray.NDManager;
import dev.fess.UserInputException;
import dev.fess.dataset.CaseFiles;
import dev.fess.dataset.Datasets;
import dev.fess.dataset.FolderDataset;
import dev.fess.dataset.LoadedCase;
import dev.fess.infer.CasePredictor;
import dev.fess.infer.RunModel;
import dev.fess.infer.SlidingWindowPredictor;
import dev.fess.image.ImageFiles;
import dev.fess.nifti.Nifti;
import dev.fess.nifti.NiftiDatatype;
import dev.fess.train.EngineThreads;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fess predict}: segments scans with a trained run, writing masks on the scans' own grids. */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Predicts masks with a trained run: sliding window with Gaussian weighting, optional mirror TTA, every "
                    + "preprocessing step undone, uint8 NIfTI with the input's affine. See docs/inference.md.",
            "--input: a dataset folder (any layout), a folder of nnU-Net-style CASE_0000.nii.gz files, one file, or "
                    + "several channel files of one case separated by commas."
        })
public final class PredictCommand implements Callable<Integer> {
    private static final Pattern NNUNET = Pattern.compile("(.+)_(\\d{4})\\.nii(\\.gz)?");

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "RUN", description = "Run directory of fess train.")
    Path model;

    @Option(names = "--checkpoint", paramLabel = "NAME", description = "best or last (default: ${DEFAULT-VALUE}).")
    String checkpoint = "best";

    @Option(names = "--input", required = true, paramLabel = "FILE|DIR") String input;

    @Option(names = "--out", required = true, paramLabel = "DIR") Path out;

    @Option(names = "--tta", description = "Mirror test-time augmentation (8 flips).") boolean tta;

    @Option(names = "--overlap", paramLabel = "F", description = "Window overlap in [0, 1) (default: ${DEFAULT-VALUE}).")
    double overlap = 0.5;

    @Option(names = "--probabilities", description = "Also write float32 probability maps (CASE_probabilities.nii.gz).")
    boolean probabilities;

    @Option(names = "--largest-component", description = "Keep the largest 3D connected component per class.")
    boolean largestComponent;

    @Option(names = "--window-batch", paramLabel = "N", description = "Windows per forward pass (default: ${DEFAULT-VALUE}).")
    int windowBatch = 2;

    @Option(names = "--threads", paramLabel = "N", description = "PyTorch threads (default: the run's).")
    Integer threads;

    @Option(names = "--overwrite", description = "Replace existing outputs (default: skip them).") boolean overwrite;

    /** One case to predict: id and channel files (or a dataset case). */
    private record Job(String id, List<Path> files, FolderDataset dataset, CaseFiles caseFiles) {}

    @Override
    public Integer call() throws IOException {
        if (!(overlap >= 0 && overlap < 1)) {
            throw new UserInputException("--overlap expects a number in [0, 1), got " + overlap);
        }
        if (windowBatch < 1) {
            throw new UserInputException("--window-batch expects a positive integer, got " + windowBatch);
        }
        if (!checkpoint.equals("best") && !checkpoint.equals("last")) {
            throw new UserInputException("--checkpoint expects best or last, got '" + checkpoint + "'");
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            RunModel rm = RunModel.load(model, checkpoint, manager);
            EngineThreads.set(threads != null ? threads : rm.config().run().threads());
            List<Job> jobs = jobs(rm);
            Files.createDirectories(out);
            SlidingWindowPredictor window = SlidingWindowPredictor.builder().block(rm.model().getUNet())
                    .patch(rm.config().data().patchSize()).overlap(overlap).mirror(tta).windowBatch(windowBatch).build();
            CasePredictor predictor = new CasePredictor(rm.plan(), rm.mapping(), window, largestComponent);
            int written = 0, skipped = 0;
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("predict").setInitialMax(jobs.size())
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err)).build()) {
                for (Job j : jobs) {
                    Path target = out.resolve(j.id() + ".nii.gz");
                    if (Files.exists(target) && !overwrite) {
                        skipped++;
                        bar.step();
                        continue;
                    }
                    bar.setExtraMessage(" " + j.id());
                    LoadedCase c = load(j, rm);
                    CasePredictor.Prediction p = predictor.predict(manager, c, probabilities, null);
                    Nifti.write(target, p.labels(), NiftiDatatype.UINT8);
                    if (p.probabilities() != null) {
                        Nifti.write(out.resolve(j.id() + "_probabilities.nii.gz"), p.probabilities(), NiftiDatatype.FLOAT32);
                    }
                    written++;
                    bar.step();
                }
            }
            spec.commandLine().getOut().println("wrote " + written + " masks to " + out
                    + (skipped > 0 ? " (" + skipped + " existing skipped; --overwrite to redo)" : ""));
            return 0;
        }
    }

    private LoadedCase load(Job j, RunModel rm) throws IOException {
        if (j.dataset() != null) {
            LoadedCase c = j.dataset().load(j.caseFiles());
            return new LoadedCase(c.id(), c.image(), null);
        }
        List<Volume> parts = new ArrayList<>();
        for (Path f : j.files()) {
            parts.add(ImageFiles.readVolume(f));
        }
        Volume image = Volume.stack(parts.toArray(Volume[]::new));
        int expected = rm.plan().channels();
        if (image.channels() != expected) {
            throw new UserInputException(j.files().get(0) + ": the model needs " + expected + " channel(s) "
                    + rm.config().data().channels() + ", case " + j.id() + " has " + image.channels());
        }
        return new LoadedCase(j.id(), image, null);
    }

    private List<Job> jobs(RunModel rm) throws IOException {
        List<Job> jobs = new ArrayList<>();
        if (input.contains(",")) {
            List<Path> files = Stream.of(input.split(",")).map(String::trim).map(Path::of).toList();
            for (Path f : files) {
                requireFile(f);
            }
            jobs.add(new Job(caseName(files.get(0)), files, null, null));
            return jobs;
        }
        Path in = Path.of(input);
        if (Files.isRegularFile(in)) {
            jobs.add(new Job(caseName(in), List.of(in), null, null));
            return jobs;
        }
        if (!Files.isDirectory(in)) {
            throw new UserInputException("--input " + in + ": no such file or directory");
        }
        Map<String, TreeMap<Integer, Path>> nnunet = new TreeMap<>();
        boolean onlyNnunet = true;
        try (Stream<Path> s = Files.list(in)) {
            for (Path f : s.sorted().toList()) {
                if (!Files.isRegularFile(f)) {
                    onlyNnunet = false;
                    continue;
                }
                Matcher m = NNUNET.matcher(f.getFileName().toString());
                if (m.matches()) {
                    nnunet.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(Integer.parseInt(m.group(2)), f);
                } else if (f.getFileName().toString().endsWith(".nii") || f.getFileName().toString().endsWith(".nii.gz")) {
                    onlyNnunet = false;
                }
            }
        }
        if (!nnunet.isEmpty() && onlyNnunet) {
            nnunet.forEach((id, files) -> jobs.add(new Job(id, List.copyOf(files.values()), null, null)));
            return jobs;
        }
        FolderDataset ds = Datasets.open(in, null, rm.config().data().channels());
        for (CaseFiles c : ds.trainingCases()) {
            jobs.add(new Job(c.id(), c.images(), ds, c));
        }
        for (CaseFiles c : ds.testCases()) {
            jobs.add(new Job(c.id(), c.images(), ds, c));
        }
        return jobs;
    }

    private static void requireFile(Path f) {
        if (!Files.isRegularFile(f)) {
            throw new UserInputException("--input " + f + ": no such file");
        }
    }

    private static String caseName(Path f) {
        String stem = ImageFiles.stem(f);
        String n = stem == null ? f.getFileName().toString() : stem;
        Matcher m = Pattern.compile("(.+)_\\d{4}").matcher(n);
        return m.matches() ? m.group(1) : n;
    }
}
