package dev.fess.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.cuda.CudaUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the deep-learning engine of this process is running on: which libtorch (folder, version, flavour, and
 * whether it came from {@code PYTORCH_LIBRARY_PATH} or from the Maven natives), the devices it sees, the CUDA
 * runtime and cuDNN it was built with, and — when no GPU is used — why.
 *
 * <p>DJL's rule (its {@code LibUtils}): with {@code PYTORCH_LIBRARY_PATH} (environment variable or system
 * property) naming a folder that holds {@code libtorch.so}, that folder is loaded instead of the bundled natives;
 * {@code PYTORCH_VERSION} and {@code PYTORCH_FLAVOR} (e.g. {@code 2.7.1}, {@code cu128}) then say what it is,
 * which picks the JNI glue {@code jnilib/<platform>/<flavor>/libdjl_torch.so} from the {@code pytorch-jni} jar
 * (this build has {@code cpu} and {@code cu128} for linux-x86_64).
 */
public record EngineDiagnosis(
        String engine,
        String engineVersion,
        String libtorchPath,
        String source,
        String flavor,
        Map<String, String> variables,
        List<String> capabilities,
        int gpuCount,
        List<String> devices,
        String cudaRuntime,
        List<String> cudnnLibraries,
        String autoDevice,
        List<String> whyNoGpu) {

    /** DJL's cache folder of unpacked natives: {@code <version>[-<build date>]-<flavor>-<os>-<arch>}. */
    private static final Pattern CACHE_FOLDER =
            Pattern.compile("\\d+\\.\\d+\\.\\d+(?:-\\d{8})?-(.+)-(?:linux|osx|win)-[a-z0-9_]+");

    /** The variables DJL reads to find a libtorch of the user's. */
    public static final List<String> VARIABLES = List.of("PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR");

    /** Loads the engine (if not yet) and describes it. */
    public static EngineDiagnosis ofThisProcess() {
        Engine engine = Engine.getInstance();
        Map<String, String> vars = new TreeMap<>();
        for (String v : VARIABLES) {
            String value = System.getenv(v) != null ? System.getenv(v) : System.getProperty(v);
            vars.put(v, value == null ? "(not set)" : value);
        }
        String path = LibUtils.getLibtorchPath();
        boolean override = !vars.get("PYTORCH_LIBRARY_PATH").equals("(not set)");
        String source =
                override ? "PYTORCH_LIBRARY_PATH" : "Maven natives (pytorch-native-cpu), unpacked to the DJL cache";
        String flavor = flavorOf(vars.get("PYTORCH_FLAVOR"), Path.of(path));
        List<String> caps = new ArrayList<>();
        for (String c : List.of(
                StandardCapabilities.CUDA,
                StandardCapabilities.CUDNN,
                StandardCapabilities.MKL,
                StandardCapabilities.MKLDNN,
                StandardCapabilities.OPENMP)) {
            if (engine.hasCapability(c)) {
                caps.add(c);
            }
        }
        int gpus = engine.getGpuCount();
        List<String> devices = new ArrayList<>();
        for (Device d : engine.getDevices()) {
            devices.add(DeviceChoice.name(d));
        }
        String cuda = cudaRuntimeVersion();
        List<String> cudnn = cudnnLibraries(Path.of(path));
        List<String> why = whyNoGpu(caps.contains(StandardCapabilities.CUDA), cuda != null, gpus, flavor);
        return new EngineDiagnosis(
                engine.getEngineName(),
                engine.getVersion(),
                path,
                source,
                flavor,
                vars,
                caps,
                gpus,
                devices,
                cuda,
                cudnn,
                DeviceChoice.name(DeviceChoice.AUTO.resolve(gpus)),
                why);
    }

    /**
     * The reasons no GPU is used, in the order to fix them; empty when a GPU is available.
     *
     * @param cudaBuild the libtorch was built with CUDA (engine capability {@code CUDA})
     * @param cudaRuntime a CUDA runtime library ({@code libcudart}) could be loaded
     * @param gpus GPUs the engine sees
     */
    static List<String> whyNoGpu(boolean cudaBuild, boolean cudaRuntime, int gpus, String flavor) {
        List<String> why = new ArrayList<>();
        if (gpus > 0) {
            return why;
        }
        if (!cudaBuild) {
            why.add("the loaded libtorch is a CPU build (flavor " + flavor + "): point PYTORCH_LIBRARY_PATH at the "
                    + "lib/ folder of a CUDA libtorch 2.7.1 and set PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cu128 "
                    + "(docs/gpu.md)");
            return why;
        }
        if (!cudaRuntime) {
            why.add("libtorch was built with CUDA but no CUDA runtime (libcudart) could be loaded: add the CUDA "
                    + "libraries to LD_LIBRARY_PATH");
        } else {
            why.add("the CUDA runtime sees no GPU (no device, or a driver older than the runtime; see nvidia-smi)");
        }
        return why;
    }

    /** The version of the CUDA runtime DJL loaded ({@code libcudart} through JNA), e.g. {@code 12.8}, or null. */
    private static String cudaRuntimeVersion() {
        try {
            int v = CudaUtils.getCudaVersion();
            return v / 1000 + "." + (v / 10) % 100;
        } catch (RuntimeException e) {
            return null; // no libcudart could be loaded
        }
    }

    /** The flavour: PYTORCH_FLAVOR when set, else read from DJL's cache folder name {@code <ver>-<flavor>-<os>}. */
    static String flavorOf(String variable, Path libtorch) {
        if (variable != null && !variable.equals("(not set)") && !variable.isBlank()) {
            return variable;
        }
        Path name = libtorch.getFileName();
        Matcher m = CACHE_FOLDER.matcher(name == null ? "" : name.toString());
        return m.matches() ? m.group(1) : "unknown";
    }

    private static List<String> cudnnLibraries(Path dir) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("libcudnn"))
                    .sorted()
                    .forEach(found::add);
        } catch (IOException e) {
            // an unreadable folder has no cuDNN to report
        }
        return found;
    }

    /** A plain-text report, one fact per line; the device choice is named as the setting {@code device}. */
    public String format() {
        return format("device");
    }

    /**
     * A plain-text report, one fact per line.
     *
     * @param deviceSetting how the reader names the device setting ({@code device}; the CLI writes its flag)
     * @return the report
     */
    public String format(String deviceSetting) {
        StringBuilder sb = new StringBuilder();
        line(sb, "engine", engine + " " + engineVersion + " (DJL " + Engine.getDjlVersion() + ")");
        line(sb, "libtorch", libtorchPath);
        line(sb, "libtorch from", source);
        line(sb, "libtorch flavor", flavor);
        variables.forEach((k, v) -> line(sb, k, v));
        line(sb, "capabilities", capabilities.isEmpty() ? "(none)" : String.join(", ", capabilities));
        line(sb, "GPUs", Integer.toString(gpuCount));
        line(sb, "devices", String.join(", ", devices));
        line(sb, "CUDA runtime", cudaRuntime == null ? "not loaded" : cudaRuntime);
        line(
                sb,
                "cuDNN",
                capabilities.contains(StandardCapabilities.CUDNN)
                        ? "built in" + (cudnnLibraries.isEmpty() ? "" : " (" + String.join(", ", cudnnLibraries) + ")")
                        : "not in this build"
                                + (cudnnLibraries.isEmpty()
                                        ? ""
                                        : " (" + String.join(", ", cudnnLibraries) + " present)"));
        line(sb, deviceSetting + " auto", autoDevice);
        for (String w : whyNoGpu) {
            line(sb, "no GPU because", w);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(String.format(Locale.ROOT, "%-21s %s%n", key + ":", value));
    }
}
