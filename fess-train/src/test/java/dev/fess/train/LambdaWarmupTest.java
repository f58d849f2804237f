package dev.fess.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.fess.config.TrainingConfig;
import dev.fess.gradcheck.GradientCheck;
import dev.fess.loss.CompositeLoss;
import dev.fess.loss.DiceLoss;
import dev.fess.loss.SupervisedContrastiveLoss;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The λ warm-up ({@code lambda_warmup} W): at step t &lt; W the loss is {@code (1 − w)·Dice + w·SupCon} with
 * {@code w = (1 − λ)·t/W}, afterwards exactly {@code λ·Dice + (1 − λ)·SupCon}. Reference values from the two terms
 * computed on their own; central-difference gradients through the step loss.
 */
class LambdaWarmupTest {
    private static final long SEED = 77;
    private static NDManager manager;

    @BeforeAll
    static void start() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    private static CompositeLoss loss(String form) {
        TrainingConfig cfg = TrainingConfig.builder()
                .set("data", Path.of("unused").toString(), "test")
                .set("loss", "fess", "test")
                .set("lambda", "0.3", "test")
                .set("lambda_warmup", "10", "test")
                .set("contrastive_form", form, "test")
                .set("feature_grad_scale", "1", "test") // the true derivative, for the central differences
                .set("samples_per_class", "4", "test")
                .build();
        return TrainingSession.loss(cfg, TinySetup.BINARY, null);
    }

    private static int[] labels() {
        Random r = new Random(3);
        int[] l = new int[2 * 4 * 4 * 4];
        for (int i = 0; i < l.length; i++) {
            l[i] = r.nextInt(2);
        }
        return l;
    }

    @ParameterizedTest(name = "step {0}")
    @ValueSource(ints = {0, 4, 9, 10, 50})
    void valueIsTheScheduledMixOfTheTwoTermsAndGradientsMatchCentralDifferences(int step) {
        for (String form : new String[] {"paper", "bounded"}) {
            CompositeLoss loss = loss(form);
            NDArray labelMap = manager.create(labels(), new Shape(2, 4, 4, 4));
            double[] logits = GradientCheck.gaussian(1, 2 * 2 * 64, 1.0);
            double[] emb = GradientCheck.gaussian(2, 2 * 3 * 8, 1.0);
            Shape logitShape = new Shape(2, 2, 4, 4, 4);
            Shape embShape = new Shape(2, 3, 2, 2, 2);
            loss.reseed(SEED);
            loss.atStep(step);
            double value = loss.evaluate(
                            new NDList(labelMap),
                            new NDList(manager.create(logits, logitShape), manager.create(emb, embShape)))
                    .getDouble();
            double dice = DiceLoss.builder()
                    .optIncludeBackground(false)
                    .build()
                    .evaluate(new NDList(labelMap), new NDList(manager.create(logits, logitShape)))
                    .getDouble();
            double supCon = SupervisedContrastiveLoss.builder()
                    .optSamplesPerClass(4)
                    .optSeed(SEED)
                    .optBounded(form.equals("bounded"))
                    .build()
                    .compute(manager.create(emb, embShape), labelMap, null)
                    .getDouble();
            double w = step < 10 ? 0.7 * step / 10 : 0.7;
            assertThat(value).as(form).isCloseTo((1 - w) * dice + w * supCon, within(1e-6));
            assertThat(loss.contrastiveWeight(step)).isCloseTo(w, within(1e-6));

            GradientCheck.Result gl = GradientCheck.check(
                    manager,
                    logits,
                    logitShape,
                    x -> {
                        loss.reseed(SEED);
                        return loss.evaluate(new NDList(labelMap), new NDList(x, manager.create(emb, embShape)));
                    },
                    null);
            GradientCheck.Result ge = GradientCheck.check(
                    manager,
                    emb,
                    embShape,
                    x -> {
                        loss.reseed(SEED);
                        return loss.evaluate(new NDList(labelMap), new NDList(manager.create(logits, logitShape), x));
                    },
                    null);
            assertThat(gl.relativeError()).isLessThan(1e-4);
            assertThat(gl.maxAbsAnalytic()).isGreaterThan(1e-5);
            if (step == 0) {
                assertThat(ge.maxAbsAnalytic()).isEqualTo(0.0); // pure Dice at the first step
            } else {
                assertThat(ge.relativeError()).isLessThan(1e-4);
                assertThat(ge.maxAbsAnalytic()).isGreaterThan(1e-6);
            }
        }
    }
}
