package dev.fess.dataset;

import java.nio.file.Path;

/**
 * One folder of a combined dataset ({@link DatasetCombination}).
 *
 * @param name short name, used as the prefix of its case ids ({@code <name>-<case id>}); letters, digits,
 *     {@code . _ -}
 * @param path the dataset folder
 * @param layout its layout, or null to detect it
 */
public record DatasetSource(String name, Path path, Layout layout) {
    public DatasetSource {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("source name '" + name + "': letters, digits, '.', '_' or '-' only");
        }
        path = path.toAbsolutePath().normalize();
    }
}
