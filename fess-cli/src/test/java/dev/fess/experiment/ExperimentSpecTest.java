package dev.fess.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fess.UserInputException;
import dev.fess.dataset.DatasetSource;
import dev.fess.dataset.Layout;
import dev.fess.loss.Arm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExperimentSpecTest {
    static final String VALID = """
            name: paper-brats
            datasets:
              - name: brats-synth
                path: data/brats
                channels: [flair]
                labels: brats-whole-tumour
                test_fraction: 0.25
            arms: [dice, fess, simclr, infonce]
            sizes: [100, 200, 300]
            training: {epochs: 3, patch: [32, 32, 32], lr: 0.001}
            predict: {overlap: 0.25, tta: true}
            """;

    private static ExperimentSpec parse(String yaml) {
        return ExperimentSpec.parse(yaml, "spec.yaml", Path.of("/base"));
    }

    @Test
    void parsesAValidSpecWithDefaults() {
        ExperimentSpec s = parse(VALID);
        assertThat(s.name()).isEqualTo("paper-brats");
        assertThat(s.arms()).containsExactly(Arm.DICE, Arm.FESS, Arm.SIMCLR, Arm.INFONCE);
        assertThat(s.seeds()).containsExactly(1, 2, 3);
        DatasetEntry d = s.datasets().get(0);
        assertThat(d.path()).isEqualTo(Path.of("/base/data/brats"));
        assertThat(d.channels()).containsExactly("flair");
        assertThat(d.labels()).isEqualTo("brats-whole-tumour");
        assertThat(d.testFraction()).isEqualTo(0.25);
        assertThat(d.valFraction()).isEqualTo(0.0);
        assertThat(d.splitSeed()).isEqualTo(42L);
        assertThat(s.training())
                .containsEntry("epochs", 3)
                .containsEntry("lr", 0.001)
                .containsEntry("patch", List.of(32, 32, 32));
        assertThat(s.predict()).isEqualTo(new PredictOptions(0.25, true));
        assertThat(s.lambdas()).isEmpty();
    }

    @Test
    void refusesAnUnknownKeyByName() {
        assertThatThrownBy(() -> parse(VALID.replace("arms:", "armz:")))
                .isInstanceOf(UserInputException.class)
                .hasMessageStartingWith("spec.yaml: unknown key 'armz' (expected one of: name, datasets, arms,");
        assertThatThrownBy(() -> parse(VALID.replace("    labels:", "    lables:")))
                .hasMessageStartingWith("spec.yaml: datasets[0]: unknown key 'lables' (expected one of: name, path,");
        assertThatThrownBy(() -> parse(VALID.replace("tta: true", "ttta: true")))
                .hasMessage("spec.yaml: predict: unknown key 'ttta' (expected one of: overlap, tta)");
    }

    @Test
    void refusesABadArmListingTheValidOnes() {
        assertThatThrownBy(() -> parse(VALID.replace("simclr", "simclear")))
                .isInstanceOf(UserInputException.class)
                .hasMessage("spec.yaml: arms: unknown arm 'simclear' (expected one of: dice, fess, simclr, infonce)");
    }

    @Test
    void refusesBadValuesWithTheirPath() {
        assertThatThrownBy(() -> parse(VALID.replace("sizes: [100, 200, 300]", "sizes: [100, -2]")))
                .hasMessageContaining("spec.yaml: sizes: expected a positive number of training cases")
                .hasMessageContaining("got '-2'");
        assertThatThrownBy(() -> parse(VALID.replace("test_fraction: 0.25", "test_fraction: 1.5")))
                .hasMessage("spec.yaml: datasets[0].test_fraction: expected a number in (0, 1), got 1.5");
        assertThatThrownBy(() -> parse(VALID.replace("name: paper-brats\n", "")))
                .hasMessage("spec.yaml: missing key 'name'");
        assertThatThrownBy(() -> parse(VALID + "lambdas: [0.5, 1.5]\n"))
                .hasMessage("spec.yaml: lambdas: expected numbers in [0.0, 1.0], got 1.5");
        assertThatThrownBy(() -> parse(VALID + "seeds: [1, 1]\n"))
                .hasMessage("spec.yaml: seeds: values must be unique, got [1, 1]");
        assertThatThrownBy(() -> parse("name: [unclosed\n")).hasMessageStartingWith("spec.yaml: not valid YAML:");
        assertThatThrownBy(() -> parse(VALID.replace("name: brats-synth", "name: ..")))
                .hasMessageContaining("datasets[0].name");
    }

    @Test
    void trainingKeysAreCheckedAgainstTheKeyTableAtParseTime() {
        String good = "training: {epochs: 3, patch: [32, 32, 32], lr: 0.001}";
        assertThatThrownBy(() -> parse(VALID.replace(good, "training: {epochs: -3}")))
                .isInstanceOf(UserInputException.class)
                .hasMessage("spec.yaml: training: key 'epochs' expects a positive integer, got '-3'");
        assertThatThrownBy(() -> parse(VALID.replace(good, "training: {optimizer: rmsprop}")))
                .hasMessage("spec.yaml: training: key 'optimizer' expects one of adam|adamw|sgd, got 'rmsprop'");
        assertThatThrownBy(() -> parse(VALID.replace(good, "training: {lr: 0.1, lr: 0.2}")))
                .hasMessage("spec.yaml: line 10: key 'lr' is given twice");
    }

    @Test
    void duplicateKeysAreRefusedNamingFileKeyAndLine() {
        assertThatThrownBy(() -> parse(VALID + "arms: [dice]\n"))
                .isInstanceOf(UserInputException.class)
                .hasMessage("spec.yaml: line 12: key 'arms' is given twice");
        assertThatThrownBy(() -> parse(VALID.replace("    path: data/brats\n", "    path: data/brats\n    path: x\n")))
                .hasMessage("spec.yaml: line 5: key 'path' is given twice");
    }

    @Test
    void expandsTheGridWithStableIds() {
        ExperimentSpec s = parse(VALID + "seeds: [1, 2]\nlambdas: [0.5, 0.25]\ntaus: [0.5, 0.1, 1.0]\n");
        List<RunSpec> runs = s.expand(d -> OptionalInt.empty(), w -> {});
        // sizes 100 and 200: the four main settings; size 300 (the largest): dice 1 + fess (main, λ 0.25 at τ 0.5,
        // τ 0.1 and 1 at λ 0.5) 4 + simclr 3 + infonce 3 = 11; × 2 seeds
        assertThat(runs).hasSize(2 * (4 + 4 + 11));
        assertThat(runs).noneMatch(r -> r.id().contains("lam0.25-tau0.1") || r.id().contains("lam0.25-tau1"));
        assertThat(runs).filteredOn(r -> !r.primary()).allMatch(r -> r.size() == 300);
        assertThat(runs.stream().map(RunSpec::id).distinct().count()).isEqualTo(runs.size());
        assertThat(runs.get(0).id()).isEqualTo("brats-synth/dice/n100/seed1");
        assertThat(runs.get(1).id()).isEqualTo("brats-synth/fess/n100/seed1/lam0.5-tau0.5");
        assertThat(runs.get(1).primary()).isTrue();
        assertThat(runs.get(2).id()).isEqualTo("brats-synth/simclr/n100/seed1/tau0.5");
        int at300 = 16; // sizes 100 and 200 × 2 seeds × 4 arms come first
        assertThat(runs.get(at300 + 1).id()).isEqualTo("brats-synth/fess/n300/seed1/lam0.5-tau0.5");
        assertThat(runs.get(at300 + 2).id()).isEqualTo("brats-synth/fess/n300/seed1/lam0.5-tau0.1");
        assertThat(runs.get(at300 + 2).primary()).isFalse();
        assertThat(runs.get(at300 + 3).id()).isEqualTo("brats-synth/fess/n300/seed1/lam0.5-tau1");
        assertThat(runs.get(at300 + 4).id()).isEqualTo("brats-synth/fess/n300/seed1/lam0.25-tau0.5");
        assertThat(runs.get(at300 + 5).id()).isEqualTo("brats-synth/simclr/n300/seed1/tau0.5");
        assertThat(runs.stream().filter(RunSpec::primary).count()).isEqualTo(3 * 2 * 4);
        assertThat(runs.get(runs.size() - 1).id()).isEqualTo("brats-synth/infonce/n300/seed2/tau1");
    }

    @Test
    void sweepSeedsLimitTheOtherGridValuesToThoseSeeds() {
        ExperimentSpec s = parse(VALID + "seeds: [1, 2]\nlambdas: [0.5, 0.25]\ntaus: [0.5, 0.1]\nsweep_seeds: [2]\n");
        List<RunSpec> runs = s.expand(d -> OptionalInt.empty(), w -> {});
        // main settings: 3 sizes × 2 seeds × 4 arms; sweeps at size 300, seed 2: fess λ 0.25, τ 0.1; simclr, infonce τ
        // 0.1
        assertThat(runs).hasSize(3 * 2 * 4 + 4);
        assertThat(runs).filteredOn(r -> !r.primary()).allMatch(r -> r.seed() == 2 && r.size() == 300);
        assertThatThrownBy(() -> parse(VALID + "seeds: [1, 2]\nsweep_seeds: [3]\n"))
                .hasMessageContaining("sweep_seeds: expected seeds listed in 'seeds' [1, 2], got 3");
    }

    @Test
    void withoutGridsOneRunPerArmSizeSeed() {
        List<RunSpec> runs = parse(VALID).expand(d -> OptionalInt.empty(), w -> {});
        assertThat(runs).hasSize(4 * 3 * 3);
        assertThat(runs).allMatch(r -> r.lambda() == null && r.tau() == null && r.primary());
        assertThat(runs.get(5).id()).isEqualTo("brats-synth/fess/n100/seed2");
    }

    @Test
    void sizesAboveThePoolAreRefusedAndPercentagesResolveAgainstIt() {
        ExperimentSpec s = parse(VALID.replace("sizes: [100, 200, 300]", "sizes: [100, 199, all, '50%', '33.3%']"));
        List<String> warnings = new ArrayList<>();
        List<RunSpec> runs = s.expand(d -> OptionalInt.of(199), warnings::add);
        // 50 % of 199 = 99.5 → 100 (already in the grid), 33.3 % → 66.27 → 66
        assertThat(runs.stream().map(RunSpec::size).distinct()).containsExactly(66, 100, 199);
        assertThat(warnings)
                .anyMatch(w -> w.contains("size all resolves to 199"))
                .anyMatch(w -> w.contains("size 50% resolves to 100"));
        ExperimentSpec tooBig = parse(VALID);
        assertThatThrownBy(() -> tooBig.expand(d -> OptionalInt.of(199), w -> {}))
                .isInstanceOf(UserInputException.class)
                .hasMessage("sizes: dataset 'brats-synth' has 199 training cases once its test (0.25) and validation"
                        + " (0.0) shares are held out, fewer than size 200; give sizes up to 199, percentages of the"
                        + " pool such as '50%', or 'all'");
        // unknown pool: 'all' is passed on, percentages cannot be resolved
        ExperimentSpec all = parse(VALID.replace("sizes: [100, 200, 300]", "sizes: [all, 10]"));
        assertThat(all.expand(d -> OptionalInt.empty(), w -> {}).stream().map(RunSpec::id))
                .contains("brats-synth/dice/n10/seed1", "brats-synth/dice/nall/seed2");
        assertThatThrownBy(() -> s.expand(d -> OptionalInt.empty(), w -> {}))
                .hasMessageContaining("sizes: '50%' needs the number of training cases");
    }

    @Test
    void foldsMultiplyTheRunsAndRefuseAValidationFraction() {
        ExperimentSpec s = parse(VALID.replace("sizes: [100, 200, 300]", "sizes: [100]\nfolds: 3"));
        assertThat(s.folds()).isEqualTo(3);
        List<RunSpec> runs = s.expand(d -> OptionalInt.empty(), w -> {});
        assertThat(runs).hasSize(4 * 3 * 3);
        assertThat(runs.get(0).id()).isEqualTo("brats-synth/dice/n100/seed1/fold0");
        assertThat(runs.get(5).id()).isEqualTo("brats-synth/fess/n100/seed1/fold1");
        assertThat(runs.get(5).toMap()).containsEntry("fold", 1).containsEntry("folds", 3);
        assertThat(parse(VALID).expand(d -> OptionalInt.empty(), w -> {}).get(0).toMap())
                .doesNotContainKey("fold");
        assertThatThrownBy(
                        () -> parse(VALID.replace("test_fraction: 0.25", "test_fraction: 0.25\n    val_fraction: 0.1")
                                + "folds: 5\n"))
                .hasMessageContaining("datasets[0].val_fraction: with folds the validation cases are");
        assertThatThrownBy(() -> parse(VALID + "folds: 1\n"))
                .hasMessageContaining("folds: expected a number of" + " cross-validation folds ≥ 2");
    }

    @Test
    void aCombinedDatasetListsItsSources() {
        ExperimentSpec s = parse(VALID.replace("    path: data/brats\n", """
                    sources:
                      - {name: b16, path: data/brats2016, layout: brats}
                      - {name: b17, path: data/brats2017}
                """));
        DatasetEntry d = s.datasets().get(0);
        assertThat(d.combined()).isTrue();
        assertThat(d.path()).isNull();
        assertThat(d.sources()).extracting(DatasetSource::name).containsExactly("b16", "b17");
        assertThat(d.sources().get(0).path()).isEqualTo(Path.of("/base/data/brats2016"));
        assertThat(d.sources().get(0).layout()).isEqualTo(Layout.BRATS);
        assertThat(d.sources().get(1).layout()).isNull();
        assertThat(d.toMap()).containsKey("sources").doesNotContainKey("path");
        assertThatThrownBy(() -> parse(VALID.replace("    path: data/brats\n", """
                    path: data/brats
                    sources: [{name: a, path: x}, {name: b, path: y}]
                """)))
                .hasMessageContaining("datasets[0]: give either 'path' (one folder) or 'sources'");
        assertThatThrownBy(() -> parse(VALID.replace("    path: data/brats\n", """
                    sources: [{name: a, path: x}]
                """)))
                .hasMessageContaining("datasets[0].sources: a combined dataset needs at least two sources");
        assertThatThrownBy(() -> parse(VALID.replace("    path: data/brats\n", """
                    sources: [{name: a, path: x}, {name: a, path: y}]
                """)))
                .hasMessageContaining("datasets[0].sources[1].name: duplicate source name 'a'");
        assertThatThrownBy(() -> parse(VALID.replace("    path: data/brats\n", """
                    sources: [{name: a, path: x, labels: dataset}, {name: b, path: y}]
                """)))
                .hasMessageContaining("datasets[0].sources[0]: unknown key 'labels'");
    }

    @Test
    void theShippedBrats2017ExampleResolvesItsSizesAgainstThePool() throws Exception {
        ExperimentSpec s = ExperimentSpec.read(Path.of("..", "examples", "brats2017.yaml"));
        assertThat(s.arms()).containsExactly(Arm.DICE, Arm.FESS, Arm.SIMCLR, Arm.INFONCE);
        assertThat(s.datasets().get(0).channels()).containsExactly("flair");
        assertThat(s.lambdas()).containsExactly(0.5);
        assertThat(s.taus()).containsExactly(0.5);
        // 285 labelled − 57 test − 29 validation = 199 (as the example's comment says)
        int n = 285;
        int pool = n - (int) Math.round(0.2 * n) - (int) Math.round(0.1 * n);
        assertThat(pool).isEqualTo(199);
        List<String> warnings = new ArrayList<>();
        List<RunSpec> runs = s.expand(d -> OptionalInt.of(pool), warnings::add);
        assertThat(runs).hasSize(2 * 3 * 4);
        assertThat(runs.stream().map(RunSpec::size).distinct()).containsExactly(100, 199);
        assertThat(runs.get(runs.size() - 1).id()).isEqualTo("brats2017/infonce/n199/seed3/tau0.5");
        assertThat(warnings).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "brats2016.yaml",
                "brats2017.yaml",
                "brats-combined.yaml",
                "abdomenct-1k.yaml",
                "paper-recipe.yaml"
            })
    void everyShippedExampleParses(String file) throws Exception {
        ExperimentSpec s = ExperimentSpec.read(Path.of("..", "examples", file));
        assertThat(s.name()).isEqualTo(file.replace(".yaml", ""));
        assertThat(s.sizes()).anyMatch(z -> z.kind() == TrainingSize.Kind.PERCENT);
    }
}
