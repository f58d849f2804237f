package dev.fess.infer;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import dev.fess.UserInputException;
import dev.fess.config.TrainingConfig;
import dev.fess.dataset.LabelMapping;
import dev.fess.dataset.LabelMappings;
import dev.fess.model.ModelCheckpoint;
import dev.fess.model.SegmentationModel;
import dev.fess.preprocess.PreprocessPlan;
import dev.fess.train.CheckpointStore;
import dev.fess.train.TrainingSession;
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

    public static RunModel load(Path run, String checkpoint, NDManager manager) throws IOException {
        Path cfgFile = run.resolve(TrainingSession.CONFIG);
        if (!Files.isRegularFile(cfgFile)) {
            throw new UserInputException("--model " + run + ": not a training run (no " + TrainingSession.CONFIG + ")");
        }
        TrainingConfig cfg = TrainingConfig.read(cfgFile).build();
        PreprocessPlan plan = PreprocessPlan.fromJson(Files.readString(run.resolve(TrainingSession.PLAN), StandardCharsets.UTF_8));
        Map<String, String> table = JsonMapper.builder().build().readValue(
                Files.readString(run.resolve(TrainingSession.LABELS), StandardCharsets.UTF_8),
                new TypeReference<Map<String, String>>() {});
        Map<Integer, String> labels = new TreeMap<>();
        table.forEach((k, v) -> labels.put(Integer.parseInt(k), v));
        LabelMapping mapping = LabelMappings.byName(cfg.data().labels(), labels, run.toString());
        Path dir = new CheckpointStore(run.resolve("checkpoints")).resolve(checkpoint);
        if (dir == null) {
            throw new UserInputException("--model " + run + ": no complete checkpoint '" + checkpoint + "'"
                    + (checkpoint.equals("best") ? " (no validation yet? try --checkpoint last)" : ""));
        }
        try {
            return new RunModel(cfg, plan, mapping, ModelCheckpoint.load(dir, manager));
        } catch (MalformedModelException e) {
            throw new IOException(dir + ": " + e.getMessage(), e);
        }
    }
}
