package dev.fess.config;

import dev.fess.UserInputException;
import dev.fess.io.AtomicFiles;
import dev.fess.model.ModelSpecBounds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Everything that decides a training run, as typed records by concern. Every key is one row of {@link ConfigKeys}
 * and has one name in YAML and on the command line (YAML {@code weight_decay} = flag {@code --weight-decay}). Read
 * from YAML ({@link #read}), set key by key from text ({@link Builder#set(String, String, String)}) or typed
 * ({@link Builder#set(ConfigKey, Object, String)}); keys left {@code auto} (null) are chosen from the dataset, and the
 * fully resolved configuration is written to {@code RUN/config.yaml} ({@link #write}) and reruns the same training.
 *
 * @param data dataset, split, patches and preprocessing
 * @param model the network
 * @param optimisation epochs, optimiser, learning rate
 * @param loss the arm and its λ, τ
 * @param run seed, validation, threads, stopping
 */
public record TrainingConfig(
        DataConfig data, ModelConfig model, OptimisationConfig optimisation, LossConfig loss, RunConfig run) {

    /** A builder with every default set and nothing required given. */
    public static Builder builder() {
        return new Builder();
    }

    /** The YAML keys, in the order {@link #write} writes them. */
    public static Set<String> keys() {
        return ConfigKeys.all().stream().map(ConfigKey::name).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /**
     * Reads a YAML file into a builder; unknown and duplicate keys and invalid values are refused with the file's
     * name and the key.
     *
     * @throws UserInputException for a missing file, bad YAML, an unknown or repeated key or an invalid value
     */
    public static Builder read(Path file) {
        String source = file.getFileName().toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserInputException(file + ": no such configuration file");
        } catch (IOException e) {
            throw new UserInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
        return parse(text, source);
    }

    /** As {@link #read}, from YAML text; {@code source} names it in messages. */
    public static Builder parse(String yaml, String source) {
        JsonNode root = YamlTree.parse(yaml, source);
        Builder b = new Builder();
        if (root == null || root.isNull() || root.isMissingNode()) {
            return b;
        }
        if (!root.isObject()) {
            throw new UserInputException(source + ": expected a mapping of keys to values");
        }
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            b.set(e.getKey(), yamlText(e.getValue(), source, e.getKey()), source);
        }
        return b;
    }

    /**
     * The text of a YAML value as {@link Builder#set(String, String, String)} reads it: a scalar as is, a list
     * joined by commas, null as null.
     *
     * @throws UserInputException for a mapping or a list of lists
     */
    public static String yamlText(JsonNode v, String source, String key) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode item : v) {
                if (!item.isValueNode()) {
                    throw new UserInputException(source + ": key '" + key + "' expects a list of values");
                }
                parts.add(item.asString());
            }
            return String.join(",", parts);
        }
        if (!v.isValueNode()) {
            throw new UserInputException(source + ": key '" + key + "' expects a value or a list, got a mapping");
        }
        return v.asString();
    }

    /** The value of one key. */
    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        return (T) key.section().get(section(key.section()), key);
    }

    private Record section(Section s) {
        return switch (s) {
            case DATA -> data;
            case MODEL -> model;
            case OPTIMISATION -> optimisation;
            case LOSS -> loss;
            case RUN -> run;
        };
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        for (ConfigKey<?> k : ConfigKeys.all()) {
            b.values.put(k, get(k));
        }
        return b;
    }

    /** The keys and their YAML values (lists as lists, enums by name), in table order. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (ConfigKey<?> k : ConfigKeys.all()) {
            m.put(k.name(), yamlValue(k));
        }
        return m;
    }

    private <T> Object yamlValue(ConfigKey<T> k) {
        return k.type().toYaml(get(k));
    }

    /** Whether every auto key has been chosen. */
    public boolean resolved() {
        return ConfigKeys.all().stream()
                .filter(ConfigKey::auto)
                .filter(k -> k != ConfigKeys.TRAIN_CASES && k != ConfigKeys.SPLIT_FILE && k != ConfigKeys.CACHE_DIR)
                .allMatch(k -> get(k) != null);
    }

    /** Writes the configuration as YAML (every key), atomically. */
    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, YamlTree.mapper().writeValueAsString(toMap()));
    }

    /**
     * Mutable configuration: defaults, then values set from YAML, flags or auto-configuration. Each value remembers
     * where it came from ({@code run.yaml}, {@code --lr}, {@code auto}) for the messages of {@link #build()}.
     */
    public static final class Builder {
        private final Map<ConfigKey<?>, Object> values = new HashMap<>();
        private final Map<ConfigKey<?>, String> sources = new HashMap<>();

        private Builder() {
            for (ConfigKey<?> k : ConfigKeys.all()) {
                values.put(k, k.defaultValue());
            }
        }

        /**
         * Sets one key from text (a YAML scalar, a comma-separated list, or a command-line value). Null, empty,
         * {@code auto} or {@code null} text clears an auto key.
         *
         * @param key YAML name ({@code weight_decay}); the flag's spelling {@code weight-decay} is accepted too
         * @param text the value
         * @param source where the value came from, for messages ({@code run.yaml}, {@code --lr})
         * @throws UserInputException naming the source and key for an unknown key or an invalid value
         */
        public Builder set(String key, String text, String source) {
            ConfigKey<?> k = ConfigKeys.find(key)
                    .orElseThrow(() -> new UserInputException(
                            source + ": unknown key '" + key + "'" + ConfigKeys.suggestion(key)));
            return setText(k, key, text, source);
        }

        private <T> Builder setText(ConfigKey<T> k, String spelledAs, String text, String source) {
            String v = text == null ? null : text.strip();
            boolean auto = v == null || v.isEmpty() || v.equalsIgnoreCase("auto") || v.equalsIgnoreCase("null");
            if (auto && k.auto()) {
                return set(k, null, source);
            }
            if (v == null && k.presence() == ConfigKey.Presence.REQUIRED) {
                values.put(k, null); // left open, as in a plan's config.yaml without an arm
                sources.put(k, source);
                return this;
            }
            T value = auto ? null : k.type().read(v);
            if (value == null) {
                throw new UserInputException(source + ": key '" + spelledAs + "' expects "
                        + k.type().expected() + ", got '" + (v == null ? "" : v) + "'");
            }
            return set(k, value, source);
        }

        /**
         * Sets one key to a typed value (auto-configuration, experiments, tests).
         *
         * @param value the value; null only for an auto key (then it is chosen from the data)
         * @param source where the value came from, for messages
         */
        public <T> Builder set(ConfigKey<T> key, T value, String source) {
            if (value == null && !key.auto()) {
                throw new IllegalArgumentException("key '" + key.name() + "' cannot be null");
            }
            values.put(key, value);
            sources.put(key, source);
            return this;
        }

        /** The value of a key so far. */
        @SuppressWarnings("unchecked")
        public <T> T get(ConfigKey<T> key) {
            return (T) values.get(key);
        }

        /** Where a key's value came from, or null when it is the default. */
        public String source(ConfigKey<?> key) {
            return sources.get(key);
        }

        /**
         * Checks the keys that have no default and the relations between keys, then builds.
         *
         * @throws UserInputException naming the setting and where it came from
         */
        public TrainingConfig build() {
            return build(false);
        }

        /**
         * As {@link #build()}, for planning a run ({@code fess plan}): the arm ({@code loss}) may still be open.
         *
         * @throws UserInputException naming the setting and where it came from
         */
        public TrainingConfig buildForPlanning() {
            return build(true);
        }

        private TrainingConfig build(boolean planning) {
            for (ConfigKey<?> k : ConfigKeys.all()) {
                if (planning && k == ConfigKeys.LOSS) {
                    continue;
                }
                if (k.presence() == ConfigKey.Presence.REQUIRED && values.get(k) == null) {
                    throw new UserInputException("no " + k.name() + ": the setting '" + k.name() + "' is required ("
                            + k.type().expected() + ")");
                }
            }
            int folds = get(ConfigKeys.FOLDS);
            int fold = get(ConfigKeys.FOLD);
            if (fold >= folds) {
                throw new UserInputException(at(ConfigKeys.FOLD) + "fold " + fold + " does not exist with folds = "
                        + folds + " (expected 0.." + (folds - 1) + ")");
            }
            List<Integer> filters = get(ConfigKeys.FILTERS);
            if (filters.size() < 2) {
                throw new UserInputException(
                        at(ConfigKeys.FILTERS) + "filters needs at least 2 levels, got " + filters);
            }
            if (filters.size() > ModelSpecBounds.MAX_LEVELS
                    || filters.stream().anyMatch(f -> f > ModelSpecBounds.MAX_FILTERS)) {
                throw new UserInputException(at(ConfigKeys.FILTERS) + "filters " + filters + " exceed the model's"
                        + " bounds (at most " + ModelSpecBounds.MAX_LEVELS + " levels of at most "
                        + ModelSpecBounds.MAX_FILTERS + " channels; a checkpoint beyond them could not be loaded)");
            }
            long steps = (long) get(ConfigKeys.EPOCHS) * get(ConfigKeys.ITERATIONS);
            int warmup = get(ConfigKeys.WARMUP);
            if (warmup > 0 && warmup >= steps) {
                throw new UserInputException(at(ConfigKeys.WARMUP) + "warmup " + warmup + " must be shorter than the "
                        + steps + " optimiser steps of the run");
            }
            TrainingConfig c = new TrainingConfig(
                    (DataConfig) Section.DATA.build(values::get),
                    (ModelConfig) Section.MODEL.build(values::get),
                    (OptimisationConfig) Section.OPTIMISATION.build(values::get),
                    (LossConfig) Section.LOSS.build(values::get),
                    (RunConfig) Section.RUN.build(values::get));
            List<Integer> patch = c.data().patch();
            int levels = c.model().unet(1, 1).filters().size();
            int multiple = 1 << (levels - 1);
            if (patch != null && patch.stream().anyMatch(s -> s % multiple != 0)) {
                throw new UserInputException(at(ConfigKeys.PATCH) + "patch "
                        + ConfigKeys.PATCH.type().toYaml(patch) + ": every size must be a multiple of " + multiple
                        + " for a U-Net of " + levels + " levels");
            }
            if (c.model().featureLevel() >= levels) {
                throw new UserInputException(at(ConfigKeys.FEATURE_LEVEL) + "feature_level "
                        + c.model().featureLevel() + " must be below the U-Net's " + levels + " levels");
            }
            if (c.model().deepSupervision() && levels < 3) {
                throw new UserInputException(at(ConfigKeys.DEEP_SUPERVISION) + "deep_supervision needs a U-Net of at"
                        + " least 3 levels (it supervises levels 1 … levels−2), this one has " + levels);
            }
            return c;
        }

        private String at(ConfigKey<?> key) {
            String s = sources.get(key);
            return s == null ? "" : s + ": ";
        }
    }
}
