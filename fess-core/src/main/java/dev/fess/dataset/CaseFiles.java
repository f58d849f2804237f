package dev.fess.dataset;

import java.nio.file.Path;
import java.util.List;

/**
 * The files of one case as found on disk.
 *
 * @param id the case id (unique within a dataset), e.g. {@code BraTS20_Training_001} or {@code Case_00001}
 * @param images one file per channel in the dataset's channel order, or a single 4D file holding all channels
 * @param label the label map, or {@code null} for an unlabelled (test) case
 */
public record CaseFiles(String id, List<Path> images, Path label) {
    public CaseFiles {
        images = List.copyOf(images);
    }

    public boolean labelled() {
        return label != null;
    }
}
