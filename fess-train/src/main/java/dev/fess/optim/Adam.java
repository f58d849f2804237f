package dev.fess.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.List;

/**
 * Adam (Kingma &amp; Ba 2015) and AdamW (Loshchilov &amp; Hutter 2019), as in PyTorch's {@code torch.optim.Adam} /
 * {@code AdamW}. With step t (from 1), gradient g, learning rate η:
 * <pre>
 *   Adam:  g ← g + wd·p                        (L2 penalty folded into the gradient)
 *   AdamW: p ← p·(1 − η·wd)                    (decoupled weight decay)
 *   m ← β1·m + (1−β1)·g
 *   v ← β2·v + (1−β2)·g²
 *   p ← p − η · (m / (1−β1^t)) / (√(v / (1−β2^t)) + ε)
 * </pre>
 * Build with {@link #builder()}; defaults β1 = 0.9, β2 = 0.999, ε = 1e-8, wd = 0, coupled (Adam).
 */
public final class Adam extends StatefulOptimizer {
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float weightDecay;
    private final boolean decoupled;

    private Adam(Builder b) {
        super(b.manager, 2);
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.epsilon = b.epsilon;
        this.weightDecay = b.weightDecay;
        this.decoupled = b.decoupled;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void step(List<NDArray> parameters, List<NDArray> gradients, float learningRate) {
        steps++;
        double bias1 = 1 - Math.pow(beta1, steps);
        double bias2 = 1 - Math.pow(beta2, steps);
        float stepSize = (float) (learningRate / bias1);
        float sqrtBias2 = (float) Math.sqrt(bias2);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (int i = 0; i < parameters.size(); i++) {
                NDArray p = parameters.get(i);
                NDArray g = gradients.get(i);
                NDArray[] s = state.of(i, p);
                if (weightDecay != 0) {
                    if (decoupled) {
                        p.muli(1 - learningRate * weightDecay);
                    } else {
                        g = g.add(p.mul(weightDecay));
                    }
                }
                s[0].muli(beta1).addi(g.mul(1 - beta1));
                s[1].muli(beta2).addi(g.square().muli(1 - beta2));
                NDArray denom = s[1].sqrt().divi(sqrtBias2).addi(epsilon);
                p.subi(s[0].div(denom).muli(stepSize));
            }
        }
    }

    /** Options of {@link Adam}. */
    public static final class Builder {
        private NDManager manager;
        private float beta1 = 0.9f;
        private float beta2 = 0.999f;
        private float epsilon = 1e-8f;
        private float weightDecay;
        private boolean decoupled;

        /** The manager under which the state arrays live (a sub-manager of it is used). */
        public Builder manager(NDManager m) {
            this.manager = m;
            return this;
        }

        /** Decay rates β₁, β₂ of the first and second moment estimates, each in [0, 1). Default 0.9, 0.999. */
        public Builder betas(float b1, float b2) {
            if (!(b1 >= 0 && b1 < 1) || !(b2 >= 0 && b2 < 1)) {
                throw new IllegalArgumentException("betas must lie in [0, 1), got " + b1 + ", " + b2);
            }
            this.beta1 = b1;
            this.beta2 = b2;
            return this;
        }

        /** ε added to √v̂ in the denominator. Default 1e-8. */
        public Builder epsilon(float e) {
            this.epsilon = e;
            return this;
        }

        /** Weight decay λ ≥ 0 (L2 penalty, or decoupled: see {@link #decoupled}). Default 0. */
        public Builder weightDecay(float wd) {
            if (!(wd >= 0)) {
                throw new IllegalArgumentException("weight decay must be ≥ 0, got " + wd);
            }
            this.weightDecay = wd;
            return this;
        }

        /** True for AdamW's decoupled weight decay, false (default) for Adam's L2 penalty. */
        public Builder decoupled(boolean d) {
            this.decoupled = d;
            return this;
        }

        /** The optimiser; the manager must have been set. */
        public Adam build() {
            if (manager == null) {
                throw new IllegalStateException("Adam needs a manager");
            }
            return new Adam(this);
        }
    }
}
