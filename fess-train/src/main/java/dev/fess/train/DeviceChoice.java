package dev.fess.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.fess.UserInputException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the tensors of a training or a prediction live: {@code auto} (the engine's first GPU when it sees one,
 * else the CPU), {@code cpu}, {@code gpu} (= {@code gpu:0}) or {@code gpu:k}. Parsing is separate from resolving so
 * that the rule can be checked against any GPU count; {@link #resolve()} asks the engine.
 *
 * <p>For {@code fess experiment run --parallel N}, {@link #forSlot} spreads the runs over the GPUs: the run in
 * worker slot s (0 ≤ s &lt; N) gets {@code gpu:(s mod G)} when the choice is {@code auto} or {@code gpu} without an
 * index and the engine sees G &gt; 0 GPUs; an explicit {@code gpu:k} or {@code cpu} is the same for every slot.
 */
public record DeviceChoice(Kind kind, int index) {
    private static final Pattern GPU = Pattern.compile("gpu(?::(\\d+))?");

    /** What the user asked for. */
    public enum Kind {
        AUTO,
        CPU,
        GPU
    }

    /** No index given ({@code auto}, {@code cpu}, {@code gpu}). */
    public static final int ANY = -1;

    public static final DeviceChoice AUTO = new DeviceChoice(Kind.AUTO, ANY);
    public static final DeviceChoice CPU = new DeviceChoice(Kind.CPU, ANY);

    /**
     * @param text {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:k} (case-insensitive)
     * @param option the option or key named in the error message
     * @throws UserInputException for anything else
     */
    public static DeviceChoice parse(String text, String option) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("auto")) {
            return AUTO;
        }
        if (t.equals("cpu")) {
            return CPU;
        }
        Matcher m = GPU.matcher(t);
        if (m.matches()) {
            return new DeviceChoice(Kind.GPU, m.group(1) == null ? ANY : Integer.parseInt(m.group(1)));
        }
        throw new UserInputException(option + " expects auto, cpu, gpu or gpu:K, got '" + text + "'");
    }

    /**
     * The device for this choice when the engine sees {@code gpuCount} GPUs.
     *
     * @throws UserInputException when a GPU is asked for and there is none (or not that one)
     */
    public Device resolve(int gpuCount) {
        return switch (kind) {
            case CPU -> Device.cpu();
            case AUTO -> gpuCount > 0 ? Device.gpu(0) : Device.cpu();
            case GPU -> {
                int k = index == ANY ? 0 : index;
                if (k >= gpuCount) {
                    throw UserInputException.ofSetting(
                            "device",
                            "device " + this + ": the engine sees " + gpuCount + " GPU(s)"
                                    + (gpuCount == 0
                                            ? " (see `fess doctor` for why)"
                                            : ", numbered 0.." + (gpuCount - 1)));
                }
                yield Device.gpu(k);
            }
        };
    }

    /** The device on this machine ({@link Engine#getGpuCount()} GPUs). */
    public Device resolve() {
        return resolve(Engine.getInstance().getGpuCount());
    }

    /**
     * The choice for the run in worker slot {@code slot} of a parallel experiment when the engine sees
     * {@code gpuCount} GPUs: {@code gpu:(slot mod gpuCount)} for {@code auto} and {@code gpu}, unchanged otherwise.
     */
    public DeviceChoice forSlot(int slot, int gpuCount) {
        if (slot < 0) {
            throw new IllegalArgumentException("slot must be ≥ 0, got " + slot);
        }
        boolean spread = kind == Kind.AUTO || (kind == Kind.GPU && index == ANY);
        if (!spread || gpuCount <= 0) {
            return this;
        }
        return new DeviceChoice(Kind.GPU, slot % gpuCount);
    }

    /** The text of a DJL device: {@code cpu} or {@code gpu:k}. */
    public static String name(Device d) {
        return d.isGpu() ? "gpu:" + d.getDeviceId() : "cpu";
    }

    @Override
    public String toString() {
        return switch (kind) {
            case AUTO -> "auto";
            case CPU -> "cpu";
            case GPU -> index == ANY ? "gpu" : "gpu:" + index;
        };
    }
}
