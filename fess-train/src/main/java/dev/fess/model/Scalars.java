package dev.fess.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with a number that autograd may keep for the backward pass: {@code x·v}, {@code x/v}, {@code max(x, v)}.
 *
 * <p>DJL's {@code NDArray.mul(Number)} (and {@code div}, {@code maximum}, …) wraps the number in a 0-d tensor that
 * points into a Java direct buffer, runs the operation and closes the tensor at once. PyTorch's backward of
 * {@code mul}, {@code div} and {@code maximum} reads that operand again, but by then nothing keeps the buffer alive:
 * once the garbage collector has freed it and the memory is reused, the gradient is computed with whatever was
 * written there. That made two runs with one seed differ, depending on when the collector ran (issue 14). Here the
 * number becomes a tensor that libtorch allocates and owns ({@code full}), so the saved operand lives exactly as
 * long as autograd needs it. Use these wherever the result can take part in a backward pass; additions and
 * subtractions of numbers are safe as they are (their backward does not read the operand).
 */
public final class Scalars {
    private Scalars() {}

    /** @return {@code x · v} */
    public static NDArray mul(NDArray x, float v) {
        try (NDArray s = owned(x, v)) {
            return x.mul(s);
        }
    }

    /** @return {@code x / v} */
    public static NDArray div(NDArray x, float v) {
        try (NDArray s = owned(x, v)) {
            return x.div(s);
        }
    }

    /** @return the element-wise {@code max(x, v)} */
    public static NDArray maximum(NDArray x, float v) {
        try (NDArray s = owned(x, v)) {
            return x.maximum(s);
        }
    }

    /** A 0-d tensor of x's type and device holding v, in memory libtorch owns. */
    private static NDArray owned(NDArray x, float v) {
        return x.getManager().full(new Shape(), v, x.getDataType());
    }
}
