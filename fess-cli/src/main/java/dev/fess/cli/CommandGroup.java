package dev.fess.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code fess}, {@code fess dataset}, {@code fess spark} …): called
 * without one, it prints its usage to standard output.
 */
public abstract class CommandGroup implements Runnable {
    @Spec
    private CommandSpec spec;

    /** Prints this command's usage (its subcommands and options). */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
