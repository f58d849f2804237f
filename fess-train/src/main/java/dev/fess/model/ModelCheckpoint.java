package dev.fess.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.fess.UserInputException;
import dev.fess.io.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;

/**
 * A checkpoint directory that alone rebuilds a {@link SegmentationModel}:
 * <ul>
 *   <li>{@value #SPEC_FILE}: the {@link ModelSpec} as JSON;</li>
 *   <li>{@value #PARAMS_FILE}: the parameters in DJL's block format ({@code Block.saveParameters}), float32 or
 *       whatever type the model holds.</li>
 * </ul>
 * Writing is atomic at the directory level: both files go into {@code <dir>.tmp}, which is then renamed to
 * {@code dir}; an existing {@code dir} is first renamed to {@code <dir>.old} and deleted after the swap, so a
 * crash leaves either the old or the new checkpoint complete (plus a stray {@code .tmp}/{@code .old}).
 */
public final class ModelCheckpoint {

    /** Name of the hyper-parameter file. */
    public static final String SPEC_FILE = "model.json";
    /** Name of the parameter file. */
    public static final String PARAMS_FILE = "model.params";

    private ModelCheckpoint() {}

    /**
     * Saves a model.
     *
     * @param dir checkpoint directory (created or replaced)
     * @param model an initialised model
     * @throws IOException on write failure
     */
    public static void save(Path dir, SegmentationModel model) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        Path old = target.resolveSibling(target.getFileName() + ".old");
        Files.createDirectories(target.getParent());
        Path tmp = Files.createDirectory(AtomicFiles.temporarySibling(target)); // new, never through a link
        Files.writeString(tmp.resolve(SPEC_FILE), model.getSpec().toJson(), StandardCharsets.UTF_8);
        try (DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp.resolve(PARAMS_FILE))))) {
            model.saveParameters(out);
        }
        deleteRecursively(old);
        if (Files.exists(target)) {
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        deleteRecursively(old);
    }

    /**
     * Reads the hyper-parameters of a checkpoint and checks them against {@link ModelSpecBounds}.
     *
     * @param dir checkpoint directory
     * @return the spec
     * @throws IOException if the file cannot be read
     * @throws UserInputException naming the file (and the key) when it is not a valid spec within the bounds
     */
    public static ModelSpec readSpec(Path dir) throws IOException {
        Path file = dir.resolve(SPEC_FILE);
        ModelSpec spec;
        try {
            spec = ModelSpec.fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw new UserInputException(file + ": not a valid model description: " + reason(e), e);
        }
        ModelSpecBounds.check(spec, file);
        return spec;
    }

    /**
     * Rebuilds a model from a checkpoint directory. Before anything is allocated, the spec is checked against
     * {@link ModelSpecBounds} and against the size of the parameter file (which must hold at least the
     * parameters the spec implies).
     *
     * @param dir checkpoint directory written by {@link #save}
     * @param manager manager that will own the parameters
     * @return the model with its saved parameters
     * @throws IOException if a file is missing or unreadable
     * @throws UserInputException naming the file when the spec is invalid or the parameter file is truncated,
     *     corrupt or does not match the spec
     */
    public static SegmentationModel load(Path dir, NDManager manager) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "not a checkpoint directory");
        }
        ModelSpec spec = readSpec(dir);
        Path params = dir.resolve(PARAMS_FILE);
        ModelSpecBounds.checkAgainstParameterFile(spec, dir.resolve(SPEC_FILE), params, Files.size(params));
        SegmentationModel model = SegmentationModel.of(spec);
        model.initialize(manager, DataType.FLOAT32);
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (var pair : model.getParameters()) {
            shapes.put(pair.getKey(), pair.getValue().getArray().getShape());
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(params)))) {
            model.loadParameters(manager, in);
        } catch (EOFException e) {
            throw new UserInputException(params + ": truncated or corrupt parameter file (it ends early)", e);
        } catch (MalformedModelException | IOException | RuntimeException e) {
            throw new UserInputException(params + ": truncated or corrupt parameter file (" + firstLine(e) + ")", e);
        }
        for (var pair : model.getParameters()) {
            Shape loaded = pair.getValue().getArray().getShape();
            if (!loaded.equals(shapes.get(pair.getKey()))) {
                throw new UserInputException(params + ": parameter " + pair.getKey() + " has shape " + loaded + ", "
                        + SPEC_FILE + " implies " + shapes.get(pair.getKey()));
            }
        }
        // Loaded arrays carry no autograd flag; restore it so training can resume from the checkpoint.
        for (var pair : model.getParameters()) {
            if (pair.getValue().requiresGradient()) {
                pair.getValue().getArray().setRequiresGradient(true);
            }
        }
        return model;
    }

    /** What a JSON error means: the validation message of a value, else Jackson's own first line. */
    private static String reason(JacksonException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException) {
                return firstLine(t);
            }
        }
        return e.getOriginalMessage() == null
                ? firstLine(e)
                : e.getOriginalMessage().lines().findFirst().orElse("");
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.lines().findFirst().orElse("").strip();
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
