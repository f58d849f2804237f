package dev.fess.cli;

import dev.fess.UserInputException;
import dev.fess.config.ConfigKey;
import dev.fess.config.ConfigKeys;
import dev.fess.config.TrainingConfig;
import java.util.function.Predicate;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The command-line options of the configuration keys, generated from {@link ConfigKeys}: one option per key, named
 * by its flag ({@code weight_decay} → {@code --weight-decay}) and described by its help text, valid values and
 * default. Boolean keys work as switches ({@code --skip-nonfinite}) and take an explicit value
 * ({@code --augment=false}).
 */
final class ConfigOptions implements CommandLine.IModelTransformer {

    /** Adds every key's option to the command (picocli calls this when it builds the command's model). */
    @Override
    public CommandSpec transform(CommandSpec spec) {
        for (ConfigKey<?> k : ConfigKeys.all()) {
            boolean bool = Boolean.class.equals(k.type().javaType());
            OptionSpec.Builder o = OptionSpec.builder(k.flag())
                    .paramLabel(k.label())
                    .type(String.class)
                    .description(k.description());
            if (bool) {
                o.arity("0..1").fallbackValue("true");
            }
            spec.addOption(o.build());
        }
        return spec;
    }

    /**
     * Sets every key whose option was given on the command line.
     *
     * @param allowed which keys may be given; for a refused key the message is {@code refusal}
     * @throws UserInputException naming the flag for a refused key or an invalid value
     */
    static void apply(
            ParseResult parsed, TrainingConfig.Builder builder, Predicate<ConfigKey<?>> allowed, String refusal) {
        for (ConfigKey<?> k : ConfigKeys.all()) {
            OptionSpec o = parsed.matchedOption(k.flag());
            if (o == null) {
                continue;
            }
            if (!allowed.test(k)) {
                throw new UserInputException(k.flag() + ": " + refusal);
            }
            builder.set(k.name(), o.getValue(), k.flag());
        }
    }
}
