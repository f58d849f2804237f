package dev.fess.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code fess spark} and {@code fess spark experiment} alone print their usage (no Spark session is started). */
class SparkCommandGroupTest {

    @ParameterizedTest
    @CsvSource({"'', Usage: fess spark, evaluate", "experiment, Usage: fess spark experiment, run"})
    void aGroupAlonePrintsItsUsage(String command, String usage, String subcommand) {
        Cli r = command.isEmpty() ? Cli.spark() : Cli.spark(command);
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith(usage + " ").contains(subcommand);
    }
}
