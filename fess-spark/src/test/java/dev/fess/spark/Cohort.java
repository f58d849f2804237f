package dev.fess.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The synthetic cohort of the Spark tests, made with the single-machine commands: BraTS-like cases, a small model
 * trained on them, its {@code fess predict} masks and {@code fess evaluate} results (the references).
 */
record Cohort(Path data, Path model, Path predictions, Path evaluationJson, String evaluateSummary) {

    static Cohort create(Path dir, int cases) {
        Path data = dir.resolve("data");
        Cli synth = Cli.fess(
                "synth",
                "brats",
                "--cases",
                Integer.toString(cases),
                "--size",
                "32",
                "--seed",
                "5",
                "--out",
                data.toString());
        assertThat(synth.code()).as(synth.err()).isZero();
        Path model = dir.resolve("model");
        Cli train = Cli.fess(
                "train",
                "--data",
                data.toString(),
                "--loss",
                "dice",
                "--labels",
                "brats-whole-tumour",
                "--patch",
                "16",
                "--batch",
                "1",
                "--filters",
                "4,8",
                "--epochs",
                "1",
                "--iterations",
                "3",
                "--val-every",
                "0",
                "--seed",
                "3",
                "--threads",
                "1",
                "--device",
                "cpu",
                "--out",
                model.toString());
        assertThat(train.code()).as(train.err()).isZero();
        Path pred = dir.resolve("fess-predict");
        Cli predict = Cli.fess(
                "predict",
                "--model",
                model.toString(),
                "--checkpoint",
                "last",
                "--input",
                data.toString(),
                "--out",
                pred.toString());
        assertThat(predict.code()).as(predict.err()).isZero();
        Path json = dir.resolve("fess-evaluate.json");
        Cli evaluate = Cli.fess(
                "evaluate",
                "--pred",
                pred.toString(),
                "--label",
                data.toString(),
                "--regions",
                "brats",
                "--json",
                json.toString());
        assertThat(evaluate.code()).as(evaluate.err()).isZero();
        return new Cohort(data, model, pred, json, evaluate.out());
    }

    /** The {@code .nii.gz} files of a folder by name, as bytes. */
    static Map<String, byte[]> masks(Path dir) {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".nii.gz"))
                    .toList()) {
                m.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }
}
