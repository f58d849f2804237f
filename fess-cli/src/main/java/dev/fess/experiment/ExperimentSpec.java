package dev.fess.experiment;

import dev.fess.UserInputException;
import dev.fess.dataset.DatasetSource;
import dev.fess.loss.Arm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An experiment: datasets × arms × training-set sizes × seeds (× λ × τ grids), read from YAML.
 *
 * <pre>
 * name: paper-brats
 * datasets:
 *   - {name: brats-synth, path: data/brats-synth, channels: [flair], labels: brats-whole-tumour, test_fraction: 0.2}
 * arms: [dice, fess, simclr, infonce]
 * sizes: [100, 200, 300]          # or 'all', or '50%'
 * seeds: [1, 2, 3]                # default
 * lambdas: [0.5, 0.25, 0.75]      # optional; FESS only; the first value is the main setting
 * taus: [0.5, 0.1]                # optional; every contrastive arm; the first value is the main setting
 * folds: 5                       # optional: k-fold cross-validation of the non-test cases, a run per fold
 * sweep_seeds: [1]                # optional; the seeds the other grid values run with (default: all seeds)
 * training: {epochs: 30, patch: 64, batch: 2}   # passed through to the executor as is
 * predict: {overlap: 0.5, tta: false}
 * </pre>
 *
 * @param name experiment name
 * @param datasets datasets, unique names
 * @param arms arms, unique
 * @param sizes training-set sizes
 * @param seeds run seeds, unique
 * @param lambdas λ grid (empty = no grid)
 * @param taus τ grid (empty = no grid)
 * @param folds 1 = one validation split per dataset ({@code val_fraction}); k ≥ 2 = the non-test cases of each
 *     dataset split into k folds, one run per fold validating on it (nnU-Net style), all folds testing on the same
 *     test split
 * @param sweepSeeds the seeds on which the non-main grid values run (a subset of {@code seeds})
 * @param training free options passed through to the executor
 * @param predict prediction options
 */
public record ExperimentSpec(
        String name,
        List<DatasetEntry> datasets,
        List<Arm> arms,
        List<TrainingSize> sizes,
        List<Integer> seeds,
        List<Double> lambdas,
        List<Double> taus,
        int folds,
        List<Integer> sweepSeeds,
        Map<String, Object> training,
        PredictOptions predict) {

    public ExperimentSpec {
        datasets = List.copyOf(datasets);
        arms = List.copyOf(arms);
        sizes = List.copyOf(sizes);
        seeds = List.copyOf(seeds);
        lambdas = List.copyOf(lambdas);
        taus = List.copyOf(taus);
        if (folds < 1) {
            throw new IllegalArgumentException("folds must be ≥ 1, got " + folds);
        }
        sweepSeeds = List.copyOf(sweepSeeds);
        training = Collections.unmodifiableMap(new LinkedHashMap<>(training));
    }

    /** Reads and validates a spec file; relative dataset paths are resolved against the file's folder. */
    public static ExperimentSpec read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new UserInputException(file + ": no such experiment spec file");
        }
        Path base = file.toAbsolutePath().getParent();
        return SpecParser.parse(Files.readString(file), file.getFileName().toString(), base);
    }

    /** Parses spec text; {@code source} names it in messages, {@code baseDir} resolves relative paths. */
    public static ExperimentSpec parse(String yaml, String source, Path baseDir) {
        return SpecParser.parse(yaml, source, baseDir);
    }

    /**
     * Expands the grid into runs, ordered dataset → size → seed → fold → arm → λ → τ (so that all arms of one size
     * and seed finish close together). Every size, seed and fold runs each arm at its main setting (the first λ and
     * τ); the other grid values run at the largest size only, one axis at a time — λ values at the main τ, τ values
     * at the main λ, the points the report's sweeps plot — and only for the seeds in {@code sweep_seeds}.
     * {@code pool} gives the number of training cases of a dataset when known; sizes
     * are then resolved and clipped (with a warning); {@code warnings} receives one line per adjustment.
     */
    public List<RunSpec> expand(Function<DatasetEntry, OptionalInt> pool, Consumer<String> warnings) {
        List<RunSpec> runs = new ArrayList<>();
        for (DatasetEntry d : datasets) {
            List<Integer> resolved = resolveSizes(d, pool.apply(d), warnings);
            int largest = resolved.isEmpty() ? 0 : resolved.get(resolved.size() - 1);
            for (int size : resolved) {
                for (int seed : seeds) {
                    for (int fold = 0; fold < folds; fold++) {
                        Integer f = folds == 1 ? null : fold;
                        for (Arm arm : arms) {
                            List<Double> ls = arm.usesLambda() && !lambdas.isEmpty() ? lambdas : nullList();
                            List<Double> ts = arm.usesTau() && !taus.isEmpty() ? taus : nullList();
                            for (int li = 0; li < ls.size(); li++) {
                                for (int ti = 0; ti < ts.size(); ti++) {
                                    boolean primary = li == 0 && ti == 0;
                                    // sweeps: one grid axis at a time, at the largest size (what the report plots)
                                    if (primary
                                            || (size == largest && (li == 0 || ti == 0) && sweepSeeds.contains(seed))) {
                                        runs.add(new RunSpec(
                                                d,
                                                arm,
                                                size,
                                                seed,
                                                f,
                                                folds,
                                                ls.get(li),
                                                ts.get(ti),
                                                training,
                                                predict,
                                                primary));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return runs;
    }

    private static List<Double> nullList() {
        List<Double> l = new ArrayList<>(1);
        l.add(null);
        return l;
    }

    private List<Integer> resolveSizes(DatasetEntry d, OptionalInt pool, Consumer<String> warnings) {
        TreeSet<Integer> out = new TreeSet<>();
        for (TrainingSize s : sizes) {
            int n;
            switch (s.kind()) {
                case ALL -> n = pool.isPresent() ? pool.getAsInt() : TrainingSize.ALL_CASES;
                case PERCENT -> {
                    if (pool.isEmpty()) {
                        throw new UserInputException("sizes: '" + s + "' needs the number of training cases of"
                                + " dataset '" + d.name() + "', which the executor cannot tell; give a count or 'all'");
                    }
                    n = Math.max(1, (int) Math.round(pool.getAsInt() * s.percent() / 100.0));
                }
                default -> {
                    n = s.count();
                    if (pool.isPresent() && n > pool.getAsInt()) {
                        throw new UserInputException("sizes: dataset '" + d.name() + "' has " + pool.getAsInt()
                                + " training cases once its test (" + d.testFraction() + ") and validation ("
                                + d.valFraction() + ") shares are held out, fewer than size " + n + "; give sizes"
                                + " up to " + pool.getAsInt() + ", percentages of the pool such as '50%', or 'all'");
                    }
                }
            }
            if (!out.add(n)) {
                warnings.accept("dataset '" + d.name() + "': size " + s + " resolves to " + n
                        + " training cases, which is already in the grid; run once");
            }
        }
        if (out.contains(TrainingSize.ALL_CASES) && out.size() > 1) {
            // keep 'all' last: it is the largest
            out.remove(TrainingSize.ALL_CASES);
            List<Integer> l = new ArrayList<>(out);
            l.add(TrainingSize.ALL_CASES);
            return l;
        }
        return new ArrayList<>(out);
    }

    /** Fails with a one-line message when a dataset folder does not exist. */
    public void checkDatasetsExist() {
        for (DatasetEntry d : datasets) {
            if (d.path() != null && !Files.isDirectory(d.path())) {
                throw new UserInputException("dataset '" + d.name() + "': no such folder " + d.path());
            }
            for (DatasetSource s : d.sources()) {
                if (!Files.isDirectory(s.path())) {
                    throw new UserInputException(
                            "dataset '" + d.name() + "', source '" + s.name() + "': no such folder " + s.path());
                }
            }
        }
    }

    /** Keys of {@link #arms} in order. */
    public List<String> armKeys() {
        List<String> l = new ArrayList<>();
        for (Arm a : arms) {
            l.add(a.key());
        }
        return l;
    }

    static <T> List<T> unique(List<T> l, String where) {
        LinkedHashSet<T> s = new LinkedHashSet<>(l);
        if (s.size() != l.size()) {
            throw new UserInputException(where + ": values must be unique, got " + l);
        }
        return l;
    }
}
