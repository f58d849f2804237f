package dev.fess.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Parameter-free ×2 trilinear up-sampling of {@code B × C × D × H × W} to {@code B × C × 2D × 2H × 2W} with the
 * {@code align_corners=False} convention of {@code torch.nn.functional.interpolate}.
 *
 * <p>Trilinear interpolation is separable; along one axis of length n the output sample o reads the source
 * coordinate {@code (o + ½)/2 − ½}, clamped to [0, n−1], which for a factor of 2 gives the exact weights
 *
 * <pre>  y[2i] = ¾·x[i] + ¼·x[max(i−1, 0)]      y[2i+1] = ¾·x[i] + ¼·x[min(i+1, n−1)]</pre>
 *
 * Implemented with slicing and concatenation so it runs on any engine and is differentiable.
 */
public final class TrilinearUpsample extends AbstractBlock {

    private static final byte VERSION = 1;

    /** Creates the block. */
    public TrilinearUpsample() {
        super(VERSION);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(upsample(inputs.singletonOrThrow()));
    }

    /**
     * @param x {@code B × C × D × H × W}
     * @return {@code B × C × 2D × 2H × 2W}
     */
    public static NDArray upsample(NDArray x) {
        if (x.getShape().dimension() != 5) {
            throw new IllegalArgumentException("TrilinearUpsample expects B × C × D × H × W; got " + x.getShape());
        }
        NDArray y = x;
        for (int axis = 2; axis < 5; axis++) {
            y = upsampleAxis(y, axis);
        }
        return y;
    }

    private static NDArray upsampleAxis(NDArray x, int axis) {
        Shape s = x.getShape();
        long n = s.get(axis);
        NDArray previous;
        NDArray next;
        if (n == 1) {
            previous = x;
            next = x;
        } else {
            previous = slice(x, axis, 0, 1).concat(slice(x, axis, 0, n - 1), axis);
            next = slice(x, axis, 1, n).concat(slice(x, axis, n - 1, n), axis);
        }
        NDArray threeQuarters = Scalars.mul(x, 0.75f);
        NDArray even = threeQuarters.add(Scalars.mul(previous, 0.25f));
        NDArray odd = threeQuarters.add(Scalars.mul(next, 0.25f));
        long[] out = s.getShape();
        out[axis] = 2 * n;
        return even.stack(odd, axis + 1).reshape(new Shape(out));
    }

    private static NDArray slice(NDArray x, int axis, long from, long to) {
        StringBuilder spec = new StringBuilder();
        for (int a = 0; a < axis; a++) {
            spec.append(":,");
        }
        spec.append(from).append(':').append(to);
        return x.get(new NDIndex(spec.toString()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), s.get(1), 2 * s.get(2), 2 * s.get(3), 2 * s.get(4))};
    }
}
