package dev.fess.run;

import ai.djl.ndarray.NDManager;
import dev.fess.UserInputException;
import dev.fess.config.TrainingConfig;
import dev.fess.dataset.LabelMapping;
import dev.fess.dataset.LabelMappings;
import dev.fess.infer.CasePredictor;
import dev.fess.infer.SlidingWindowPredictor;
import dev.fess.model.ModelCheckpoint;
import dev.fess.model.SegmentationModel;
import dev.fess.preprocess.PreprocessPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A trained model as a run directory holds it: configuration, preprocessing plan, label table and a checkpoint
 * ({@code best} or {@code last}, falling back to {@code .old} if interrupted).
 */
public record RunModel(TrainingConfig config, PreprocessPlan plan, LabelMapping mapping, SegmentationModel model) {

    /**
     * @param run the run directory
     * @param checkpoint {@code best} or {@code last}
     * @param manager manager for the parameters
     * @throws UserInputException naming the run when it is not a run or has no such complete checkpoint
     */
    public static RunModel load(Path run, String checkpoint, NDManager manager) throws IOException {
        RunDirectory dir = new RunDirectory(run);
        if (!dir.exists()) {
            throw new UserInputException("model " + run + ": not a training run (no " + RunDirectory.CONFIG + ")");
        }
        TrainingConfig cfg = TrainingConfig.read(dir.config()).build();
        PreprocessPlan plan = PreprocessPlan.fromJson(Files.readString(dir.plan(), StandardCharsets.UTF_8));
        Map<String, String> table = JsonMapper.builder()
                .build()
                .readValue(
                        Files.readString(dir.labels(), StandardCharsets.UTF_8),
                        new TypeReference<Map<String, String>>() {});
        Map<Integer, String> labels = new TreeMap<>();
        table.forEach((k, v) -> labels.put(Integer.parseInt(k), v));
        LabelMapping mapping = LabelMappings.byName(cfg.data().labels(), labels, run.toString());
        CheckpointStore store = dir.checkpoints();
        Path ckpt = store.resolve(checkpoint);
        if (ckpt == null) {
            String damage = store.damage(checkpoint);
            if (damage != null) {
                throw new UserInputException("model " + run + ": " + damage);
            }
            throw new UserInputException("model " + run + ": no checkpoint '" + checkpoint + "'"
                    + (checkpoint.equals("best") ? " (no validation yet? try checkpoint last)" : ""));
        }
        return new RunModel(cfg, plan, mapping, ModelCheckpoint.load(ckpt, manager));
    }

    /**
     * The case predictor of this model: the run's plan and mapping, Gaussian sliding windows of the training patch.
     *
     * @param overlap window overlap in [0, 1)
     * @param mirror mirror test-time augmentation
     * @param windowBatch windows per forward pass
     * @param largestComponent keep the largest connected component per class
     */
    public CasePredictor predictor(double overlap, boolean mirror, int windowBatch, boolean largestComponent) {
        SlidingWindowPredictor window = SlidingWindowPredictor.builder()
                .block(model.getUNet())
                .patch(config.data().patchSize())
                .overlap(overlap)
                .mirror(mirror)
                .windowBatch(windowBatch)
                .build();
        return new CasePredictor(plan, mapping, window, largestComponent);
    }
}
