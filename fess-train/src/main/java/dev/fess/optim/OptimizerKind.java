package dev.fess.optim;

import ai.djl.ndarray.NDManager;

/** The optimisers a run can train with; {@link #create} makes one. */
public enum OptimizerKind {
    /** {@link Adam} with L2 weight decay added to the gradient. */
    ADAM,
    /** {@link Adam} with decoupled weight decay (AdamW). */
    ADAMW,
    /** {@link Sgd} with Nesterov momentum and L2 weight decay. */
    SGD;

    /**
     * @param manager manager for the optimiser's state arrays
     * @param weightDecay weight decay (L2 for adam/sgd, decoupled for adamw)
     * @param momentum SGD momentum (ignored by Adam)
     */
    public ParameterOptimizer create(NDManager manager, float weightDecay, float momentum) {
        return switch (this) {
            case ADAM ->
                Adam.builder().manager(manager).weightDecay(weightDecay).build();
            case ADAMW ->
                Adam.builder()
                        .manager(manager)
                        .weightDecay(weightDecay)
                        .decoupled(true)
                        .build();
            case SGD -> Sgd.create(manager, momentum, true, weightDecay);
        };
    }
}
