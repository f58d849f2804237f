package dev.fess.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.List;

/**
 * Stochastic gradient descent with (Nesterov) momentum, as PyTorch's {@code torch.optim.SGD} with dampening 0
 * (nnU-Net uses momentum 0.99, Nesterov):
 * <pre>
 *   g ← g + wd·p
 *   b ← μ·b + g                 (b starts at 0, so the first step gives b = g)
 *   d ← g + μ·b  (Nesterov)  or  d ← b  (classic)
 *   p ← p − η·d
 * </pre>
 */
public final class Sgd extends StatefulOptimizer {
    private final float momentum;
    private final boolean nesterov;
    private final float weightDecay;

    private Sgd(NDManager manager, float momentum, boolean nesterov, float weightDecay) {
        super(manager, 1);
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
    }

    /**
     * @param manager parent manager of the momentum buffers
     * @param momentum μ in [0, 1)
     * @param nesterov Nesterov's look-ahead form
     * @param weightDecay L2 penalty wd ≥ 0
     */
    public static Sgd create(NDManager manager, float momentum, boolean nesterov, float weightDecay) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must lie in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weight decay must be ≥ 0, got " + weightDecay);
        }
        return new Sgd(manager, momentum, nesterov, weightDecay);
    }

    @Override
    public void step(List<NDArray> parameters, List<NDArray> gradients, float learningRate) {
        steps++;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (int i = 0; i < parameters.size(); i++) {
                NDArray p = parameters.get(i);
                NDArray g = gradients.get(i);
                if (weightDecay != 0) {
                    g = g.add(p.mul(weightDecay));
                }
                if (momentum == 0) {
                    p.subi(g.mul(learningRate));
                    continue;
                }
                NDArray b = state.of(i, p)[0];
                b.muli(momentum).addi(g);
                NDArray d = nesterov ? g.add(b.mul(momentum)) : b;
                p.subi(d.mul(learningRate));
            }
        }
    }
}
