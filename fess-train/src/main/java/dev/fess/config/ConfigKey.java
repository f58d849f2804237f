package dev.fess.config;

import java.util.stream.StreamSupport;

/**
 * One row of the key table ({@link ConfigKeys}): a setting's YAML name, the record component that holds it, its
 * type and validation, default and help text. The same row drives YAML reading and writing, {@code config.yaml},
 * validation messages and the generated command-line option {@link #flag()}.
 *
 * @param <T> the value's Java type (that of the record component)
 * @param name YAML name in snake_case ({@code weight_decay}); the flag is its kebab-case ({@code --weight-decay})
 * @param section the record that holds the value
 * @param component the record component's name ({@code weightDecay})
 * @param type parsing, validation and YAML form of the value
 * @param defaultValue the value when nothing sets the key; null for an auto or a required key
 * @param presence whether the key has a default, is chosen from the data when left open, or must be given
 * @param label the value's placeholder in {@code --help} ({@code N}, {@code DIR})
 * @param help one sentence for {@code --help} and docs/training.md
 * @param neutral the value at which the key changes nothing, i.e. fess behaves as before the key existed, or null
 *     when there is none; an experiment's run key leaves the key out at that value, so adding the key does not make
 *     finished runs look different
 */
public record ConfigKey<T>(
        String name,
        Section section,
        String component,
        ValueType<T> type,
        T defaultValue,
        Presence presence,
        String label,
        String help,
        T neutral) {

    /** Whether a key may stay unset. */
    public enum Presence {
        /** Has a default value. */
        DEFAULT,
        /** Null means "chosen from the data" ({@code auto}); resolved by auto-configuration. */
        AUTO,
        /** No default: a run cannot start without it. */
        REQUIRED
    }

    /** True when {@code value} is this key's {@link #neutral} value. */
    public boolean isNeutral(Object value) {
        return neutral != null && neutral.equals(value);
    }

    /** The command-line flag: {@code --} and the name in kebab-case. */
    public String flag() {
        return "--" + name.replace('_', '-');
    }

    /** True when null means "chosen from the data". */
    public boolean auto() {
        return presence == Presence.AUTO;
    }

    /** The default as {@code --help} and the docs show it: the YAML form, {@code auto} or {@code required}. */
    public String defaultText() {
        return switch (presence) {
            case AUTO -> "auto";
            case REQUIRED -> "required";
            case DEFAULT -> {
                Object v = type.toYaml(defaultValue);
                yield v instanceof Iterable<?> l
                        ? String.join(
                                ",",
                                StreamSupport.stream(l.spliterator(), false)
                                        .map(String::valueOf)
                                        .toList())
                        : String.valueOf(v);
            }
        };
    }

    /** The {@code --help} description: the help text, what a valid value is, and the default. */
    public String description() {
        String when = switch (presence) {
            case AUTO -> "auto when not given";
            case REQUIRED -> "required";
            case DEFAULT -> "default " + defaultText();
        };
        return help + " Expects " + type.expected() + "; " + when + ".";
    }
}
