package dev.fess.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

/**
 * Runs a child block so that the arrays it creates internally are released as soon as it returns, not when the
 * caller's manager closes (with one manager per training step or inference window, every activation of the whole
 * network would otherwise stay alive until then). Releasing an array drops only fess's handle: a tensor that
 * autograd saved for the backward pass lives on, the rest is freed at once — as Python's reference counting does
 * for a PyTorch model.
 */
final class ScopedForward {
    private ScopedForward() {}

    /**
     * @param block child block with one output
     * @param ps parameter store
     * @param x input (not released)
     * @param training training flag
     * @return the block's single output (not released)
     */
    static NDArray one(Block block, ParameterStore ps, NDArray x, boolean training) {
        try (NDScope scope = new NDScope()) {
            NDArray out = block.forward(ps, new NDList(x), training).singletonOrThrow();
            NDScope.unregister(out);
            // parameter copies a copying ParameterStore may have made for this device are cached there: keep them
            for (Pair<String, Parameter> p : block.getParameters()) {
                NDScope.unregister(ps.getValue(p.getValue(), x.getDevice(), training));
            }
            return out;
        }
    }
}
