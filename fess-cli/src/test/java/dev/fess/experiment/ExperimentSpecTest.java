package dev.fess.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fess.UserInputException;
import dev.fess.loss.Arm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

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
        assertThat(s.training()).containsEntry("epochs", 3).containsEntry("lr", 0.001)
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
        assertThatThrownBy(() -> parse("name: [unclosed\n"))
                .hasMessageStartingWith("spec.yaml: not valid YAML:");
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
                .hasMessage("spec.yaml: key 'lr' is given twice");
    }

    @Test
    void expandsTheGridWithStableIds() {
        ExperimentSpec s = parse(VALID + "seeds: [1, 2]\nlambdas: [0.5, 0.25]\ntaus: [0.5, 0.1, 1.0]\n");
        List<RunSpec> runs = s.expand(d -> OptionalInt.empty(), w -> { });
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
        List<RunSpec> runs = s.expand(d -> OptionalInt.empty(), w -> { });
        // main settings: 3 sizes × 2 seeds × 4 arms; sweeps at size 300, seed 2: fess λ 0.25, τ 0.1; simclr, infonce τ 0.1
        assertThat(runs).hasSize(3 * 2 * 4 + 4);
        assertThat(runs).filteredOn(r -> !r.primary()).allMatch(r -> r.seed() == 2 && r.size() == 300);
        assertThatThrownBy(() -> parse(VALID + "seeds: [1, 2]\nsweep_seeds: [3]\n"))
                .hasMessageContaining("sweep_seeds: expected seeds listed in 'seeds' [1, 2], got 3");
    }

    @Test
    void withoutGridsOneRunPerArmSizeSeed() {
        List<RunSpec> runs = parse(VALID).expand(d -> OptionalInt.empty(), w -> { });
        assertThat(runs).hasSize(4 * 3 * 3);
        assertThat(runs).allMatch(r -> r.lambda() == null && r.tau() == null && r.primary());
        assertThat(runs.get(5).id()).isEqualTo("brats-synth/fess/n100/seed2");
    }

    @Test
    void sizesAreClippedToThePoolWithAWarning() {
        ExperimentSpec s = parse(VALID.replace("sizes: [100, 200, 300]", "sizes: [100, 200, 300, all, '50%']"));
        List<String> warnings = new ArrayList<>();
        List<RunSpec> runs = s.expand(d -> OptionalInt.of(228), warnings::add);
        assertThat(runs.stream().map(RunSpec::size).distinct()).containsExactly(100, 114, 200, 228);
        assertThat(warnings).anyMatch(w -> w.contains("size 300 is more than the 228 training cases available"));
        assertThat(warnings).anyMatch(w -> w.contains("size all resolves to 228"));
        // unknown pool: 'all' is passed on, percentages cannot be resolved
        ExperimentSpec all = parse(VALID.replace("sizes: [100, 200, 300]", "sizes: [all, 10]"));
        assertThat(all.expand(d -> OptionalInt.empty(), w -> { }).stream().map(RunSpec::id))
                .contains("brats-synth/dice/n10/seed1", "brats-synth/dice/nall/seed2");
        assertThatThrownBy(() -> s.expand(d -> OptionalInt.empty(), w -> { }))
                .hasMessageContaining("sizes: '50%' needs the number of training cases");
    }

    @Test
    void theShippedPaperExampleParses() throws Exception {
        Path example = Path.of("..", "examples", "paper-brats.yaml");
        ExperimentSpec s = ExperimentSpec.read(example);
        assertThat(s.arms()).containsExactly(Arm.DICE, Arm.FESS, Arm.SIMCLR, Arm.INFONCE);
        assertThat(s.datasets().get(0).channels()).containsExactly("flair");
        assertThat(s.lambdas()).containsExactly(0.5);
        assertThat(s.taus()).containsExactly(0.5);
        List<String> warnings = new ArrayList<>();
        List<RunSpec> runs = s.expand(d -> OptionalInt.of(228), warnings::add);
        assertThat(runs).hasSize(3 * 3 * 4);
        assertThat(runs.get(runs.size() - 1).id()).isEqualTo("brats/infonce/n228/seed3/tau0.5");
        assertThat(warnings).singleElement().asString().contains("size 300");
    }
}
