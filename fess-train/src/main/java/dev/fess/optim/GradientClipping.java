package dev.fess.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.List;

/**
 * Clipping by global norm, as PyTorch's {@code clip_grad_norm_}: with N = √(Σ_p ‖g_p‖²) over all gradients,
 * when N &gt; c every gradient is scaled in place by c / (N + 1e-6).
 */
public final class GradientClipping {
    private GradientClipping() {}

    /** The global L2 norm of the gradients (accumulated in double over per-array float sums). */
    public static double globalNorm(List<NDArray> gradients) {
        double sum = 0;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (NDArray g : gradients) {
                sum += g.square().sum().getFloat();
            }
        }
        return Math.sqrt(sum);
    }

    /**
     * Scales the gradients in place so their global norm is at most {@code maxNorm}.
     *
     * @return the global norm before clipping (may be NaN or infinite; then nothing is scaled)
     */
    public static double clipGlobalNorm(List<NDArray> gradients, double maxNorm) {
        double norm = globalNorm(gradients);
        if (Double.isFinite(norm) && norm > maxNorm) {
            float scale = (float) (maxNorm / (norm + 1e-6));
            for (NDArray g : gradients) {
                g.muli(scale);
            }
        }
        return norm;
    }
}
