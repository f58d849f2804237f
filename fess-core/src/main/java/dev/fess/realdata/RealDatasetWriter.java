package dev.fess.realdata;

import dev.fess.UserInputException;
import dev.fess.dataset.MsdDatasetJson;
import dev.fess.io.AtomicFolder;
import dev.fess.io.JsonFiles;
import dev.fess.nifti.Nifti;
import dev.fess.nifti.NiftiDatatype;
import dev.fess.preprocess.Resampler;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes one {@link Subject} as a Medical Segmentation Decathlon / nnU-Net v1 dataset of disjoint pieces.
 *
 * <ol>
 *   <li>Resampling to {@code spacing} mm: axis {@code a} of {@code n} voxels of spacing {@code s} gets
 *       {@code max(1, round(n·s/spacing))} voxels covering the same field of view ({@link Resampler}, so the new
 *       spacing is {@code n·s/m}, within half a voxel of {@code spacing}); the image trilinearly, the class map by
 *       {@link Resampler#linearArgmax} (ties to the lower class). A spacing equal to the source's keeps the
 *       voxels.</li>
 *   <li>Cutting into the {@link PieceGrid} pieces; each is a case with its own affine.</li>
 *   <li>{@code heldOut} pieces, drawn by {@code new Random(seed)} shuffling the piece list, go to
 *       {@code imagesTs/} + {@code labelsTs/} (listed under {@code test} in {@code dataset.json}); the rest to
 *       {@code imagesTr/} + {@code labelsTr/}. Pieces share no voxel, so a held-out piece is anatomy never trained
 *       on.</li>
 * </ol>
 *
 * Images are float32 ({@code <id>_0000.nii.gz}), labels uint8; {@code realdata.json} records the task, the source
 * files' SHA-256, the settings and every piece's voxel box and class counts. The folder appears atomically. The
 * same inputs and settings give byte-identical files.
 */
public final class RealDatasetWriter {
    /** Pieces thinner than this many voxels along an axis are refused. */
    public static final int MIN_PIECE_VOXELS = 8;

    /** What was written. */
    public record Result(Path folder, List<String> trainingIds, List<String> testIds, int[] shape, double[] spacing) {}

    private final RealTask task;
    private final double spacing;
    private final PieceGrid grid;
    private final int heldOut;
    private final long seed;
    private final boolean overwrite;

    private RealDatasetWriter(Builder b, double spacing, PieceGrid grid) {
        this.task = b.task;
        this.spacing = spacing;
        this.grid = grid;
        this.heldOut = b.heldOut;
        this.seed = b.seed;
        this.overwrite = b.overwrite;
    }

    public static Builder builder(RealTask task) {
        return new Builder(task);
    }

    public double spacing() {
        return spacing;
    }

    public PieceGrid grid() {
        return grid;
    }

    /** Checks {@code out} before any work (see {@link AtomicFolder#checkTarget}). */
    public void checkTarget(Path out) throws IOException {
        AtomicFolder.checkTarget(out, overwrite, "out");
    }

    /** Resamples, cuts and writes {@code subject} to {@code out}. */
    public Result write(Subject subject, Path out) throws IOException {
        int[] shape = targetShape(subject.image());
        Volume image = Resampler.linear(subject.image(), shape);
        Volume label = Resampler.linearArgmax(subject.label(), task.classes(), shape);
        List<PieceGrid.Piece> pieces = grid.pieces(shape, MIN_PIECE_VOXELS);
        List<Integer> order = new ArrayList<>();
        for (int p = 0; p < pieces.size(); p++) {
            order.add(p);
        }
        Collections.shuffle(order, new Random(seed));
        List<Integer> test = new ArrayList<>(order.subList(0, heldOut));
        Collections.sort(test);
        Result r = AtomicFolder.write(out, overwrite, "out", dir -> {
            List<String> trainIds = new ArrayList<>();
            List<String> testIds = new ArrayList<>();
            List<Map<String, Object>> records = new ArrayList<>();
            Files.createDirectories(dir.resolve("imagesTr"));
            Files.createDirectories(dir.resolve("labelsTr"));
            if (heldOut > 0) {
                Files.createDirectories(dir.resolve("imagesTs"));
                Files.createDirectories(dir.resolve("labelsTs"));
            }
            for (int p = 0; p < pieces.size(); p++) {
                PieceGrid.Piece piece = pieces.get(p);
                boolean isTest = test.contains(p);
                String id = task.cliName() + "_" + piece.name();
                Volume img = PieceGrid.crop(image, piece.start(), piece.size());
                Volume lab = PieceGrid.crop(label, piece.start(), piece.size());
                String suffix = isTest ? "Ts" : "Tr";
                Nifti.write(dir.resolve("images" + suffix).resolve(id + "_0000.nii.gz"), img, NiftiDatatype.FLOAT32);
                Nifti.write(dir.resolve("labels" + suffix).resolve(id + ".nii.gz"), lab, NiftiDatatype.UINT8);
                (isTest ? testIds : trainIds).add(id);
                records.add(pieceRecord(id, piece, isTest, lab));
            }
            datasetJson(trainIds, testIds).write(dir);
            JsonFiles.write(dir.resolve("realdata.json"), provenance(subject, image, records));
            return new Result(out.toAbsolutePath().normalize(), trainIds, testIds, shape, image.spacing());
        });
        return r;
    }

    /** {@code max(1, round(n·s/spacing))} per axis; the source shape when the spacing already matches. */
    int[] targetShape(Volume v) {
        int[] shape = v.shape();
        double[] s = v.spacing();
        int[] out = new int[3];
        for (int a = 0; a < 3; a++) {
            boolean same = Math.abs(s[a] - spacing) < 1e-6;
            out[a] = same ? shape[a] : (int) Math.max(1, Math.round(shape[a] * s[a] / spacing));
        }
        return out;
    }

    private MsdDatasetJson datasetJson(List<String> trainIds, List<String> testIds) {
        return new MsdDatasetJson(
                task.cliName(),
                "fess realdata install: " + task.cliName() + " from Debian " + task.debianPackage()
                        + ", one subject cut into " + grid + " disjoint pieces at " + spacing
                        + " mm (see realdata.json)",
                "see docs/real-data.md of fess",
                licence(),
                List.of(task.channel()),
                task.labelNames(),
                trainIds,
                testIds);
    }

    private String licence() {
        return switch (task.debianPackage()) {
            case "mricron-data" ->
                "templates shipped with MRIcron (Debian mricron-data, BSD-3-clause per"
                        + " debian/copyright); see docs/real-data.md for the atlases' own terms";
            default -> "InVesalius example (Debian invesalius-examples, GPL-2 per debian/copyright)";
        };
    }

    private Map<String, Object> pieceRecord(String id, PieceGrid.Piece piece, boolean isTest, Volume label) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("split", isTest ? "test" : "training");
        m.put("start", List.of(piece.start()[0], piece.start()[1], piece.start()[2]));
        m.put("size", List.of(piece.size()[0], piece.size()[1], piece.size()[2]));
        long[] counts = new long[task.classes()];
        for (float v : label.data()) {
            counts[(int) v]++;
        }
        Map<String, Long> perClass = new LinkedHashMap<>();
        for (int c = 0; c < counts.length; c++) {
            perClass.put(Integer.toString(c), counts[c]);
        }
        m.put("voxelsPerClass", perClass);
        return m;
    }

    private Map<String, Object> provenance(Subject subject, Volume resampled, List<Map<String, Object>> pieces) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generator", "fess realdata install");
        m.put("task", task.cliName());
        m.put("spacing", spacing);
        int[] s = resampled.shape();
        m.put("resampledShape", List.of(s[0], s[1], s[2]));
        double[] sp = resampled.spacing();
        m.put("resampledSpacing", List.of(sp[0], sp[1], sp[2]));
        m.put("grid", grid.toString());
        m.put("heldOut", heldOut);
        m.put("seed", seed);
        m.putAll(subject.facts());
        m.put("pieces", pieces);
        return m;
    }

    /** Settings of one install; {@link #build()} checks them, messages name the setting ({@code spacing} ...). */
    public static final class Builder {
        private final RealTask task;
        private Double spacing;
        private PieceGrid grid;
        private int heldOut;
        private long seed = 1;
        private boolean overwrite;

        private Builder(RealTask task) {
            if (task == null) {
                throw new IllegalArgumentException("task is null");
            }
            this.task = task;
        }

        /** Target spacing in mm, 0.25 … 8; null for the task's default. */
        public Builder spacing(Double mm) {
            this.spacing = mm;
            return this;
        }

        /** Pieces per axis; null for the task's default. */
        public Builder grid(PieceGrid grid) {
            this.grid = grid;
            return this;
        }

        /** Pieces held out in {@code imagesTs}/{@code labelsTs}, default 0 (every piece a training case). */
        public Builder heldOut(int n) {
            this.heldOut = n;
            return this;
        }

        /** Seed of the choice of held-out pieces. Default 1. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Replace an existing non-empty output folder. Default false. */
        public Builder overwrite(boolean overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        /**
         * @return the writer
         * @throws UserInputException naming the first bad setting ({@code spacing}, {@code held_out})
         */
        public RealDatasetWriter build() {
            UserInputException.requireSetting(
                    spacing == null || (spacing >= 0.25 && spacing <= 8),
                    "spacing",
                    "expected 0.25 … 8 mm, got " + spacing);
            UserInputException.requireSetting(heldOut >= 0, "held_out", "expected 0 or more pieces, got " + heldOut);
            PieceGrid g = grid == null ? task.defaultGrid() : grid;
            UserInputException.requireSetting(
                    heldOut < g.pieceCount(),
                    "held_out",
                    heldOut + " of " + g.pieceCount() + " pieces (grid " + g + ") would leave none for training");
            return new RealDatasetWriter(this, spacing == null ? task.defaultSpacing() : spacing, g);
        }
    }
}
