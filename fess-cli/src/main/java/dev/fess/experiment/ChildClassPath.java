package dev.fess.experiment;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The class path a child JVM needs to run a class of this process: {@code java.class.path} plus the jars of the
 * class loaders that loaded the class (a Spark executor loads the application jar with its own class loader, so
 * {@code java.class.path} alone would miss fess there).
 */
final class ChildClassPath {
    private ChildClassPath() {}

    static String of(Class<?> main) {
        Set<String> entries = new LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                entries.add(e);
            }
        }
        for (ClassLoader l = main.getClassLoader(); l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    if ("file".equals(url.getProtocol())) {
                        try {
                            entries.add(Path.of(url.toURI()).toString());
                        } catch (URISyntaxException | IllegalArgumentException e) {
                            // not a local file: a child JVM could not use it either
                        }
                    }
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
