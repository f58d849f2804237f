package dev.fess.config;

import static dev.fess.config.ValueType.bool;
import static dev.fess.config.ValueType.device;
import static dev.fess.config.ValueType.longInt;
import static dev.fess.config.ValueType.names;
import static dev.fess.config.ValueType.nonNegativeInt;
import static dev.fess.config.ValueType.nonNegativeNumber;
import static dev.fess.config.ValueType.nonNegativeNumbers;
import static dev.fess.config.ValueType.numberIn;
import static dev.fess.config.ValueType.oneOf;
import static dev.fess.config.ValueType.path;
import static dev.fess.config.ValueType.positiveInt;
import static dev.fess.config.ValueType.positiveInts;
import static dev.fess.config.ValueType.positiveNumber;
import static dev.fess.config.ValueType.size3;
import static dev.fess.config.ValueType.spacing;
import static dev.fess.config.ValueType.text;

import dev.fess.config.ConfigKey.Presence;
import dev.fess.dataset.Layout;
import dev.fess.loss.Arm;
import dev.fess.loss.ContrastiveForm;
import dev.fess.model.UNet3d;
import dev.fess.optim.LearningRateSchedule;
import dev.fess.optim.OptimizerKind;
import dev.fess.train.DeviceChoice;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The key table: every setting of a training run, once. A row gives the YAML name (the flag is its kebab-case),
 * the record and component that hold the value, its type and validation, its default and its help text; YAML
 * reading and writing, {@code config.yaml}, validation and the options of {@code fess train} all come from here.
 *
 * <p>A new key is one row here plus the component in its record ({@link DataConfig}, {@link ModelConfig},
 * {@link OptimisationConfig}, {@link LossConfig}, {@link RunConfig}); checks that relate several keys go to
 * {@link TrainingConfig.Builder#build()}. The row order is the order of {@code config.yaml} and {@code --help}.
 */
public final class ConfigKeys {
    private static final List<ConfigKey<?>> TABLE = new ArrayList<>();

    // data
    public static final ConfigKey<Path> DATA = required(
            "data", Section.DATA, "folder", path(), "DIR", "Dataset folder (BraTS, MSD/nnU-Net, AbdomenCT-1K, npy).");
    public static final ConfigKey<Layout> LAYOUT = auto(
            "layout",
            Section.DATA,
            "layout",
            oneOf(Layout.class),
            "L",
            "Dataset layout; auto: detected from the folder.");
    public static final ConfigKey<List<String>> CHANNELS = auto(
            "channels",
            Section.DATA,
            "channels",
            names(),
            "C1,C2,…",
            "Image channels to train on, as the dataset names them; auto: all.");
    public static final ConfigKey<String> LABELS = auto(
            "labels",
            Section.DATA,
            "labels",
            text(),
            "MAPPING",
            "Label mapping (brats-regions, brats-whole-tumour, dataset, …); auto: the layout's natural one.");
    public static final ConfigKey<List<Integer>> PATCH = auto(
            "patch",
            Section.DATA,
            "patch",
            size3(),
            "S|D,H,W",
            "Patch size, multiples of 2^(levels−1); auto: from the median case shape and the memory budget.");
    public static final ConfigKey<Integer> BATCH = auto(
            "batch",
            Section.DATA,
            "batch",
            positiveInt(),
            "N",
            "Batch size; auto: 2, up to 8 when the patch covers the median case and memory allows.");
    public static final ConfigKey<List<Double>> TARGET_SPACING = auto(
            "target_spacing",
            Section.DATA,
            "targetSpacing",
            spacing(),
            "X,Y,Z",
            "Preprocessing spacing in mm; auto: median of the training cases.");
    public static final ConfigKey<Integer> MEMORY_BUDGET_MB = key(
            "memory_budget_mb",
            Section.DATA,
            "memoryBudgetMb",
            positiveInt(),
            2048,
            "MIB",
            "Activation-memory budget for the auto patch and batch.");
    public static final ConfigKey<Boolean> AUGMENT = key(
            "augment",
            Section.DATA,
            "augment",
            bool(),
            true,
            "BOOL",
            "Augment training patches (nnU-Net-like spatial and intensity transforms).");
    public static final ConfigKey<Integer> FOLDS = key(
            "folds",
            Section.DATA,
            "folds",
            positiveInt(),
            5,
            "K",
            "Number of cross-validation folds (at most the number of cases).");
    public static final ConfigKey<Integer> FOLD =
            key("fold", Section.DATA, "fold", nonNegativeInt(), 0, "K", "The fold to train, 0..folds−1.");
    public static final ConfigKey<Integer> TRAIN_CASES = auto(
            "train_cases",
            Section.DATA,
            "trainCases",
            positiveInt(),
            "N",
            "Limited-data nested subset of the fold's training cases; auto: all.");
    public static final ConfigKey<Path> SPLIT_FILE = auto(
            "split_file",
            Section.DATA,
            "splitFile",
            path(),
            "JSON",
            "A splits.json whose fold gives the training and validation cases; auto: the k-fold split.");
    public static final ConfigKey<Path> CACHE_DIR = auto(
            "cache_dir",
            Section.DATA,
            "cacheDir",
            path(),
            "DIR",
            "Preprocessing cache root; auto: <RUN parent>/.fess-cache.");

    // model
    public static final ConfigKey<List<Integer>> FILTERS = key(
            "filters",
            Section.MODEL,
            "filters",
            positiveInts(),
            List.of(16, 32, 64, 128),
            "F1,F2,…",
            "U-Net channels per level, bottleneck last (at least 2 levels).");
    public static final ConfigKey<UNet3d.Norm> NORM = key(
            "norm",
            Section.MODEL,
            "norm",
            oneOf(UNet3d.Norm.class),
            UNet3d.Norm.INSTANCE,
            "NAME",
            "Normalisation of the U-Net.");
    public static final ConfigKey<Double> DROPOUT = key(
            "dropout",
            Section.MODEL,
            "dropout",
            numberIn(0, 1, false),
            0.0,
            "P",
            "Dropout rate between the convolutions of a level.");
    public static final ConfigKey<Integer> EMBEDDING_DIM = key(
            "embedding_dim", Section.MODEL, "embeddingDim", positiveInt(), 64, "E", "Width of the projection heads.");
    public static final ConfigKey<ModelConfig.Preset> PRESET = key(
            "preset",
            Section.MODEL,
            "preset",
            oneOf(ModelConfig.Preset.class),
            ModelConfig.Preset.NONE,
            "NAME",
            "paper: the released code's network (32-64-128-256-1024, BatchNorm, ReLU, dropout 0.2, max-pooling,"
                    + " transposed convolutions; overrides filters, norm, dropout, activation, down, up,"
                    + " norm_groups).");
    public static final ConfigKey<UNet3d.Act> ACTIVATION = key(
            "activation",
            Section.MODEL,
            "activation",
            oneOf(UNet3d.Act.class),
            UNet3d.Act.LEAKY_RELU,
            "NAME",
            "Non-linearity after each normalisation" + " (leaky_relu: slope 0.01).");
    public static final ConfigKey<UNet3d.Down> DOWN = key(
            "down",
            Section.MODEL,
            "down",
            oneOf(UNet3d.Down.class),
            UNet3d.Down.MAX_POOL,
            "NAME",
            "Encoder down-sampling: 2×2×2 max-pooling or a stride-2 convolution.");
    public static final ConfigKey<UNet3d.Up> UP = key(
            "up",
            Section.MODEL,
            "up",
            oneOf(UNet3d.Up.class),
            UNet3d.Up.VOXEL_SHUFFLE,
            "NAME",
            "Decoder up-sampling: voxel_shuffle (= a kernel-2 stride-2 transposed"
                    + " convolution) or trilinear after a 1×1×1 convolution.");
    public static final ConfigKey<Integer> NORM_GROUPS = key(
            "norm_groups",
            Section.MODEL,
            "groups",
            positiveInt(),
            8,
            "G",
            "Groups of norm: group (reduced per layer to a divisor of its channels).");
    public static final ConfigKey<Boolean> DEEP_SUPERVISION = key(
            "deep_supervision",
            Section.MODEL,
            "deepSupervision",
            bool(),
            false,
            "BOOL",
            "Also train the logits of decoder levels 1 … levels−2 (nnU-Net:"
                    + " Dice weights 1, ½, ¼ … normalised, labels max-pooled / nearest to each level).");
    public static final ConfigKey<Integer> FEATURE_LEVEL = key(
            "feature_level",
            Section.MODEL,
            "featureLevel",
            nonNegativeInt(),
            0,
            "L",
            "Decoder level whose features the voxel projection head reads (0 = full" + " resolution).");

    // optimisation
    public static final ConfigKey<Integer> EPOCHS =
            key("epochs", Section.OPTIMISATION, "epochs", positiveInt(), 50, "N", "Number of epochs.");
    public static final ConfigKey<Integer> ITERATIONS = key(
            "iterations", Section.OPTIMISATION, "iterations", positiveInt(), 100, "N", "Optimiser steps per epoch.");
    public static final ConfigKey<OptimizerKind> OPTIMIZER = key(
            "optimizer",
            Section.OPTIMISATION,
            "optimizer",
            oneOf(OptimizerKind.class),
            OptimizerKind.ADAM,
            "NAME",
            "Optimiser (sgd: Nesterov momentum).");
    public static final ConfigKey<Double> LR =
            key("lr", Section.OPTIMISATION, "lr", positiveNumber(), 1e-3, "RATE", "Base learning rate.");
    public static final ConfigKey<Double> WEIGHT_DECAY = key(
            "weight_decay",
            Section.OPTIMISATION,
            "weightDecay",
            nonNegativeNumber(),
            0.0,
            "WD",
            "Weight decay: L2 for adam and sgd, decoupled for adamw.");
    public static final ConfigKey<Double> MOMENTUM =
            key("momentum", Section.OPTIMISATION, "momentum", numberIn(0, 1, false), 0.99, "M", "SGD momentum.");
    public static final ConfigKey<LearningRateSchedule.Kind> SCHEDULE = key(
            "schedule",
            Section.OPTIMISATION,
            "schedule",
            oneOf(LearningRateSchedule.Kind.class),
            LearningRateSchedule.Kind.POLY,
            "NAME",
            "Learning-rate decay after warm-up: constant, poly (1−t/T)^0.9 or cosine.");
    public static final ConfigKey<Integer> WARMUP = key(
            "warmup",
            Section.OPTIMISATION,
            "warmup",
            nonNegativeInt(),
            0,
            "STEPS",
            "Linear learning-rate warm-up in optimiser steps.");
    public static final ConfigKey<Double> CLIP_NORM = key(
            "clip_norm",
            Section.OPTIMISATION,
            "clipNorm",
            nonNegativeNumber(),
            1.0,
            "C",
            "Global gradient-norm limit, 0 = off (paper: 1.0).");
    public static final ConfigKey<Double> EMA_DECAY = addedKey(
            "ema_decay",
            Section.OPTIMISATION,
            "emaDecay",
            numberIn(0, 1, false),
            0.0,
            0.0,
            "D",
            "Exponential moving average of the weights, decay per step (0 = off): validation, the best"
                    + " checkpoint and the model in last use the averaged weights (docs/training.md).");

    // loss
    public static final ConfigKey<Arm> LOSS = required(
            "loss",
            Section.LOSS,
            "arm",
            oneOf(Arm.class),
            "ARM",
            "The study arm: Dice alone, or λ·Dice + (1−λ)·FESS / SimCLR / InfoNCE contrastive.");
    public static final ConfigKey<Double> LAMBDA = key(
            "lambda",
            Section.LOSS,
            "lambda",
            numberIn(0, 1, true),
            0.5,
            "λ",
            "Weight of the Dice term in λ·Dice + (1−λ)·contrastive.");
    public static final ConfigKey<Double> TAU =
            key("tau", Section.LOSS, "tau", positiveNumber(), 0.5, "τ", "Contrastive temperature.");
    public static final ConfigKey<Integer> SAMPLES_PER_CLASS = key(
            "samples_per_class",
            Section.LOSS,
            "samplesPerClass",
            positiveInt(),
            256,
            "K",
            "Contrastive voxel sample per class and batch (InfoNCE: per" + " batch).");
    public static final ConfigKey<Double> HARD_FRACTION = key(
            "hard_fraction",
            Section.LOSS,
            "hardFraction",
            numberIn(0, 1, true),
            0.0,
            "F",
            "Share of the FESS (SupCon) sample drawn from misclassified voxels.");
    public static final ConfigKey<Boolean> BATCH_DICE = key(
            "batch_dice",
            Section.LOSS,
            "batchDice",
            bool(),
            false,
            "BOOL",
            "Batch-global Dice: sums over the batch before dividing (the paper's released code).");
    public static final ConfigKey<Boolean> SQUARED_DICE = key(
            "squared_dice",
            Section.LOSS,
            "squaredDice",
            bool(),
            false,
            "BOOL",
            "Squared sums in the Dice denominator (V-Net form).");
    public static final ConfigKey<Double> DICE_SMOOTH = key(
            "dice_smooth",
            Section.LOSS,
            "diceSmooth",
            positiveNumber(),
            1e-5,
            "EPS",
            "ε added to the Dice numerator and denominator.");
    public static final ConfigKey<List<Double>> CLASS_WEIGHTS = auto(
            "class_weights",
            Section.LOSS,
            "classWeights",
            nonNegativeNumbers(),
            "W1,W2,…",
            "Dice weight per output channel the Dice term scores (sigmoid regions,"
                    + " or softmax classes without background); auto: equal.");
    public static final ConfigKey<ContrastiveForm> CONTRASTIVE_FORM = key(
            "contrastive_form",
            Section.LOSS,
            "contrastiveForm",
            oneOf(ContrastiveForm.class),
            ContrastiveForm.BOUNDED,
            "FORM",
            "Contrastive term of any arm: bounded (minus its lower bound, over the log of the candidates) or"
                    + " paper (as published: SupCon, MONAI NT-Xent, InfoNCE); docs/losses.md.");
    public static final ConfigKey<Integer> LAMBDA_WARMUP = key(
            "lambda_warmup",
            Section.LOSS,
            "lambdaWarmup",
            nonNegativeInt(),
            0,
            "STEPS",
            "Steps over which the contrastive weight ramps from 0 to 1−λ, 0 = none.");
    public static final ConfigKey<Double> FEATURE_GRAD_SCALE = key(
            "feature_grad_scale",
            Section.LOSS,
            "featureGradScale",
            numberIn(0, 1, true),
            0.1,
            "S",
            "Factor on the contrastive term's gradient into the shared"
                    + " features (1 = as published, 0 = none; values unchanged).");
    public static final ConfigKey<Double> CONTRASTIVE_GRAD_CAP = key(
            "contrastive_grad_cap",
            Section.LOSS,
            "contrastiveGradCap",
            nonNegativeNumber(),
            1.0,
            "R",
            "Per step, the contrastive term's gradient at the shared features is at most R times the Dice"
                    + " term's (the term's weight is cut for that step when it would be more); 0 = no cap.");

    // run
    public static final ConfigKey<Long> SEED = key(
            "seed",
            Section.RUN,
            "seed",
            longInt(),
            42L,
            "K",
            "The one seed of the run: sampling, augmentation, initialisation, dropout, loss sampling.");
    public static final ConfigKey<Integer> VAL_EVERY = key(
            "val_every",
            Section.RUN,
            "valEvery",
            nonNegativeInt(),
            1,
            "N",
            "Validate every N epochs and after the last, 0 = never.");
    public static final ConfigKey<Double> VAL_OVERLAP = key(
            "val_overlap",
            Section.RUN,
            "valOverlap",
            numberIn(0, 1, false),
            0.5,
            "F",
            "Sliding-window overlap during validation.");
    public static final ConfigKey<Integer> THREADS = key(
            "threads",
            Section.RUN,
            "threads",
            positiveInt(),
            1,
            "N",
            "PyTorch intra-op threads (part of the result: fixed per run).");
    public static final ConfigKey<Integer> EARLY_STOP = key(
            "early_stop",
            Section.RUN,
            "earlyStop",
            nonNegativeInt(),
            0,
            "N",
            "Stop after N validations without a better mean Dice, 0 = never.");
    public static final ConfigKey<Boolean> SKIP_NONFINITE = key(
            "skip_nonfinite",
            Section.RUN,
            "skipNonfinite",
            bool(),
            false,
            "BOOL",
            "Skip a batch whose loss or gradient is NaN/Inf instead of stopping.");
    public static final ConfigKey<DeviceChoice> DEVICE = auto(
            "device",
            Section.RUN,
            "device",
            device(),
            "auto|cpu|gpu[:K]",
            "Where the tensors live: cpu, gpu, gpu:K; auto: the first GPU the engine sees, else "
                    + "the CPU (config.yaml records the device used; a resumed run may use another).");

    private ConfigKeys() {}

    /** Every key, in table order. */
    public static List<ConfigKey<?>> all() {
        return List.copyOf(TABLE);
    }

    /** The key called {@code name} (snake_case, or the flag's kebab-case), if there is one. */
    public static Optional<ConfigKey<?>> find(String name) {
        String n = name.replace('-', '_');
        return TABLE.stream().filter(k -> k.name().equals(n)).findFirst();
    }

    /** {@code " (did you mean 'lr'?)"} for a misspelt key, or empty text when nothing is close. */
    public static String suggestion(String unknown) {
        String k = unknown.replace('-', '_');
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (ConfigKey<?> key : TABLE) {
            int d = editDistance(k, key.name());
            if (d < bestD) {
                bestD = d;
                best = key.name();
            }
        }
        if (bestD <= 3) {
            return " (did you mean '" + best + "'?)";
        }
        for (ConfigKey<?> key : TABLE) {
            if (k.startsWith(key.name() + "_") || key.name().startsWith(k + "_")) {
                return " (did you mean '" + key.name() + "'?)";
            }
        }
        return "";
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static <T> ConfigKey<T> key(
            String name,
            Section section,
            String component,
            ValueType<T> type,
            T defaultValue,
            String label,
            String help) {
        return add(new ConfigKey<>(name, section, component, type, defaultValue, Presence.DEFAULT, label, help, null));
    }

    /** A key added after experiments were run: at {@code neutral} it changes nothing, and run keys leave it out. */
    private static <T> ConfigKey<T> addedKey(
            String name,
            Section section,
            String component,
            ValueType<T> type,
            T defaultValue,
            T neutral,
            String label,
            String help) {
        return add(
                new ConfigKey<>(name, section, component, type, defaultValue, Presence.DEFAULT, label, help, neutral));
    }

    private static <T> ConfigKey<T> auto(
            String name, Section section, String component, ValueType<T> type, String label, String help) {
        return add(new ConfigKey<>(name, section, component, type, null, Presence.AUTO, label, help, null));
    }

    private static <T> ConfigKey<T> required(
            String name, Section section, String component, ValueType<T> type, String label, String help) {
        return add(new ConfigKey<>(name, section, component, type, null, Presence.REQUIRED, label, help, null));
    }

    private static <T> ConfigKey<T> add(ConfigKey<T> key) {
        TABLE.add(key);
        return key;
    }
}
