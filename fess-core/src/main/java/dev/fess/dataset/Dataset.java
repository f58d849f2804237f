package dev.fess.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A dataset folder as a user has it (BraTS, Decathlon / nnU-Net, AbdomenCT-1K or the paper's {@code .npy}
 * folders), seen through one interface. Implementations only find and read files; checking, preprocessing and
 * sampling live elsewhere.
 */
public interface Dataset {
    /** The folder this dataset was opened from. */
    Path root();

    /** The layout it was recognised as. */
    Layout layout();

    Modality modality();

    /** Names of the selected image channels, in order (e.g. {@code [flair]} or {@code [flair, t1, t1ce, t2]}). */
    List<String> channelNames();

    /** Raw label values and their names as the dataset declares them (0 = background). */
    Map<Integer, String> labelNames();

    /** Labelled cases, sorted by id. */
    List<CaseFiles> trainingCases();

    /** Unlabelled cases (e.g. {@code imagesTs}), sorted by id; empty when the layout has none. */
    List<CaseFiles> testCases();

    /** Reads one case: the selected channels stacked, and the raw label map when there is one. */
    LoadedCase load(CaseFiles c) throws IOException;
}
