package dev.fess.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** A command that only groups others prints its usage when called alone ({@link CommandGroup}). */
class CommandGroupTest {

    @ParameterizedTest
    @CsvSource({
        "'', Usage: fess , synth",
        "dataset, Usage: fess dataset , combine",
        "realdata, Usage: fess realdata , install"
    })
    void aGroupAlonePrintsItsUsageAndExitsZero(String command, String usage, String subcommand) {
        CommandLine cl = FessMain.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = command.isEmpty() ? cl.execute() : cl.execute(command);
        assertThat(code).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString()).startsWith(usage.strip() + " ").contains(subcommand);
    }
}
