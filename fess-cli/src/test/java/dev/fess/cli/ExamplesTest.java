package dev.fess.cli;

import static dev.fess.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fess.dataset.CaseFiles;
import dev.fess.dataset.Datasets;
import dev.fess.dataset.Layout;
import dev.fess.dataset.LoadedCase;
import dev.fess.nifti.Nifti;
import dev.fess.nifti.NiftiDatatype;
import dev.fess.synth.PhantomKind;
import dev.fess.synth.PhantomOptions;
import dev.fess.synth.SyntheticDatasetWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Each shipped example spec, run as it is on a tiny synthetic copy of its dataset written in that dataset's real
 * layout: {@code fess dataset check} → {@code fess experiment run} → report. Only the length of training
 * ({@code epochs} 1, {@code iterations} 2, {@code patch} 16, {@code val_every} 1) is replaced and {@code seeds}
 * cut to the first seed; the network, optimiser, loss options, datasets, label mappings, splits, sizes, arms, λ and
 * τ are the example's. The spec is copied to {@code TMP/examples/}, so its {@code ../data/...} paths resolve to the
 * synthetic folders in {@code TMP/data/}.
 *
 * <p>Tagged {@code slow} (each example is 8–16 training runs); run with
 * <pre>mvn -B -o -pl fess-cli -am test -Dtest=ExamplesTest -Dfess.test.excludedGroups= \
 *     -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@Tag("slow")
class ExamplesTest {
    static final String TINY_TRAINING = "{epochs: 1, iterations: 2, patch: 16, val_every: 1}";
    static final int CASES = 10;
    static final PhantomOptions SMALL = PhantomOptions.builder().size(16).build();

    @TempDir
    Path tmp;

    /** Copies {@code examples/NAME} to {@code tmp/examples/NAME} with training shortened and one seed. */
    Path tinyCopy(String name) throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode spec =
                (ObjectNode) yaml.readTree(Path.of("..", "examples", name).toFile());
        ObjectNode training = (ObjectNode) spec.get("training");
        yaml.readTree(TINY_TRAINING).properties().forEach(e -> training.set(e.getKey(), e.getValue()));
        spec.set("seeds", yaml.readTree("[" + spec.get("seeds").get(0).asInt() + "]"));
        Path copy = Files.createDirectories(tmp.resolve("examples")).resolve(name);
        Files.writeString(copy, yaml.writeValueAsString(spec));
        return copy;
    }

    /** BraTS 2017 as distributed: HGG/ and LGG/ holding the case folders. */
    Path brats2017(long seed) throws IOException {
        Path dir = tmp.resolve("data/brats2017");
        SyntheticDatasetWriter.builder(PhantomKind.BRATS)
                .layout(Layout.BRATS)
                .cases(CASES)
                .seed(seed)
                .options(SMALL)
                .build()
                .write(dir);
        Files.createDirectories(dir.resolve("HGG"));
        Files.createDirectories(dir.resolve("LGG"));
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> cases = s.filter(p -> p.getFileName().toString().startsWith("BraTS"))
                    .sorted()
                    .toList();
            for (int i = 0; i < cases.size(); i++) {
                Files.move(
                        cases.get(i),
                        dir.resolve(i < 7 ? "HGG" : "LGG").resolve(cases.get(i).getFileName()));
            }
        }
        return dir;
    }

    /** BraTS 2016 as distributed: the BRATS 2015 training set, MetaImage files under HGG/ and LGG/. */
    Path brats2016(int cases, long seed) throws IOException {
        Path dir = tmp.resolve("data/brats2016");
        SyntheticDatasetWriter.builder(PhantomKind.BRATS)
                .layout(Layout.BRATS)
                .bratsNaming(SyntheticDatasetWriter.BratsNaming.BRATS_2015)
                .cases(cases)
                .seed(seed)
                .options(SMALL)
                .build()
                .write(dir);
        return dir;
    }

    /** AbdomenCT-1K as distributed: AbdomenCT-1K-ImagePart1/ and Mask/. */
    Path abdomen() throws IOException {
        Path dir = tmp.resolve("data/AbdomenCT-1K");
        SyntheticDatasetWriter.builder(PhantomKind.ABDOMEN_CT)
                .layout(Layout.ABDOMENCT)
                .cases(CASES)
                .seed(4)
                .options(SMALL)
                .build()
                .write(dir);
        Files.move(dir.resolve("images"), dir.resolve("AbdomenCT-1K-ImagePart1"));
        Files.move(dir.resolve("masks"), dir.resolve("Mask"));
        return dir;
    }

    /** Runs check and the experiment; returns the experiment folder. */
    Path checkAndRun(Path data, Path spec) throws IOException {
        if (data != null) {
            CliRun check = run("dataset", "check", data.toString());
            assertThat(check.code()).as(check.out() + check.err()).isZero();
        }
        Path out = tmp.resolve("runs").resolve(spec.getFileName().toString().replace(".yaml", ""));
        CliRun r = run("experiment", "run", spec.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("0 failed");
        assertThat(out.resolve("report.md")).isRegularFile();
        return out;
    }

    /** Every run's evaluation: one region, of the given name, per test case. */
    static void everyRunScored(Path out, String region, int runs) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        List<Path> files;
        try (Stream<Path> s = Files.walk(out)) {
            files = s.filter(p -> p.getFileName().toString().equals("evaluation.json"))
                    .toList();
        }
        assertThat(files).hasSize(runs);
        for (Path f : files) {
            JsonNode root = json.readTree(f.toFile());
            assertThat(root.get("regions").propertyNames()).containsExactly(region);
            assertThat(root.get("cases")).isNotEmpty();
        }
    }

    @Test
    void brats2017() throws IOException {
        Path data = brats2017(1);
        Path out = checkAndRun(data, tinyCopy("brats2017.yaml"));
        // 10 cases: 2 test, 1 validation, pool 7; sizes '50%' = round(3.5) = 4 and all = 7; 4 arms
        everyRunScored(out, "WT", 2 * 4);
        String md = Files.readString(out.resolve("report.md"));
        assertThat(md).contains("| brats2017 | 10 | 2 | 1 | 7 | 4, 7 |");
        assertThat(out.resolve("brats2017/fess/n4/seed1/lam0.5-tau0.5/evaluation.json"))
                .isRegularFile();
    }

    /** The paper's recipe: preset paper, batch 5, Adam 1e-5, batch-global Dice … on BraTS 2017, 50 % of the pool. */
    @Test
    void paperRecipe() throws IOException {
        Path data = brats2017(1);
        Path spec = tinyCopy("paper-recipe.yaml");
        Path out = checkAndRun(data, spec);
        everyRunScored(out, "WT", 4);
        String cfg = Files.readString(out.resolve("brats2017/fess/n4/seed42/lam0.5-tau0.5/config.yaml"));
        assertThat(cfg)
                .contains("paper", "batch: 5", "1.0E-5", "batch_dice: true", "clip_norm: 1.0", "1024")
                .contains("contrastive_form: \"paper\"", "feature_grad_scale: 1.0", "contrastive_grad_cap: 0.0");
    }

    @Test
    void abdomenCt1kScoresAnyOrganAgainstTheBinaryPrediction() throws IOException {
        Path data = abdomen();
        Path out = checkAndRun(data, tinyCopy("abdomenct-1k.yaml"));
        everyRunScored(out, "organ", 2 * 4);
        JsonNode regions = JsonMapper.builder()
                .build()
                .readTree(out.resolve("abdomenct-1k/dice/n7/seed1/evaluation.json")
                        .toFile())
                .get("regions");
        assertThat(regions.get("organ").toString()).isEqualTo("[1,2,3,4]");
        assertThat(Files.readString(out.resolve("report.md"))).contains("| abdomenct-1k | 10 | 2 | 1 | 7 | 4, 7 |");
    }

    @Test
    void brats2016ReadsTheMetaImageLayoutAsItIs() throws IOException {
        Path data = brats2016(CASES, 2);
        Path out = checkAndRun(data, tinyCopy("brats2016.yaml"));
        everyRunScored(out, "WT", 2 * 4);
        assertThat(Files.readString(out.resolve("report.md"))).contains("| brats2016 | 10 | 2 | 1 | 7 | 4, 7 |");
        JsonNode regions = JsonMapper.builder()
                .build()
                .readTree(out.resolve("brats2016/dice/n7/seed1/evaluation.json").toFile())
                .get("regions");
        assertThat(regions.get("WT").toString()).isEqualTo("[1,2,3,4]");
    }

    /**
     * BraTS 2016 (MetaImage) and BraTS 2017 (NIfTI) where 2017 holds two 2016 cases again, re-saved as NIfTI under
     * new ids: the combination keeps them once, from BraTS 2016.
     */
    @Test
    void bratsCombinedDropsTheCasesBrats2017HoldsAgain() throws IOException {
        Path b16 = brats2016(CASES, 2);
        Path b17 = brats2017(1);
        List<CaseFiles> shared =
                Datasets.open(b16, Layout.BRATS, List.of()).trainingCases().subList(0, 2);
        for (CaseFiles c : shared) {
            String id = "Brats17_copy_" + c.id();
            Path folder = Files.createDirectories(b17.resolve("HGG").resolve(id));
            LoadedCase loaded = Datasets.open(b16, Layout.BRATS, List.of()).load(c);
            List<String> names = List.of("flair", "t1", "t1ce", "t2");
            for (int ch = 0; ch < 4; ch++) {
                Nifti.write(
                        folder.resolve(id + "_" + names.get(ch) + ".nii.gz"),
                        loaded.image().channel(ch),
                        NiftiDatatype.FLOAT32);
            }
            Nifti.write(folder.resolve(id + "_seg.nii.gz"), loaded.label(), NiftiDatatype.INT16);
        }
        CliRun combine = run(
                "dataset",
                "combine",
                "--out",
                tmp.resolve("data/brats-combined").toString(),
                "brats2016=" + b16,
                "brats2017=" + b17);
        assertThat(combine.code()).as(combine.err()).isZero();
        assertThat(combine.out())
                .contains(
                        "dropped 2 duplicate(s)", "dropped brats2017-Brats17_copy_", "same label voxels as brats2016-");
        CliRun check =
                run("dataset", "check", tmp.resolve("data/brats-combined").toString());
        assertThat(check.code()).as(check.out() + check.err()).isZero();
        Path out = checkAndRun(null, tinyCopy("brats-combined.yaml"));
        // 10 + 12 − 2 = 20 cases: 4 test, 2 validation, pool 14; sizes 25 % … all = 4 (3.5), 7, 11 (10.5), 14
        everyRunScored(out, "WT", 4 * 4);
        String md = Files.readString(out.resolve("report.md"));
        assertThat(md)
                .contains(
                        "| brats-combined | 20 | 4 | 2 | 14 | 4, 7, 11, 14 |",
                        "kept per source: {brats2016=10, brats2017=10}; 2 duplicate(s) dropped");
        JsonNode facts = JsonMapper.builder()
                .build()
                .readTree(out.resolve("brats-combined/dice/n14/seed1/dataset.json")
                        .toFile());
        assertThat(facts.get("dropped")).hasSize(2);
    }
}
