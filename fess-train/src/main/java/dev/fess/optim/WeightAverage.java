package dev.fess.optim;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * An exponential moving average of the trained parameters (Polyak averaging), bias-corrected like Adam's moments.
 *
 * <p>After optimiser steps 0 … t the average of a parameter θ is the mean of its values after each step, weighted by
 * d to the power of their age and normalised:
 *
 * <pre>a_t = Σ_{s ≤ t} (1 − d)·d^(t−s)·θ_s / (1 − d^(t+1))</pre>
 *
 * <p>computed in place as {@code a ← d_t·a + (1 − d_t)·θ} with {@code d_t = d·(1 − d^t) / (1 − d^(t+1))}: d_0 = 0,
 * so the initial weights never enter, and d_t → d, a horizon of about 1/(1−d) steps. The averages are the weights
 * a run validates and delivers when {@code ema_decay} is set; the optimiser keeps training the raw weights. Shapes:
 * one array per parameter, the parameter's shape; updates are in place and deterministic.
 */
public final class WeightAverage implements AutoCloseable {
    private final double decay;
    private final List<NDArray> averages;

    private WeightAverage(double decay, List<NDArray> averages) {
        this.decay = decay;
        this.averages = averages;
    }

    /**
     * Starts the averages at copies of {@code params} (on their managers).
     *
     * @param decay d in (0, 1)
     * @throws IllegalArgumentException when d is outside (0, 1)
     */
    public static WeightAverage startingAt(List<NDArray> params, double decay) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("ema decay: expected a number in (0, 1), got " + decay);
        }
        List<NDArray> copies = new ArrayList<>(params.size());
        for (NDArray p : params) {
            copies.add(p.duplicate());
        }
        return new WeightAverage(decay, copies);
    }

    /** The decay d_t = d·(1 − d^t) / (1 − d^(t+1)) applied after step t (0-based). */
    public static double decayAt(double decay, long step) {
        double dt = Math.pow(decay, step);
        return decay * (1 - dt) / (1 - dt * decay);
    }

    /** Folds the parameters after step {@code step} into the averages: a ← d_t·(a − θ) + θ, in place. */
    public void update(List<NDArray> params, long step) {
        checkSize(params);
        float d = (float) decayAt(decay, step);
        for (int i = 0; i < params.size(); i++) {
            averages.get(i).subi(params.get(i)).muli(d).addi(params.get(i));
        }
    }

    /** Copies the averages into the parameters' arrays (their shapes must match). */
    public void copyInto(List<NDArray> params) {
        checkSize(params);
        for (int i = 0; i < params.size(); i++) {
            averages.get(i).copyTo(params.get(i));
        }
    }

    /** Sets the averages to the parameters' current values (resuming from a checkpoint that holds them). */
    public void copyFrom(List<NDArray> params) {
        checkSize(params);
        for (int i = 0; i < params.size(); i++) {
            params.get(i).copyTo(averages.get(i));
        }
    }

    /** The averages, in parameter order (views of this object's arrays: do not close them). */
    public List<NDArray> averages() {
        return List.copyOf(averages);
    }

    private void checkSize(List<NDArray> params) {
        if (params.size() != averages.size()) {
            throw new IllegalArgumentException(
                    "ema: expected " + averages.size() + " parameters, got " + params.size());
        }
    }

    @Override
    public void close() {
        averages.forEach(NDArray::close);
    }
}
