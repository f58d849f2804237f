package dev.fess.dataset;

import java.nio.file.Path;
import java.util.List;

/**
 * The files of one case as found on disk.
 *
 * @param id the case id (unique within a dataset), e.g. {@code BraTS20_Training_001} or {@code Case_00001}
 * @param images one file per channel in the dataset's channel order, or a single 4D file holding all channels
 * @param label the label map, or {@code null} for an unlabelled (test) case
 * @param group the folder grouping the case, or {@code null}: BraTS 2015–2017's grade folder {@code HGG} or
 *     {@code LGG}
 */
public record CaseFiles(String id, List<Path> images, Path label, String group) {
    public CaseFiles {
        images = List.copyOf(images);
    }

    /** A case that belongs to no group. */
    public CaseFiles(String id, List<Path> images, Path label) {
        this(id, images, label, null);
    }

    public boolean labelled() {
        return label != null;
    }
}
