package dev.fess.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fess.loss.Arm;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The collapse check alone and against the paired Dice run, on hand-made curves whose drops are worked out in the
 * comments (epochs 1 … 5, so epochs 2 … 5 lie after the first fifth).
 */
class CollapseCheckTest {

    private static RunData run(Arm arm, int seed, double... val) {
        double[] epochs = new double[val.length];
        for (int i = 0; i < val.length; i++) {
            epochs[i] = i + 1;
        }
        TrainingCurve curve = new TrainingCurve(Map.of("epoch", epochs, "val_dice", val));
        return new RunData(null, Path.of("r"), "d", arm, 6, 6, seed, null, null, true, List.of(), curve, List.of());
    }

    private static ReportAnalysis.CollapseCheck check(List<RunData> runs, RunData of) {
        return ReportAnalysis.collapse(runs).stream()
                .filter(c -> c.run() == of)
                .findFirst()
                .orElseThrow();
    }

    // Dice: best so far 0.7 0.8 0.85 0.85 0.9 → drops at epochs 2..5: 0, 0, 0.10, 0
    private final RunData dice = run(Arm.DICE, 1, 0.7, 0.8, 0.85, 0.75, 0.9);
    // falls with Dice: drops 0, 0, 0.09 (0.86 − 0.77), 0 → alone 0.09 (collapsed), beyond Dice max(0, 0, −0.01, 0)
    private final RunData withData = run(Arm.FESS, 1, 0.7, 0.8, 0.86, 0.77, 0.9);
    // its own fall: drops 0, 0, 0.25, 0.23 → beyond Dice 0.23 at epoch 5 (Dice's drop there is 0)
    private final RunData ownFall = run(Arm.SIMCLR, 1, 0.7, 0.8, 0.85, 0.60, 0.62);
    // seed 2 has no Dice run
    private final RunData unpaired = run(Arm.INFONCE, 2, 0.7, 0.8, 0.85, 0.60, 0.62);

    @Test
    void aFallTheDiceRunSharesIsACollapseAloneButNotBeyondDice() {
        ReportAnalysis.CollapseCheck c = check(List.of(dice, withData, ownFall, unpaired), withData);
        assertThat(c.maxDrop()).isCloseTo(0.09, within(1e-12));
        assertThat(c.epoch()).isEqualTo(4);
        assertThat(c.collapsed()).isTrue();
        assertThat(c.diceMaxDrop()).isCloseTo(0.10, within(1e-12));
        assertThat(c.excessDrop()).isCloseTo(0.0, within(1e-12));
        assertThat(c.collapsedBeyondDice()).isFalse();
    }

    @Test
    void aFallOfItsOwnIsACollapseBeyondDice() {
        ReportAnalysis.CollapseCheck c = check(List.of(dice, withData, ownFall, unpaired), ownFall);
        assertThat(c.maxDrop()).isCloseTo(0.25, within(1e-12));
        assertThat(c.excessDrop()).isCloseTo(0.23, within(1e-12));
        assertThat(c.collapsedBeyondDice()).isTrue();
    }

    @Test
    void withoutAPairedDiceRunOrForDiceItselfThereIsNoPairedFigure() {
        List<RunData> all = List.of(dice, withData, ownFall, unpaired);
        ReportAnalysis.CollapseCheck u = check(all, unpaired);
        assertThat(u.collapsed()).isTrue();
        assertThat(u.excessDrop()).isNaN();
        assertThat(u.diceMaxDrop()).isNaN();
        assertThat(u.collapsedBeyondDice()).isFalse();
        ReportAnalysis.CollapseCheck d = check(all, dice);
        assertThat(d.maxDrop()).isCloseTo(0.10, within(1e-12));
        assertThat(d.excessDrop()).isNaN();
        assertThat(d.collapsedBeyondDice()).isFalse();
    }
}
