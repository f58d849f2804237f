package dev.fess.synth;

import dev.fess.UserInputException;
import dev.fess.dataset.Layout;
import dev.fess.dataset.LoadedCase;
import dev.fess.dataset.MsdDatasetJson;
import dev.fess.io.AtomicFolder;
import dev.fess.io.JsonFiles;
import dev.fess.nifti.Nifti;
import dev.fess.nifti.NiftiDatatype;
import dev.fess.npy.Npy;
import dev.fess.npy.NpyArray;
import dev.fess.npy.NpyDtype;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a synthetic dataset folder in one of the {@link Layout}s, as a real dataset of that layout would look:
 *
 * <ul>
 *   <li>{@code brats}: {@code <id>/<id>_flair|_t1|_t1ce|_t2.nii.gz} (float32) and {@code <id>_seg.nii.gz} (uint8);
 *       ids {@code BraTS20_Training_001} …; test cases {@code BraTS20_Validation_001} … without {@code _seg}.
 *       With {@link BratsNaming#BRATS_2015}: BRATS 2015's MetaImage files under {@code HGG/} and {@code LGG/}
 *       (see {@link Brats2015Files}).</li>
 *   <li>{@code msd}: {@code dataset.json} (MSD / nnU-Net v1 style: {@code modality}, {@code labels},
 *       {@code numTraining}, {@code numTest}, {@code training}, {@code test}), {@code imagesTr/<id>_0000.nii.gz} …
 *       one file per channel, {@code labelsTr/<id>.nii.gz}, {@code imagesTs/} for test cases.</li>
 *   <li>{@code abdomenct}: {@code images/Case_00001_0000.nii.gz} (int16 HU) and {@code masks/Case_00001.nii.gz}
 *       (uint8).</li>
 *   <li>{@code npy} (the paper's released code): {@code images/<id>.npy} single-channel float32 (FLAIR for brain,
 *       HU for CT) and {@code masks/<id>.npy} uint8, shape {@code (x, y, z)} with {@code a[i, j, k]} = NIfTI voxel
 *       (i, j, k); masks are the binary whole tumour (label &gt; 0) for brain ({@link NpyMask#WHOLE_TUMOUR}, the
 *       paper's) or the raw labels; a {@code dataset.json} records channel name, labels and spacing. npy stores
 *       no affine, so only RAS orientation is accepted.</li>
 * </ul>
 *
 * Every layout also gets {@code synth.json} (kind, seed, options) for provenance. The folder appears atomically:
 * everything is written into a sibling {@code <out>.tmp-…} folder that is then renamed to {@code <out>}; an existing
 * non-empty {@code <out>} is refused unless {@link Builder#overwrite} is set. Cases are generated in parallel, each
 * from (seed, case index), so the bytes written do not depend on the number of threads.
 */
public final class SyntheticDatasetWriter {
    /** What the {@code npy} layout stores as mask. */
    public enum NpyMask {
        /** 0/1: any label &gt; 0 (BraTS whole tumour, as in the paper). */
        WHOLE_TUMOUR,
        /** The raw label values. */
        RAW
    }

    /** File naming of the {@code brats} layout. */
    public enum BratsNaming {
        /** BraTS 2017–2021 NIfTI files ({@code BraTS20_Training_001_flair.nii.gz}). */
        BRATS_2020,
        /** BRATS 2015 / BraTS 2016 MetaImage files ({@code HGG/<case>/VSD.Brain.XX.O.MR_Flair.<n>/….mha}). */
        BRATS_2015
    }

    /** Called after each case has been written (from worker threads). */
    @FunctionalInterface
    public interface Progress {
        void caseWritten(String id);
    }

    /** What was written. */
    public record Result(Path folder, Layout layout, List<String> trainingIds, List<String> testIds) {}

    private final PhantomKind kind;
    private final Layout layout;
    private final BratsNaming bratsNaming;
    private final int cases;
    private final int testCases;
    private final long seed;
    private final PhantomOptions options;
    private final boolean overwrite;
    private final int threads;
    private final NpyMask npyMask;
    private final Progress progress;

    private SyntheticDatasetWriter(Builder b, Layout layout, NpyMask npyMask) {
        this.kind = b.kind;
        this.layout = layout;
        this.bratsNaming = b.bratsNaming;
        this.cases = b.cases;
        this.testCases = b.testCases;
        this.seed = b.seed;
        this.options = b.options;
        this.overwrite = b.overwrite;
        this.threads = b.threads;
        this.npyMask = npyMask;
        this.progress = b.progress;
    }

    public static Builder builder(PhantomKind kind) {
        return new Builder(kind);
    }

    /** Writes {@code cases} training cases of {@code kind} in {@code layout} with default writer settings. */
    public static Result write(PhantomKind kind, Layout layout, int cases, long seed, Path out, PhantomOptions options)
            throws IOException {
        return builder(kind)
                .layout(layout)
                .cases(cases)
                .seed(seed)
                .options(options)
                .build()
                .write(out);
    }

    public Layout layout() {
        return layout;
    }

    public NpyMask npyMask() {
        return npyMask;
    }

    /** Generates and writes the dataset to {@code out} (atomically, see the class comment). */
    public Result write(Path out) throws IOException {
        return write(out, progress);
    }

    /** As {@link #write(Path)}, reporting each written case to {@code progressOrNull}. */
    public Result write(Path out, Progress progressOrNull) throws IOException {
        Path target = out.toAbsolutePath().normalize();
        Result r = AtomicFolder.write(out, overwrite, "out", tmp -> writeInto(tmp, progressOrNull));
        return new Result(target, layout, r.trainingIds(), r.testIds());
    }

    /**
     * Checks that {@code out} can be written: not the root, not a file, and empty or absent unless overwriting a
     * folder fess wrote ({@link AtomicFolder#checkTarget}).
     *
     * @throws UserInputException naming {@code --out} otherwise
     */
    public void checkTarget(Path out) throws IOException {
        AtomicFolder.checkTarget(out, overwrite, "out");
    }

    private Result writeInto(Path dir, Progress progress) throws IOException {
        PhantomGenerator gen = PhantomGenerator.of(kind, options, seed);
        int total = cases + testCases;
        String[] ids = new String[total];
        for (int c = 0; c < total; c++) {
            ids[c] = bratsNaming == BratsNaming.BRATS_2015
                    ? Brats2015Files.caseId(c)
                    : c < cases ? gen.caseId(c) : testId(gen, c, c - cases);
        }
        prepareFolders(dir);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, total)), r -> {
            Thread t = new Thread(r, "fess-synth");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int c = 0; c < total; c++) {
                int index = c;
                jobs.add(pool.submit(() -> {
                    SyntheticCase sc = gen.generate(index);
                    LoadedCase lc = new LoadedCase(
                            ids[index], sc.data().image(), sc.data().label());
                    try {
                        if (bratsNaming == BratsNaming.BRATS_2015) {
                            Brats2015Files.write(dir, lc, index, index < cases, gen.channelNames());
                        } else {
                            writeCase(dir, lc, index < cases, gen.channelNames());
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    if (progress != null) {
                        progress.caseWritten(ids[index]);
                    }
                    return null;
                }));
            }
            for (Future<?> f : jobs) {
                await(f);
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> train = List.of(ids).subList(0, cases);
        List<String> test = List.of(ids).subList(cases, total);
        writeMetadata(dir, gen, train, test);
        return new Result(dir, layout, train, test);
    }

    private static void await(Future<?> f) throws IOException {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing the synthetic dataset", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IOException(c);
        }
    }

    private String testId(PhantomGenerator gen, int index, int testIndex) {
        if (kind == PhantomKind.BRATS && layout == Layout.BRATS) {
            return String.format("BraTS20_Validation_%03d", testIndex + 1);
        }
        return gen.caseId(index);
    }

    private void prepareFolders(Path dir) throws IOException {
        switch (layout) {
            case MSD -> {
                Files.createDirectories(dir.resolve("imagesTr"));
                Files.createDirectories(dir.resolve("labelsTr"));
                if (testCases > 0) {
                    Files.createDirectories(dir.resolve("imagesTs"));
                }
            }
            case ABDOMENCT -> {
                Files.createDirectories(dir.resolve("images"));
                Files.createDirectories(dir.resolve("masks"));
            }
            case NPY -> {
                Files.createDirectories(dir.resolve("images"));
                Files.createDirectories(dir.resolve("masks"));
            }
            case BRATS -> {
                // one folder per case, created with the case
            }
        }
    }

    private NiftiDatatype imageType() {
        return kind == PhantomKind.ABDOMEN_CT ? NiftiDatatype.INT16 : NiftiDatatype.FLOAT32;
    }

    private void writeCase(Path dir, LoadedCase c, boolean labelled, List<String> channels) throws IOException {
        Volume image = c.image();
        switch (layout) {
            case BRATS -> {
                Path folder = Files.createDirectories(dir.resolve(c.id()));
                for (int ch = 0; ch < channels.size(); ch++) {
                    Nifti.write(
                            folder.resolve(c.id() + "_" + channels.get(ch) + ".nii.gz"),
                            image.channel(ch),
                            imageType());
                }
                if (labelled) {
                    Nifti.write(folder.resolve(c.id() + "_seg.nii.gz"), c.label(), NiftiDatatype.UINT8);
                }
            }
            case MSD -> {
                Path images = dir.resolve(labelled ? "imagesTr" : "imagesTs");
                for (int ch = 0; ch < channels.size(); ch++) {
                    Nifti.write(
                            images.resolve(String.format("%s_%04d.nii.gz", c.id(), ch)),
                            image.channel(ch),
                            imageType());
                }
                if (labelled) {
                    Nifti.write(dir.resolve("labelsTr").resolve(c.id() + ".nii.gz"), c.label(), NiftiDatatype.UINT8);
                }
            }
            case ABDOMENCT -> {
                Nifti.write(dir.resolve("images").resolve(c.id() + "_0000.nii.gz"), image.channel(0), imageType());
                Nifti.write(dir.resolve("masks").resolve(c.id() + ".nii.gz"), c.label(), NiftiDatatype.UINT8);
            }
            case NPY -> {
                Npy.write(
                        dir.resolve("images").resolve(c.id() + ".npy"),
                        NpyArray.fromVolume(image.channel(0), NpyDtype.FLOAT32));
                Volume mask = c.label();
                if (npyMask == NpyMask.WHOLE_TUMOUR) {
                    float[] m = new float[mask.voxels()];
                    float[] l = mask.data();
                    for (int v = 0; v < m.length; v++) {
                        m[v] = l[v] > 0 ? 1 : 0;
                    }
                    mask = new Volume(mask.nx(), mask.ny(), mask.nz(), 1, m, mask.affine());
                }
                Npy.write(dir.resolve("masks").resolve(c.id() + ".npy"), NpyArray.fromVolume(mask, NpyDtype.UINT8));
            }
        }
    }

    private void writeMetadata(Path dir, PhantomGenerator gen, List<String> train, List<String> test)
            throws IOException {
        List<String> channels = gen.channelNames();
        Map<String, Object> synth = new LinkedHashMap<>();
        synth.put("generator", "fess synth");
        synth.put("kind", kind.cliName());
        synth.put("layout", bratsNaming == BratsNaming.BRATS_2015 ? "brats2015" : PhantomKind.layoutName(layout));
        synth.put("cases", cases);
        synth.put("testCases", testCases);
        synth.put("seed", seed);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("size", options.size());
        o.put("noise", options.noise());
        o.put("contrast", options.contrast());
        o.put("bias", options.bias());
        o.put("spacing", options.spacing());
        o.put("anisotropic", options.anisotropic());
        o.put("orientation", options.orientation().codes());
        synth.put("options", o);
        if (layout == Layout.NPY) {
            synth.put("npyMask", npyMask.name().toLowerCase(Locale.ROOT));
        }
        JsonFiles.write(dir.resolve("synth.json"), synth);

        if (layout == Layout.MSD) {
            boolean ct = kind == PhantomKind.ABDOMEN_CT;
            List<String> msdNames = ct ? List.of("CT") : List.of("FLAIR", "T1w", "t1gd", "T2w");
            new MsdDatasetJson(
                            ct ? "SyntheticAbdomenCT" : "SyntheticBraTS",
                            ct
                                    ? "fess synthetic abdominal CT phantoms (liver, kidney, spleen, pancreas)"
                                    : "fess synthetic brain MRI phantoms with gliomas (BraTS labels)",
                            "fess synth, seed " + seed,
                            "CC0",
                            msdNames.subList(0, channels.size()),
                            gen.labelNames(),
                            train,
                            test)
                    .write(dir);
        } else if (layout == Layout.NPY) {
            Map<String, Object> d = new LinkedHashMap<>();
            Map<String, String> names = new LinkedHashMap<>();
            names.put("0", kind == PhantomKind.ABDOMEN_CT ? "CT" : channels.get(0));
            d.put("channel_names", names);
            Map<String, String> labels = new LinkedHashMap<>();
            if (npyMask == NpyMask.WHOLE_TUMOUR) {
                labels.put("0", "background");
                labels.put("1", kind == PhantomKind.BRATS ? "whole tumour" : "foreground");
            } else {
                gen.labelNames().forEach((k, v) -> labels.put(Integer.toString(k), v));
            }
            d.put("labels", labels);
            double[] s = options.rasSpacing();
            d.put("spacing", List.of(s[0], s[1], s[2]));
            JsonFiles.write(dir.resolve("dataset.json"), d);
        }
    }

    private static String supported(PhantomKind kind) {
        List<String> l = new ArrayList<>();
        for (Layout x : Layout.values()) {
            if (kind.supports(x)) {
                l.add(PhantomKind.layoutName(x));
            }
        }
        return String.join(", ", l);
    }

    /** Settings of one write; {@link #build()} checks them, messages name the setting ({@code cases} ...). */
    public static final class Builder {
        private final PhantomKind kind;
        private Layout layout;
        private int cases = 10;
        private int testCases;
        private long seed = 42;
        private PhantomOptions options = PhantomOptions.defaults();
        private boolean overwrite;
        private int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        private NpyMask npyMask;
        private Progress progress;
        private BratsNaming bratsNaming = BratsNaming.BRATS_2020;

        private Builder(PhantomKind kind) {
            if (kind == null) {
                throw new IllegalArgumentException("kind is null");
            }
            this.kind = kind;
        }

        /** The layout; null for the kind's default ({@code brats} or {@code abdomenct}). */
        public Builder layout(Layout layout) {
            this.layout = layout;
            return this;
        }

        /** File naming of the {@code brats} layout. Default {@link BratsNaming#BRATS_2020}. */
        public Builder bratsNaming(BratsNaming naming) {
            this.bratsNaming = naming == null ? BratsNaming.BRATS_2020 : naming;
            return this;
        }

        /** Number of labelled (training) cases, 1 … 100000. Default 10. */
        public Builder cases(int cases) {
            this.cases = cases;
            return this;
        }

        /** Number of extra unlabelled test cases (msd {@code imagesTs/}, brats validation folders). Default 0. */
        public Builder testCases(int testCases) {
            this.testCases = testCases;
            return this;
        }

        /** Seed of the cases: case i depends only on (seed, options, i). Default 42. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Phantom knobs. Default {@link PhantomOptions#defaults()}. */
        public Builder options(PhantomOptions options) {
            this.options = options;
            return this;
        }

        /** Replace an existing non-empty output folder. Default false. */
        public Builder overwrite(boolean overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        /** Worker threads, 1 … 256 (the output does not depend on it). Default min(4, processors). */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /** npy masks: whole tumour (brain default) or raw labels (CT default). */
        public Builder npyMask(NpyMask npyMask) {
            this.npyMask = npyMask;
            return this;
        }

        /** Called as cases are written; null for none. */
        public Builder progress(Progress progress) {
            this.progress = progress;
            return this;
        }

        /**
         * @return the writer
         * @throws UserInputException naming the first bad setting ({@code cases}, {@code test_cases},
         *     {@code threads}, {@code layout}, {@code orientation})
         */
        public SyntheticDatasetWriter build() {
            UserInputException.requireSetting(
                    cases >= 1 && cases <= 100_000, "cases", "expected 1 … 100000, got " + cases);
            UserInputException.requireSetting(
                    testCases >= 0 && testCases <= 100_000, "test_cases", "expected 0 … 100000, got " + testCases);
            UserInputException.requireSetting(
                    threads >= 1 && threads <= 256, "threads", "expected 1 … 256, got " + threads);
            Layout l = layout == null ? kind.defaultLayout() : layout;
            if (bratsNaming == BratsNaming.BRATS_2015 && (kind != PhantomKind.BRATS || l != Layout.BRATS)) {
                throw UserInputException.ofSetting(
                        "layout", "layout brats2015: only a brats dataset can be written in the BRATS 2015 layout");
            }
            UserInputException.requireSetting(
                    kind.supports(l),
                    "layout",
                    "a " + kind.cliName() + " dataset cannot be written as " + PhantomKind.layoutName(l) + " (expected "
                            + supported(kind) + ")");
            UserInputException.requireSetting(
                    testCases == 0 || l == Layout.MSD || l == Layout.BRATS,
                    "test_cases",
                    "only the msd and brats layouts hold unlabelled test cases, got layout "
                            + PhantomKind.layoutName(l));
            UserInputException.requireSetting(
                    l != Layout.NPY || options.orientation().equals(AxisCodes.RAS),
                    "orientation",
                    "the npy layout stores no affine, so only RAS can be written, got " + options.orientation());
            NpyMask mask = npyMask != null ? npyMask : kind == PhantomKind.BRATS ? NpyMask.WHOLE_TUMOUR : NpyMask.RAW;
            return new SyntheticDatasetWriter(this, l, mask);
        }
    }
}
