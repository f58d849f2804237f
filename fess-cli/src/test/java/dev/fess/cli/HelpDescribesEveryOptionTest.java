package dev.fess.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/** Issue 13: the {@code --help} of every command of {@code fess} describes every option and positional. */
class HelpDescribesEveryOptionTest {

    static List<String> undescribed(CommandLine root) {
        List<String> missing = new ArrayList<>();
        walk(root, missing);
        return missing;
    }

    private static void walk(CommandLine cl, List<String> missing) {
        CommandSpec spec = cl.getCommandSpec();
        List<ArgSpec> args = new ArrayList<>(spec.options());
        args.addAll(spec.positionalParameters());
        for (ArgSpec a : args) {
            boolean described = Arrays.stream(a.description()).anyMatch(d -> !d.isBlank());
            if (!described && !a.hidden()) {
                missing.add(spec.qualifiedName() + " " + a.paramLabel() + " " + a);
            }
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().parent() == spec) {
                walk(sub, missing);
            }
        }
    }

    @Test
    void everyOptionOfEveryFessCommandHasADescription() {
        CommandLine root = FessMain.commandLine();
        assertThat(root.getSubcommands()).containsKeys("train", "predict", "experiment", "realdata");
        assertThat(undescribed(root)).isEmpty();
    }
}
