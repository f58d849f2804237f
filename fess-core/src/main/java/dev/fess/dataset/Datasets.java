package dev.fess.dataset;

import dev.fess.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Opens dataset folders. The layout is detected from what the folder holds, in this order:
 * <ol>
 *   <li>{@link Layout#COMBINED}: a {@code fess-combined.json} written by {@link DatasetCombination};</li>
 *   <li>{@link Layout#NPY}: {@code images/} holding {@code .npy} files (and {@code masks/});</li>
 *   <li>{@link Layout#MSD}: a {@code dataset.json} next to {@code imagesTr/};</li>
 *   <li>{@link Layout#ABDOMENCT}: an image folder ({@code images/}, {@code imagesTr/}, {@code Image/},
 *       {@code AbdomenCT-1K-ImagePart1/} ...) with {@code *_0000.nii.gz} files and a mask folder
 *       ({@code masks/}, {@code Mask/}, {@code labels/}, {@code labelsTr/});</li>
 *   <li>{@link Layout#BRATS}: case folders (directly inside, or one level down as in BraTS 2017's
 *       {@code HGG/} and {@code LGG/}) holding {@code <case>_flair.nii.gz} ... or BraTS 2023's
 *       {@code <case>-t2f.nii.gz} ... files, or BRATS 2015's MetaImage files
 *       {@code VSD.Brain.XX.O.MR_Flair.<id>/VSD.Brain.XX.O.MR_Flair.<id>.mha} ....</li>
 * </ol>
 * See {@code docs/datasets.md}.
 */
public final class Datasets {
    private Datasets() {}

    /** {@code open(dir, layoutOrNull, channels, null)}. */
    public static FolderDataset open(Path dir, Layout layoutOrNull, List<String> channelSelection) throws IOException {
        return open(dir, layoutOrNull, channelSelection, null);
    }

    /**
     * Opens {@code dir}.
     *
     * @param layoutOrNull the layout, or null to detect it
     * @param channelSelection channel names to use, in order, case-insensitive (empty: all channels)
     * @param npySpacing voxel spacing in mm for {@code .npy} arrays (null: the folder's {@code dataset.json}
     *     {@code spacing}, else 1 mm); ignored for NIfTI layouts
     * @throws UserInputException if the folder does not exist, its layout is not recognised, or a channel is unknown
     */
    public static FolderDataset open(Path dir, Layout layoutOrNull, List<String> channelSelection, double[] npySpacing)
            throws IOException {
        Layout layout = layoutOrNull == null ? detect(dir) : layoutOrNull;
        requireFolder(dir);
        FolderDataset.Scan scan = switch (layout) {
            case BRATS -> BratsLayout.scan(dir);
            case MSD -> MsdLayout.scan(dir);
            case ABDOMENCT -> AbdomenCtLayout.scan(dir);
            case NPY -> NpyLayout.scan(dir, npySpacing);
            case COMBINED -> CombinedLayout.scan(dir);
        };
        if (scan.training.isEmpty() && scan.test.isEmpty()) {
            throw new UserInputException(dir + ": no " + layout + " cases found (" + lookedFor(layout) + ")");
        }
        return new FolderDataset(dir, layout, scan, channelSelection == null ? List.of() : channelSelection);
    }

    /** The layout of {@code dir}, by the rules above. */
    public static Layout detect(Path dir) throws IOException {
        requireFolder(dir);
        if (list(dir).isEmpty()) {
            throw new UserInputException(dir + ": the dataset folder is empty");
        }
        if (CombinedLayout.looksLike(dir)) {
            return Layout.COMBINED;
        }
        if (NpyLayout.looksLike(dir)) {
            return Layout.NPY;
        }
        if (MsdLayout.looksLike(dir)) {
            return Layout.MSD;
        }
        if (AbdomenCtLayout.looksLike(dir)) {
            return Layout.ABDOMENCT;
        }
        if (BratsLayout.looksLike(dir)) {
            return Layout.BRATS;
        }
        throw new UserInputException(dir + ": unrecognised dataset layout: looked for "
                + lookedFor(Layout.NPY) + "; " + lookedFor(Layout.MSD) + "; " + lookedFor(Layout.ABDOMENCT) + "; "
                + lookedFor(Layout.BRATS));
    }

    /** A layout by its name ({@code brats}, {@code msd}, {@code nnunet}, {@code abdomenct}, {@code npy}). */
    public static Layout layoutByName(String name) {
        return switch (name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "")) {
            case "brats" -> Layout.BRATS;
            case "msd", "nnunet", "decathlon" -> Layout.MSD;
            case "abdomenct", "abdomenct1k", "abdomen" -> Layout.ABDOMENCT;
            case "npy", "numpy" -> Layout.NPY;
            case "combined" -> Layout.COMBINED;
            default ->
                throw new UserInputException(
                        "layout: unknown layout '" + name + "' (expected brats, msd, abdomenct, npy or combined)");
        };
    }

    static String lookedFor(Layout l) {
        return switch (l) {
            case NPY -> "numpy: images/*.npy and masks/*.npy";
            case MSD -> "MSD/nnU-Net: dataset.json with imagesTr/ and labelsTr/";
            case ABDOMENCT ->
                "AbdomenCT-1K: an image folder (images/, imagesTr/, Image*/) with <case>_0000.nii.gz"
                        + " and a mask folder (masks/, Mask/, labels/, labelsTr/) with <case>.nii.gz";
            case BRATS ->
                "BraTS: case folders with <case>_flair/_t1/_t1ce/_t2/_seg.nii.gz"
                        + " (or BraTS 2023 <case>-t2f/-t1n/-t1c/-t2w/-seg.nii.gz, or BRATS 2015"
                        + " VSD.Brain.XX.O.MR_Flair.<id>/….mha ... VSD.Brain_3more.XX.O.OT.<id>/….mha)";
            case COMBINED -> "combined: " + DatasetCombination.MANIFEST + " (fess dataset combine)";
        };
    }

    private static void requireFolder(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserInputException(Files.exists(dir) ? dir + ": not a folder" : "no such dataset folder: " + dir);
        }
    }

    /** The entries of a folder, sorted by name. */
    static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> l = new ArrayList<>(s.toList());
            l.sort(null);
            return l;
        }
    }

    /** Sub-folders of {@code dir}, sorted. */
    static List<Path> folders(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : list(dir)) {
            if (Files.isDirectory(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /** The file name without {@code .nii.gz}/{@code .nii}, or null if it is not a NIfTI file name. */
    static String niftiStem(Path file) {
        String n = file.getFileName().toString();
        String l = n.toLowerCase(Locale.ROOT);
        if (l.endsWith(".nii.gz")) {
            return n.substring(0, n.length() - 7);
        }
        if (l.endsWith(".nii")) {
            return n.substring(0, n.length() - 4);
        }
        return null;
    }
}
