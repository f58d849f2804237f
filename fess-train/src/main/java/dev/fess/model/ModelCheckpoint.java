package dev.fess.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.fess.io.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

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
     * Reads the hyper-parameters of a checkpoint.
     *
     * @param dir checkpoint directory
     * @return the spec
     * @throws IOException if the file cannot be read
     */
    public static ModelSpec readSpec(Path dir) throws IOException {
        return ModelSpec.fromJson(Files.readString(dir.resolve(SPEC_FILE), StandardCharsets.UTF_8));
    }

    /**
     * Rebuilds a model from a checkpoint directory.
     *
     * @param dir checkpoint directory written by {@link #save}
     * @param manager manager that will own the parameters
     * @return the model with its saved parameters
     * @throws IOException if a file is missing or unreadable
     * @throws MalformedModelException if the parameter file does not match the spec
     */
    public static SegmentationModel load(Path dir, NDManager manager) throws IOException, MalformedModelException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "not a checkpoint directory");
        }
        SegmentationModel model = SegmentationModel.of(readSpec(dir));
        model.initialize(manager, DataType.FLOAT32);
        try (DataInputStream in =
                new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve(PARAMS_FILE))))) {
            model.loadParameters(manager, in);
        }
        // Loaded arrays carry no autograd flag; restore it so training can resume from the checkpoint.
        for (var pair : model.getParameters()) {
            if (pair.getValue().requiresGradient()) {
                pair.getValue().getArray().setRequiresGradient(true);
            }
        }
        return model;
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
