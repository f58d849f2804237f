package dev.fess.spark;

import dev.fess.cli.FessMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of {@code fess} or {@code fess spark} with its exit code and captured output. */
record Cli(int code, String out, String err) {
    static Cli fess(String... args) {
        return run(FessMain.commandLine(), args);
    }

    static Cli spark(String... args) {
        return run(SparkMain.commandLine(), args);
    }

    private static Cli run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Cli(code, out.toString(), err.toString());
    }
}
