package dev.fess.dataset;

import dev.fess.UserInputException;
import dev.fess.io.AtomicFiles;
import dev.fess.volume.Orientation;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A dataset made of several folders (e.g. BraTS 2016 and BraTS 2017, which already holds most 2016 cases), with
 * cases present twice kept once.
 *
 * <p>Every labelled case of every source, in source order and then by case id, gets the id
 * {@code <source name>-<case id>} and the key {@link #labelHash}: SHA-256 of its label map's shape and integer
 * values after exact reorientation to RAS, so the same segmentation stored as MetaImage in one folder and as NIfTI in
 * another (in any axis order) has the same key. A case whose key an earlier case already has is dropped and listed
 * with the case it duplicates; empty labels (all background) are never treated as duplicates. Unlabelled cases are
 * kept as they are.
 *
 * <p>The result is the folder {@value #MANIFEST} written into (kept cases, dropped cases and their reasons, the
 * sources); {@link Datasets#open} reads such a folder as one dataset of layout {@link Layout#COMBINED}, so it can be
 * checked, trained on and split like any other. A manifest whose sources are the same and whose label files have
 * not changed (size and modification time) is reused without reading the labels again.
 */
public final class DatasetCombination {
    /** The manifest file of a combined dataset folder. */
    public static final String MANIFEST = "fess-combined.json";

    static final String FORMAT = "fess-combined-dataset/1";
    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private DatasetCombination() {}

    /**
     * A kept case.
     *
     * @param id its id in the combined dataset
     * @param source source name
     * @param sourceId its id in the source folder
     * @param labelHash {@link #labelHash} of its label, or null for an unlabelled case
     */
    public record Kept(String id, String source, String sourceId, String labelHash) {}

    /**
     * A dropped case.
     *
     * @param id the id it would have had
     * @param duplicateOf the kept case with the same label
     * @param labelHash the shared label hash
     */
    public record Dropped(String id, String source, String sourceId, String duplicateOf, String labelHash) {
        /** Why, in one line. */
        public String reason() {
            return id + ": same label voxels as " + duplicateOf + " (SHA-256 " + labelHash.substring(0, 12) + "…)";
        }
    }

    /** What a combination found: the folder, the sources, the kept and the dropped cases. */
    public record Result(Path folder, List<DatasetSource> sources, List<Kept> kept, List<Dropped> dropped) {
        /** Labelled cases kept per source name, in source order. */
        public Map<String, Integer> labelledPerSource() {
            Map<String, Integer> m = new LinkedHashMap<>();
            sources.forEach(s -> m.put(s.name(), 0));
            kept.stream().filter(k -> k.labelHash() != null).forEach(k -> m.merge(k.source(), 1, Integer::sum));
            return m;
        }
    }

    /**
     * Combines {@code sources} into {@code folder} (created; its manifest replaced atomically), reusing a
     * manifest that is still valid.
     *
     * @param progress receives each case id as its label is read
     * @throws UserInputException when there are fewer than two sources, two share a name or a folder, a source
     *     cannot be opened, or sources disagree on channels or label names
     */
    public static Result combine(List<DatasetSource> sources, Path folder, Consumer<String> progress)
            throws IOException {
        check(sources);
        Path manifest = folder.resolve(MANIFEST);
        if (Files.isRegularFile(manifest)) {
            Result old = read(folder);
            if (old.sources().equals(sources) && unchanged(folder)) {
                return old;
            }
        }
        List<Kept> kept = new ArrayList<>();
        List<Dropped> dropped = new ArrayList<>();
        Map<String, String> firstWithHash = new LinkedHashMap<>();
        List<Map<String, Object>> files = new ArrayList<>();
        for (DatasetSource s : sources) {
            FolderDataset ds = Datasets.open(s.path(), s.layout(), List.of());
            for (CaseFiles c : ds.trainingCases()) {
                String id = s.name() + "-" + c.id();
                progress.accept(id);
                Volume label = ds.readLabel(c.label());
                String hash = labelHash(label);
                files.add(fileStamp(id, c.label()));
                String first = isEmpty(label) ? null : firstWithHash.putIfAbsent(hash, id);
                if (first != null) {
                    dropped.add(new Dropped(id, s.name(), c.id(), first, hash));
                } else {
                    kept.add(new Kept(id, s.name(), c.id(), hash));
                }
            }
            for (CaseFiles c : ds.testCases()) {
                kept.add(new Kept(s.name() + "-" + c.id(), s.name(), c.id(), null));
            }
        }
        Result r = new Result(folder, List.copyOf(sources), kept, dropped);
        Files.createDirectories(folder);
        AtomicFiles.write(manifest, JSON.writeValueAsBytes(toJson(r, files)));
        return r;
    }

    private static void check(List<DatasetSource> sources) {
        if (sources.size() < 2) {
            throw new UserInputException("a combined dataset needs at least two sources, got " + sources.size());
        }
        for (int i = 0; i < sources.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (sources.get(i).name().equals(sources.get(j).name())) {
                    throw new UserInputException(
                            "two sources are named '" + sources.get(i).name() + "'");
                }
                if (sources.get(i).path().equals(sources.get(j).path())) {
                    throw new UserInputException("folder " + sources.get(i).path() + " is listed twice");
                }
            }
        }
    }

    /**
     * The duplicate key of a label map: SHA-256 over its shape (3 little-endian int32, after reorientation to RAS)
     * and its values as little-endian int32 in RAS index order (i fastest). Spacing and origin are left out: the
     * same segmentation re-saved by another tool must match.
     *
     * @throws UserInputException for a non-integer label value
     */
    public static String labelHash(Volume label) {
        Volume ras = Orientation.toRas(label).volume();
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(ras.nx()).putInt(ras.ny()).putInt(ras.nz());
        for (float v : ras.data()) {
            int i = (int) v;
            if (i != v) {
                throw new UserInputException("label value " + v + " is not an integer");
            }
            if (b.remaining() < 4) {
                md.update(b.array(), 0, b.position());
                b.clear();
            }
            b.putInt(i);
        }
        md.update(b.array(), 0, b.position());
        return HexFormat.of().formatHex(md.digest());
    }

    private static boolean isEmpty(Volume label) {
        for (float v : label.data()) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> fileStamp(String id, Path file) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("label", file.toAbsolutePath().normalize().toString());
        m.put("bytes", Files.size(file));
        m.put("modified_ms", Files.getLastModifiedTime(file).toMillis());
        return m;
    }

    private static boolean unchanged(Path folder) throws IOException {
        JsonNode root = readTree(folder);
        for (JsonNode f : root.path("label_files")) {
            Path p = Path.of(f.path("label").asString());
            if (!Files.isRegularFile(p)
                    || Files.size(p) != f.path("bytes").asLong()
                    || Files.getLastModifiedTime(p).toMillis()
                            != f.path("modified_ms").asLong()) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> toJson(Result r, List<Map<String, Object>> files) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("label_hash", "SHA-256 of the label's RAS shape and int32 values (little-endian, i fastest)");
        List<Map<String, Object>> src = new ArrayList<>();
        for (DatasetSource s : r.sources()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("path", s.path().toString());
            m.put("layout", s.layout() == null ? null : s.layout().name().toLowerCase(Locale.ROOT));
            src.add(m);
        }
        root.put("sources", src);
        List<Map<String, Object>> kept = new ArrayList<>();
        for (Kept k : r.kept()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", k.id());
            m.put("source", k.source());
            m.put("source_id", k.sourceId());
            m.put("label_sha256", k.labelHash());
            kept.add(m);
        }
        root.put("cases", kept);
        List<Map<String, Object>> dropped = new ArrayList<>();
        for (Dropped d : r.dropped()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.id());
            m.put("source", d.source());
            m.put("source_id", d.sourceId());
            m.put("duplicate_of", d.duplicateOf());
            m.put("label_sha256", d.labelHash());
            m.put("reason", d.reason());
            dropped.add(m);
        }
        root.put("dropped", dropped);
        root.put("label_files", files);
        return root;
    }

    private static JsonNode readTree(Path folder) throws IOException {
        Path f = folder.resolve(MANIFEST);
        try {
            JsonNode n = JSON.readTree(f);
            if (n == null || !FORMAT.equals(n.path("format").asString(""))) {
                throw new UserInputException(f + ": not a fess combined-dataset manifest (format " + FORMAT + ")");
            }
            return n;
        } catch (JacksonException e) {
            throw new UserInputException(f + ": not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Reads the manifest of a combined dataset folder. */
    public static Result read(Path folder) throws IOException {
        JsonNode root = readTree(folder);
        Path f = folder.resolve(MANIFEST);
        List<DatasetSource> sources = new ArrayList<>();
        for (JsonNode s : root.path("sources")) {
            String layout = s.path("layout").isString() ? s.path("layout").asString() : null;
            sources.add(new DatasetSource(
                    text(s, "name", f),
                    Path.of(text(s, "path", f)),
                    layout == null ? null : Datasets.layoutByName(layout)));
        }
        List<Kept> kept = new ArrayList<>();
        for (JsonNode k : root.path("cases")) {
            kept.add(new Kept(
                    text(k, "id", f),
                    text(k, "source", f),
                    text(k, "source_id", f),
                    k.path("label_sha256").isString() ? k.path("label_sha256").asString() : null));
        }
        List<Dropped> dropped = new ArrayList<>();
        for (JsonNode d : root.path("dropped")) {
            dropped.add(new Dropped(
                    text(d, "id", f),
                    text(d, "source", f),
                    text(d, "source_id", f),
                    text(d, "duplicate_of", f),
                    text(d, "label_sha256", f)));
        }
        if (sources.size() < 2) {
            throw new UserInputException(f + ": lists " + sources.size() + " source(s), a combination needs two");
        }
        return new Result(folder, sources, kept, dropped);
    }

    private static String text(JsonNode n, String key, Path file) {
        JsonNode v = n.get(key);
        if (v == null || !v.isString()) {
            throw new UserInputException(file + ": missing text field '" + key + "'");
        }
        return Objects.requireNonNull(v.asString());
    }
}
