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
 * BraTS: one folder per case, directly in the dataset folder or one level down in a group folder ({@code HGG/},
 * {@code LGG/}; the group is kept as {@link CaseFiles#group()}). A case without a segmentation is a test case.
 * Three namings:
 * <ul>
 *   <li>BraTS 2017–2021: {@code <case>_flair}, {@code _t1}, {@code _t1ce}, {@code _t2}, {@code _seg}
 *       ({@code .nii.gz} or {@code .nii});</li>
 *   <li>BraTS 2023: {@code <case>-t2f}, {@code -t1n}, {@code -t1c}, {@code -t2w}, {@code -seg};</li>
 *   <li>BRATS 2015 (also the BraTS 2016 training data): MetaImage files
 *       {@code <case>/VSD.Brain.XX.O.MR_Flair.<id>/VSD.Brain.XX.O.MR_Flair.<id>.mha} ({@code MR_T1}, {@code MR_T1c},
 *       {@code MR_T2}) and the label {@code VSD.Brain_3more.XX.O.OT.<id>/…mha}, each in a folder of its own name
 *       or directly in the case folder; the case id is the case folder's name ({@code brats_2013_pat0001_1},
 *       {@code brats_tcia_pat153_0109}), prefixed with the group ({@code LGG_brats_2013_pat0001_1}) when the same
 *       name occurs in two groups, as in the released data. Labels 1 necrosis, 2 oedema, 3 non-enhancing,
 *       4 enhancing.
 *       BRATS 2013's {@code VSD.Brain_3more.XX.XX.OT} spelling is accepted too.</li>
 * </ul>
 */
final class BratsLayout {
    private static final Pattern FILE =
            Pattern.compile("(.+?)[_-](flair|t1ce|t1c|t1n|t1|t2f|t2w|t2|seg)\\.nii(\\.gz)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern FILE_2015 = Pattern.compile(
            "VSD\\.Brain[^.]*\\.XX\\.[^.]+\\.(MR_Flair|MR_T1c|MR_T1|MR_T2|OT)\\.(\\d+)\\.(mha|mhd)",
            Pattern.CASE_INSENSITIVE);
    static final List<String> CHANNELS = List.of("flair", "t1", "t1ce", "t2");
    static final List<String> CHANNELS_2023 = List.of("t2f", "t1n", "t1c", "t2w");
    /** BRATS 2015 modality → channel (the BraTS 2017 names, so that channel selections carry over). */
    private static final Map<String, String> MODALITY_2015 =
            Map.of("mr_flair", "flair", "mr_t1", "t1", "mr_t1c", "t1ce", "mr_t2", "t2", "ot", "seg");

    private static final Map<String, String> SPELLING_2015 =
            Map.of("flair", "MR_Flair", "t1", "MR_T1", "t1ce", "MR_T1c", "t2", "MR_T2");

    private BratsLayout() {}

    static boolean looksLike(Path root) throws IOException {
        for (Path d : caseFolders(root)) {
            for (Path f : candidates(d)) {
                String n = f.getFileName().toString();
                if (FILE.matcher(n).matches() || FILE_2015.matcher(n).matches()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Folders directly inside {@code root} and one level down, except BRATS 2015's per-file VSD.* folders. */
    private static List<Path> caseFolders(Path root) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path d : Datasets.folders(root)) {
            if (isVsdFolder(d)) {
                continue;
            }
            out.add(d);
            for (Path e : Datasets.folders(d)) {
                if (!isVsdFolder(e)) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    private static boolean isVsdFolder(Path d) {
        return d.getFileName().toString().toUpperCase(Locale.ROOT).startsWith("VSD.");
    }

    /** The files of a case folder and of its VSD.* sub-folders (BRATS 2015 keeps each file in one). */
    private static List<Path> candidates(Path caseFolder) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : Datasets.list(caseFolder)) {
            if (Files.isDirectory(p) && isVsdFolder(p)) {
                out.addAll(Datasets.list(p));
            } else {
                out.add(p);
            }
        }
        return out;
    }

    private enum Style {
        OLD,
        Y2023,
        Y2015
    }

    static FolderDataset.Scan scan(Path root) throws IOException {
        FolderDataset.Scan s = new FolderDataset.Scan();
        // case id → channel → file, in folder order
        Map<String, Map<String, Path>> found = new LinkedHashMap<>();
        Map<String, Path> folderOf = new HashMap<>();
        int[] styles = new int[Style.values().length];
        List<Path> folders = caseFolders(root);
        Map<String, Integer> nameCount = new HashMap<>();
        for (Path d : folders) {
            nameCount.merge(d.getFileName().toString(), 1, Integer::sum);
        }
        for (Path d : folders) {
            Map<String, Map<String, Path>> here = new LinkedHashMap<>();
            for (Path f : candidates(d)) {
                String name = f.getFileName().toString();
                Matcher m = FILE.matcher(name);
                Matcher m15 = FILE_2015.matcher(name);
                String id;
                String kind;
                if (m.matches()) {
                    id = m.group(1);
                    kind = m.group(2).toLowerCase(Locale.ROOT);
                    styles[(CHANNELS_2023.contains(kind) ? Style.Y2023 : Style.OLD).ordinal()]++;
                } else if (m15.matches()) {
                    id = caseId2015(root, d, nameCount);
                    kind = MODALITY_2015.get(m15.group(1).toLowerCase(Locale.ROOT));
                    styles[Style.Y2015.ordinal()]++;
                } else {
                    continue;
                }
                if (!Files.isRegularFile(f)) {
                    continue;
                }
                Path before = here.computeIfAbsent(id, k -> new HashMap<>()).putIfAbsent(kind, f);
                if (before != null) {
                    s.problems.add(new Problem(
                            id,
                            root.relativize(f).toString(),
                            "second " + kind + " file (also " + before.getFileName() + ")"));
                }
            }
            for (Map.Entry<String, Map<String, Path>> e : here.entrySet()) {
                Path other = folderOf.putIfAbsent(e.getKey(), d);
                if (other != null) {
                    s.problems.add(new Problem(
                            e.getKey(),
                            root.relativize(d).toString(),
                            "duplicate case id (also in " + root.relativize(other) + ")"));
                    continue;
                }
                found.put(e.getKey(), e.getValue());
            }
        }
        Style style = Style.OLD;
        for (Style st : Style.values()) {
            if (styles[st.ordinal()] > styles[style.ordinal()]) {
                style = st;
            }
        }
        s.channels = new ArrayList<>(style == Style.Y2023 ? CHANNELS_2023 : CHANNELS);
        s.labels.put(0, "background");
        switch (style) {
            case Y2023 -> {
                s.labels.put(1, "necrotic tumour core (NCR)");
                s.labels.put(2, "surrounding FLAIR hyperintensity, edema (SNFH)");
                s.labels.put(3, "enhancing tumour (ET)");
            }
            case Y2015 -> {
                s.labels.put(1, "necrosis (NCR)");
                s.labels.put(2, "edema (ED)");
                s.labels.put(3, "non-enhancing tumour (NET)");
                s.labels.put(4, "enhancing tumour (ET)");
            }
            default -> {
                s.labels.put(1, "necrotic and non-enhancing tumour core (NCR/NET)");
                s.labels.put(2, "peritumoral edema (ED)");
                s.labels.put(3, "non-enhancing tumour (NET, BraTS 2015-2016)");
                s.labels.put(4, "GD-enhancing tumour (ET)");
            }
        }
        List<String> other = style == Style.Y2023 ? CHANNELS : CHANNELS_2023;
        for (int c = 0; c < 4; c++) {
            s.aliases.put(other.get(c), s.channels.get(c));
        }
        String naming = switch (style) {
            case Y2023 -> "BraTS 2023";
            case Y2015 -> "BRATS 2015";
            default -> "BraTS 2017-2021";
        };
        for (Map.Entry<String, Map<String, Path>> e : found.entrySet()) {
            Map<String, Path> files = e.getValue();
            for (String k : files.keySet()) {
                if (!k.equals("seg") && !s.channels.contains(k)) {
                    s.problems.add(new Problem(
                            e.getKey(),
                            root.relativize(files.get(k)).toString(),
                            "channel " + k + " does not belong to the " + naming + " naming " + s.channels));
                }
            }
            Path[] ch = new Path[4];
            Path caseFolder = folderOf.get(e.getKey());
            for (int c = 0; c < 4; c++) {
                ch[c] = files.get(s.channels.get(c));
                if (ch[c] == null) {
                    s.problems.add(new Problem(
                            e.getKey(),
                            root.relativize(caseFolder.resolve(expectedName(style, e.getKey(), s.channels.get(c))))
                                    .toString(),
                            "missing channel " + s.channels.get(c)));
                }
            }
            Path parent = caseFolder.getParent();
            String group = parent == null || parent.equals(root)
                    ? null
                    : parent.getFileName().toString();
            FolderDataset.RawCase r =
                    new FolderDataset.RawCase(e.getKey(), Arrays.asList(ch), null, files.get("seg"), group);
            (r.label() == null ? s.test : s.training).add(r);
        }
        return s;
    }

    /**
     * The case folder's name; prefixed with its group ({@code LGG_brats_2013_pat0001_1}) when the same name is also
     * in another group, as BRATS 2015 has {@code brats_2013_pat0001_1} … in both {@code HGG/} and {@code LGG/}.
     */
    private static String caseId2015(Path root, Path caseFolder, Map<String, Integer> nameCount) {
        String name = caseFolder.getFileName().toString();
        Path parent = caseFolder.getParent();
        if (nameCount.getOrDefault(name, 0) > 1 && parent != null && !parent.equals(root)) {
            return parent.getFileName() + "_" + name;
        }
        return name;
    }

    private static String expectedName(Style style, String id, String channel) {
        return switch (style) {
            case Y2023 -> id + "-" + channel + ".nii.gz";
            case Y2015 ->
                "VSD.Brain.XX.O." + SPELLING_2015.get(channel) + ".<id>/VSD.Brain.XX.O." + SPELLING_2015.get(channel)
                        + ".<id>.mha";
            default -> id + "_" + channel + ".nii.gz";
        };
    }
}
