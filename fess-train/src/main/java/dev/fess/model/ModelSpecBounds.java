package dev.fess.model;

import dev.fess.UserInputException;
import java.nio.file.Path;
import java.util.List;

/**
 * The sizes fess accepts in a checkpoint's {@code model.json}, checked before a model is built so that a damaged or
 * crafted file cannot make libtorch allocate what no trained fess model needs:
 * <ul>
 *   <li>{@code unet.inChannels} 1 … {@value #MAX_IN_CHANNELS}, {@code unet.classes} 1 … {@value #MAX_CLASSES}
 *       (class indices are bytes);</li>
 *   <li>{@code unet.filters}: {@value #MIN_LEVELS} … {@value #MAX_LEVELS} levels of 1 … {@value #MAX_FILTERS}
 *       channels; {@code unet.groups} 1 … {@value #MAX_FILTERS};</li>
 *   <li>{@code embeddingDim} and {@code headHidden} 1 … {@value #MAX_FILTERS}.</li>
 * </ul>
 * And against the parameter file: every level l holds a 3×3×3 convolution from {@code filters[l]} to
 * {@code filters[l]} channels, so the parameters take at least {@code 4 · 27 · Σ filters[l]²} bytes; a parameter
 * file smaller than that does not belong to the spec (checked from the file size, before anything is allocated).
 */
public final class ModelSpecBounds {
    /** Largest number of input channels. */
    public static final int MAX_IN_CHANNELS = 64;
    /** Largest number of classes (class indices are stored as bytes). */
    public static final int MAX_CLASSES = 127;
    /** Fewest U-Net levels. */
    public static final int MIN_LEVELS = 2;
    /** Most U-Net levels. */
    public static final int MAX_LEVELS = 8;
    /** Largest channel count of a level, a norm group count or a head width. */
    public static final int MAX_FILTERS = 4096;

    private ModelSpecBounds() {}

    /**
     * @param spec a parsed spec
     * @param file the file it came from (named in the message)
     * @throws UserInputException naming the file and the key of the first value out of bounds
     */
    public static void check(ModelSpec spec, Path file) {
        UNet3d.Config u = spec.unet();
        within(file, "unet.inChannels", u.inChannels(), 1, MAX_IN_CHANNELS);
        within(file, "unet.classes", u.classes(), 1, MAX_CLASSES);
        List<Integer> f = u.filters();
        if (f.size() < MIN_LEVELS || f.size() > MAX_LEVELS) {
            throw new UserInputException(
                    file + ": unet.filters has " + f.size() + " levels, expected " + MIN_LEVELS + " … " + MAX_LEVELS);
        }
        for (int c : f) {
            if (c < 1 || c > MAX_FILTERS) {
                throw new UserInputException(
                        file + ": unet.filters " + f + " expects 1 … " + MAX_FILTERS + " channels per level");
            }
        }
        within(file, "unet.groups", u.groups(), 1, MAX_FILTERS);
        within(file, "embeddingDim", spec.embeddingDim(), 1, MAX_FILTERS);
        within(file, "headHidden", spec.headHidden(), 1, MAX_FILTERS);
    }

    /**
     * @param spec a spec within {@link #check}'s bounds
     * @param specFile its file (named in the message)
     * @param paramsFile the parameter file
     * @param paramsBytes its size
     * @throws UserInputException when the file is smaller than the parameters the spec implies
     */
    public static void checkAgainstParameterFile(ModelSpec spec, Path specFile, Path paramsFile, long paramsBytes) {
        long least = minimumParameterBytes(spec);
        if (paramsBytes < least) {
            throw new UserInputException(
                    specFile + ": unet.filters " + spec.unet().filters() + " need at least "
                            + least + " bytes of parameters, " + paramsFile + " has " + paramsBytes
                            + " (the files do not belong together, or the parameter file is truncated)");
        }
    }

    /** {@code 4 · 27 · Σ filters[l]²}: the float32 weights of one 3×3×3 convolution per level. */
    static long minimumParameterBytes(ModelSpec spec) {
        long floats = 0;
        for (int c : spec.unet().filters()) {
            floats += 27L * c * c;
        }
        return 4 * floats;
    }

    private static void within(Path file, String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new UserInputException(file + ": " + key + " is " + value + ", expected " + min + " … " + max);
        }
    }
}
