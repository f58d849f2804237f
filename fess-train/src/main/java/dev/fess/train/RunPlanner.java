package dev.fess.train;

import dev.fess.UserInputException;
import dev.fess.config.ConfigKeys;
import dev.fess.config.DataConfig;
import dev.fess.config.ModelConfig;
import dev.fess.config.TrainingConfig;
import dev.fess.dataset.CaseFiles;
import dev.fess.dataset.Datasets;
import dev.fess.dataset.FolderDataset;
import dev.fess.dataset.LabelMapping;
import dev.fess.dataset.LabelMappings;
import dev.fess.dataset.Splits;
import dev.fess.io.AtomicFiles;
import dev.fess.io.AtomicFolder;
import dev.fess.model.UNet3d;
import dev.fess.preprocess.CachedCase;
import dev.fess.preprocess.PreprocessCache;
import dev.fess.preprocess.PreprocessPlan;
import dev.fess.preprocess.PreprocessPlanner;
import dev.fess.run.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The planning stage of a run (nnU-Net's plan and preprocess): opens the dataset, picks the label mapping, splits
 * the cases ({@code splits.json}), plans and caches preprocessing ({@code <folder parent>/.fess-cache/<plan key>/}
 * or {@code cache_dir}; the plan is copied to {@code plan.json}), writes the label table ({@code labels.json}),
 * auto-configures what the configuration left open and writes the resolved configuration ({@code config.yaml}). The
 * result is everything {@link TrainingSession} needs besides the model; {@code fess plan} stops here.
 */
public final class RunPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(RunPlanner.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String AUTO = "auto";

    private RunPlanner() {}

    /**
     * A planned run.
     *
     * @param config the resolved configuration (written to {@code config.yaml})
     * @param dataset the dataset
     * @param mapping the label mapping
     * @param trainCases the preprocessed training cases
     * @param validationCases the preprocessed validation cases
     * @param folds the number of folds of the split
     */
    public record Planned(
            TrainingConfig config,
            FolderDataset dataset,
            LabelMapping mapping,
            List<CachedCase> trainCases,
            List<CachedCase> validationCases,
            int folds) {}

    /**
     * Plans a run into {@code dir} (created).
     *
     * @param requested the configuration (auto keys may be null)
     * @param dir the run (or plan) folder
     * @param resume whether this continues an existing run (then its {@code config.yaml} must equal the resolved
     *     configuration)
     * @throws UserInputException naming the setting for a missing dataset, too few cases, an impossible split or
     *     a resumed run configured differently
     */
    public static Planned plan(TrainingConfig requested, Path dir, boolean resume) throws IOException {
        DataConfig req = requested.data();
        Path data = req.folder();
        if (!Files.isDirectory(data)) {
            throw new UserInputException("data " + data + ": no such directory");
        }
        RunDirectory run = new RunDirectory(dir);
        FolderDataset ds = Datasets.open(data, req.layout(), req.channels());
        String labels = req.labels() != null ? req.labels() : LabelMappings.defaultName(ds.layout());
        LabelMapping mapping = LabelMappings.byName(labels, ds);
        List<CaseFiles> all = ds.trainingCases();
        if (all.size() < 2) {
            throw new UserInputException(
                    data + ": need at least 2 labelled cases to train and validate, found " + all.size());
        }
        Map<String, CaseFiles> byId = new LinkedHashMap<>();
        all.forEach(c -> byId.put(c.id(), c));

        // splits: the k-fold split of all labelled cases, or the one given by split_file
        int folds;
        Splits splits;
        if (req.splitFile() != null) {
            Path file = req.splitFile();
            if (!Files.isRegularFile(file)) {
                throw new UserInputException("split_file " + file + ": no such file");
            }
            splits = Splits.load(file);
            splits.requireIdsIn(byId.keySet(), "split_file " + file);
            folds = splits.folds().size();
        } else {
            folds = Math.min(req.folds(), all.size());
            splits = Splits.kFold(byId.keySet(), folds, requested.run().seed());
        }
        List<String> trainIds = splits.fold(req.fold()).train();
        if (req.trainCases() != null) {
            if (req.trainCases() > trainIds.size()) {
                throw new UserInputException("train_cases " + req.trainCases() + ": fold " + req.fold() + " has only "
                        + trainIds.size() + " training cases");
            }
            if (!splits.subsets().containsKey(req.trainCases()) || splits.subsetFold() != req.fold()) {
                splits = splits.withSubsets(req.fold(), req.trainCases());
            }
            trainIds = splits.subset(req.trainCases());
        }
        List<String> valIds = splits.fold(req.fold()).val();
        if (trainIds.isEmpty()) {
            throw new UserInputException("fold " + req.fold() + " of the split has no training case");
        }

        // preprocessing plan and cache (planned on the training cases only); every file of the run is read here,
        // so a file fess cannot use is refused (naming it) before the run folder is created or written

        List<CaseFiles> trainFiles = trainIds.stream().map(byId::get).toList();
        List<CaseFiles> valFiles = valIds.stream().map(byId::get).toList();
        PreprocessPlan plan =
                PreprocessPlanner.plan(ds, trainFiles, mapping, Optional.ofNullable(req.targetSpacingArray()));
        Path cacheRoot = req.cacheDir() != null
                ? req.cacheDir()
                : dir.toAbsolutePath().getParent().resolve(".fess-cache");
        PreprocessCache cache = new PreprocessCache(cacheRoot, plan);
        int prepThreads = Math.max(1, Math.min(2, requested.run().threads()));
        List<CachedCase> trainCases = cache.build(ds, trainFiles, mapping, prepThreads);
        List<CachedCase> valCases = cache.build(ds, valFiles, mapping, prepThreads);
        Files.createDirectories(dir);
        if (!AtomicFolder.isOwned(dir)) {
            AtomicFolder.markOwned(dir);
        }
        splits.save(run.splits());
        AtomicFiles.writeString(run.plan(), plan.toJson());
        Map<String, String> labelTable = new TreeMap<>();
        ds.labelNames().forEach((k, v) -> labelTable.put(Integer.toString(k), v));
        AtomicFiles.writeString(run.labels(), JSON.writeValueAsString(labelTable));

        // auto-configuration
        TrainingConfig.Builder b = requested.toBuilder();
        b.set(ConfigKeys.LAYOUT, ds.layout(), AUTO);
        b.set(ConfigKeys.LABELS, mapping.name(), AUTO);
        b.set(
                ConfigKeys.CHANNELS,
                ds.channelNames().stream().map(c -> c.toLowerCase(Locale.ROOT)).toList(),
                AUTO);
        double[] ts = plan.targetSpacing();
        b.set(ConfigKeys.TARGET_SPACING, List.of(ts[0], ts[1], ts[2]), AUTO);
        if (requested.model().preset() == ModelConfig.Preset.PAPER) {
            UNet3d.Config paper = UNet3d.paperPreset(ds.channelNames().size());
            b.set(ConfigKeys.FILTERS, paper.filters(), "preset");
            b.set(ConfigKeys.NORM, paper.norm(), "preset");
            b.set(ConfigKeys.DROPOUT, (double) paper.dropout(), "preset");
        }
        b.set(
                ConfigKeys.DEVICE,
                DeviceChoice.parse(
                        DeviceChoice.name(requested.run().deviceChoice().resolve()), "device"),
                AUTO);
        List<int[]> shapes = new ArrayList<>();
        trainCases.forEach(c -> shapes.add(c.shape()));
        int[] median = AutoConfiguration.medianShape(shapes);
        List<Integer> filters = b.get(ConfigKeys.FILTERS);
        int budget = b.get(ConfigKeys.MEMORY_BUDGET_MB);
        if (b.get(ConfigKeys.PATCH) == null) {
            int[] p = AutoConfiguration.patch(median, filters, budget);
            b.set(ConfigKeys.PATCH, List.of(p[0], p[1], p[2]), AUTO);
            LOG.info(
                    "auto patch {}×{}×{} (median preprocessed shape {}×{}×{}, budget {} MiB)",
                    p[0],
                    p[1],
                    p[2],
                    median[0],
                    median[1],
                    median[2],
                    budget);
        }
        if (b.get(ConfigKeys.BATCH) == null) {
            int[] p =
                    b.get(ConfigKeys.PATCH).stream().mapToInt(Integer::intValue).toArray();
            int bs = AutoConfiguration.batch(p, median, filters, budget);
            b.set(ConfigKeys.BATCH, bs, AUTO);
            LOG.info("auto batch {}", bs);
        }
        TrainingConfig cfg = b.buildForPlanning(); // the arm is not needed to plan (fess plan)
        Path cfgFile = run.config();
        if (resume && Files.exists(cfgFile)) {
            TrainingConfig stored = TrainingConfig.read(cfgFile).build();
            List<String> differing = new ArrayList<>();
            Map<String, Object> was = stored.toMap();
            cfg.toMap().forEach((k, v) -> {
                // a resumed run may move to another device and be extended; everything else stays as it was
                if (!k.equals("epochs") && !k.equals("device") && !Objects.equals(v, was.get(k))) {
                    differing.add(k + " (" + was.get(k) + " → " + v + ")");
                }
            });
            if (!differing.isEmpty()) {
                throw new UserInputException(cfgFile + ": a resumed run keeps its configuration; differs in "
                        + String.join(", ", differing) + " (only epochs may be extended and the device changed)");
            }
            int epochs = cfg.optimisation().epochs();
            int storedEpochs = stored.optimisation().epochs();
            if (epochs < storedEpochs) {
                throw new UserInputException("--epochs " + epochs + ": a resumed run can only be extended (it was"
                        + " configured for " + storedEpochs + " epochs)");
            }
        }
        cfg.write(cfgFile);
        return new Planned(cfg, ds, mapping, trainCases, valCases, folds);
    }
}
