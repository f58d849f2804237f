package dev.fess.experiment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The key of a run: {@code sha256:<64 hex>} = SHA-256 of the UTF-8 bytes of the run's resolved configuration written
 * as canonical JSON (map keys sorted at every level, no white space, numbers as Jackson writes them). It depends on
 * nothing but the configuration's values, so two JVMs (or two fess versions that resolve the same configuration)
 * give the same key; a finished run is reused only while its stored key equals the key of the run the spec asks for.
 */
public final class RunKey {
    /** Incremented when what the configuration holds changes meaning, so that old keys never match by accident. */
    public static final int VERSION = 1;

    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private RunKey() {}

    /** The configuration as plain JSON values (maps with sorted keys, lists, strings, numbers, booleans, null). */
    public static Map<String, Object> normalise(Map<String, ?> configuration) {
        return CANONICAL.readValue(canonicalJson(configuration), MAP);
    }

    /** The canonical JSON text of a configuration (keys sorted at every level, no white space). */
    public static String canonicalJson(Map<String, ?> configuration) {
        return CANONICAL.writeValueAsString(new TreeMap<>(configuration));
    }

    /** {@code sha256:} and the SHA-256 (lower-case hex) of {@link #canonicalJson}. */
    public static String of(Map<String, ?> configuration) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonicalJson(configuration).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

    /**
     * The leaves of a configuration by dotted path ({@code training.epochs}), each as its canonical JSON text
     * (strings without quotes); lists are leaves. Used to name what differs between two configurations.
     */
    public static Map<String, String> flatten(Map<String, ?> configuration) {
        Map<String, String> out = new TreeMap<>();
        flatten("", normalise(configuration), out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object value, Map<String, String> out) {
        if (value instanceof Map<?, ?> m && !m.isEmpty()) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (value instanceof String s) {
            out.put(prefix, s);
        } else if (value instanceof List<?> || value instanceof Map<?, ?>) {
            out.put(prefix, CANONICAL.writeValueAsString(value));
        } else {
            out.put(prefix, String.valueOf(value));
        }
    }
}
