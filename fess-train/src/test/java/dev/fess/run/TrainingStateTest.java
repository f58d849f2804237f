package dev.fess.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingStateTest {

    private static byte[] bytes(TrainingState s) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            s.write(out);
        }
        return b.toByteArray();
    }

    @Test
    void theCodecRoundTripsEveryFieldBitForBit() throws IOException {
        TrainingState s = TrainingState.start()
                .stepCounted(0.9, 0.8, 0.1, 1e-3, 2.5, new double[] {0.1, 0.2, Double.NaN, 0.4, 0.5})
                .stepNotCounted(true, 1e-3)
                .stepCounted(0.7, 0.6, 0.2, 1e-3, 1.5, null);
        EpochMetrics row = s.epochMetrics(0.5, List.of(0.4, 0.6), false);
        s = s.epochFinished(row).stepCounted(0.3, 0.2, 0.15, 5e-4, 0.75, new double[] {1, 2, 3, 4, Double.NaN});
        TrainingState back = TrainingState.read(new DataInputStream(new ByteArrayInputStream(bytes(s))), "state.bin");
        assertThat(back).isEqualTo(s);
        assertThat(bytes(back)).isEqualTo(bytes(s));
        // the state really moved: position, sums, best and history
        assertThat(back.epoch()).isEqualTo(2);
        assertThat(back.iteration()).isEqualTo(1);
        assertThat(back.step()).isEqualTo(4);
        assertThat(back.sumLoss()).isEqualTo(0.3);
        assertThat(back.bestDice()).isEqualTo(0.5);
        assertThat(back.bestEpoch()).isEqualTo(1);
        assertThat(back.history()).containsExactly(row);
        assertThat(row.loss()).isEqualTo((0.9 + 0.7) / 2);
        assertThat(row.skipped()).isEqualTo(1);
        // gradient norms: mean and max of the counted steps' global norms, per-term means of the probe steps
        assertThat(row.gradients().total()).isEqualTo((2.5 + 1.5) / 2);
        assertThat(row.gradients().max()).isEqualTo(2.5);
        assertThat(row.gradients().diceFeatures()).isEqualTo(0.1);
        assertThat(row.gradients().diceParameters()).isNaN();
        assertThat(row.gradients().contrastiveCapFactor()).isEqualTo(0.5);
        assertThat(back.gradients().probeCounts()).containsExactly(1, 1, 1, 1, 0);
    }

    @Test
    void validationsWithoutImprovementAreCounted() {
        TrainingState s = TrainingState.start().stepCounted(1, 1, 0, 1, 1, null);
        s = s.epochFinished(s.epochMetrics(0.5, List.of(0.5), false)).stepCounted(1, 1, 0, 1, 1, null);
        s = s.epochFinished(s.epochMetrics(0.4, List.of(0.4), false)).stepCounted(1, 1, 0, 1, 1, null);
        s = s.epochFinished(s.epochMetrics(Double.NaN, List.of(), false));
        assertThat(s.validationsSinceBest()).isEqualTo(1); // the epoch without validation does not count
        assertThat(s.bestEpoch()).isEqualTo(1);
        assertThat(s.summaryJson())
                .isEqualTo(
                        "{\"epoch\": 4, \"iteration\": 0, \"step\": 3, \"best_val_dice\": 0.5, \"best_epoch\": 1}\n");
    }

    @Test
    void aForeignFileIsRefused() {
        byte[] junk = {1, 2, 3, 4, 5, 6, 7, 8};
        assertThatThrownBy(() -> TrainingState.read(new DataInputStream(new ByteArrayInputStream(junk)), "x.bin"))
                .isInstanceOf(IOException.class)
                .hasMessage("x.bin: not a fess training state of version 2 or 3");
    }

    /** A state as fess wrote it before the contrastive cap: version 2, four probe values, six gradient columns. */
    private static byte[] versionTwo(TrainingState s) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            out.writeInt(0x46455353);
            out.writeInt(2);
            out.writeInt(s.epoch());
            out.writeInt(s.iteration());
            out.writeLong(s.step());
            out.writeDouble(s.sumLoss());
            out.writeDouble(s.sumDice());
            out.writeDouble(s.sumContrastive());
            out.writeInt(s.counted());
            out.writeInt(s.skipped());
            out.writeDouble(s.gradients().sumNorm());
            out.writeDouble(s.gradients().maxNorm());
            for (int i = 0; i < 4; i++) {
                out.writeDouble(s.gradients().probeSums()[i]);
                out.writeInt(s.gradients().probeCounts()[i]);
            }
            out.writeDouble(s.epochLr());
            out.writeDouble(s.bestDice());
            out.writeInt(s.bestEpoch());
            out.writeInt(s.validationsSinceBest());
            out.writeInt(s.history().size());
            for (EpochMetrics m : s.history()) {
                out.writeInt(m.epoch());
                out.writeDouble(m.loss());
                out.writeDouble(m.diceLoss());
                out.writeDouble(m.contrastiveLoss());
                out.writeDouble(m.lr());
                out.writeInt(m.skipped());
                for (int i = 0; i < 6; i++) {
                    out.writeDouble(m.gradients().values()[i]);
                }
                out.writeDouble(m.valDice());
                out.writeInt(m.valDicePerOutput().size());
                for (double v : m.valDicePerOutput()) {
                    out.writeDouble(v);
                }
                out.writeBoolean(m.collapse());
            }
        }
        return b.toByteArray();
    }

    @Test
    void aStateOfVersionTwoStillResumesWithoutCapFactors() throws IOException {
        TrainingState s = TrainingState.start()
                .stepCounted(0.9, 0.8, 0.1, 1e-3, 2.5, new double[] {0.1, 0.2, 0.3, 0.4, Double.NaN});
        s = s.epochFinished(s.epochMetrics(0.5, List.of(0.5), false))
                .stepCounted(0.3, 0.2, 0.15, 5e-4, 0.75, new double[] {1, 2, 3, 4, Double.NaN});
        TrainingState back =
                TrainingState.read(new DataInputStream(new ByteArrayInputStream(versionTwo(s))), "state.bin");
        assertThat(back).isEqualTo(s);
        assertThat(back.history().get(0).gradients().contrastiveCapFactor()).isNaN();
        assertThat(back.history().get(0).gradients().contrastiveParameters()).isEqualTo(0.4);
    }
}
