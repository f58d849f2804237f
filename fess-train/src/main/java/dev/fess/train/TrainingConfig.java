package dev.fess.train;

import dev.fess.UserInputException;
import dev.fess.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Everything that decides a training run. Read from YAML ({@link #read}) and/or set key by key from the command line
 * ({@link Builder#set}); every key has one name in both places (YAML {@code weight_decay} = CLI
 * {@code --weight-decay}). Keys whose value is {@code null} are chosen by {@link AutoConfiguration} from the dataset;
 * the fully resolved record is written to {@code RUN/config.yaml} ({@link #write}) and reruns the same training.
 *
 * @param data dataset folder
 * @param layout dataset layout name ({@code brats}, {@code msd}, {@code abdomenct}, {@code npy}) or null to detect
 * @param channels image channels to use (names as the dataset calls them), null for all
 * @param labels label mapping name ({@code brats-regions}, …), null for the layout's natural one
 * @param loss training arm: {@code dice}, {@code fess}, {@code simclr} or {@code infonce}
 * @param epochs number of epochs
 * @param iterations optimiser steps per epoch
 * @param patch patch size {D, H, W}; null = auto
 * @param batch batch size; null = auto
 * @param filters U-Net channels per level, bottleneck last
 * @param norm normalisation of the U-Net: {@code instance}, {@code batch}, {@code group}
 * @param dropout dropout rate between the convolutions of a level
 * @param embeddingDim width E of the projection heads
 * @param preset {@code none} or {@code paper} (the released code's network; overrides filters/norm/dropout)
 * @param optimizer {@code adam}, {@code adamw} or {@code sgd} (Nesterov)
 * @param lr base learning rate
 * @param weightDecay weight decay (L2 for adam/sgd, decoupled for adamw)
 * @param momentum SGD momentum
 * @param schedule {@code constant}, {@code poly} or {@code cosine}
 * @param warmup linear warm-up in optimiser steps
 * @param clipNorm maximum global gradient norm, 0 = no clipping
 * @param lambda weight of the Dice term in the composite losses
 * @param tau contrastive temperature
 * @param samplesPerClass contrastive voxel sample per class and batch (FESS)
 * @param contrastiveForm FESS contrastive term: {@code paper} (SupCon as published) or {@code bounded}
 *     ({@code (ℓ_i − log|P(i)|)/log(M−1)} per anchor, see {@code SupervisedContrastiveLoss})
 * @param lambdaWarmup steps over which the contrastive weight ramps linearly from 0 to 1 − λ (0 = none)
 * @param featureGradScale factor on the contrastive term's gradient where it enters the shared features (1 = as
 *     published, 0 = the voxel head's input detached); forward values unchanged
 * @param seed the one seed of the run
 * @param valEvery validate every N epochs (0 = never)
 * @param valOverlap sliding-window overlap during validation
 * @param threads PyTorch intra-op threads (fixed for reproducibility)
 * @param folds number of cross-validation folds
 * @param fold the fold to train
 * @param trainCases limited-data nested subset size, null for all training cases of the fold
 * @param earlyStop stop after this many validations without improvement, 0 = never
 * @param skipNonfinite skip a batch whose loss or gradient is not finite instead of stopping
 * @param targetSpacing preprocessing target spacing (x, y, z) in mm; null = dataset median
 * @param memoryBudgetMb activation-memory budget for auto patch/batch
 * @param augment whether to augment training patches
 * @param splitFile a {@code splits.json} ({@link dev.fess.dataset.Splits}) whose fold {@code fold} gives the
 *     training and validation cases (its test cases are never trained on), instead of the k-fold split; null = k-fold
 * @param cacheDir the preprocessing cache root; null = {@code <RUN parent>/.fess-cache}
 */
public record TrainingConfig(
        String data, String layout, List<String> channels, String labels, String loss,
        int epochs, int iterations, int[] patch, Integer batch,
        List<Integer> filters, String norm, float dropout, int embeddingDim, String preset,
        String optimizer, double lr, double weightDecay, double momentum, String schedule, int warmup,
        double clipNorm, double lambda, double tau, int samplesPerClass, String contrastiveForm, int lambdaWarmup,
        double featureGradScale, long seed, int valEvery, double valOverlap, int threads, int folds, int fold, Integer trainCases,
        int earlyStop, boolean skipNonfinite, double[] targetSpacing, int memoryBudgetMb,
        boolean augment, String splitFile, String cacheDir) {

    /** The training arms. */
    public static final List<String> LOSSES = List.of("dice", "fess", "simclr", "infonce");

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    /** A builder with every default set and no data or loss. */
    public static Builder builder() {
        return new Builder();
    }

    /** The YAML keys, in the order {@link #write} writes them. */
    public static Set<String> keys() {
        return new Builder().toMap().keySet();
    }

    /**
     * Reads a YAML file into a builder; unknown keys and invalid values are refused with the key's name.
     *
     * @throws UserInputException for a missing file, bad YAML, an unknown key or an invalid value
     */
    public static Builder read(Path file) {
        String source = file.getFileName().toString();
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new UserInputException(file + ": no such configuration file");
        } catch (IOException e) {
            throw new UserInputException(file + ": cannot read (" + e.getMessage() + ")");
        } catch (JacksonException e) {
            throw new UserInputException(source + ": not valid YAML (" + e.getOriginalMessage() + ")");
        }
        Builder b = new Builder();
        if (root == null || root.isNull() || root.isMissingNode()) {
            return b;
        }
        if (!root.isObject()) {
            throw new UserInputException(source + ": expected a mapping of keys to values");
        }
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            JsonNode v = e.getValue();
            String text;
            if (v.isNull()) {
                text = null;
            } else if (v.isArray()) {
                List<String> parts = new ArrayList<>();
                for (JsonNode item : v) {
                    if (!item.isValueNode()) {
                        throw new UserInputException(source + ": key '" + e.getKey() + "' expects a list of values");
                    }
                    parts.add(item.asString());
                }
                text = String.join(",", parts);
            } else if (v.isValueNode()) {
                text = v.asString();
            } else {
                throw new UserInputException(source + ": key '" + e.getKey() + "' expects a value or a list, got a mapping");
            }
            b.set(e.getKey(), text, source);
        }
        return b;
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        toMap().forEach((k, v) -> b.set(k, v == null ? null : String.valueOf(v), "config"));
        return b;
    }

    /** The keys and values, in a fixed order (YAML names). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data);
        m.put("layout", layout);
        m.put("channels", channels == null ? null : String.join(",", channels));
        m.put("labels", labels);
        m.put("loss", loss);
        m.put("epochs", epochs);
        m.put("iterations", iterations);
        m.put("patch", patch == null ? null : join(patch));
        m.put("batch", batch);
        m.put("filters", join(filters.stream().mapToInt(Integer::intValue).toArray()));
        m.put("norm", norm);
        m.put("dropout", dropout);
        m.put("embedding_dim", embeddingDim);
        m.put("preset", preset);
        m.put("optimizer", optimizer);
        m.put("lr", lr);
        m.put("weight_decay", weightDecay);
        m.put("momentum", momentum);
        m.put("schedule", schedule);
        m.put("warmup", warmup);
        m.put("clip_norm", clipNorm);
        m.put("lambda", lambda);
        m.put("tau", tau);
        m.put("samples_per_class", samplesPerClass);
        m.put("contrastive_form", contrastiveForm);
        m.put("lambda_warmup", lambdaWarmup);
        m.put("feature_grad_scale", featureGradScale);
        m.put("seed", seed);
        m.put("val_every", valEvery);
        m.put("val_overlap", valOverlap);
        m.put("threads", threads);
        m.put("folds", folds);
        m.put("fold", fold);
        m.put("train_cases", trainCases);
        m.put("early_stop", earlyStop);
        m.put("skip_nonfinite", skipNonfinite);
        m.put("target_spacing", targetSpacing == null ? null : joinDoubles(targetSpacing));
        m.put("memory_budget_mb", memoryBudgetMb);
        m.put("augment", augment);
        m.put("split_file", splitFile);
        m.put("cache_dir", cacheDir);
        return m;
    }

    /** Whether every auto key has been chosen. */
    public boolean resolved() {
        return patch != null && batch != null && targetSpacing != null && labels != null && layout != null;
    }

    /** Writes the configuration as YAML, atomically; lists are written as YAML sequences. */
    public void write(Path file) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : toMap().entrySet()) {
            Object v = e.getValue();
            if (v instanceof String s && LIST_KEYS.contains(e.getKey())) {
                v = Arrays.stream(s.split(",")).map(TrainingConfig::yamlScalar).toList();
            }
            out.put(e.getKey(), v);
        }
        String yaml = YAML.writeValueAsString(out);
        AtomicFiles.writeString(file, yaml);
    }

    private static final Set<String> LIST_KEYS = Set.of("channels", "patch", "filters", "target_spacing");

    private static Object yamlScalar(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e2) {
                return s;
            }
        }
    }

    private static String join(int[] v) {
        return String.join(",", Arrays.stream(v).mapToObj(Integer::toString).toList());
    }

    private static String joinDoubles(double[] v) {
        return String.join(",", Arrays.stream(v).mapToObj(Double::toString).toList());
    }

    /** Total optimiser steps: epochs × iterations. */
    public long totalSteps() {
        return (long) epochs * iterations;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingConfig c && toMap().equals(c.toMap());
    }

    @Override
    public int hashCode() {
        return toMap().hashCode();
    }

    @Override
    public String toString() {
        return "TrainingConfig" + toMap();
    }

    /** Mutable configuration; {@link #set} parses and validates one key from text. */
    public static final class Builder {
        String data;
        String layout;
        List<String> channels;
        String labels;
        String loss;
        int epochs = 50;
        int iterations = 100;
        int[] patch;
        Integer batch;
        List<Integer> filters = List.of(16, 32, 64, 128);
        String norm = "instance";
        float dropout = 0f;
        int embeddingDim = 64;
        String preset = "none";
        String optimizer = "adam";
        double lr = 1e-3;
        double weightDecay = 0;
        double momentum = 0.99;
        String schedule = "poly";
        int warmup = 0;
        double clipNorm = 1.0;
        double lambda = 0.5;
        double tau = 0.5;
        int samplesPerClass = 256;
        String contrastiveForm = "paper";
        int lambdaWarmup = 0;
        double featureGradScale = 1.0;
        long seed = 42;
        int valEvery = 1;
        double valOverlap = 0.5;
        int threads = 1;
        int folds = 5;
        int fold = 0;
        Integer trainCases;
        int earlyStop = 0;
        boolean skipNonfinite = false;
        double[] targetSpacing;
        int memoryBudgetMb = 2048;
        boolean augment = true;
        String splitFile;
        String cacheDir;

        private Builder() {}

        /**
         * Sets one key from text (a YAML scalar, a comma-separated list, or a command-line value). Null or
         * {@code auto} clears an auto key.
         *
         * @param key YAML name ({@code weight_decay}); the CLI spelling {@code weight-decay} is accepted too
         * @param value the text
         * @param source where the value came from, for messages ({@code run.yaml}, {@code --lr})
         */
        public Builder set(String key, String value, String source) {
            String k = key.replace('-', '_');
            String v = value == null ? null : value.trim();
            boolean auto = v == null || v.isEmpty() || v.equalsIgnoreCase("auto") || v.equalsIgnoreCase("null");
            Values p = new Values(source, key, v);
            switch (k) {
                case "data" -> data = p.required();
                case "layout" -> layout = auto ? null : p.oneOf("brats", "msd", "abdomenct", "npy");
                case "channels" -> channels = auto ? null : p.names();
                case "labels" -> labels = auto ? null : p.required();
                case "loss" -> loss = p.oneOf(LOSSES.toArray(String[]::new));
                case "epochs" -> epochs = p.positiveInt();
                case "iterations" -> iterations = p.positiveInt();
                case "patch" -> patch = auto ? null : p.patch();
                case "batch" -> batch = auto ? null : p.positiveInt();
                case "filters" -> filters = p.positiveInts();
                case "norm" -> norm = p.oneOf("instance", "batch", "group");
                case "dropout" -> dropout = (float) p.doubleIn(0, 1, false);
                case "embedding_dim" -> embeddingDim = p.positiveInt();
                case "preset" -> preset = p.oneOf("none", "paper");
                case "optimizer" -> optimizer = p.oneOf("adam", "adamw", "sgd");
                case "lr" -> lr = p.positiveDouble();
                case "weight_decay" -> weightDecay = p.nonNegativeDouble();
                case "momentum" -> momentum = p.doubleIn(0, 1, false);
                case "schedule" -> schedule = p.oneOf("constant", "poly", "cosine");
                case "warmup" -> warmup = p.nonNegativeInt();
                case "clip_norm" -> clipNorm = p.nonNegativeDouble();
                case "lambda" -> lambda = p.doubleIn(0, 1, true);
                case "tau" -> tau = p.positiveDouble();
                case "samples_per_class" -> samplesPerClass = p.positiveInt();
                case "contrastive_form" -> contrastiveForm = p.oneOf("paper", "bounded");
                case "lambda_warmup" -> lambdaWarmup = p.nonNegativeInt();
                case "feature_grad_scale" -> featureGradScale = p.doubleIn(0, 1, true);
                case "seed" -> seed = p.longValue();
                case "val_every" -> valEvery = p.nonNegativeInt();
                case "val_overlap" -> valOverlap = p.doubleIn(0, 1, false);
                case "threads" -> threads = p.positiveInt();
                case "folds" -> folds = p.positiveInt();
                case "fold" -> fold = p.nonNegativeInt();
                case "train_cases" -> trainCases = auto ? null : p.positiveInt();
                case "early_stop" -> earlyStop = p.nonNegativeInt();
                case "skip_nonfinite" -> skipNonfinite = p.bool();
                case "target_spacing" -> targetSpacing = auto ? null : p.spacing();
                case "memory_budget_mb" -> memoryBudgetMb = p.positiveInt();
                case "augment" -> augment = p.bool();
                case "split_file" -> splitFile = auto ? null : p.required();
                case "cache_dir" -> cacheDir = auto ? null : p.required();
                default -> throw new UserInputException(source + ": unknown key '" + key + "'"
                        + suggestion(k));
            }
            return this;
        }

        private static String suggestion(String k) {
            String best = null;
            int bestD = Integer.MAX_VALUE;
            for (String known : new Builder().toMapKeys()) {
                int d = editDistance(k, known);
                if (d < bestD) {
                    bestD = d;
                    best = known;
                }
            }
            if (bestD > 3) {
                for (String known : new Builder().toMapKeys()) {
                    if (k.startsWith(known + "_") || known.startsWith(k + "_")) {
                        return " (did you mean '" + known + "'?)";
                    }
                }
                return "";
            }
            return " (did you mean '" + best + "'?)";
        }

        private List<String> toMapKeys() {
            return List.copyOf(toMap().keySet());
        }

        Map<String, Object> toMap() {
            return build(false).toMap();
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

        /** Checks the keys that have no default and the relations between keys, then builds. */
        public TrainingConfig build() {
            return build(true);
        }

        private TrainingConfig build(boolean check) {
            if (check) {
                if (data == null) {
                    throw new UserInputException("no dataset: give --data DIR or 'data:' in the configuration");
                }
                if (loss == null) {
                    throw new UserInputException("no loss: give --loss " + String.join("|", LOSSES)
                            + " or 'loss:' in the configuration");
                }
                if (fold >= folds) {
                    throw new UserInputException("fold " + fold + " does not exist with folds = " + folds
                            + " (expected 0.." + (folds - 1) + ")");
                }
                if (filters.size() < 2) {
                    throw new UserInputException("filters needs at least 2 levels, got " + filters);
                }
                if (warmup > 0 && (long) warmup >= (long) epochs * iterations) {
                    throw new UserInputException("warmup " + warmup + " must be shorter than the "
                            + (long) epochs * iterations + " optimiser steps of the run");
                }
            }
            return new TrainingConfig(data, layout, channels, labels, loss, epochs, iterations,
                    patch == null ? null : patch.clone(), batch, filters, norm, dropout, embeddingDim, preset,
                    optimizer, lr, weightDecay, momentum, schedule, warmup, clipNorm, lambda, tau, samplesPerClass,
                    contrastiveForm, lambdaWarmup, featureGradScale, seed, valEvery, valOverlap, threads, folds, fold, trainCases, earlyStop, skipNonfinite,
                    targetSpacing == null ? null : targetSpacing.clone(), memoryBudgetMb, augment, splitFile, cacheDir);
        }
    }

    /** Parses one key's text with messages that name the source and key. */
    private record Values(String source, String key, String text) {
        private UserInputException bad(String expected) {
            return new UserInputException(source + ": key '" + key + "' expects " + expected + ", got '" + text + "'");
        }

        String required() {
            if (text == null || text.isEmpty()) {
                throw bad("a value");
            }
            return text;
        }

        String oneOf(String... allowed) {
            String v = required().toLowerCase(Locale.ROOT);
            for (String a : allowed) {
                if (a.equals(v)) {
                    return a;
                }
            }
            throw bad("one of " + String.join("|", allowed));
        }

        long longValue() {
            try {
                return Long.parseLong(required());
            } catch (NumberFormatException e) {
                throw bad("an integer");
            }
        }

        int positiveInt() {
            try {
                int v = Integer.parseInt(required());
                if (v > 0) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw bad("a positive integer");
        }

        int nonNegativeInt() {
            try {
                int v = Integer.parseInt(required());
                if (v >= 0) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw bad("an integer ≥ 0");
        }

        private double number(String expected) {
            try {
                double v = Double.parseDouble(required());
                if (Double.isFinite(v)) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw bad(expected);
        }

        double positiveDouble() {
            double v = number("a number > 0");
            if (v > 0) {
                return v;
            }
            throw bad("a number > 0");
        }

        double nonNegativeDouble() {
            double v = number("a number ≥ 0");
            if (v >= 0) {
                return v;
            }
            throw bad("a number ≥ 0");
        }

        double doubleIn(double lo, double hi, boolean hiInclusive) {
            String expected = "a number in [" + lo + ", " + hi + (hiInclusive ? "]" : ")");
            double v = number(expected);
            if (v >= lo && (hiInclusive ? v <= hi : v < hi)) {
                return v;
            }
            throw bad(expected);
        }

        boolean bool() {
            String v = required().toLowerCase(Locale.ROOT);
            return switch (v) {
                case "true", "yes", "on", "1" -> true;
                case "false", "no", "off", "0" -> false;
                default -> throw bad("true or false");
            };
        }

        List<String> names() {
            List<String> out = new ArrayList<>();
            for (String s : required().split(",")) {
                if (s.isBlank()) {
                    throw bad("comma-separated names");
                }
                out.add(s.trim().toLowerCase(Locale.ROOT));
            }
            return List.copyOf(out);
        }

        List<Integer> positiveInts() {
            List<Integer> out = new ArrayList<>();
            try {
                for (String s : required().split(",")) {
                    int v = Integer.parseInt(s.trim());
                    if (v <= 0) {
                        throw bad("comma-separated positive integers");
                    }
                    out.add(v);
                }
            } catch (NumberFormatException e) {
                throw bad("comma-separated positive integers");
            }
            return List.copyOf(out);
        }

        int[] patch() {
            List<Integer> v;
            try {
                v = positiveInts();
            } catch (UserInputException e) {
                throw bad("a size S or D,H,W of positive integers");
            }
            if (v.size() == 1) {
                return new int[] {v.get(0), v.get(0), v.get(0)};
            }
            if (v.size() != 3) {
                throw bad("a size S or D,H,W of positive integers");
            }
            return new int[] {v.get(0), v.get(1), v.get(2)};
        }

        double[] spacing() {
            String[] parts = required().split(",");
            if (parts.length != 3) {
                throw bad("three spacings x,y,z in mm");
            }
            double[] s = new double[3];
            try {
                for (int i = 0; i < 3; i++) {
                    s[i] = Double.parseDouble(parts[i].trim());
                    if (!(s[i] > 0) || !Double.isFinite(s[i])) {
                        throw bad("three spacings x,y,z in mm, each > 0");
                    }
                }
            } catch (NumberFormatException e) {
                throw bad("three spacings x,y,z in mm");
            }
            return s;
        }
    }
}
