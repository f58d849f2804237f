package dev.fess.dataset;

import dev.fess.nifti.Nifti;
import dev.fess.nifti.NiftiDatatype;
import dev.fess.npy.Npy;
import dev.fess.npy.NpyArray;
import dev.fess.npy.NpyDtype;
import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Writes tiny (8×8×6) datasets of every layout for the tests. */
final class TestDatasets {
    static final int NX = 8;
    static final int NY = 8;
    static final int NZ = 6;
    static final Affine AFFINE = Affine.of(-1, 0, 0, 10, 0, -1, 0, 20, 0, 0, 1.5, -5, 0, 0, 0, 1); // LPS

    private TestDatasets() {}

    /** An image whose value encodes case, channel and voxel, so tests can tell channels apart. */
    static Volume image(int caseIndex, int channel) {
        Volume v = Volume.zeros(NX, NY, NZ, 1, AFFINE);
        float[] d = v.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = caseIndex * 1000 + channel * 100 + (i % 97);
        }
        return v;
    }

    /** A label map with the given raw values in fixed blocks: values[0] everywhere, values[1..] in slabs. */
    static Volume label(int seed, int... values) {
        Volume v = Volume.zeros(NX, NY, NZ, 1, AFFINE);
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = v.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = values[r.nextInt(values.length)];
        }
        return v;
    }

    static void nii(Path file, Volume v, NiftiDatatype t) throws IOException {
        Files.createDirectories(file.getParent());
        Nifti.write(file, v, t);
    }

    /** BraTS 2017–2021 naming, labels 0/1/2/4. */
    static Path brats(Path root, int cases) throws IOException {
        for (int c = 0; c < cases; c++) {
            String id = String.format("BraTS20_Training_%03d", c + 1);
            Path d = root.resolve(id);
            String[] ch = {"flair", "t1", "t1ce", "t2"};
            for (int k = 0; k < 4; k++) {
                nii(d.resolve(id + "_" + ch[k] + ".nii.gz"), image(c, k), NiftiDatatype.FLOAT32);
            }
            nii(d.resolve(id + "_seg.nii.gz"), label(c, 0, 0, 0, 1, 2, 4), NiftiDatatype.UINT8);
        }
        return root;
    }

    /** MSD (4D images, value → name labels) or nnU-Net v2 (per-channel files, name → value labels, no lists). */
    static Path msd(Path root, int cases, boolean nnunetV2) throws IOException {
        Files.createDirectories(root.resolve("imagesTr"));
        Files.createDirectories(root.resolve("labelsTr"));
        StringBuilder training = new StringBuilder();
        for (int c = 0; c < cases; c++) {
            String id = String.format("case_%03d", c);
            if (nnunetV2) {
                nii(root.resolve("imagesTr/" + id + "_0000.nii.gz"), image(c, 0), NiftiDatatype.FLOAT32);
                nii(root.resolve("imagesTr/" + id + "_0001.nii.gz"), image(c, 1), NiftiDatatype.FLOAT32);
            } else {
                nii(
                        root.resolve("imagesTr/" + id + ".nii.gz"),
                        Volume.stack(image(c, 0), image(c, 1)),
                        NiftiDatatype.FLOAT32);
            }
            nii(root.resolve("labelsTr/" + id + ".nii.gz"), label(c, 0, 0, 1, 2), NiftiDatatype.UINT8);
            training.append(c == 0 ? "" : ",")
                    .append("{\"image\": \"./imagesTr/")
                    .append(id)
                    .append(".nii.gz\", \"label\": \"./labelsTr/")
                    .append(id)
                    .append(".nii.gz\"}");
        }
        nii(
                root.resolve(nnunetV2 ? "imagesTs/test_000_0000.nii.gz" : "imagesTs/test_000.nii.gz"),
                nnunetV2 ? image(99, 0) : Volume.stack(image(99, 0), image(99, 1)),
                NiftiDatatype.FLOAT32);
        if (nnunetV2) {
            nii(root.resolve("imagesTs/test_000_0001.nii.gz"), image(99, 1), NiftiDatatype.FLOAT32);
            Files.writeString(
                    root.resolve("dataset.json"),
                    "{\"channel_names\": {\"0\": \"CT\", \"1\": \"venous\"},"
                            + " \"labels\": {\"background\": 0, \"liver\": 1, \"tumour\": 2, \"both\": [1, 2]},"
                            + " \"numTraining\": " + cases + ", \"file_ending\": \".nii.gz\"}");
        } else {
            Files.writeString(
                    root.resolve("dataset.json"),
                    "{\"name\": \"test\", \"modality\": {\"0\": \"FLAIR\","
                            + " \"1\": \"T1w\"}, \"labels\": {\"0\": \"background\", \"1\": \"edema\","
                            + " \"2\": \"enhancing\"},"
                            + " \"numTraining\": " + cases + ", \"training\": [" + training + "],"
                            + " \"test\": [\"./imagesTs/test_000.nii.gz\"]}");
        }
        return root;
    }

    static Path abdomen(Path root, int cases) throws IOException {
        for (int c = 0; c < cases; c++) {
            String id = String.format("Case_%05d", c + 1);
            nii(root.resolve("Image/" + id + "_0000.nii.gz"), image(c, 0), NiftiDatatype.INT16);
            nii(root.resolve("Mask/" + id + ".nii.gz"), label(c, 0, 0, 1, 2, 3, 4), NiftiDatatype.UINT8);
        }
        nii(root.resolve("Image/Case_09999_0000.nii.gz"), image(9, 0), NiftiDatatype.INT16); // no mask: test
        return root;
    }

    /** The paper's folders: images/image_N.npy (64³-like, channels-last with 1 channel) and masks/mask_N.npy. */
    static Path npy(Path root, int cases) throws IOException {
        Files.createDirectories(root.resolve("images"));
        Files.createDirectories(root.resolve("masks"));
        for (int c = 0; c < cases; c++) {
            NpyArray img = NpyArray.fromVolume(image(c, 0), NpyDtype.FLOAT32);
            Npy.write(
                    root.resolve("images/image_" + c + ".npy"),
                    new NpyArray(new int[] {NX, NY, NZ, 1}, NpyDtype.FLOAT32, img.data()));
            Npy.write(root.resolve("masks/mask_" + c + ".npy"), NpyArray.fromVolume(label(c, 0, 0, 1), NpyDtype.UINT8));
        }
        return root;
    }
}
