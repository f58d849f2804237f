package dev.fess.realdata;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the source files of the real-data tasks are: MRIcron's templates folder (Debian {@code mricron-data}) and
 * InVesalius' Cranium project (Debian {@code invesalius-examples}).
 *
 * @param mricronTemplates folder with {@code ch2.nii.gz}, {@code ch2bet.nii.gz}, {@code aal.nii.gz},
 *     {@code aal.nii.txt}, {@code inia19-t1-brain.nii.gz}, {@code inia19-NeuroMaps.nii.gz}
 * @param craniumProject the {@code Cranium.inv3} file
 */
public record RealSources(Path mricronTemplates, Path craniumProject) {
    /** Where Debian installs them. */
    public static final Path DEBIAN_MRICRON = Path.of("/usr/share/mricron/templates");

    public static final Path DEBIAN_CRANIUM = Path.of("/usr/share/doc/invesalius-examples/examples/Cranium.inv3");

    public static RealSources debian() {
        return new RealSources(DEBIAN_MRICRON, DEBIAN_CRANIUM);
    }

    /** The files {@code task} reads. */
    public List<Path> files(RealTask task) {
        return switch (task) {
            case CH2_BRAIN -> List.of(mricron("ch2.nii.gz"), mricron("ch2bet.nii.gz"));
            case CH2_AAL -> List.of(mricron("ch2.nii.gz"), mricron("aal.nii.gz"), mricron("aal.nii.txt"));
            case INIA19_HEMISPHERES -> List.of(mricron("inia19-t1-brain.nii.gz"), mricron("inia19-NeuroMaps.nii.gz"));
            case CRANIUM_BONE -> List.of(craniumProject);
        };
    }

    /** The files of {@code task} that are not there. */
    public List<Path> missing(RealTask task) {
        List<Path> l = new ArrayList<>();
        for (Path p : files(task)) {
            if (!Files.isRegularFile(p)) {
                l.add(p);
            }
        }
        return l;
    }

    Path mricron(String name) {
        return mricronTemplates.resolve(name);
    }
}
