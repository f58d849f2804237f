package dev.fess.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of the {@code fess} command line with its exit code and captured output. */
record CliRun(int code, String out, String err) {
    static CliRun run(String... args) {
        return run(FessMain.commandLine(), args);
    }

    /** A run of {@code fess experiment} with another run executor (a test double). */
    static CliRun run(ExperimentCommand.Executors executors, String... args) {
        return run(FessMain.commandLine(executors), args);
    }

    private static CliRun run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
