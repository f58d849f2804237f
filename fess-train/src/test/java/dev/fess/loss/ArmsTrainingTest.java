package dev.fess.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.fess.UserInputException;
import dev.fess.model.ModelSpec;
import dev.fess.model.SegmentationModel;
import dev.fess.model.UNet3d;
import dev.fess.toy.Blobs;
import dev.fess.toy.TinyLoop;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The four arms of the study, built by {@link Arm}, train a tiny model end to end. */
class ArmsTrainingTest {

    private static final int SIZE = 8;

    /** Flat index in view 2 (view 1 mirrored along W) of each view-1 voxel. */
    static int[] mirrorCorrespondence(int batch, int n) {
        int[] corr = new int[batch * n * n * n];
        int k = 0;
        for (int b = 0; b < batch; b++) {
            for (int z = 0; z < n; z++) {
                for (int y = 0; y < n; y++) {
                    for (int x = 0; x < n; x++) {
                        corr[k++] = (z * n + y) * n + (n - 1 - x);
                    }
                }
            }
        }
        return corr;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dice", "fess", "simclr", "infonce"})
    void lossDecreases(String arm) {
        Engine.getInstance().setRandomSeed(3);
        Blobs.Batch batch = new Blobs(5, SIZE).next(2);
        try (NDManager manager = NDManager.newBaseManager()) {
            SegmentationModel model = SegmentationModel.of(new ModelSpec(
                    UNet3d.builder()
                            .setClasses(2)
                            .optFilters(4, 8)
                            .optNorm(UNet3d.Norm.INSTANCE)
                            .config(),
                    8,
                    8));
            model.initialize(manager, DataType.FLOAT32);
            CompositeLoss loss = Arm.of(arm, "test")
                    .loss(LossOptions.builder().samplesPerClass(32).build());
            if (arm.equals("dice")) {
                model.freezeHeads(true);
            }
            boolean twoViews = arm.equals("simclr") || arm.equals("infonce");
            TinyLoop loop = new TinyLoop(model, loss, 0.01f, new ParameterStore(manager, false));
            float[] values = new float[20];
            for (int step = 0; step < values.length; step++) {
                try (NDManager sub = manager.newSubManager()) {
                    NDArray x = batch.images(sub);
                    NDList labels = new NDList(
                            batch.labels(sub),
                            sub.create(mirrorCorrespondence(2, SIZE), new Shape(2, SIZE, SIZE, SIZE)));
                    values[step] = loop.step(labels, b -> {
                        NDList out = b.forward(loop.store(), new NDList(x), true);
                        if (twoViews) {
                            out.addAll(b.forward(loop.store(), new NDList(x.flip(4)), true));
                        }
                        return out;
                    });
                }
                LossParts parts = loss.lastParts();
                assertThat(parts.total()).isCloseTo(values[step], within(1e-6f));
                assertThat(parts.total())
                        .isCloseTo(
                                loss.getLambda() * parts.dice() + (1 - loss.getLambda()) * parts.contrastive(),
                                within(1e-5f));
                if (!arm.equals("dice")) {
                    assertThat(parts.contrastive()).isPositive();
                }
            }
            float first = (values[0] + values[1] + values[2]) / 3;
            float last = (values[17] + values[18] + values[19]) / 3;
            assertThat(last).as("%s: %s", arm, Arrays.toString(values)).isLessThan(first * 0.95f);
        }
    }

    /** Projecting only the sampled voxels gives the same loss and gradients as projecting the whole volume. */
    @Test
    void voxelHeadOnSamplesIsExact() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            ModelSpec full = new ModelSpec(
                    UNet3d.builder().setClasses(2).optFilters(4, 8).config(), 6, 5);
            SegmentationModel a = SegmentationModel.of(full);
            a.initialize(m, DataType.FLOAT32);
            SegmentationModel b = SegmentationModel.of(full.withVoxelHeadOnSamples(true));
            b.initialize(m, DataType.FLOAT32);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            a.saveParameters(new DataOutputStream(bytes));
            b.loadParameters(m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            b.getParameters().values().forEach(p -> p.getArray().setRequiresGradient(p.requiresGradient()));
            Blobs.Batch batch = new Blobs(2, SIZE).next(2);
            NDArray x = batch.images(m);
            NDList labels = new NDList(batch.labels(m));
            ParameterStore ps = new ParameterStore(m, false);
            float[] values = new float[2];
            float[][] grads = new float[2][];
            SegmentationModel[] models = {a, b};
            for (int k = 0; k < 2; k++) {
                SupervisedContrastiveLoss.Builder sb =
                        SupervisedContrastiveLoss.builder().optSamplesPerClass(20);
                if (k == 1) {
                    sb.optProjector(b.voxelProjector(ps, true));
                }
                CompositeLoss fess = FessLoss.builder().optSupCon(sb.build()).build();
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray l = fess.evaluate(labels, models[k].forward(ps, new NDList(x), true));
                    values[k] = l.getFloat();
                    gc.backward(l);
                }
                NDArray w = models[k]
                        .getParameters()
                        .get("02voxelHead_01conv1_weight")
                        .getArray();
                grads[k] = w.getGradient().toFloatArray();
            }
            assertThat(values[1]).isCloseTo(values[0], within(1e-5f));
            for (int i = 0; i < grads[0].length; i++) {
                assertThat(grads[1][i]).isCloseTo(grads[0][i], within(1e-5f));
            }
            assertThat(Arrays.stream(toDoubles(grads[0])).map(Math::abs).max().orElse(0))
                    .isPositive();
        }
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    @Test
    void unknownArmListsTheValidNames() {
        assertThatThrownBy(() -> Arm.of("dcie", "--loss"))
                .isInstanceOf(UserInputException.class)
                .hasMessage("--loss: unknown arm 'dcie' (expected one of: dice, fess, simclr, infonce)");
        assertThat(Arm.of("FESS", "--loss").loss(LossOptions.defaults()).getContrastive())
                .isInstanceOf(SupervisedContrastiveLoss.class);
        assertThat(Arm.SIMCLR.loss(LossOptions.defaults()).getContrastive()).isInstanceOf(NtXentLoss.class);
    }

    @Test
    void fessIsTheWeightedSumOfItsTerms() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.randomNormal(new Shape(2, 3, 4, 4, 4));
            NDArray emb = m.randomNormal(new Shape(2, 6, 2, 2, 2));
            NDArray labels = m.randomInteger(0, 3, new Shape(2, 4, 4, 4), DataType.INT32);
            NDList predictions = new NDList(logits, emb, m.randomNormal(new Shape(2, 6)));
            CompositeLoss fess = FessLoss.builder()
                    .optLambda(0.3f)
                    .optSupCon(SupervisedContrastiveLoss.builder()
                            .optSeed(9)
                            .optSamplesPerClass(5)
                            .build())
                    .build();
            float total = fess.evaluate(new NDList(labels), predictions).getFloat();
            float dice = DiceLoss.builder().build().compute(logits, labels).getFloat();
            float supCon = SupervisedContrastiveLoss.builder()
                    .optSeed(9)
                    .optSamplesPerClass(5)
                    .build()
                    .compute(emb, labels, null)
                    .getFloat();
            assertThat(total).isCloseTo(0.3f * dice + 0.7f * supCon, within(1e-5f));
            assertThat(fess.lastParts()).isEqualTo(new LossParts(dice, supCon, total));
        }
    }

    @Test
    void infoNceOnMirroredViewsPairsTheRightVoxels() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray view1 = m.randomNormal(new Shape(2, 4, 2, 2, 2)).toType(DataType.FLOAT64, false);
            NDArray view2 = view1.flip(4);
            int[] corr = mirrorCorrespondence(2, 2);
            corr[3] = -1;
            InfoNceLoss loss = InfoNceLoss.builder().optSamples(100).build();
            double value = loss.compute(view1, view2, m.create(corr, new Shape(2, 2, 2, 2)))
                    .getDouble();
            // Every kept voxel is paired with itself: the loss equals InfoNCE of the 15 kept rows against themselves.
            NDArray rows = view1.transpose(0, 2, 3, 4, 1).reshape(16, 4);
            int[] kept = new int[15];
            for (int i = 0, k = 0; i < 16; i++) {
                if (i != 3) {
                    kept[k++] = i;
                }
            }
            NDArray keptRows = rows.get(m.create(kept));
            assertThat(value)
                    .isCloseTo(InfoNceLoss.infoNce(keptRows, keptRows, 0.5f).getDouble(), within(1e-12));
        }
    }
}
