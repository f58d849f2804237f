package dev.fess.dataset;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * nnU-Net's per-channel image files: channel c of case {@code id} is {@code <id>_<cccc><ending>} (four digits,
 * {@code BraTS_001_0000.nii.gz}). The one place that names and groups them (the MSD/nnU-Net layout, and
 * {@code fess predict} on a folder of such files).
 */
public final class NnunetFiles {
    private static final Pattern CHANNEL_SUFFIX = Pattern.compile("(.+)_(\\d{4})");

    private NnunetFiles() {}

    /** The file name of channel {@code channel} of case {@code id}: {@code <id>_<cccc><ending>}. */
    public static String channelFile(String id, int channel, String ending) {
        return String.format(Locale.ROOT, "%s_%04d%s", id, channel, ending);
    }

    /** The case id of a file stem (the name without its ending): the stem without a {@code _cccc} suffix. */
    public static String caseId(String stem) {
        Matcher m = CHANNEL_SUFFIX.matcher(stem);
        return m.matches() ? m.group(1) : stem;
    }

    /** The channel index of a file stem, or −1 when it has no {@code _cccc} suffix. */
    public static int channel(String stem) {
        Matcher m = CHANNEL_SUFFIX.matcher(stem);
        return m.matches() ? Integer.parseInt(m.group(2)) : -1;
    }

    /** The name without the first of {@code endings} it ends with, or null when it ends with none. */
    public static String stem(String name, String... endings) {
        for (String e : endings) {
            if (name.endsWith(e)) {
                return name.substring(0, name.length() - e.length());
            }
        }
        return null;
    }

    /**
     * Groups per-channel files by case: case id (sorted) → its files in channel order. Files without a channel suffix
     * are left out.
     *
     * @param files the files
     * @param endings how a name may end, e.g. {@code .nii.gz}, {@code .nii} (the first that fits is cut off); other
     *     files are left out
     */
    public static Map<String, List<Path>> group(List<Path> files, String... endings) {
        Map<String, TreeMap<Integer, Path>> byCase = new TreeMap<>();
        for (Path f : files) {
            String stem = stem(f.getFileName().toString(), endings);
            int c = stem == null ? -1 : channel(stem);
            if (c >= 0) {
                byCase.computeIfAbsent(caseId(stem), k -> new TreeMap<>()).put(c, f);
            }
        }
        Map<String, List<Path>> out = new TreeMap<>();
        byCase.forEach((id, channels) -> out.put(id, List.copyOf(channels.values())));
        return out;
    }
}
