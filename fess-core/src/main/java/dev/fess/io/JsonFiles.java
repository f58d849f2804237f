package dev.fess.io;

import java.io.IOException;
import java.nio.file.Path;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Writes a value (maps, lists, records) as indented JSON text ending in a newline, atomically. */
public final class JsonFiles {
    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private JsonFiles() {}

    /**
     * @param file the file, replaced whole
     * @param value what Jackson can serialise; maps keep their iteration order
     * @throws IOException when the file cannot be written
     */
    public static void write(Path file, Object value) throws IOException {
        AtomicFiles.writeString(file, JSON.writeValueAsString(value) + "\n");
    }
}
