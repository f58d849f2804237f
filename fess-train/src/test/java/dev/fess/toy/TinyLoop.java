package dev.fess.toy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.function.Function;

/** A minimal training loop for tests: forward, loss, backward, Adam, zero the gradients. */
public final class TinyLoop {

    private final Block block;
    private final Loss loss;
    private final Optimizer optimizer;
    private final ParameterStore store;

    /**
     * @param block initialised block
     * @param loss loss
     * @param learningRate Adam learning rate
     * @param store parameter store
     */
    public TinyLoop(Block block, Loss loss, float learningRate, ParameterStore store) {
        this.block = block;
        this.loss = loss;
        this.store = store;
        optimizer = Optimizer.adam()
                .optLearningRateTracker(Tracker.fixed(learningRate))
                .build();
    }

    /**
     * One step.
     *
     * @param labels labels NDList
     * @param predict maps the block's forward (a function of inputs) to the predictions NDList
     * @return the loss value
     */
    public float step(NDList labels, Function<Block, NDList> predict) {
        float value;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray l = loss.evaluate(labels, predict.apply(block));
            value = l.getFloat();
            gc.backward(l);
        }
        for (Pair<String, Parameter> pair : block.getParameters()) {
            Parameter p = pair.getValue();
            if (!p.requiresGradient()) {
                continue;
            }
            NDArray w = p.getArray();
            try (NDArray g = w.getGradient()) {
                optimizer.update(p.getId(), w, g);
                g.subi(g);
            }
        }
        return value;
    }

    /** @return the parameter store */
    public ParameterStore store() {
        return store;
    }
}
