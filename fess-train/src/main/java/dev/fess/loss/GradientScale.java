package dev.fess.loss;

import ai.djl.ndarray.NDArray;

/**
 * Scales the gradient that flows back through an array without changing its value:
 * {@code s·z + (1 − s)·stopGradient(z)} has the value z (up to rounding; exactly z for s = 0) and the gradient
 * {@code s·∂L/∂z}. For s = 0 the result stays in the autograd graph with a zero gradient, so a loss made only of it
 * can still be differentiated.
 */
final class GradientScale {
    private GradientScale() {}

    /**
     * @param z the array the loss reads
     * @param s factor in [0, 1] on the gradient into z (1: unchanged, 0: detached)
     * @return an array of z's value whose gradient into z is s times the loss's
     */
    static NDArray apply(NDArray z, float s) {
        if (s == 1) {
            return z;
        }
        NDArray scale = z.getManager().create((double) s).toType(z.getDataType(), false);
        NDArray rest = z.getManager().create(1.0 - s).toType(z.getDataType(), false);
        return z.mul(scale).add(z.stopGradient().mul(rest));
    }

    /** Checks a factor; the message names {@code what}. */
    static void check(float s, String what) {
        if (!(s >= 0 && s <= 1)) {
            throw new IllegalArgumentException(what + " must be in [0, 1]; got " + s);
        }
    }
}
