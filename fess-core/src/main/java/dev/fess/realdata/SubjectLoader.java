package dev.fess.realdata;

import dev.fess.UserInputException;
import dev.fess.nifti.Nifti;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the {@link Subject} of each {@link RealTask} from its source files (see docs/real-data.md). */
public final class SubjectLoader {
    /** Bone window of InVesalius' Cranium project (its mask 0, "bone" preset), in HU, inclusive. */
    public static final int BONE_MIN_HU = 226;

    public static final int BONE_MAX_HU = 3071;
    /** NeuroMaps in INIA19: values 1 … 999 are left-hemisphere structures, 1000 and up right-hemisphere ones. */
    public static final int NEUROMAPS_RIGHT_OFFSET = 1000;

    private SubjectLoader() {}

    /** Loads the subject of {@code task}; missing or inconsistent sources are reported naming the file. */
    public static Subject load(RealTask task, RealSources sources) throws IOException {
        for (Path p : sources.missing(task)) {
            throw new UserInputException(p + ": missing (Debian package " + task.debianPackage() + ")");
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        Map<String, String> hashes = new LinkedHashMap<>();
        for (Path p : sources.files(task)) {
            hashes.put(p.toString(), sha256(p));
        }
        facts.put("sources", hashes);
        facts.put("debianPackage", task.debianPackage());
        return switch (task) {
            case CH2_BRAIN -> ch2Brain(sources, facts);
            case CH2_AAL -> ch2Aal(sources, facts);
            case INIA19_HEMISPHERES -> inia19(sources, facts);
            case CRANIUM_BONE -> cranium(sources, facts);
        };
    }

    private static Subject ch2Brain(RealSources s, Map<String, Object> facts) throws IOException {
        Volume t1 = Nifti.readVolume(s.mricron("ch2.nii.gz"));
        Path betFile = s.mricron("ch2bet.nii.gz");
        Volume bet = Nifti.readVolume(betFile);
        requireSameGrid(t1, s.mricron("ch2.nii.gz"), bet, betFile);
        float[] l = new float[bet.voxels()];
        float[] b = bet.data();
        for (int v = 0; v < l.length; v++) {
            l[v] = b[v] > 0 ? 1 : 0;
        }
        facts.put("label", "1 where ch2bet.nii.gz > 0 (the skull-stripped Colin27 brain), else 0");
        return new Subject(t1, like(bet, l), facts);
    }

    private static Subject ch2Aal(RealSources s, Map<String, Object> facts) throws IOException {
        Volume t1 = Nifti.readVolume(s.mricron("ch2.nii.gz"));
        Path aalFile = s.mricron("aal.nii.gz");
        Volume aal = Nifti.readVolume(aalFile);
        requireSameGrid(t1, s.mricron("ch2.nii.gz"), aal, aalFile);
        Map<Integer, Integer> table = AalLobes.readTable(s.mricron("aal.nii.txt"));
        float[] l = new float[aal.voxels()];
        float[] a = aal.data();
        for (int v = 0; v < l.length; v++) {
            int value = Math.round(a[v]);
            if (value == 0) {
                continue;
            }
            Integer cls = table.get(value);
            if (cls == null || value != a[v]) {
                throw new UserInputException(aalFile + ": voxel value " + a[v] + " is not listed in aal.nii.txt");
            }
            l[v] = cls;
        }
        facts.put(
                "label",
                "AAL region → lobe class by the first digit of its AAL code (aal.nii.txt): 2 frontal,"
                        + " 6 parietal, 8 temporal, 5 occipital, 3/4 insula and limbic, 7 subcortical grey,"
                        + " 9 cerebellum");
        facts.put("regionsPerClass", AalLobes.regionsPerClass(table));
        facts.put("aalGrid", "aal.nii.gz is on the ch2.nii.gz grid (checked: same shape, affines within 1e-4 mm)");
        return new Subject(t1, like(aal, l), facts);
    }

    private static Subject inia19(RealSources s, Map<String, Object> facts) throws IOException {
        Path t1File = s.mricron("inia19-t1-brain.nii.gz");
        Path mapFile = s.mricron("inia19-NeuroMaps.nii.gz");
        Volume t1 = Nifti.readVolume(t1File);
        Volume maps = Nifti.readVolume(mapFile);
        requireSameGrid(t1, t1File, maps, mapFile);
        float[] l = new float[maps.voxels()];
        float[] m = maps.data();
        for (int v = 0; v < l.length; v++) {
            if (m[v] < 0) {
                throw new UserInputException(mapFile + ": negative label " + m[v]);
            }
            l[v] = m[v] == 0 ? 0 : m[v] < NEUROMAPS_RIGHT_OFFSET ? 1 : 2;
        }
        facts.put(
                "label",
                "NeuroMaps value 1 … 999 → 1 (left hemisphere), ≥ 1000 → 2 (right hemisphere), 0 → 0;"
                        + " unlabelled brain (mostly white matter and CSF) stays background");
        return new Subject(t1, like(maps, l), facts);
    }

    private static Subject cranium(RealSources s, Map<String, Object> facts) throws IOException {
        InVesaliusProject.Image img = InVesaliusProject.read(s.craniumProject());
        if (!img.modality().equalsIgnoreCase("CT")) {
            throw new UserInputException(s.craniumProject() + ": modality " + img.modality() + " (expected CT)");
        }
        Volume ct = img.volume();
        float[] l = new float[ct.voxels()];
        float[] hu = ct.data();
        for (int v = 0; v < l.length; v++) {
            l[v] = hu[v] >= BONE_MIN_HU && hu[v] <= BONE_MAX_HU ? 1 : 0;
        }
        facts.put(
                "label",
                "1 where " + BONE_MIN_HU + " ≤ HU ≤ " + BONE_MAX_HU + " (InVesalius' bone threshold, the"
                        + " project's mask 0), else 0: a threshold label, including the CT head holder");
        facts.put(
                "orientation",
                "assumed LAS (x left, y anterior, z superior), volume centre at world 0;"
                        + " InVesalius stores no patient coordinates");
        facts.put("project", img.name());
        return new Subject(ct, like(ct, l), facts);
    }

    private static Volume like(Volume grid, float[] data) {
        return new Volume(grid.nx(), grid.ny(), grid.nz(), 1, data, grid.affine());
    }

    private static void requireSameGrid(Volume a, Path aFile, Volume b, Path bFile) {
        if (!Arrays.equals(a.shape(), b.shape())
                || a.affine().maxAbsDifference(b.affine()) > 1e-4
                || a.channels() != 1
                || b.channels() != 1) {
            throw new UserInputException(bFile + ": not on the grid of " + aFile + " (shape "
                    + Arrays.toString(b.shape()) + " vs " + Arrays.toString(a.shape()) + ", affine " + b.affine()
                    + " vs " + a.affine() + ")");
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
