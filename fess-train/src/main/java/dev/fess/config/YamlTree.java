package dev.fess.config;

import dev.fess.UserInputException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads user YAML (configurations, experiment specs) into a tree, refusing bad YAML and repeated keys. */
public final class YamlTree {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate (?:Object )?property \"([^\"]*)\"");

    private YamlTree() {}

    /**
     * @param yaml the text
     * @param source the file's name, for messages
     * @return the root node (null or a missing node for an empty document)
     * @throws UserInputException {@code source: line N: key 'k' is given twice} or {@code source: not valid YAML: …}
     */
    public static JsonNode parse(String yaml, String source) {
        try {
            return YAML.readTree(yaml);
        } catch (JacksonException e) {
            String m = e.getOriginalMessage() == null ? String.valueOf(e.getMessage()) : e.getOriginalMessage();
            Matcher d = DUPLICATE.matcher(m);
            if (d.find()) {
                TokenStreamLocation at = e.getLocation();
                String line = at == null || at.getLineNr() < 1 ? "" : " line " + at.getLineNr() + ":";
                throw new UserInputException(source + ":" + line + " key '" + d.group(1) + "' is given twice", e);
            }
            throw new UserInputException(
                    source + ": not valid YAML: " + m.lines().findFirst().orElse(""), e);
        }
    }

    /** The YAML writer of configuration files. */
    static YAMLMapper mapper() {
        return YAML;
    }
}
