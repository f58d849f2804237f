package dev.fess.report;

import dev.fess.experiment.ExperimentRunner;
import dev.fess.experiment.ExperimentSpec;
import dev.fess.experiment.ProgressListener;
import dev.fess.experiment.RunExecutor;
import dev.fess.experiment.RunResult;
import dev.fess.experiment.RunSpec;
import dev.fess.nifti.Nifti;
import dev.fess.nifti.NiftiDatatype;
import dev.fess.volume.Affine;
import dev.fess.volume.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;

/**
 * TEST DOUBLE: makes an experiment folder through the real scheduler with an executor that writes made-up
 * evaluation numbers (seeded), a training curve, small NIfTI test cases and predictions. Used only by tests.
 */
final class SyntheticExperiment implements RunExecutor {
    static final String SPEC = """
            name: synthetic
            datasets: [{name: synth, path: data, labels: brats-whole-tumour}]
            arms: [dice, fess, simclr, infonce]
            sizes: [10, 20]
            seeds: [1, 2, 3]
            lambdas: [0.5, 0.25]
            training: {epochs: 4}
            """;
    static final List<String> CASES = List.of("case_a", "case_b", "case_c", "case_d", "case_e", "case_f");
    static final int N = 16;

    private final Path data;

    private SyntheticExperiment(Path data) {
        this.data = data;
    }

    /** Builds the folder {@code dir} (with {@code dir/data} holding the test images and labels). */
    static void build(Path dir) throws IOException {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        SyntheticExperiment ex = new SyntheticExperiment(data);
        for (int c = 0; c < CASES.size(); c++) {
            Nifti.write(data.resolve(CASES.get(c) + "_flair.nii.gz"), image(c), NiftiDatatype.FLOAT32);
            Nifti.write(data.resolve(CASES.get(c) + "_seg.nii.gz"), sphere(c, 0), NiftiDatatype.UINT8);
        }
        ExperimentSpec spec = ExperimentSpec.parse(SPEC, "synthetic.yaml", dir);
        List<RunSpec> runs = spec.expand(d -> OptionalInt.empty(), w -> {});
        ExperimentRunner.run(runs, dir, ex, new ExperimentRunner.Options(2, false), new ExperimentRunner.Listener() {});
    }

    /** The made-up Dice of a case: depends on arm, size, seed, λ and the case, deterministically. */
    static double dice(String arm, int size, int seed, Double lambda, int caseIndex) {
        SplittableRandom r = new SplittableRandom(arm.hashCode() * 31L
                + size * 7L
                + seed * 1009L
                + caseIndex
                + (lambda == null ? 0 : (long) (lambda * 1000)));
        double base = switch (arm) {
            case "fess" -> 0.80;
            case "dice" -> 0.70;
            case "simclr" -> 0.78;
            default -> 0.74;
        };
        return Math.min(
                0.99,
                base
                        + (size - 10) * 0.004
                        + 0.06 * (r.nextDouble() - 0.5)
                        - (lambda != null && lambda != 0.5 ? 0.05 : 0));
    }

    @Override
    public RunResult execute(RunSpec spec, Path runDir, ProgressListener l) throws IOException {
        StringBuilder ev = new StringBuilder("{\"cases\":[");
        StringBuilder tc = new StringBuilder("[");
        Files.createDirectories(runDir.resolve("predictions"));
        for (int c = 0; c < CASES.size(); c++) {
            double d = dice(spec.arm().key(), spec.size(), spec.seed(), spec.lambda(), c);
            // hd95 null for one case of infonce (empty prediction)
            String hd = spec.arm().key().equals("infonce") && c == 0
                    ? "null"
                    : String.format(Locale.ROOT, "%.4f", 10 * (1 - d));
            ev.append(c == 0 ? "" : ",")
                    .append(String.format(
                            Locale.ROOT,
                            "{\"case\":\"%s\",\"class\":\"whole_tumour\",\"dice\":%s,\"iou\":%s,\"precision\":%s,"
                                    + "\"sensitivity\":%s,\"specificity\":%s,\"hd95\":%s,\"assd\":null}",
                            CASES.get(c),
                            d,
                            d / (2 - d),
                            d + 0.01,
                            d - 0.01,
                            0.99,
                            hd));
            tc.append(c == 0 ? "" : ",")
                    .append(String.format(
                            Locale.ROOT,
                            "{\"case\":\"%s\",\"images\":[\"%s\"],\"label\":\"%s\"}",
                            CASES.get(c),
                            data.resolve(CASES.get(c) + "_flair.nii.gz"),
                            data.resolve(CASES.get(c) + "_seg.nii.gz")));
            Nifti.write(
                    runDir.resolve("predictions").resolve(CASES.get(c) + ".nii.gz"),
                    sphere(c, spec.arm().ordinal()),
                    NiftiDatatype.UINT8);
        }
        ev.append("],\"summary\":{}}");
        tc.append("]");
        Files.writeString(runDir.resolve("evaluation.json"), ev);
        Files.writeString(runDir.resolve("test_cases.json"), tc);
        StringBuilder m = new StringBuilder("epoch,loss,dice_loss,contrastive_loss,lr,val_dice\n");
        // validation at epochs 2 and 4; InfoNCE with seed 2 collapses (0.7 at epoch 2, then 0.6: a drop of 0.1)
        boolean collapse = spec.arm().key().equals("infonce") && spec.seed() == 2;
        for (int e = 1; e <= 4; e++) {
            double val = collapse && e == 4 ? 0.6 : 0.5 + 0.1 * e;
            m.append(String.format(
                    Locale.ROOT,
                    "%d,%.4f,%.4f,%.4f,0.001,%s%n",
                    e,
                    1.0 / e + spec.seed() * 0.01,
                    0.5 / e,
                    0.5 / e,
                    e % 2 == 0 ? String.format(Locale.ROOT, "%.3f", val) : ""));
        }
        Files.writeString(runDir.resolve("metrics.csv"), m);
        return new RunResult(spec.size(), Map.of("engine", "test-double", "threads", 1));
    }

    static Volume image(int c) {
        SplittableRandom r = new SplittableRandom(c);
        float[] d = new float[N * N * N];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (100 + 20 * r.nextDouble());
        }
        Volume s = sphere(c, 0);
        for (int i = 0; i < d.length; i++) {
            d[i] += 80 * s.data()[i];
        }
        return new Volume(N, N, N, 1, d, Affine.identity());
    }

    /** A ball whose centre moves a little with {@code shift}. */
    static Volume sphere(int c, int shift) {
        float[] d = new float[N * N * N];
        double cx = 7 + shift * 0.7;
        double cy = 8;
        double cz = 6 + c % 4;
        double rad = 3 + c % 3;
        for (int k = 0; k < N; k++) {
            for (int j = 0; j < N; j++) {
                for (int i = 0; i < N; i++) {
                    double q = (i - cx) * (i - cx) + (j - cy) * (j - cy) + (k - cz) * (k - cz);
                    d[i + N * (j + N * k)] = q <= rad * rad ? 1 : 0;
                }
            }
        }
        return new Volume(N, N, N, 1, d, Affine.identity());
    }
}
