package dev.fess.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BraTS: one folder per case. BraTS 2017–2021 name the files {@code <case>_flair}, {@code _t1}, {@code _t1ce},
 * {@code _t2}, {@code _seg} ({@code .nii.gz} or {@code .nii}); BraTS 2023 {@code <case>-t2f}, {@code -t1n},
 * {@code -t1c}, {@code -t2w}, {@code -seg}. Case folders lie directly in the dataset folder or one level down
 * ({@code HGG/}, {@code LGG/}). A case without a segmentation is a test case.
 */
final class BratsLayout {
    private static final Pattern FILE = Pattern.compile(
            "(.+?)[_-](flair|t1ce|t1c|t1n|t1|t2f|t2w|t2|seg)\\.nii(\\.gz)?", Pattern.CASE_INSENSITIVE);
    static final List<String> CHANNELS = List.of("flair", "t1", "t1ce", "t2");
    static final List<String> CHANNELS_2023 = List.of("t2f", "t1n", "t1c", "t2w");

    private BratsLayout() {}

    static boolean looksLike(Path root) throws IOException {
        for (Path d : caseFolders(root)) {
            for (Path f : Datasets.list(d)) {
                if (FILE.matcher(f.getFileName().toString()).matches()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Folders directly inside {@code root} and one level down. */
    private static List<Path> caseFolders(Path root) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path d : Datasets.folders(root)) {
            out.add(d);
            out.addAll(Datasets.folders(d));
        }
        return out;
    }

    static FolderDataset.Scan scan(Path root) throws IOException {
        FolderDataset.Scan s = new FolderDataset.Scan();
        // case id → channel → file, in folder order
        Map<String, Map<String, Path>> found = new LinkedHashMap<>();
        Map<String, Path> folderOf = new HashMap<>();
        int style2023 = 0;
        int styleOld = 0;
        for (Path d : caseFolders(root)) {
            Map<String, Map<String, Path>> here = new LinkedHashMap<>();
            for (Path f : Datasets.list(d)) {
                Matcher m = FILE.matcher(f.getFileName().toString());
                if (!m.matches() || !Files.isRegularFile(f)) {
                    continue;
                }
                String kind = m.group(2).toLowerCase(Locale.ROOT);
                if (CHANNELS_2023.contains(kind)) {
                    style2023++;
                } else if (CHANNELS.contains(kind)) {
                    styleOld++;
                }
                Path before = here.computeIfAbsent(m.group(1), k -> new HashMap<>()).putIfAbsent(kind, f);
                if (before != null) {
                    s.problems.add(new Problem(m.group(1), root.relativize(f).toString(),
                            "second " + kind + " file (also " + before.getFileName() + ")"));
                }
            }
            for (Map.Entry<String, Map<String, Path>> e : here.entrySet()) {
                Path other = folderOf.putIfAbsent(e.getKey(), d);
                if (other != null) {
                    s.problems.add(new Problem(e.getKey(), root.relativize(d).toString(),
                            "duplicate case id (also in " + root.relativize(other) + ")"));
                    continue;
                }
                found.put(e.getKey(), e.getValue());
            }
        }
        boolean is2023 = style2023 > styleOld;
        s.channels = new ArrayList<>(is2023 ? CHANNELS_2023 : CHANNELS);
        s.labels.put(0, "background");
        if (is2023) {
            s.labels.put(1, "necrotic tumour core (NCR)");
            s.labels.put(2, "surrounding FLAIR hyperintensity, edema (SNFH)");
            s.labels.put(3, "enhancing tumour (ET)");
        } else {
            s.labels.put(1, "necrotic and non-enhancing tumour core (NCR/NET)");
            s.labels.put(2, "peritumoral edema (ED)");
            s.labels.put(3, "non-enhancing tumour (NET, BraTS 2015-2016)");
            s.labels.put(4, "GD-enhancing tumour (ET)");
        }
        List<String> other = is2023 ? CHANNELS : CHANNELS_2023;
        for (int c = 0; c < 4; c++) {
            s.aliases.put(other.get(c), s.channels.get(c));
        }
        for (Map.Entry<String, Map<String, Path>> e : found.entrySet()) {
            Map<String, Path> files = e.getValue();
            for (String k : files.keySet()) {
                if (!k.equals("seg") && !s.channels.contains(k)) {
                    s.problems.add(new Problem(e.getKey(), root.relativize(files.get(k)).toString(),
                            "channel " + k + " does not belong to the " + (is2023 ? "BraTS 2023" : "BraTS 2017-2021")
                                    + " naming " + s.channels));
                }
            }
            Path[] ch = new Path[4];
            Path some = files.values().iterator().next();
            for (int c = 0; c < 4; c++) {
                ch[c] = files.get(s.channels.get(c));
                if (ch[c] == null) {
                    String expected = e.getKey() + (is2023 ? "-" : "_") + s.channels.get(c) + ".nii.gz";
                    s.problems.add(new Problem(e.getKey(), root.relativize(some.resolveSibling(expected)).toString(),
                            "missing channel " + s.channels.get(c)));
                }
            }
            FolderDataset.RawCase r = new FolderDataset.RawCase(e.getKey(), Arrays.asList(ch), null, files.get("seg"));
            (r.label() == null ? s.test : s.training).add(r);
        }
        return s;
    }
}
