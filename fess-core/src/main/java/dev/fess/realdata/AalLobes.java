package dev.fess.realdata;

import dev.fess.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Groups the 116 AAL regions into 7 lobe classes by the first digit of each region's AAL code (the fourth column of
 * MRIcron's {@code aal.nii.txt}, e.g. {@code 2001 Precentral_L}): 2 → frontal (1), 6 → parietal (2),
 * 8 → temporal (3), 5 → occipital (4), 3 and 4 → insula and limbic (5), 7 → subcortical grey (6),
 * 9 → cerebellum and vermis (7). Voxel value 0 (outside every region) stays background.
 */
public final class AalLobes {
    /** Class index → name. */
    public static final Map<Integer, String> LABEL_NAMES = Map.of(
            0,
            "background",
            1,
            "frontal",
            2,
            "parietal",
            3,
            "temporal",
            4,
            "occipital",
            5,
            "insula and limbic",
            6,
            "subcortical grey",
            7,
            "cerebellum");

    private AalLobes() {}

    /** The class of an AAL code (e.g. 2001 → 1 frontal); −1 for a code outside the AAL scheme. */
    public static int classOfCode(int code) {
        return switch (code / 1000) {
            case 2 -> 1;
            case 6 -> 2;
            case 8 -> 3;
            case 5 -> 4;
            case 3, 4 -> 5;
            case 7 -> 6;
            case 9 -> 7;
            default -> -1;
        };
    }

    /**
     * Reads {@code aal.nii.txt} (lines {@code <voxel value> <region name> <AAL code>}) into voxel value → class.
     *
     * @throws UserInputException naming the file and line when a line does not have that form or a code has no class
     */
    public static Map<Integer, Integer> readTable(Path file) throws IOException {
        Map<Integer, Integer> table = new TreeMap<>();
        List<String> lines = Files.readAllLines(file);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s+");
            int value;
            int code;
            try {
                value = Integer.parseInt(f[0]);
                code = Integer.parseInt(f[f.length - 1]);
            } catch (NumberFormatException e) {
                throw new UserInputException(
                        file + ":" + (n + 1) + ": expected '<value> <name> <AAL code>', got '" + line + "'");
            }
            int cls = classOfCode(code);
            if (f.length < 3 || value < 1 || cls < 0) {
                throw new UserInputException(file + ":" + (n + 1) + ": expected '<value> <name> <AAL code>' with a"
                        + " code of 2000 … 9999, got '" + line + "'");
            }
            table.put(value, cls);
        }
        if (table.isEmpty()) {
            throw new UserInputException(file + ": no AAL regions listed");
        }
        return table;
    }

    /** Number of regions per class in {@code table} (for provenance). */
    public static Map<String, Integer> regionsPerClass(Map<Integer, Integer> table) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int c = 1; c < LABEL_NAMES.size(); c++) {
            int cls = c;
            m.put(LABEL_NAMES.get(c), (int)
                    table.values().stream().filter(v -> v == cls).count());
        }
        return m;
    }
}
