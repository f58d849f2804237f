package dev.fess.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
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
 *
 * <p>With a cap R &gt; 0 ({@code contrastive_grad_cap}), when the contrastive term's feature gradient is more than R
 * times the Dice term's, its whole gradient (features, U-Net and heads) is scaled by
 * {@code k = R·‖g_Dice‖ / ‖g_contrastive‖} before the update: the parameters get {@code g_Dice + k·g_contrastive},
 * which is the gradient of {@code λ·Dice + k·(1−λ)·contrastive} with k held constant for the step.
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
     * Backward pass of both terms, leaving their summed gradient on the parameters, with the contrastive part capped.
     *
     * @param terms {@code {λ·Dice, (1−λ)·contrastive or null}}
     * @param trainable the trained parameters
     * @param cap largest ratio of the contrastive feature-gradient norm to the Dice term's; 0 = no cap
     * @return {Dice norm at the features, contrastive norm at the features, Dice norm over the parameters,
     *     contrastive norm over the parameters, factor k applied to the contrastive gradient}; the contrastive norms
     *     are those that enter the update (after the cap); NaN where not measurable (no contrastive term, no tap
     *     hit), k NaN without a cap
     */
    double[] backwardPerTerm(NDArray[] terms, List<Parameter> trainable, double cap) {
        // the gradient handles, copies and norms live on the parameters' manager: closed here, every step
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
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
                return new double[] {diceFeatures, Double.NaN, Math.sqrt(diceSq), Double.NaN, Double.NaN};
            }
            for (NDArray z : zeros) {
                JniUtils.zeroGrad((PtNDArray) z);
            }
            backward(terms[1], false);
            double contrastiveFeatures = featureNorm();
            double k = capFactor(cap, diceFeatures, contrastiveFeatures);
            double contrastiveSq = 0;
            for (int i = 0; i < trainable.size(); i++) {
                NDArray g = trainable.get(i).getArray().getGradient();
                NDArray dice = diceGrads.get(i);
                if (k < 1) {
                    g.subi(dice).muli((float) k).addi(dice);
                }
                contrastiveSq += squaredNorm(g.sub(dice));
            }
            double applied = Double.isNaN(k) ? 1 : k;
            return new double[] {
                diceFeatures, applied * contrastiveFeatures, Math.sqrt(diceSq), Math.sqrt(contrastiveSq), k
            };
        }
    }

    /**
     * The factor on the contrastive gradient under a cap: {@code min(1, cap·dice/contrastive)}; NaN without a cap or
     * when a norm was not measured.
     */
    static double capFactor(double cap, double dice, double contrastive) {
        if (!(cap > 0) || !Double.isFinite(dice) || !Double.isFinite(contrastive)) {
            return Double.NaN;
        }
        return contrastive > cap * dice ? cap * dice / contrastive : 1;
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
