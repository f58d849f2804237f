package dev.fess.cli;

import static dev.fess.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fess doctor}, and DJL's documented way to run a libtorch of the user's: the CPU natives of the Maven build
 * unpacked into a folder and loaded, in a child JVM, through PYTORCH_LIBRARY_PATH / PYTORCH_VERSION /
 * PYTORCH_FLAVOR — the same path a CUDA libtorch takes.
 */
class DoctorCommandTest {
    @TempDir
    Path tmp;

    @Test
    void reportsTheMavenNativesByDefault() {
        CliRun r = run("doctor");
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains("libtorch from:        Maven natives")
                .contains("libtorch flavor:      cpu")
                .contains("GPUs:                 0")
                .contains("devices:              cpu")
                .contains("--device auto:        cpu")
                .contains("no GPU because:       the loaded libtorch is a CPU build");
    }

    @Test
    void loadsLibtorchFromTheFolderThatPytorchLibraryPathNames() throws Exception {
        Path libtorch = unpackCpuNatives(tmp.resolve("libtorch"));
        List<String> cmd = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "-cp",
                System.getProperty("java.class.path"),
                FessMain.class.getName(),
                "doctor");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("doctor.log").toFile());
        pb.environment().put("PYTORCH_LIBRARY_PATH", libtorch.toString());
        pb.environment().put("PYTORCH_VERSION", "2.7.1");
        pb.environment().put("PYTORCH_FLAVOR", "cpu");
        pb.environment().put("DJL_CACHE_DIR", tmp.resolve("djl-cache").toString()); // the JNI glue goes here
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(tmp.resolve("doctor.log"));
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out)
                .contains("libtorch:             " + libtorch + "\n")
                .contains("libtorch from:        PYTORCH_LIBRARY_PATH")
                .contains("libtorch flavor:      cpu")
                .contains("PYTORCH_LIBRARY_PATH: " + libtorch)
                .contains("PYTORCH_VERSION:      2.7.1")
                .contains("engine:               PyTorch 2.7.1")
                .contains("--device auto:        cpu");
        try (Stream<Path> s = Files.walk(tmp.resolve("djl-cache"))) {
            assertThat(s.map(f -> f.getFileName().toString())).contains("0.36.0-libdjl_torch.so");
        }
    }

    /** Unpacks {@code pytorch/cpu/linux-x86_64/*} of the pytorch-native-cpu jar on the class path. */
    private static Path unpackCpuNatives(Path dir) throws IOException {
        String jar = null;
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.contains("pytorch-native-cpu")) {
                jar = e;
            }
        }
        assertThat(jar).as("pytorch-native-cpu on the test class path").isNotNull();
        Files.createDirectories(dir);
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar)) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry z = entries.nextElement();
                String prefix = "pytorch/cpu/linux-x86_64/";
                if (!z.isDirectory() && z.getName().startsWith(prefix)) {
                    String name = z.getName().substring(prefix.length());
                    try (InputStream in = zip.getInputStream(z)) {
                        Files.copy(in, dir.resolve(name));
                    }
                    names.add(name);
                }
            }
        }
        assertThat(names).contains("libtorch.so", "libtorch_cpu.so", "libc10.so");
        return dir;
    }
}
