package dev.fess.config;

import dev.fess.dataset.Layout;
import java.nio.file.Path;
import java.util.List;

/**
 * What a run trains on and how it is cut into patches: the {@code data} section of {@link TrainingConfig}. Keys,
 * defaults and meanings are in {@link ConfigKeys}; null means "chosen from the data" (auto).
 *
 * @param folder dataset folder ({@code data})
 * @param layout dataset layout, null to detect
 * @param channels image channels to use (names as the dataset calls them), null for all
 * @param labels label mapping name, null for the layout's natural one
 * @param patch patch size {D, H, W}, null = auto
 * @param batch batch size, null = auto
 * @param targetSpacing preprocessing target spacing (x, y, z) in mm, null = median of the training cases
 * @param memoryBudgetMb activation-memory budget for the auto patch and batch
 * @param augment whether training patches are augmented
 * @param folds number of cross-validation folds
 * @param fold the fold to train
 * @param trainCases limited-data nested subset size, null for all training cases of the fold
 * @param splitFile a {@code splits.json} used instead of the k-fold split, or null
 * @param cacheDir the preprocessing cache root, null = {@code <RUN parent>/.fess-cache}
 */
public record DataConfig(
        Path folder,
        Layout layout,
        List<String> channels,
        String labels,
        List<Integer> patch,
        Integer batch,
        List<Double> targetSpacing,
        int memoryBudgetMb,
        boolean augment,
        int folds,
        int fold,
        Integer trainCases,
        Path splitFile,
        Path cacheDir) {

    /** The patch as {D, H, W}, or null when it is still to be chosen. */
    public int[] patchSize() {
        return patch == null ? null : patch.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The target spacing as {x, y, z}, or null when it is still to be chosen. */
    public double[] targetSpacingArray() {
        return targetSpacing == null
                ? null
                : targetSpacing.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
