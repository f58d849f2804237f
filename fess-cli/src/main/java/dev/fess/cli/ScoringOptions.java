package dev.fess.cli;

import dev.fess.UserInputException;
import dev.fess.dataset.Datasets;
import dev.fess.dataset.LabelMapping;
import dev.fess.dataset.LabelMappings;
import dev.fess.metrics.CasePairing;
import dev.fess.metrics.Region;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The options {@code fess evaluate} and {@code fess spark evaluate} share (a picocli mixin): what to score
 * ({@code --pred}, {@code --label}) and which classes or regions ({@code --classes}, {@code --regions},
 * {@code --mapping}, at most one). Each command adds its own outputs and parallelism.
 */
public final class ScoringOptions {
    @Option(
            names = "--pred",
            required = true,
            paramLabel = "FILE_OR_DIR",
            description = "Predicted label map, or a directory of them (CASE.nii.gz).")
    private Path pred;

    @Option(
            names = "--label",
            required = true,
            paramLabel = "FILE_OR_DIR",
            description = "Ground-truth label map, or a directory of them with the same case names.")
    private Path label;

    @ArgGroup(exclusive = true)
    private Classes classes;

    /** The exclusive choice of what to score. */
    static final class Classes {
        @Option(
                names = "--classes",
                paramLabel = "V,V,...",
                description = "Label values to score, one class each (default: every non-zero value in the labels).")
        String values;

        @Option(
                names = "--regions",
                paramLabel = "SET",
                description = "Named region set: brats = WT {1,2,3,4}, TC {1,3,4}, ET {3,4}; foreground = any "
                        + "non-zero value (binary: any structure against background).")
        String regions;

        @Option(
                names = "--mapping",
                paramLabel = "NAME",
                description = "Score what a label mapping trains (brats-regions → WT/TC/ET, abdomen-binary → any "
                        + "organ, ...), read from the labels the --label dataset folder declares.")
        String mapping;
    }

    /**
     * @return the (prediction, label) pairs, by case name
     * @throws IOException when a folder cannot be listed
     * @throws UserInputException naming {@code --pred} or {@code --label} when they do not pair
     */
    public List<CasePairing.CasePair> pairs() throws IOException {
        return CasePairing.pair(pred, label);
    }

    /**
     * @return the regions to score, or null for every non-zero value in the labels
     * @throws IOException when the {@code --label} folder cannot be read for {@code --mapping}
     * @throws UserInputException naming the bad option
     */
    public List<Region> regions() throws IOException {
        if (classes == null) {
            return null;
        }
        if (classes.values != null) {
            return Region.parseClasses(classes.values, "--classes");
        }
        if (classes.regions != null) {
            return Region.parseRegions(classes.regions, "--regions");
        }
        if (!Files.isDirectory(label)) {
            throw new UserInputException("--mapping needs --label to be a dataset folder (its label names decide the"
                    + " mapping), got " + label);
        }
        LabelMapping m = LabelMappings.byName(classes.mapping, Datasets.open(label, null, List.of()));
        return Region.of(m.evaluationRegions());
    }
}
