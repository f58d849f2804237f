package dev.fess.realdata;

import dev.fess.UserInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The real-data tasks built from Debian packages (see docs/real-data.md): one subject each, cut into disjoint pieces.
 *
 * <ul>
 *   <li>{@code ch2-brain}: Colin27 T1 ({@code ch2.nii.gz}) → brain mask {@code ch2bet.nii.gz > 0}.</li>
 *   <li>{@code ch2-aal}: Colin27 T1 → AAL regions grouped into 7 lobe classes by the first digit of the AAL code.</li>
 *   <li>{@code inia19-hemispheres}: INIA19 macaque T1 (skull-stripped) → NeuroMaps-labelled structures of the left
 *       (labels 1 … 999) and right (1000 and up) hemisphere.</li>
 *   <li>{@code cranium-bone}: InVesalius' Cranium CT → bone from the threshold 226 … 3071 HU (a threshold label).</li>
 * </ul>
 */
public enum RealTask {
    CH2_BRAIN("ch2-brain", "mricron-data", "T1", 2.0, PieceGrid.of(2, 2, 2), Map.of(0, "background", 1, "brain")),
    CH2_AAL("ch2-aal", "mricron-data", "T1", 2.0, PieceGrid.of(2, 2, 2), AalLobes.LABEL_NAMES),
    INIA19_HEMISPHERES(
            "inia19-hemispheres",
            "mricron-data",
            "T1",
            1.0,
            PieceGrid.of(1, 2, 2),
            Map.of(0, "background", 1, "left hemisphere", 2, "right hemisphere")),
    CRANIUM_BONE(
            "cranium-bone",
            "invesalius-examples",
            "CT",
            2.0,
            PieceGrid.of(2, 2, 2),
            Map.of(0, "background", 1, "bone (226 … 3071 HU)"));

    private final String cliName;
    private final String debianPackage;
    private final String channel;
    private final double defaultSpacing;
    private final PieceGrid defaultGrid;
    private final Map<Integer, String> labelNames;

    RealTask(
            String cliName,
            String debianPackage,
            String channel,
            double defaultSpacing,
            PieceGrid defaultGrid,
            Map<Integer, String> labelNames) {
        this.cliName = cliName;
        this.debianPackage = debianPackage;
        this.channel = channel;
        this.defaultSpacing = defaultSpacing;
        this.defaultGrid = defaultGrid;
        this.labelNames = Collections.unmodifiableMap(new TreeMap<>(labelNames));
    }

    public String cliName() {
        return cliName;
    }

    /** The Debian package holding the source files. */
    public String debianPackage() {
        return debianPackage;
    }

    /** The channel name written to {@code dataset.json} ({@code CT} makes fess use CT intensity handling). */
    public String channel() {
        return channel;
    }

    /** Voxel spacing (mm) the install resamples to unless told otherwise. */
    public double defaultSpacing() {
        return defaultSpacing;
    }

    public PieceGrid defaultGrid() {
        return defaultGrid;
    }

    /** Class index → name, 0 = background. */
    public Map<Integer, String> labelNames() {
        return labelNames;
    }

    public int classes() {
        return labelNames.size();
    }

    /** The task of a command-line name; the message names {@code --task} and lists the tasks. */
    public static RealTask parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (RealTask t : values()) {
            if (t.cliName.equals(n)) {
                return t;
            }
        }
        throw new UserInputException(
                "--task: unknown task '" + name + "' (expected " + String.join(", ", names()) + ")");
    }

    /** The task names as given on the command line, in declaration order. */
    public static List<String> names() {
        List<String> l = new ArrayList<>();
        for (RealTask t : values()) {
            l.add(t.cliName);
        }
        return l;
    }
}
