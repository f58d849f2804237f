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

            FeatureProbe probe = new FeatureProbe();
            double[] probed;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                model.getUNet().setFeatureTap(probe);
                NDList pred = model.forward(ps, new NDList(x), true);
                model.getUNet().setFeatureTap(null);
                probed = probe.backwardPerTerm(terms(pred, target), params);
            }
            double[] summed = flatGradients(params);

            assertThat(probed[0]).isCloseTo(expectedDiceFeatures, within(1e-5 * expectedDiceFeatures));
            assertThat(probed[1]).isCloseTo(expectedContrastiveFeatures, within(1e-5 * expectedContrastiveFeatures));
            assertThat(probed[2]).isCloseTo(norm(dice), within(1e-5 * norm(dice)));
            assertThat(probed[3]).isCloseTo(norm(contrastive), within(1e-5 * norm(contrastive)));
            assertThat(expectedDiceFeatures).isGreaterThan(1e-6);
            double diff = 0;
            for (int i = 0; i < whole.length; i++) {
                diff += (summed[i] - whole[i]) * (summed[i] - whole[i]);
            }
            assertThat(Math.sqrt(diff)).isLessThan(1e-5 * norm(whole));
        }
    }
}
