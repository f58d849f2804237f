package dev.fess.dataset;

import dev.fess.UserInputException;
import dev.fess.npy.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The paper's {@code .npy} folders: {@code images/*.npy} and {@code masks/*.npy}, paired by file name. A name pairs
 * with the identical name, or after dropping an {@code image}/{@code img}/{@code mask}/{@code seg}/{@code label}
 * prefix or suffix ({@code image_7.npy} ↔ {@code mask_7.npy}); the case id is what remains. An image without a mask
 * is a test case.
 *
 * <p>An optional {@code dataset.json} in the folder may declare {@code labels} and {@code channel_names} (as in
 * nnU-Net) and {@code spacing} ({@code [x, y, z]} mm). Without it: one channel is {@code flair} (the paper's input),
 * C channels are {@code channel0} …; labels are {@code 0 background, 1 foreground}, or 0 … C−1 for one-hot masks
 * with C channels; spacing 1 mm; modality MRI (CT if a channel is named {@code CT}).
 */
final class NpyLayout {
    private static final Pattern AFFIX = Pattern.compile(
            "^(images?|imgs?|masks?|segs?|labels?)[_-]|[_-](images?|imgs?|masks?|segs?|labels?)$",
            Pattern.CASE_INSENSITIVE);

    private NpyLayout() {}

    static Path imageFolder(Path root) {
        for (String n : List.of("images", "image", "imgs")) {
            if (Files.isDirectory(root.resolve(n))) {
                return root.resolve(n);
            }
        }
        return null;
    }

    static Path maskFolder(Path root) {
        for (String n : List.of("masks", "mask", "labels")) {
            if (Files.isDirectory(root.resolve(n))) {
                return root.resolve(n);
            }
        }
        return null;
    }

    static boolean looksLike(Path root) throws IOException {
        Path images = imageFolder(root);
        return images != null && !npyFiles(images).isEmpty();
    }

    private static List<Path> npyFiles(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path f : Datasets.list(dir)) {
            if (FolderDataset.isNpy(f) && Files.isRegularFile(f)) {
                out.add(f);
            }
        }
        return out;
    }

    static String caseId(Path file) {
        String n = file.getFileName().toString();
        n = n.substring(0, n.length() - 4);
        String stripped = AFFIX.matcher(n).replaceAll("");
        return stripped.isEmpty() ? n : stripped;
    }

    static FolderDataset.Scan scan(Path root, double[] spacing) throws IOException {
        FolderDataset.Scan s = new FolderDataset.Scan();
        Path imagesDir = imageFolder(root);
        if (imagesDir == null) {
            throw new UserInputException(root + ": no images/ folder with .npy files");
        }
        Path masksDir = maskFolder(root);
        Map<String, Path> images = new TreeMap<>();
        Map<String, Path> masks = new TreeMap<>();
        collect(root, imagesDir, images, s);
        if (masksDir != null) {
            collect(root, masksDir, masks, s);
        }
        JsonNode json = Files.isRegularFile(root.resolve("dataset.json"))
                ? MsdLayout.readJson(root.resolve("dataset.json"))
                : null;
        Path jsonFile = root.resolve("dataset.json");
        List<String> channels = json == null ? null : MsdLayout.channelNames(json, jsonFile, false);
        if (channels == null) {
            int c = images.isEmpty()
                    ? 1
                    : channelsOf(
                            Npy.readHeader(images.values().iterator().next()).shape());
            channels = new ArrayList<>();
            if (c == 1) {
                channels.add("flair");
            } else {
                for (int i = 0; i < c; i++) {
                    channels.add("channel" + i);
                }
            }
        }
        s.channels = channels;
        for (String c : channels) {
            if (c.equalsIgnoreCase("CT")) {
                s.modality = Modality.CT;
            }
        }
        if (json != null && json.has("labels")) {
            s.labels = MsdLayout.labels(json, jsonFile);
        } else {
            int c = masks.isEmpty()
                    ? 1
                    : channelsOf(
                            Npy.readHeader(masks.values().iterator().next()).shape());
            s.labels.put(0, "background");
            if (c == 1) {
                s.labels.put(1, "foreground");
            } else {
                for (int i = 1; i < c; i++) {
                    s.labels.put(i, "class " + i);
                }
            }
        }
        if (spacing != null) {
            s.spacing = checkedSpacing(spacing, "--spacing");
        } else if (json != null && json.has("spacing")) {
            JsonNode sp = json.get("spacing");
            if (!sp.isArray() || sp.size() != 3) {
                throw new UserInputException(jsonFile + ": 'spacing' must be [x, y, z] in mm, got " + sp);
            }
            s.spacing = checkedSpacing(
                    new double[] {
                        sp.get(0).asDouble(), sp.get(1).asDouble(), sp.get(2).asDouble()
                    },
                    jsonFile + ": 'spacing'");
        }
        for (Map.Entry<String, Path> e : images.entrySet()) {
            FolderDataset.RawCase r =
                    new FolderDataset.RawCase(e.getKey(), List.of(e.getValue()), null, masks.get(e.getKey()));
            (r.label() == null ? s.test : s.training).add(r);
        }
        for (Map.Entry<String, Path> e : masks.entrySet()) {
            if (!images.containsKey(e.getKey())) {
                s.problems.add(new Problem(
                        e.getKey(),
                        root.relativize(e.getValue()).toString(),
                        "mask without an image in " + root.relativize(imagesDir) + "/"));
            }
        }
        if (channels.size() > 1) {
            // one file holds all channels
            List<FolderDataset.RawCase> t = new ArrayList<>();
            for (FolderDataset.RawCase r : s.training) {
                t.add(new FolderDataset.RawCase(r.id(), null, r.channelFiles().get(0), r.label()));
            }
            s.training.clear();
            s.training.addAll(t);
            t.clear();
            for (FolderDataset.RawCase r : s.test) {
                t.add(new FolderDataset.RawCase(r.id(), null, r.channelFiles().get(0), null));
            }
            s.test.clear();
            s.test.addAll(t);
        }
        return s;
    }

    private static void collect(Path root, Path dir, Map<String, Path> into, FolderDataset.Scan s) throws IOException {
        for (Path f : npyFiles(dir)) {
            String id = caseId(f);
            Path before = into.putIfAbsent(id, f);
            if (before != null) {
                s.problems.add(new Problem(
                        id, root.relativize(f).toString(), "duplicate case id (also " + root.relativize(before) + ")"));
            }
        }
    }

    private static int channelsOf(int[] shape) {
        return shape.length == 4 ? shape[3] : 1;
    }

    private static double[] checkedSpacing(double[] sp, String what) {
        if (sp.length != 3) {
            throw new UserInputException(what + ": expected 3 values (x, y, z mm), got " + sp.length);
        }
        for (double v : sp) {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new UserInputException(what + ": spacing must be positive mm, got " + Arrays.toString(sp));
            }
        }
        return sp.clone();
    }
}
