package dev.fess.config;

import dev.fess.train.DeviceChoice;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How one configuration key's value is read from text (a YAML scalar, a YAML list joined by commas, or a
 * command-line value), checked, and written back to YAML.
 *
 * @param <T> the Java type of the value (the type of its record component)
 * @param javaType that type, checked against the record component when the key table is loaded
 * @param expected what a valid value looks like, for messages and {@code --help} ({@code a positive integer})
 * @param parse text → value, or null when the text is not a valid value
 * @param yaml value → what {@code config.yaml} holds (a scalar, or a list for list values)
 */
public record ValueType<T>(Class<?> javaType, String expected, Function<String, T> parse, Function<T, Object> yaml) {

    /** The value of {@code text}, or null when it is not valid. */
    public T read(String text) {
        try {
            return parse.apply(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A value as YAML writes it. */
    public Object toYaml(T value) {
        return value == null ? null : yaml.apply(value);
    }

    /** This type with a further condition (e.g. a range), described by {@code expected}. */
    public ValueType<T> where(Predicate<T> condition, String expected) {
        Function<String, T> p = parse;
        return new ValueType<>(
                javaType,
                expected,
                s -> {
                    T v = p.apply(s);
                    return v != null && condition.test(v) ? v : null;
                },
                yaml);
    }

    /** Non-empty text. */
    public static ValueType<String> text() {
        return new ValueType<>(String.class, "a value", s -> s.isEmpty() ? null : s, s -> s);
    }

    /** A file or folder path. */
    public static ValueType<Path> path() {
        return new ValueType<>(Path.class, "a path", s -> s.isEmpty() ? null : Path.of(s), Path::toString);
    }

    /** An integer. */
    public static ValueType<Integer> integer() {
        return new ValueType<>(Integer.class, "an integer", Integer::valueOf, v -> v);
    }

    /** An integer > 0. */
    public static ValueType<Integer> positiveInt() {
        return integer().where(v -> v > 0, "a positive integer");
    }

    /** An integer ≥ 0. */
    public static ValueType<Integer> nonNegativeInt() {
        return integer().where(v -> v >= 0, "an integer ≥ 0");
    }

    /** A 64-bit integer. */
    public static ValueType<Long> longInt() {
        return new ValueType<>(Long.class, "an integer", Long::valueOf, v -> v);
    }

    /** A finite number. */
    public static ValueType<Double> number() {
        return new ValueType<>(
                Double.class,
                "a number",
                s -> {
                    double v = Double.parseDouble(s);
                    return Double.isFinite(v) ? v : null;
                },
                v -> v);
    }

    /** A number > 0. */
    public static ValueType<Double> positiveNumber() {
        return number().where(v -> v > 0, "a number > 0");
    }

    /** A number ≥ 0. */
    public static ValueType<Double> nonNegativeNumber() {
        return number().where(v -> v >= 0, "a number ≥ 0");
    }

    /** A number in [lo, hi] or [lo, hi). */
    public static ValueType<Double> numberIn(double lo, double hi, boolean hiInclusive) {
        return number().where(
                        v -> v >= lo && (hiInclusive ? v <= hi : v < hi),
                        "a number in [" + lo + ", " + hi + (hiInclusive ? "]" : ")"));
    }

    /** true/yes/on/1 or false/no/off/0. */
    public static ValueType<Boolean> bool() {
        return new ValueType<>(
                Boolean.class,
                "true or false",
                s -> switch (s.toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "on", "1" -> true;
                    case "false", "no", "off", "0" -> false;
                    default -> null;
                },
                v -> v);
    }

    /** One of an enum's constants, written in lower case ({@code LEAKY_RELU} ↔ {@code leaky_relu}). */
    public static <E extends Enum<E>> ValueType<E> oneOf(Class<E> type) {
        E[] all = type.getEnumConstants();
        String names =
                String.join("|", Arrays.stream(all).map(ValueType::enumName).toList());
        return new ValueType<>(
                type,
                "one of " + names,
                s -> {
                    for (E e : all) {
                        if (enumName(e).equalsIgnoreCase(s)) {
                            return e;
                        }
                    }
                    return null;
                },
                ValueType::enumName);
    }

    /** A device choice: {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:K} ({@link DeviceChoice}). */
    public static ValueType<DeviceChoice> device() {
        return new ValueType<>(
                DeviceChoice.class,
                "auto, cpu, gpu or gpu:K",
                s -> DeviceChoice.parse(s, "device"),
                DeviceChoice::toString);
    }

    /** The name of an enum constant in configurations. */
    public static String enumName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** Comma-separated names, stored in lower case. */
    public static ValueType<List<String>> names() {
        return new ValueType<>(
                List.class,
                "comma-separated names",
                s -> parts(s, p -> p.isEmpty() ? null : p.toLowerCase(Locale.ROOT)),
                v -> v);
    }

    /** Comma-separated integers > 0. */
    public static ValueType<List<Integer>> positiveInts() {
        return new ValueType<>(
                List.class,
                "comma-separated positive integers",
                s -> parts(s, p -> Integer.parseInt(p) > 0 ? Integer.valueOf(p) : null),
                v -> v);
    }

    /** Comma-separated finite numbers ≥ 0. */
    public static ValueType<List<Double>> nonNegativeNumbers() {
        return new ValueType<>(
                List.class,
                "comma-separated numbers ≥ 0",
                s -> parts(s, p -> {
                    double d = Double.parseDouble(p);
                    return d >= 0 && Double.isFinite(d) ? d : null;
                }),
                v -> v);
    }

    /** A size {@code S} (cube) or {@code D,H,W}, each a positive integer; always three values. */
    public static ValueType<List<Integer>> size3() {
        return new ValueType<>(
                List.class,
                "a size S or D,H,W of positive integers",
                s -> {
                    List<Integer> v = positiveInts().parse().apply(s);
                    if (v == null || (v.size() != 1 && v.size() != 3)) {
                        return null;
                    }
                    return v.size() == 1 ? List.of(v.get(0), v.get(0), v.get(0)) : v;
                },
                v -> v);
    }

    /** Three spacings {@code x,y,z} in mm, each > 0. */
    public static ValueType<List<Double>> spacing() {
        return new ValueType<>(
                List.class,
                "three spacings x,y,z in mm, each > 0",
                s -> {
                    List<Double> v = parts(s, p -> {
                        double d = Double.parseDouble(p);
                        return d > 0 && Double.isFinite(d) ? d : null;
                    });
                    return v != null && v.size() == 3 ? v : null;
                },
                v -> v);
    }

    private static <E> List<E> parts(String s, Function<String, E> one) {
        List<E> out = new ArrayList<>();
        for (String p : s.split(",", -1)) {
            E e = one.apply(p.trim());
            if (e == null) {
                return null;
            }
            out.add(e);
        }
        return List.copyOf(out);
    }
}
