package dev.fess.dataset;

import dev.fess.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Medical Segmentation Decathlon and nnU-Net (v1 and v2) folders: {@code dataset.json}, {@code imagesTr/},
 * {@code labelsTr/}, optionally {@code imagesTs/}.
 *
 * <p>Channels come from {@code channel_names} (nnU-Net v2) or {@code modality} (MSD, nnU-Net v1), labels from
 * {@code labels} in either direction (MSD: value → name, nnU-Net v2: name → value; nnU-Net v2 region entries with a
 * list value are ignored). Cases come from the {@code training} list when there is one, else from the files in
 * {@code labelsTr/}. A case's image is either one file holding all channels (MSD's 4D images) or one file per
 * channel, {@code <case>_0000<ending>}, {@code <case>_0001<ending>} ..., with {@code file_ending} (default
 * {@code .nii.gz}). Paths in {@code dataset.json} must stay inside the dataset folder.
 */
final class MsdLayout {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MsdLayout() {}

    static boolean looksLike(Path root) {
        return Files.isRegularFile(root.resolve("dataset.json")) && Files.isDirectory(root.resolve("imagesTr"));
    }

    static FolderDataset.Scan scan(Path root) throws IOException {
        Path jsonFile = root.resolve("dataset.json");
        if (!Files.isRegularFile(jsonFile)) {
            throw new UserInputException(root + ": no dataset.json (needed by the MSD/nnU-Net layout)");
        }
        JsonNode json = readJson(jsonFile);
        FolderDataset.Scan s = new FolderDataset.Scan();
        s.channels = channelNames(json, jsonFile, true);
        s.labels = labels(json, jsonFile);
        for (String c : s.channels) {
            if (c.equalsIgnoreCase("CT")) {
                s.modality = Modality.CT;
            }
        }
        String ending = json.has("file_ending") ? json.get("file_ending").asString() : ".nii.gz";
        Set<String> ids = new HashSet<>();
        Path rootAbs = root.toAbsolutePath().normalize();
        JsonNode training = json.get("training");
        if (training != null && training.isArray() && !training.isEmpty()) {
            int i = 0;
            for (JsonNode e : training) {
                String where = "training[" + i++ + "]";
                Path label = inside(rootAbs, e.get("label"), where + ".label", s);
                Path image = inside(rootAbs, e.get("image"), where + ".image", s);
                if (label == null || image == null) {
                    continue;
                }
                String id = stem(label, ending);
                if (!ids.add(id)) {
                    s.problems.add(new Problem(id, "dataset.json", where + ": duplicate case id"));
                    continue;
                }
                if (!Files.isRegularFile(label)) {
                    s.problems.add(new Problem(id, rel(rootAbs, label), "missing label file"));
                    continue;
                }
                FolderDataset.RawCase r = imageFiles(rootAbs, id, image, ending, label, s);
                if (r != null) {
                    s.training.add(r);
                }
            }
        } else {
            Path labelsTr = root.resolve("labelsTr");
            if (Files.isDirectory(labelsTr)) {
                for (Path label : Datasets.list(labelsTr)) {
                    if (!label.getFileName().toString().endsWith(ending)) {
                        continue;
                    }
                    String id = stem(label, ending);
                    ids.add(id);
                    Path image = root.resolve("imagesTr").resolve(id + ending);
                    FolderDataset.RawCase r = imageFiles(
                            rootAbs,
                            id,
                            image.toAbsolutePath().normalize(),
                            ending,
                            label.toAbsolutePath().normalize(),
                            s);
                    if (r != null) {
                        s.training.add(r);
                    }
                }
            }
            for (String id : idsIn(root.resolve("imagesTr"), ending)) {
                if (!ids.contains(id)) {
                    s.problems.add(new Problem(
                            id,
                            "imagesTr/" + NnunetFiles.channelFile(id, 0, ending),
                            "image without a label in labelsTr/"));
                }
            }
        }
        JsonNode test = json.get("test");
        if (test != null && test.isArray() && !test.isEmpty()) {
            int i = 0;
            for (JsonNode e : test) {
                String where = "test[" + i++ + "]";
                Path image = inside(rootAbs, e.isObject() ? e.get("image") : e, where, s);
                if (image == null) {
                    continue;
                }
                String id = stem(image, ending);
                if (!ids.add(id)) {
                    s.problems.add(new Problem(id, "dataset.json", where + ": duplicate case id"));
                    continue;
                }
                FolderDataset.RawCase r = imageFiles(rootAbs, id, image, ending, null, s);
                if (r != null) {
                    s.test.add(r);
                }
            }
        } else {
            for (String id : idsIn(root.resolve("imagesTs"), ending)) {
                if (!ids.add(id)) {
                    s.problems.add(new Problem(id, "imagesTs", "duplicate case id (also a training case)"));
                    continue;
                }
                Path image = root.resolve("imagesTs")
                        .resolve(id + ending)
                        .toAbsolutePath()
                        .normalize();
                FolderDataset.RawCase r = imageFiles(rootAbs, id, image, ending, null, s);
                if (r != null) {
                    s.test.add(r);
                }
            }
        }
        return s;
    }

    /**
     * The image of a case: {@code image} itself if it exists (one file with all channels), else the per-channel
     * files {@code <stem>_0000<ending>} ... next to it. Null (and a problem) when there is neither.
     */
    private static FolderDataset.RawCase imageFiles(
            Path rootAbs, String id, Path image, String ending, Path label, FolderDataset.Scan s) {
        int nc = s.channels.size();
        if (Files.isRegularFile(image)) {
            return nc == 1
                    ? new FolderDataset.RawCase(id, List.of(image), null, label)
                    : new FolderDataset.RawCase(id, null, image, label);
        }
        String base = stem(image, ending);
        Path[] files = new Path[nc];
        int present = 0;
        for (int c = 0; c < nc; c++) {
            Path f = image.resolveSibling(NnunetFiles.channelFile(base, c, ending));
            if (Files.isRegularFile(f)) {
                files[c] = f;
                present++;
            }
        }
        if (present == 0) {
            String first = NnunetFiles.channelFile(base, 0, ending);
            s.problems.add(new Problem(
                    id,
                    rel(rootAbs, image.resolveSibling(first)),
                    "missing image (neither " + image.getFileName() + " nor " + first + " exists)"));
            return null;
        }
        for (int c = 0; c < nc; c++) {
            if (files[c] == null) {
                s.problems.add(new Problem(
                        id,
                        rel(rootAbs, image.resolveSibling(NnunetFiles.channelFile(base, c, ending))),
                        "missing channel " + s.channels.get(c)));
            }
        }
        return new FolderDataset.RawCase(id, Arrays.asList(files), null, label);
    }

    /** Case ids of the per-channel (or single) image files in {@code dir}. */
    private static Set<String> idsIn(Path dir, String ending) throws IOException {
        Set<String> ids = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return ids;
        }
        for (Path f : Datasets.list(dir)) {
            String n = f.getFileName().toString();
            if (!n.endsWith(ending)) {
                continue;
            }
            String st = n.substring(0, n.length() - ending.length());
            ids.add(NnunetFiles.caseId(st));
        }
        return ids;
    }

    /** A path from dataset.json resolved against the folder, or null (and a problem) if it leaves the folder. */
    private static Path inside(Path rootAbs, JsonNode node, String where, FolderDataset.Scan s) {
        if (node == null || !node.isString()) {
            s.problems.add(new Problem("dataset", "dataset.json", where + " is missing or not a string"));
            return null;
        }
        String text = node.asString();
        Path p = rootAbs.resolve(text).normalize();
        if (!p.startsWith(rootAbs)) {
            s.problems.add(new Problem(
                    "dataset", "dataset.json", where + " '" + text + "' points outside the dataset folder"));
            return null;
        }
        return p;
    }

    private static String stem(Path file, String ending) {
        String n = file.getFileName().toString();
        if (n.endsWith(ending)) {
            return n.substring(0, n.length() - ending.length());
        }
        String st = Datasets.niftiStem(file);
        return st != null ? st : n.replaceFirst("\\.[^.]+$", "");
    }

    private static String rel(Path rootAbs, Path p) {
        return p.startsWith(rootAbs) ? rootAbs.relativize(p).toString() : p.toString();
    }

    static JsonNode readJson(Path file) throws IOException {
        try {
            JsonNode n = JSON.readTree(Files.readString(file));
            if (n == null || !n.isObject()) {
                throw new UserInputException(file + ": expected a JSON object");
            }
            return n;
        } catch (JacksonException e) {
            throw new UserInputException(file + ": not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Channel names from {@code channel_names} or {@code modality}, ordered by their index keys. */
    static List<String> channelNames(JsonNode json, Path file, boolean required) {
        JsonNode ch = json.has("channel_names") ? json.get("channel_names") : json.get("modality");
        if (ch == null || !ch.isObject() || ch.isEmpty()) {
            if (required) {
                throw new UserInputException(file + ": needs 'channel_names' (nnU-Net v2) or 'modality' (MSD), e.g."
                        + " {\"0\": \"FLAIR\"}");
            }
            return null;
        }
        TreeMap<Integer, String> byIndex = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : ch.properties()) {
            try {
                byIndex.put(Integer.parseInt(e.getKey().trim()), e.getValue().asString());
            } catch (NumberFormatException x) {
                throw new UserInputException(file + ": channel key '" + e.getKey() + "' is not an index like \"0\"");
            }
        }
        if (byIndex.firstKey() != 0 || byIndex.lastKey() != byIndex.size() - 1) {
            throw new UserInputException(
                    file + ": channel indices must be 0 … " + (byIndex.size() - 1) + ", got " + byIndex.keySet());
        }
        return new ArrayList<>(byIndex.values());
    }

    /** Raw value → name, in declared order; accepts MSD's value → name and nnU-Net v2's name → value. */
    static Map<Integer, String> labels(JsonNode json, Path file) {
        JsonNode l = json.get("labels");
        if (l == null || !l.isObject() || l.isEmpty()) {
            throw new UserInputException(file + ": needs 'labels', e.g. {\"0\": \"background\", \"1\": \"tumour\"}");
        }
        Map<Integer, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : l.properties()) {
            JsonNode v = e.getValue();
            if (v.isIntegralNumber()) {
                out.put(v.asInt(), e.getKey());
            } else if (v.isArray()) {
                continue; // nnU-Net v2 region definition: not a raw value
            } else {
                try {
                    out.put(Integer.parseInt(e.getKey().trim()), v.asString());
                } catch (NumberFormatException x) {
                    throw new UserInputException(file + ": label '" + e.getKey() + "': expected \"<value>\": \"<name>\""
                            + " or \"<name>\": <value>, got " + v);
                }
            }
        }
        return out;
    }
}
