package dev.fess.experiment;

import dev.fess.UserInputException;
import dev.fess.config.TrainingConfig;
import dev.fess.config.YamlTree;
import dev.fess.dataset.DatasetSource;
import dev.fess.dataset.Datasets;
import dev.fess.loss.Arm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Reads an experiment spec from YAML, refusing unknown keys and bad values with the key's path. */
final class SpecParser {
    static final List<String> TOP_KEYS = List.of(
            "name",
            "datasets",
            "arms",
            "sizes",
            "seeds",
            "lambdas",
            "taus",
            "folds",
            "sweep_seeds",
            "training",
            "predict");
    static final List<String> DATASET_KEYS = List.of(
            "name", "path", "sources", "layout", "channels", "labels", "test_fraction", "val_fraction", "split_seed");
    static final List<String> SOURCE_KEYS = List.of("name", "path", "layout");
    static final List<String> PREDICT_KEYS = List.of("overlap", "tta");
    /** The training keys the experiment decides per run; a spec may not set them in {@code training}. */
    static final Set<String> RESERVED_TRAINING_KEYS = Set.of(
            "data",
            "layout",
            "channels",
            "labels",
            "loss",
            "seed",
            "split_file",
            "train_cases",
            "cache_dir",
            "folds",
            "fold");

    static final List<String> LAYOUTS = List.of("brats", "msd", "abdomenct", "npy");
    static final List<Integer> DEFAULT_SEEDS = List.of(1, 2, 3);
    static final double DEFAULT_TEST_FRACTION = 0.2;
    static final long DEFAULT_SPLIT_SEED = 42;
    private static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]*";

    private final String source;

    private SpecParser(String source) {
        this.source = source;
    }

    static ExperimentSpec parse(String yaml, String source, Path baseDir) {
        return new SpecParser(source).parse(yaml, baseDir);
    }

    private UserInputException error(String where, String what) {
        return new UserInputException(source + ": " + (where.isEmpty() ? "" : where + ": ") + what);
    }

    private ExperimentSpec parse(String yaml, Path baseDir) {
        JsonNode root = YamlTree.parse(yaml, source);
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw error("", "empty spec (expected keys: " + String.join(", ", TOP_KEYS) + ")");
        }
        if (!root.isObject()) {
            throw error("", "expected a mapping of keys (" + String.join(", ", TOP_KEYS) + "), got " + kind(root));
        }
        checkKeys(root, "", TOP_KEYS);
        String name = name(require(root, "name", ""), "name");
        JsonNode ds = require(root, "datasets", "");
        if (!ds.isArray() || ds.isEmpty()) {
            throw error("datasets", "expected a non-empty list of datasets, got " + kind(ds));
        }
        List<DatasetEntry> datasets = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ds.size(); i++) {
            DatasetEntry d = dataset(ds.get(i), "datasets[" + i + "]", baseDir);
            if (!names.add(d.name())) {
                throw error("datasets[" + i + "].name", "duplicate dataset name '" + d.name() + "'");
            }
            datasets.add(d);
        }
        List<Arm> arms = new ArrayList<>();
        for (JsonNode a : list(require(root, "arms", ""), "arms", false)) {
            if (!a.isString()) {
                throw error("arms", "expected arm names (" + Arm.keys() + "), got " + kind(a));
            }
            arms.add(Arm.of(a.asString(), source + ": arms"));
        }
        ExperimentSpec.unique(arms, source + ": arms");
        List<TrainingSize> sizes = new ArrayList<>();
        for (JsonNode s : list(require(root, "sizes", ""), "sizes", false)) {
            if (!(s.isString() || s.isIntegralNumber())) {
                throw error(
                        "sizes",
                        "expected a number of training cases, a percentage like '50%' or 'all', got " + kind(s));
            }
            sizes.add(TrainingSize.parse(s.asString(), source + ": sizes"));
        }
        List<Integer> seeds = DEFAULT_SEEDS;
        if (root.has("seeds")) {
            seeds = new ArrayList<>();
            for (JsonNode s : list(root.get("seeds"), "seeds", false)) {
                if (!s.isIntegralNumber() || !s.canConvertToInt()) {
                    throw error("seeds", "expected integers, got " + kind(s));
                }
                seeds.add(s.intValue());
            }
            ExperimentSpec.unique(seeds, source + ": seeds");
        }
        List<Integer> sweepSeeds = seeds;
        if (root.has("sweep_seeds")) {
            sweepSeeds = new ArrayList<>();
            for (JsonNode s : list(root.get("sweep_seeds"), "sweep_seeds", false)) {
                if (!s.isIntegralNumber() || !s.canConvertToInt() || !seeds.contains(s.intValue())) {
                    throw error("sweep_seeds", "expected seeds listed in 'seeds' " + seeds + ", got " + s);
                }
                sweepSeeds.add(s.intValue());
            }
            ExperimentSpec.unique(sweepSeeds, source + ": sweep_seeds");
        }
        int folds = 1;
        if (root.has("folds") && !root.get("folds").isNull()) {
            JsonNode f = root.get("folds");
            if (!f.isIntegralNumber() || !f.canConvertToInt() || f.intValue() < 2) {
                throw error("folds", "expected a number of cross-validation folds ≥ 2, got " + kind(f));
            }
            folds = f.intValue();
            for (int i = 0; i < datasets.size(); i++) {
                if (datasets.get(i).valFraction() > 0) {
                    throw error(
                            "datasets[" + i + "].val_fraction",
                            "with folds the validation cases are each" + " fold's; leave val_fraction out (got "
                                    + datasets.get(i).valFraction() + ")");
                }
            }
        }
        List<Double> lambdas = numbers(root, "lambdas", 0, 1, true);
        List<Double> taus = numbers(root, "taus", 0, Double.POSITIVE_INFINITY, false);
        Map<String, Object> training = new LinkedHashMap<>();
        if (root.has("training") && !root.get("training").isNull()) {
            JsonNode t = root.get("training");
            if (!t.isObject()) {
                throw error("training", "expected a mapping of training options, got " + kind(t));
            }
            TrainingConfig.Builder check = TrainingConfig.builder();
            for (Map.Entry<String, JsonNode> e : t.properties()) {
                if (RESERVED_TRAINING_KEYS.contains(e.getKey().replace('-', '_'))) {
                    throw error(
                            "training",
                            "key '" + e.getKey() + "' is set by the experiment (datasets, arms,"
                                    + " seeds, sizes), not in 'training'");
                }
                check.set(
                        e.getKey(),
                        TrainingConfig.yamlText(e.getValue(), source + ": training", e.getKey()),
                        source + ": training");
                training.put(e.getKey(), plain(e.getValue()));
            }
        }
        PredictOptions predict = PredictOptions.DEFAULT;
        if (root.has("predict") && !root.get("predict").isNull()) {
            JsonNode p = root.get("predict");
            if (!p.isObject()) {
                throw error("predict", "expected a mapping with overlap, tta; got " + kind(p));
            }
            checkKeys(p, "predict", PREDICT_KEYS);
            double overlap = predict.overlap();
            if (p.has("overlap")) {
                overlap = number(p.get("overlap"), "predict.overlap");
                if (!(overlap >= 0 && overlap < 1)) {
                    throw error("predict.overlap", "expected a number in [0, 1), got " + overlap);
                }
            }
            boolean tta = predict.tta();
            if (p.has("tta")) {
                if (!p.get("tta").isBoolean()) {
                    throw error("predict.tta", "expected true or false, got " + kind(p.get("tta")));
                }
                tta = p.get("tta").booleanValue();
            }
            predict = new PredictOptions(overlap, tta);
        }
        return new ExperimentSpec(
                name, datasets, arms, sizes, seeds, lambdas, taus, folds, sweepSeeds, training, predict);
    }

    private DatasetEntry dataset(JsonNode n, String where, Path baseDir) {
        if (!n.isObject()) {
            throw error(where, "expected a mapping with keys " + String.join(", ", DATASET_KEYS) + ", got " + kind(n));
        }
        checkKeys(n, where, DATASET_KEYS);
        String name = name(require(n, "name", where), where + ".name");
        Path path = null;
        String layout = null;
        List<DatasetSource> sources = new ArrayList<>();
        if (n.has("sources")) {
            if (n.has("path") || n.has("layout")) {
                throw error(
                        where,
                        "give either 'path' (one folder) or 'sources' (several), not both;"
                                + " a source has its own layout");
            }
            List<JsonNode> l = list(n.get("sources"), where + ".sources", false);
            if (l.size() < 2) {
                throw error(where + ".sources", "a combined dataset needs at least two sources, got " + l.size());
            }
            Set<String> names = new HashSet<>();
            for (int i = 0; i < l.size(); i++) {
                DatasetSource src = source(l.get(i), where + ".sources[" + i + "]", baseDir);
                if (!names.add(src.name())) {
                    throw error(where + ".sources[" + i + "].name", "duplicate source name '" + src.name() + "'");
                }
                sources.add(src);
            }
        } else {
            path = folder(require(n, "path", where), where + ".path", baseDir);
            layout = layout(n, where);
        }
        List<String> channels = new ArrayList<>();
        if (n.has("channels") && !n.get("channels").isNull()) {
            for (JsonNode c : list(n.get("channels"), where + ".channels", false)) {
                if (!c.isString()) {
                    throw error(where + ".channels", "expected channel names like flair, got " + kind(c));
                }
                channels.add(c.asString());
            }
        }
        JsonNode l = require(n, "labels", where);
        if (!l.isString() || !l.asString().matches("[a-z0-9-]+")) {
            throw error(
                    where + ".labels",
                    "expected a label mapping name such as brats-whole-tumour, brats-regions," + " abdomen-organs; got "
                            + (l.isString() ? "'" + l.asString() + "'" : kind(l)));
        }
        double test = n.has("test_fraction")
                ? number(n.get("test_fraction"), where + ".test_fraction")
                : DEFAULT_TEST_FRACTION;
        if (!(test > 0 && test < 1)) {
            throw error(where + ".test_fraction", "expected a number in (0, 1), got " + test);
        }
        double val = n.has("val_fraction") ? number(n.get("val_fraction"), where + ".val_fraction") : 0;
        if (!(val >= 0 && val < 1 && test + val < 1)) {
            throw error(
                    where + ".val_fraction",
                    "expected a number in [0, 1) with test_fraction + val_fraction < 1," + " got " + val);
        }
        long splitSeed = DEFAULT_SPLIT_SEED;
        if (n.has("split_seed")) {
            JsonNode s = n.get("split_seed");
            if (!s.isIntegralNumber()) {
                throw error(where + ".split_seed", "expected an integer, got " + kind(s));
            }
            splitSeed = s.longValue();
        }
        return new DatasetEntry(name, path, layout, sources, channels, l.asString(), test, val, splitSeed);
    }

    private DatasetSource source(JsonNode n, String where, Path baseDir) {
        if (!n.isObject()) {
            throw error(where, "expected a mapping with keys " + String.join(", ", SOURCE_KEYS) + ", got " + kind(n));
        }
        checkKeys(n, where, SOURCE_KEYS);
        String name = name(require(n, "name", where), where + ".name");
        Path path = folder(require(n, "path", where), where + ".path", baseDir);
        String layout = layout(n, where);
        return new DatasetSource(name, path, layout == null ? null : Datasets.layoutByName(layout));
    }

    private Path folder(JsonNode p, String where, Path baseDir) {
        if (!p.isString() || p.asString().isBlank()) {
            throw error(where, "expected a folder path, got " + kind(p));
        }
        return baseDir == null
                ? Path.of(p.asString())
                : baseDir.resolve(p.asString()).normalize();
    }

    private String layout(JsonNode n, String where) {
        if (!n.has("layout") || n.get("layout").isNull()) {
            return null;
        }
        String layout = n.get("layout").asString("").toLowerCase(Locale.ROOT);
        if (!LAYOUTS.contains(layout)) {
            throw error(
                    where + ".layout",
                    "expected one of " + String.join(", ", LAYOUTS) + ", got '"
                            + n.get("layout").asString("") + "'");
        }
        return layout;
    }

    private List<Double> numbers(JsonNode root, String key, double min, double max, boolean minInclusive) {
        List<Double> out = new ArrayList<>();
        if (!root.has(key) || root.get(key).isNull()) {
            return out;
        }
        for (JsonNode v : list(root.get(key), key, false)) {
            double d = number(v, key);
            boolean ok = (minInclusive ? d >= min : d > min) && d <= max;
            if (!ok) {
                throw error(
                        key,
                        "expected numbers in " + (minInclusive ? "[" : "(") + min + ", "
                                + (Double.isInfinite(max) ? "∞)" : max + "]") + ", got " + d);
            }
            out.add(d);
        }
        ExperimentSpec.unique(out, source + ": " + key);
        return out;
    }

    private double number(JsonNode v, String where) {
        if (!v.isNumber()) {
            throw error(where, "expected a number, got " + kind(v));
        }
        return v.doubleValue();
    }

    private String name(JsonNode v, String where) {
        if (!v.isString() || !v.asString().matches(NAME_PATTERN)) {
            throw error(
                    where,
                    "expected a name of letters, digits, '.', '_' or '-' that starts with a letter or digit, got "
                            + (v.isString() ? "'" + v.asString() + "'" : kind(v)));
        }
        return v.asString();
    }

    private JsonNode require(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            throw error(where, "missing key '" + key + "'");
        }
        return v;
    }

    private List<JsonNode> list(JsonNode n, String where, boolean allowEmpty) {
        if (!n.isArray()) {
            throw error(where, "expected a list, got " + kind(n));
        }
        if (n.isEmpty() && !allowEmpty) {
            throw error(where, "expected a non-empty list");
        }
        List<JsonNode> l = new ArrayList<>();
        n.forEach(l::add);
        return l;
    }

    private void checkKeys(JsonNode n, String where, List<String> allowed) {
        for (String k : n.propertyNames()) {
            if (!allowed.contains(k)) {
                throw error(where, "unknown key '" + k + "' (expected one of: " + String.join(", ", allowed) + ")");
            }
        }
    }

    private static Object plain(JsonNode v) {
        if (v.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                m.put(e.getKey(), plain(e.getValue()));
            }
            return m;
        }
        if (v.isArray()) {
            List<Object> l = new ArrayList<>();
            v.forEach(x -> l.add(plain(x)));
            return l;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToInt() ? (Object) v.intValue() : (Object) v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isNull()) {
            return null;
        }
        return v.asString();
    }

    private static String kind(JsonNode n) {
        if (n.isObject()) {
            return "a mapping";
        }
        if (n.isArray()) {
            return "a list";
        }
        if (n.isString()) {
            return "'" + n.asString() + "'";
        }
        return n.toString();
    }
}
