package dev.fess.cli;

import dev.fess.train.EngineDiagnosis;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fess doctor}: which libtorch this process loads, which devices it sees, and why no GPU is used. */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description = {
            "Shows the deep-learning engine fess runs on: the libtorch folder, version and flavor (and "
                    + "whether PYTORCH_LIBRARY_PATH chose it), the devices, the CUDA runtime and cuDNN, what --device "
                    + "auto picks, and why no GPU is used. See docs/gpu.md."
        })
public final class DoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("fess " + FessMain.Version.version() + " on Java " + System.getProperty("java.version"));
        out.print(EngineDiagnosis.ofThisProcess().format("--device"));
        out.flush();
        return 0;
    }
}
