package dev.fess.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fess.UserInputException;
import dev.fess.dataset.Layout;
import dev.fess.dataset.Splits;
import dev.fess.synth.PhantomKind;
import dev.fess.synth.PhantomOptions;
import dev.fess.synth.SyntheticDatasetWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The real executor on a tiny synthetic dataset: contract files, dataset-level split, nested subsets. */
class TrainingRunExecutorTest {
    @TempDir
    static Path tmp;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @BeforeAll
    static void data() throws Exception {
        SyntheticDatasetWriter.builder(PhantomKind.BRATS)
                .layout(Layout.BRATS)
                .cases(8)
                .seed(3)
                .options(PhantomOptions.builder().size(32).build())
                .build()
                .write(tmp.resolve("data"));
    }

    private static ExperimentSpec spec(String training) {
        return ExperimentSpec.parse("""
                name: t
                datasets: [{name: d, path: data, channels: [flair], labels: brats-whole-tumour, test_fraction: 0.25,
                             val_fraction: 0.125, split_seed: 5}]
                arms: [dice]
                sizes: [2, 4]
                seeds: [1]
                training: %s
                """.formatted(training), "spec.yaml", tmp);
    }

    @Test
    void everyContractFileSameTestSplitNestedSubsets() throws Exception {
        ExperimentSpec spec = spec("{epochs: 2, iterations: 3, patch: 16, batch: 1, filters: [4, 8], val_every: 1}");
        RunExecutor ex = new TrainingRunExecutor(1);
        assertThat(ex.trainingPoolSize(spec.datasets().get(0))).hasValue(5); // 8 − 2 test − 1 val
        List<RunSpec> runs = spec.expand(ex::trainingPoolSize, w -> {});
        Path out = tmp.resolve("exp");
        ExperimentRunner.Outcome o = ExperimentRunner.run(
                runs, out, ex, new ExperimentRunner.Options(1, false), new ExperimentRunner.Listener() {});
        assertThat(o.failed()).as(o.failed().toString()).isEmpty();
        List<Splits> splits = new ArrayList<>();
        for (RunSpec r : runs) {
            Path dir = out.resolve(r.id());
            for (String f : List.of(
                    "config.yaml",
                    "splits.json",
                    "metrics.csv",
                    "test_cases.json",
                    "evaluation.json",
                    "checkpoints/best/COMPLETE")) {
                assertThat(dir.resolve(f)).as(r.id() + " " + f).isRegularFile();
            }
            assertThat(Files.readAllLines(dir.resolve("metrics.csv")).get(0))
                    .startsWith("epoch,loss,dice_loss,contrastive_loss,lr");
            Splits s = Splits.load(dir.resolve("splits.json"));
            splits.add(s);
            List<String> test = s.fold(0).test();
            assertThat(test).hasSize(2);
            for (String id : test) {
                assertThat(dir.resolve("predictions/" + id + ".nii.gz")).isRegularFile();
            }
            JsonNode ev = JSON.readTree(dir.resolve("evaluation.json").toFile());
            assertThat(ev.get("cases")).hasSize(2);
            for (JsonNode c : ev.get("cases")) {
                assertThat(c.get("class").asString()).isEqualTo("WT");
                assertThat(c.get("dice").asDouble()).isBetween(0.0, 1.0);
                assertThat(test).contains(c.get("case").asString());
            }
            JsonNode tc = JSON.readTree(dir.resolve("test_cases.json").toFile());
            assertThat(tc).hasSize(2);
            assertThat(Path.of(tc.get(0).get("label").asString())).isRegularFile();
            assertThat(Files.readString(dir.resolve("config.yaml")))
                    .contains("loss: \"dice\"", "seed: 1", "train_cases: " + r.size(), "split_file:");
            assertThat(o.records().get(runs.indexOf(r)).trainingCases()).isEqualTo(r.size());
            assertThat(o.records().get(runs.indexOf(r)).environment()).containsKeys("engine", "threads", "device");
        }
        // the cache is shared by the runs, at the experiment folder
        assertThat(out.resolve(".fess-cache")).isDirectory();
        Splits a = splits.get(0);
        Splits b = splits.get(1);
        assertThat(a.fold(0).test()).isEqualTo(b.fold(0).test());
        assertThat(a.fold(0).val()).isEqualTo(b.fold(0).val()).hasSize(1);
        List<String> small = a.subset(2);
        List<String> large = b.subset(4);
        assertThat(large.subList(0, 2)).isEqualTo(small);
        Set<String> held = new HashSet<>(a.fold(0).test());
        held.addAll(a.fold(0).val());
        assertThat(large).doesNotContainAnyElementsOf(held);
    }

    @Test
    void unknownAndReservedTrainingKeysAreRefusedByName() {
        assertThatThrownBy(() -> spec("{lr_rate: 0.1}"))
                .isInstanceOf(UserInputException.class)
                .hasMessage("spec.yaml: training: unknown key 'lr_rate' (did you mean 'lr'?)");
        assertThatThrownBy(() -> spec("{loss: fess}"))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("spec.yaml: training: key 'loss' is set by the experiment");
    }

    @Test
    void threadsShareTheCoresUnlessSet() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(new TrainingRunExecutor(1).defaultThreads()).isEqualTo(cores);
        assertThat(new TrainingRunExecutor(cores * 2).defaultThreads()).isEqualTo(1);
    }

    @Test
    void experimentFolderIsTheRunDirMinusTheId() {
        RunSpec r = spec("{}").expand(d -> OptionalInt.of(5), w -> {}).get(0);
        assertThat(TrainingRunExecutor.experimentDir(r, tmp.resolve("exp").resolve(r.id())))
                .isEqualTo(tmp.resolve("exp").toAbsolutePath().normalize());
    }

    /**
     * folds: 2 — the 6 non-test cases split into two folds of 3; each fold's run validates on its fold, trains on
     * the other, and predicts the same 2 test cases; sizes resolve against the smaller fold's training set.
     */
    @Test
    void foldsValidateOnEachFoldAndShareTheTestSplit() throws Exception {
        ExperimentSpec spec = ExperimentSpec.parse("""
                name: t
                datasets: [{name: d, path: data, channels: [flair], labels: brats-whole-tumour, test_fraction: 0.25,
                             split_seed: 5}]
                arms: [dice]
                sizes: [all]
                seeds: [1]
                folds: 2
                training: {epochs: 1, iterations: 2, patch: 16, batch: 1, filters: [4, 8], val_every: 1}
                """, "spec.yaml", tmp);
        RunExecutor ex = new TrainingRunExecutor(1, spec.folds());
        assertThat(ex.trainingPoolSize(spec.datasets().get(0))).hasValue(3); // 8 − 2 test = 6, two folds of 3
        List<RunSpec> runs = spec.expand(ex::trainingPoolSize, w -> {});
        assertThat(runs).extracting(RunSpec::id).containsExactly("d/dice/n3/seed1/fold0", "d/dice/n3/seed1/fold1");
        Path out = tmp.resolve("folds");
        ExperimentRunner.Outcome o = ExperimentRunner.run(
                runs, out, ex, new ExperimentRunner.Options(1, false), new ExperimentRunner.Listener() {});
        assertThat(o.failed()).as(o.failed().toString()).isEmpty();
        Splits s0 = Splits.load(out.resolve(runs.get(0).id()).resolve("splits.json"));
        Splits s1 = Splits.load(out.resolve(runs.get(1).id()).resolve("splits.json"));
        assertThat(s0.method()).isEqualTo("holdout-kfold");
        assertThat(s0.fold(0).test()).isEqualTo(s1.fold(1).test()).hasSize(2);
        assertThat(s0.fold(0).val())
                .isEqualTo(s1.fold(0).val())
                .hasSize(3)
                .isEqualTo(s0.fold(1).train());
        assertThat(s0.subset(3)).containsExactlyInAnyOrderElementsOf(s0.fold(0).train());
        assertThat(s1.subset(3)).containsExactlyInAnyOrderElementsOf(s1.fold(1).train());
        assertThat(Files.readString(out.resolve(runs.get(1).id()).resolve("config.yaml")))
                .contains("fold: 1");
        for (RunSpec r : runs) {
            JsonNode ev =
                    JSON.readTree(out.resolve(r.id()).resolve("evaluation.json").toFile());
            List<String> cases = new ArrayList<>();
            ev.get("cases").forEach(c -> cases.add(c.get("case").asString()));
            assertThat(cases).containsExactlyInAnyOrderElementsOf(s0.fold(0).test());
        }
    }

    /** The key of the first run of a one-run spec on the dataset folder {@code base/data}. */
    private static PlannedRun keyed(Path base, RunExecutor ex, String training, String split) throws Exception {
        ExperimentSpec spec = ExperimentSpec.parse("""
                name: t
                datasets: [{name: d, path: data, channels: [flair], labels: brats-whole-tumour, %s}]
                arms: [fess]
                sizes: [2]
                seeds: [1]
                training: %s
                """.formatted(split, training), "spec.yaml", base);
        RunSpec run = spec.expand(ex::trainingPoolSize, w -> {}).get(0);
        return PlannedRun.of(run, ex.configuration(run, base.resolve("exp")));
    }

    @Test
    void theKeyCoversTheResolvedTrainingTheDatasetAndTheSplit() throws Exception {
        Path base = tmp.resolve("keyed");
        SyntheticDatasetWriter.builder(PhantomKind.BRATS)
                .layout(Layout.BRATS)
                .cases(6)
                .seed(4)
                .options(PhantomOptions.builder().size(16).build())
                .build()
                .write(base.resolve("data"));
        String split = "test_fraction: 0.34";
        PlannedRun plain = keyed(base, new TrainingRunExecutor(1), "{epochs: 2}", split);
        assertThat(plain.configuration())
                .containsKeys("dataset_identity", "split", "training")
                .extractingByKey("training")
                .asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("epochs", 2)
                .containsEntry("optimizer", "adam")
                .containsEntry("loss", "fess")
                .doesNotContainKeys("data", "split_file", "cache_dir", "device", "threads");
        // a default given explicitly, or another --parallel (another default thread count): the same run
        assertThat(keyed(base, new TrainingRunExecutor(2), "{epochs: 2, optimizer: adam}", split)
                        .key())
                .isEqualTo(plain.key());
        // a key added later (ema_decay) at its neutral value is left out: the run keeps the key it had before
        assertThat(plain.configuration())
                .extractingByKey("training")
                .asInstanceOf(InstanceOfAssertFactories.MAP)
                .doesNotContainKey("ema_decay");
        assertThat(keyed(base, new TrainingRunExecutor(1), "{epochs: 2, ema_decay: 0}", split)
                        .key())
                .isEqualTo(plain.key());
        PlannedRun averaged = keyed(base, new TrainingRunExecutor(1), "{epochs: 2, ema_decay: 0.98}", split);
        assertThat(averaged.key()).isNotEqualTo(plain.key());
        assertThat(RunKey.flatten(averaged.configuration())).containsEntry("training.ema_decay", "0.98");
        // another value of a key, another split, another set of cases: another run
        assertThat(keyed(base, new TrainingRunExecutor(1), "{epochs: 2, optimizer: sgd}", split)
                        .key())
                .isNotEqualTo(plain.key());
        PlannedRun otherSplit = keyed(base, new TrainingRunExecutor(1), "{epochs: 2}", "test_fraction: 0.5");
        assertThat(RunKey.flatten(otherSplit.configuration()))
                .containsEntry("split.test", "3")
                .containsEntry("dataset.test_fraction", "0.5");
        assertThat(RunKey.flatten(plain.configuration())).containsEntry("split.test", "2");
        String firstCase;
        Path cases;
        try (Stream<Path> s = Files.list(base.resolve("data"))) {
            cases = s.filter(Files::isDirectory).sorted().findFirst().orElseThrow();
        }
        try (Stream<Path> s = Files.list(cases)) {
            firstCase = s.sorted().findFirst().orElseThrow().getFileName().toString();
        }
        Path moved = base.resolve(firstCase);
        Files.move(cases.resolve(firstCase), moved);
        PlannedRun fewer = keyed(base, new TrainingRunExecutor(1), "{epochs: 2}", split);
        assertThat(fewer.key()).isNotEqualTo(plain.key());
        assertThat(RunKey.flatten(fewer.configuration())).containsEntry("dataset_identity.cases", "5");
        assertThat(RunKey.flatten(plain.configuration())).containsEntry("dataset_identity.cases", "6");
        Files.move(moved, cases.resolve(firstCase));
        assertThat(keyed(base, new TrainingRunExecutor(1), "{epochs: 2}", split).key())
                .isEqualTo(plain.key());
    }
}
