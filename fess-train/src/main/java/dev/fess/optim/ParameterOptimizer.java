package dev.fess.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * A first-order optimiser that updates parameter arrays in place and owns its state, so the state can be
 * checkpointed exactly (DJL's own optimisers keep theirs in private, unserialisable maps).
 *
 * <p>Call {@link #step} once per iteration with the trainable parameter arrays (in a stable order) and their
 * gradients, outside any {@link ai.djl.training.GradientCollector}. State arrays (moments, momentum buffers) are
 * created on first use in the manager given at construction and are updated in place.
 */
public interface ParameterOptimizer extends AutoCloseable {

    /**
     * One update of every parameter, in place.
     *
     * @param parameters trainable parameter arrays, always in the same order
     * @param gradients gradients of the parameters, same order and shapes
     * @param learningRate the learning rate for this step (from a {@link LearningRateSchedule})
     */
    void step(List<NDArray> parameters, List<NDArray> gradients, float learningRate);

    /** Number of steps taken so far. */
    long steps();

    /** Writes the step count and every state array bit for bit. */
    void save(DataOutputStream out) throws IOException;

    /** Restores what {@link #save} wrote; state arrays are created in this optimiser's manager. */
    void load(DataInputStream in) throws IOException;

    /** The manager holding the state arrays. */
    NDManager manager();

    @Override
    default void close() {
        manager().close();
    }
}
