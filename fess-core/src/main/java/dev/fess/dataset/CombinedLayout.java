package dev.fess.dataset;

import dev.fess.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A folder holding a {@value DatasetCombination#MANIFEST} ({@link DatasetCombination}): the kept cases of several
 * source folders seen as one dataset. Channels, channel aliases, modality and {@code .npy} spacing are those of the
 * first source; the other sources' channel files are reordered to its channel names (aliases accepted). Label names
 * are the union; where sources name one raw value differently (BraTS 2015's label 1 "necrosis" is BraTS 2017's
 * "necrotic and non-enhancing tumour core") the names are joined with {@code " | "}, first source first: a
 * difference of meaning the label mapping decides, not a fault of the files. The sources' own scan problems are
 * listed as problems.
 */
final class CombinedLayout {
    private CombinedLayout() {}

    static boolean looksLike(Path root) {
        return Files.isRegularFile(root.resolve(DatasetCombination.MANIFEST));
    }

    static FolderDataset.Scan scan(Path root) throws IOException {
        DatasetCombination.Result r = DatasetCombination.read(root);
        FolderDataset.Scan s = new FolderDataset.Scan();
        Map<String, FolderDataset> byName = new HashMap<>();
        for (DatasetSource src : r.sources()) {
            FolderDataset ds = Datasets.open(src.path(), src.layout(), List.of());
            byName.put(src.name(), ds);
            FolderDataset.Scan from = ds.scan();
            if (byName.size() == 1) {
                s.modality = from.modality;
                s.channels = new ArrayList<>(from.channels);
                s.aliases.putAll(from.aliases);
                s.spacing = from.spacing.clone();
            }
            for (Map.Entry<Integer, String> e : from.labels.entrySet()) {
                String had = s.labels.putIfAbsent(e.getKey(), e.getValue());
                if (had != null && !List.of(had.split(" \\| ")).contains(e.getValue())) {
                    s.labels.put(e.getKey(), had + " | " + e.getValue());
                }
            }
            for (Problem p : from.problems) {
                s.problems.add(new Problem(
                        src.name() + "-" + p.caseId(),
                        src.path().resolve(p.file()).toString(),
                        p.what()));
            }
        }
        Map<String, int[]> order = new HashMap<>();
        for (DatasetSource src : r.sources()) {
            order.put(src.name(), channelOrder(s, byName.get(src.name()).scan(), src));
        }
        for (DatasetCombination.Kept k : r.kept()) {
            FolderDataset ds = byName.get(k.source());
            FolderDataset.RawCase raw = ds == null ? null : ds.rawCase(k.sourceId());
            if (raw == null) {
                s.problems.add(new Problem(
                        k.id(),
                        root.resolve(DatasetCombination.MANIFEST).toString(),
                        "case " + k.sourceId() + " is no longer in source " + k.source()
                                + "; combine the sources again"));
                continue;
            }
            List<Path> files = new ArrayList<>();
            if (raw.combined() == null) {
                for (int c : order.get(k.source())) {
                    files.add(raw.channelFiles().get(c));
                }
            }
            FolderDataset.RawCase out = new FolderDataset.RawCase(
                    k.id(), raw.combined() == null ? files : null, raw.combined(), raw.label());
            (raw.label() == null ? s.test : s.training).add(out);
        }
        return s;
    }

    /** For each channel of the combination, its index among the source's channels. */
    private static int[] channelOrder(FolderDataset.Scan combined, FolderDataset.Scan source, DatasetSource src) {
        int[] out = new int[combined.channels.size()];
        for (int c = 0; c < out.length; c++) {
            String want = combined.channels.get(c);
            String named = source.aliases.getOrDefault(want.toLowerCase(Locale.ROOT), want);
            int found = -1;
            for (int k = 0; k < source.channels.size(); k++) {
                if (source.channels.get(k).equalsIgnoreCase(named)) {
                    found = k;
                }
            }
            if (found < 0) {
                throw new UserInputException("source " + src.name() + " (" + src.path() + ") has no channel '" + want
                        + "' (it has " + String.join(", ", source.channels) + ")");
            }
            out[c] = found;
        }
        return out;
    }
}
