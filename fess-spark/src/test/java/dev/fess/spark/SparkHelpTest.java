package dev.fess.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

/** Issue 13: the {@code --help} of every {@code fess spark} command describes every option and positional. */
class SparkHelpTest {

    @Test
    void everyOptionOfEverySparkCommandHasADescription() {
        List<String> missing = new ArrayList<>();
        List<CommandLine> todo = new ArrayList<>(List.of(SparkMain.commandLine()));
        while (!todo.isEmpty()) {
            CommandLine cl = todo.remove(todo.size() - 1);
            Stream.concat(cl.getCommandSpec().options().stream(), cl.getCommandSpec().positionalParameters().stream())
                    .filter(a -> !a.hidden() && String.join("", a.description()).isBlank())
                    .map(ArgSpec::paramLabel)
                    .forEach(label -> missing.add(cl.getCommandSpec().qualifiedName() + " " + label));
            cl.getSubcommands().values().stream()
                    .filter(sub -> sub.getCommandSpec().parent() == cl.getCommandSpec())
                    .forEach(todo::add);
        }
        assertThat(SparkMain.commandLine().getSubcommands()).containsKeys("predict", "evaluate", "experiment");
        assertThat(missing).isEmpty();
    }
}
