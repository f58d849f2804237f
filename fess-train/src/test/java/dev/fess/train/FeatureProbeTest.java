package dev.fess.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.fess.model.ModelSpec;
import dev.fess.model.SegmentationModel;
import dev.fess.model.UNet3d;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The per-term gradient norms of the training loop's probe steps against independent computations: each term's
 * parameter gradient from its own backward pass, the Dice term's feature gradient as {@code Wᵀ ∂L/∂logits} through
 * the 1×1×1 output convolution, and a stand-in contrastive term {@code c·ΣF²} on the features whose gradient is
 * {@code 2c·F}. The probe must also leave exactly the whole loss's gradient on the parameters.
 */
class FeatureProbeTest {
    private static final float LAMBDA = 0.3f;
    private static final float C = 0.05f;

    private static SegmentationModel model(NDManager m) {
        Engine.getInstance().setRandomSeed(3);
        UNet3d.Config unet =
                UNet3d.builder().setInChannels(1).setClasses(2).optFilters(4, 8).config();
        SegmentationModel model = SegmentationModel.of(new ModelSpec(unet, 8, 8).withVoxelHeadOnSamples(true));
        model.initialize(m, DataType.FLOAT32);
        return model;
    }

    /** {λ·softDice(logits), (1−λ)·C·ΣF²} with F = the features at position 1. */
    private static NDArray[] terms(NDList pred, NDArray target) {
        NDArray p = pred.get(0).softmax(1).get(":, 1");
        NDArray dice = p.mul(target)
                .sum()
                .mul(2)
                .add(1e-5f)
                .div(p.sum().add(target.sum()).add(1e-5f))
                .neg()
                .add(1f);
        NDArray f = pred.get(1);
        return new NDArray[] {dice.mul(LAMBDA), f.square().sum().mul(C * (1 - LAMBDA))};
    }

    private static List<Parameter> trainable(SegmentationModel model) {
        List<Parameter> out = new ArrayList<>();
        for (Pair<String, Parameter> p : model.getParameters()) {
            if (p.getValue().requiresGradient()) {
                out.add(p.getValue());
            }
        }
        return out;
    }

    private static double[] flatGradients(List<Parameter> params) {
        List<Double> all = new ArrayList<>();
        for (Parameter p : params) {
            for (double v :
                    p.getArray().getGradient().toType(DataType.FLOAT64, false).toDoubleArray()) {
                all.add(v);
            }
            p.getArray().getGradient().muli(0);
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    @Test
    void perTermNormsMatchIndependentGradientsAndTheSumIsTheWholeGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            SegmentationModel model = model(m);
            List<Parameter> params = trainable(model);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomNormal(new Shape(2, 1, 4, 6, 8));
            NDArray target = x.gt(0.3).toType(DataType.FLOAT32, false).reshape(2, 4, 6, 8);

            // one backward pass per term and of the whole loss, no tap
            BiFunction<Integer, Boolean, double[]> alone = (which, whole) -> {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray[] t = terms(model.forward(ps, new NDList(x), true), target);
                    gc.backward(whole ? t[0].add(t[1]) : t[which]);
                }
                return flatGradients(params);
            };
            double[] dice = alone.apply(0, false);
            double[] contrastive = alone.apply(1, false);
            double[] whole = alone.apply(0, true);

            // the Dice term's feature gradient through the output convolution: Wᵀ ∂L/∂logits
            double expectedDiceFeatures;
            double expectedContrastiveFeatures;
            try (NDManager sub = m.newSubManager()) {
                NDList pred = model.forward(ps, new NDList(x), false);
                NDArray features = pred.get(1);
                NDArray logits = pred.get(0).duplicate();
                logits.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(terms(new NDList(logits, features), target)[0]);
                }
                NDArray w = null;
                for (Pair<String, Block> child : model.getUNet().getChildren()) {
                    if (child.getKey().endsWith("out")) {
                        w = child.getValue()
                                .getParameters()
                                .get("weight")
                                .getArray()
                                .reshape(2, 4); // classes × F
                    }
                }
                NDArray g = logits.getGradient()
                        .transpose(0, 2, 3, 4, 1)
                        .reshape(-1, 2)
                        .matMul(w);
                expectedDiceFeatures =
                        g.toType(DataType.FLOAT64, false).square().sum().sqrt().getDouble();
                expectedContrastiveFeatures = 2
                        * C
                        * (1 - LAMBDA)
                        * features.toType(DataType.FLOAT64, false)
                                .square()
                                .sum()
                                .sqrt()
                                .getDouble();
            }

            double[][] uncapped = probeWithCap(model, ps, x, target, 0);
            double[] probed = uncapped[0];
            double[] summed = uncapped[1];

            assertThat(probed[0]).isCloseTo(expectedDiceFeatures, within(1e-5 * expectedDiceFeatures));
            assertThat(probed[1]).isCloseTo(expectedContrastiveFeatures, within(1e-5 * expectedContrastiveFeatures));
            assertThat(probed[2]).isCloseTo(norm(dice), within(1e-5 * norm(dice)));
            assertThat(probed[3]).isCloseTo(norm(contrastive), within(1e-5 * norm(contrastive)));
            assertThat(probed[4]).isNaN(); // no cap
            assertThat(expectedDiceFeatures).isGreaterThan(1e-6);
            double diff = 0;
            for (int i = 0; i < whole.length; i++) {
                diff += (summed[i] - whole[i]) * (summed[i] - whole[i]);
            }
            assertThat(Math.sqrt(diff)).isLessThan(1e-5 * norm(whole));
        }
    }

    /** Runs the probe with a cap on a fresh forward pass; returns {probed, the parameters' gradient}. */
    private static double[][] probeWithCap(
            SegmentationModel model, ParameterStore ps, NDArray x, NDArray target, double cap) {
        List<Parameter> params = trainable(model);
        FeatureProbe probe = new FeatureProbe();
        double[] probed;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            model.getUNet().setFeatureTap(probe);
            NDList pred = model.forward(ps, new NDList(x), true);
            model.getUNet().setFeatureTap(null);
            probed = probe.backwardPerTerm(terms(pred, target), params, cap);
        }
        return new double[][] {probed, flatGradients(params)};
    }

    @Test
    void aBindingCapScalesTheContrastiveGradientToCapTimesTheDiceFeatureGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            SegmentationModel model = model(m);
            List<Parameter> params = trainable(model);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomNormal(new Shape(2, 1, 4, 6, 8));
            NDArray target = x.gt(0.3).toType(DataType.FLOAT32, false).reshape(2, 4, 6, 8);
            double[] dice;
            double[] contrastive;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(terms(model.forward(ps, new NDList(x), true), target)[0]);
            }
            dice = flatGradients(params);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(terms(model.forward(ps, new NDList(x), true), target)[1]);
            }
            contrastive = flatGradients(params);

            double[][] free = probeWithCap(model, ps, x, target, 0);
            double ratio = free[0][1] / free[0][0];
            assertThat(ratio).isGreaterThan(0.01); // the cap below binds

            double cap = ratio / 4;
            double[][] capped = probeWithCap(model, ps, x, target, cap);
            double k = cap * free[0][0] / free[0][1];
            assertThat(capped[0][4]).isCloseTo(k, within(1e-5 * k)).isCloseTo(0.25, within(1e-5));
            assertThat(capped[0][0]).isCloseTo(free[0][0], within(1e-6 * free[0][0]));
            assertThat(capped[0][1]).isCloseTo(cap * free[0][0], within(1e-5 * cap * free[0][0]));
            assertThat(capped[0][3]).isCloseTo(k * norm(contrastive), within(1e-5 * norm(contrastive)));
            double diff = 0;
            double size = 0;
            for (int i = 0; i < dice.length; i++) {
                double expected = dice[i] + k * contrastive[i];
                diff += (capped[1][i] - expected) * (capped[1][i] - expected);
                size += expected * expected;
            }
            assertThat(Math.sqrt(diff)).isLessThan(1e-5 * Math.sqrt(size));

            double[][] loose = probeWithCap(model, ps, x, target, ratio * 2);
            assertThat(loose[0][4]).isEqualTo(1.0); // the cap does not bind: the whole gradient, unscaled
            assertThat(loose[1]).containsExactly(free[1], within(1e-7 * norm(free[1])));
        }
    }

    @Test
    void theCapFactorIsTheRatioOnlyWhereTheCapBinds() {
        assertThat(FeatureProbe.capFactor(1, 2, 8)).isEqualTo(0.25);
        assertThat(FeatureProbe.capFactor(2, 2, 8)).isEqualTo(0.5);
        assertThat(FeatureProbe.capFactor(1, 2, 2)).isEqualTo(1);
        assertThat(FeatureProbe.capFactor(1, 0, 3)).isEqualTo(0);
        assertThat(FeatureProbe.capFactor(0, 2, 8)).isNaN();
        assertThat(FeatureProbe.capFactor(1, Double.NaN, 8)).isNaN();
    }

    @Test
    void aProbeStepLeavesNoArrayBehindOnTheParametersManager() {
        try (NDManager m = NDManager.newBaseManager()) {
            SegmentationModel model = model(m);
            List<Parameter> params = trainable(model);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomNormal(new Shape(2, 1, 4, 6, 8));
            NDArray target = x.gt(0.3).toType(DataType.FLOAT32, false).reshape(2, 4, 6, 8);
            for (double cap : new double[] {0, 1e-3}) {
                FeatureProbe probe = new FeatureProbe();
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    model.getUNet().setFeatureTap(probe);
                    NDArray[] t = terms(model.forward(ps, new NDList(x), true), target);
                    model.getUNet().setFeatureTap(null);
                    int before = m.getManagedArrays().size();
                    probe.backwardPerTerm(t, params, cap);
                    assertThat(m.getManagedArrays()).as("cap %s", cap).hasSize(before);
                }
            }
        }
    }
}
