package dev.fess.cli;

import dev.fess.realdata.RealSources;
import dev.fess.realdata.RealTask;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code fess realdata list}: the tasks, their Debian package and whether its files are installed. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "Lists the real-data tasks, their classes, defaults and whether their Debian package is "
                + "installed.")
public final class RealDataListCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RealSources sources = RealSources.debian();
        for (RealTask t : RealTask.values()) {
            out.printf(
                    "%-20s %-20s %-4s %4.1f mm  grid %-6s %-13s %s%n",
                    t.cliName(),
                    t.debianPackage(),
                    t.channel(),
                    t.defaultSpacing(),
                    t.defaultGrid(),
                    sources.missing(t).isEmpty() ? "installed" : "not installed",
                    String.join(", ", t.labelNames().values()));
        }
        out.flush();
        return 0;
    }
}
