package dev.fess.synth;

import dev.fess.dataset.LoadedCase;
import dev.fess.metaimage.MetaElementType;
import dev.fess.metaimage.MetaImage;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The BRATS 2015 training layout (also how BraTS 2016's training data is distributed), as the synthetic writer
 * writes it:
 * {@code HGG|LGG/brats_2013_pat0001_1/VSD.Brain.XX.O.MR_Flair.<n>/VSD.Brain.XX.O.MR_Flair.<n>.mha} (also
 * {@code MR_T1}, {@code MR_T1c}, {@code MR_T2}; {@code MET_SHORT}, zlib-compressed) and
 * {@code VSD.Brain_3more.XX.O.OT.<n>/VSD.Brain_3more.XX.O.OT.<n>.mha} ({@code MET_SHORT} labels 0–4). The names and
 * folders follow public code reading the release; its element types and compression could not be checked here
 * (the reader takes any). Every
 * fifth labelled case is LGG, the others HGG; unlabelled cases go to {@code HGG_LGG/} as in the 2015 testing data.
 * {@code <n>} is a file number unique in the dataset, as the SMIR export numbers files.
 *
 * <p>Labels: the phantom's 1 (necrosis), 2 (oedema) and 4 (enhancing) are kept, and the part of the necrotic core
 * below its mean slice (k smaller than the mean k of label-1 voxels) is written as 3 (non-enhancing), so all five
 * BRATS 2015 values occur while WT = {1,2,3,4}, TC = {1,3,4} and ET = {4} cover the same voxels as the phantom's.
 */
final class Brats2015Files {
    private static final Map<String, String> MODALITY =
            Map.of("flair", "MR_Flair", "t1", "MR_T1", "t1ce", "MR_T1c", "t2", "MR_T2");
    /** SMIR-style file numbers start here. */
    private static final int FIRST_FILE_NUMBER = 54512;

    private Brats2015Files() {}

    static String caseId(int index) {
        return String.format("brats_2013_pat%04d_1", index + 1);
    }

    /** {@code HGG}, {@code LGG} (every fifth labelled case) or {@code HGG_LGG} (unlabelled). */
    static String group(int index, boolean labelled) {
        if (!labelled) {
            return "HGG_LGG";
        }
        return index % 5 == 4 ? "LGG" : "HGG";
    }

    static void write(Path dir, LoadedCase c, int index, boolean labelled, List<String> channels) throws IOException {
        Path folder =
                Files.createDirectories(dir.resolve(group(index, labelled)).resolve(c.id()));
        for (int ch = 0; ch < channels.size(); ch++) {
            String modality = MODALITY.get(channels.get(ch));
            if (modality == null) {
                throw new IllegalStateException("no BRATS 2015 modality for channel " + channels.get(ch));
            }
            String name = "VSD.Brain.XX.O." + modality + "." + fileNumber(index, ch);
            MetaImage.write(
                    Files.createDirectories(folder.resolve(name)).resolve(name + ".mha"),
                    c.image().channel(ch),
                    MetaElementType.SHORT,
                    true);
        }
        if (labelled) {
            String name = "VSD.Brain_3more.XX.O.OT." + fileNumber(index, channels.size());
            MetaImage.write(
                    Files.createDirectories(folder.resolve(name)).resolve(name + ".mha"),
                    withNonEnhancing(c.label()),
                    MetaElementType.SHORT,
                    true);
        }
    }

    private static int fileNumber(int index, int file) {
        return FIRST_FILE_NUMBER + 5 * index + file;
    }

    /** Label 1 voxels with k below the mean k of all label-1 voxels become 3; a copy. */
    static Volume withNonEnhancing(Volume label) {
        float[] d = label.data().clone();
        int plane = label.nx() * label.ny();
        double sumK = 0;
        long n = 0;
        for (int v = 0; v < d.length; v++) {
            if (d[v] == 1) {
                sumK += v / plane;
                n++;
            }
        }
        double meanK = n == 0 ? 0 : sumK / n;
        for (int v = 0; v < d.length; v++) {
            if (d[v] == 1 && v / plane < meanK) {
                d[v] = 3;
            }
        }
        return new Volume(label.nx(), label.ny(), label.nz(), 1, d, label.affine());
    }
}
