package dev.fess.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Measures each loss term's gradient on one step, as a {@code UNet3d} feature tap plus a split backward pass.
 *
 * <p>The tap adds a zero array {@code z} that requires a gradient to the shared features, {@code F' = F + z}: the
 * forward values are unchanged and {@code ∂L/∂z = ∂L/∂F}, while the network below F still receives its gradient.
 * {@link #backwardPerTerm} then runs the backward pass of {@code λ·Dice} (keeping the graph), reads the feature
 * gradient and the parameter gradients, and runs the backward pass of {@code (1−λ)·contrastive} on top: the
 * parameters end up with the sum, exactly the gradient of the whole loss, and the contrastive part is the
 * difference. Costs one extra backward pass.
 */
final class FeatureProbe implements UnaryOperator<NDArray> {
    private final List<NDArray> zeros = new ArrayList<>();

    @Override
    public NDArray apply(NDArray features) {
        NDArray z = features.zerosLike();
        z.setRequiresGradient(true);
        zeros.add(z);
        return features.add(z);
    }

    /**
     * Backward pass of both terms, leaving their summed gradient on the parameters.
     *
     * @param terms {@code {λ·Dice, (1−λ)·contrastive or null}}
     * @param trainable the trained parameters
     * @return {Dice norm at the features, contrastive norm at the features, Dice norm over the parameters,
     *     contrastive norm over the parameters}; NaN where not measurable (no contrastive term, no tap hit)
     */
    double[] backwardPerTerm(NDArray[] terms, List<Parameter> trainable) {
        boolean two = terms[1] != null;
        backward(terms[0], two);
        double diceFeatures = featureNorm();
        List<NDArray> diceGrads = new ArrayList<>(trainable.size());
        double diceSq = 0;
        for (Parameter p : trainable) {
            NDArray g = p.getArray().getGradient();
            diceSq += squaredNorm(g);
            if (two) {
                diceGrads.add(g.duplicate());
            }
        }
        if (!two) {
            return new double[] {diceFeatures, Double.NaN, Math.sqrt(diceSq), Double.NaN};
        }
        for (NDArray z : zeros) {
            JniUtils.zeroGrad((PtNDArray) z);
        }
        backward(terms[1], false);
        double contrastiveFeatures = featureNorm();
        double contrastiveSq = 0;
        for (int i = 0; i < trainable.size(); i++) {
            contrastiveSq +=
                    squaredNorm(trainable.get(i).getArray().getGradient().sub(diceGrads.get(i)));
        }
        return new double[] {diceFeatures, contrastiveFeatures, Math.sqrt(diceSq), Math.sqrt(contrastiveSq)};
    }

    private static void backward(NDArray loss, boolean keepGraph) {
        JniUtils.backward((PtNDArray) loss, (PtNDArray) loss.onesLike(), keepGraph, false);
    }

    private double featureNorm() {
        if (zeros.isEmpty()) {
            return Double.NaN;
        }
        double sq = 0;
        for (NDArray z : zeros) {
            sq += squaredNorm(z.getGradient());
        }
        return Math.sqrt(sq);
    }

    private static double squaredNorm(NDArray g) {
        return g.toType(DataType.FLOAT64, false).square().sum().getDouble();
    }
}
