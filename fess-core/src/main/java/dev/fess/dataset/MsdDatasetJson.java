package dev.fess.dataset;

import dev.fess.io.JsonFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code dataset.json} of a Medical Segmentation Decathlon / nnU-Net v1 folder as fess writes it (and
 * {@link MsdLayout} reads it): {@code name, description, reference, licence, tensorImageSize "3D", modality
 * {"0": …}, labels {"0": …}, numTraining, numTest, training [{image, label}], test [image]}, image paths
 * {@code ./imagesTr/<id>.nii.gz} (nnU-Net v1's convention: the name without the channel suffix).
 *
 * @param name dataset name
 * @param description one sentence
 * @param reference where it comes from
 * @param licence its licence
 * @param modalities channel names in stored order
 * @param labels raw label values and names, background included, in order
 * @param training ids of the labelled cases ({@code imagesTr/}, {@code labelsTr/})
 * @param test ids of the unlabelled cases ({@code imagesTs/})
 */
public record MsdDatasetJson(
        String name,
        String description,
        String reference,
        String licence,
        List<String> modalities,
        Map<Integer, String> labels,
        List<String> training,
        List<String> test) {

    /** @return the JSON object, keys in the order above */
    public Map<String, Object> toMap() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", name);
        d.put("description", description);
        d.put("reference", reference);
        d.put("licence", licence);
        d.put("tensorImageSize", "3D");
        Map<String, String> modality = new LinkedHashMap<>();
        for (int ch = 0; ch < modalities.size(); ch++) {
            modality.put(Integer.toString(ch), modalities.get(ch));
        }
        d.put("modality", modality);
        Map<String, String> names = new LinkedHashMap<>();
        labels.forEach((k, v) -> names.put(Integer.toString(k), v));
        d.put("labels", names);
        d.put("numTraining", training.size());
        d.put("numTest", test.size());
        List<Map<String, String>> tr = new ArrayList<>();
        for (String id : training) {
            Map<String, String> e = new LinkedHashMap<>();
            e.put("image", "./imagesTr/" + id + ".nii.gz");
            e.put("label", "./labelsTr/" + id + ".nii.gz");
            tr.add(e);
        }
        d.put("training", tr);
        List<String> ts = new ArrayList<>();
        for (String id : test) {
            ts.add("./imagesTs/" + id + ".nii.gz");
        }
        d.put("test", ts);
        return d;
    }

    /**
     * Writes {@code folder/dataset.json}.
     *
     * @param folder the dataset folder
     * @throws IOException when it cannot be written
     */
    public void write(Path folder) throws IOException {
        JsonFiles.write(folder.resolve("dataset.json"), toMap());
    }
}
