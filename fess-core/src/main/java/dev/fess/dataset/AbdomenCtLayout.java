package dev.fess.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * AbdomenCT-1K: CT images {@code <case>_0000.nii.gz} in one or more image folders and masks {@code <case>.nii.gz}
 * in a mask folder. Image folders: every sub-folder whose name starts with {@code image} (any case: {@code images/},
 * {@code imagesTr/}, {@code Image/}) or {@code AbdomenCT-1K-ImagePart}, and {@code img/}. Mask folders:
 * {@code masks/}, {@code mask/}, {@code labels/}, {@code labelsTr/}, {@code label/}, {@code segmentations/}.
 * Labels 1 liver, 2 kidney, 3 spleen, 4 pancreas; an image without a mask is a test case.
 */
final class AbdomenCtLayout {
    static final Set<String> MASK_FOLDERS = Set.of("masks", "mask", "labels", "labelstr", "label", "segmentations");

    private AbdomenCtLayout() {}

    static boolean isImageFolder(Path d) {
        String n = d.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.startsWith("image") || n.startsWith("abdomenct-1k-imagepart") || n.equals("img");
    }

    static boolean looksLike(Path root) throws IOException {
        boolean masks = false;
        boolean images = false;
        for (Path d : Datasets.folders(root)) {
            if (MASK_FOLDERS.contains(d.getFileName().toString().toLowerCase(Locale.ROOT))) {
                masks = true;
            } else if (isImageFolder(d)) {
                for (Path f : Datasets.list(d)) {
                    String st = Datasets.niftiStem(f);
                    images |= st != null && st.endsWith("_0000");
                }
            }
        }
        return masks && images;
    }

    static FolderDataset.Scan scan(Path root) throws IOException {
        FolderDataset.Scan s = new FolderDataset.Scan();
        s.modality = Modality.CT;
        s.channels = new ArrayList<>(List.of("CT"));
        s.labels.put(0, "background");
        s.labels.put(1, "liver");
        s.labels.put(2, "kidney");
        s.labels.put(3, "spleen");
        s.labels.put(4, "pancreas");
        Map<String, Path> images = new TreeMap<>();
        Map<String, Path> masks = new LinkedHashMap<>();
        for (Path d : Datasets.folders(root)) {
            boolean maskFolder =
                    MASK_FOLDERS.contains(d.getFileName().toString().toLowerCase(Locale.ROOT));
            if (!maskFolder && !isImageFolder(d)) {
                continue;
            }
            for (Path f : Datasets.list(d)) {
                String st = Datasets.niftiStem(f);
                if (st == null || !Files.isRegularFile(f)) {
                    continue;
                }
                if (maskFolder) {
                    Path before = masks.putIfAbsent(st, f);
                    if (before != null) {
                        s.problems.add(new Problem(
                                st,
                                root.relativize(f).toString(),
                                "duplicate mask (also " + root.relativize(before) + ")"));
                    }
                } else if (st.endsWith("_0000")) {
                    String id = st.substring(0, st.length() - 5);
                    Path before = images.putIfAbsent(id, f);
                    if (before != null) {
                        s.problems.add(new Problem(
                                id,
                                root.relativize(f).toString(),
                                "duplicate case id (also " + root.relativize(before) + ")"));
                    }
                }
            }
        }
        s.pair(root, images, masks, id -> "mask without an image " + id + "_0000.nii.gz");
        return s;
    }
}
