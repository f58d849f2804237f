package dev.fess.optim;

import ai.djl.ndarray.NDManager;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * What every {@link ParameterOptimizer} here shares: a sub-manager owning its state, the state arrays
 * ({@code buffersPerParameter} per parameter) and the step count, saved and restored bit for bit.
 */
abstract class StatefulOptimizer implements ParameterOptimizer {
    protected final NDManager manager;
    protected final OptimizerState state;
    protected long steps;

    protected StatefulOptimizer(NDManager parent, int buffersPerParameter) {
        this.manager = parent.newSubManager();
        this.state = new OptimizerState(manager, buffersPerParameter);
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public void save(DataOutputStream out) throws IOException {
        out.writeLong(steps);
        state.save(out);
    }

    @Override
    public void load(DataInputStream in) throws IOException {
        steps = in.readLong();
        state.load(in);
    }

    @Override
    public NDManager manager() {
        return manager;
    }
}
