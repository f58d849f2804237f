package dev.fess.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Fixes PyTorch's intra-op thread count. Float sums split over a different number of threads can round
 * differently, so the count is part of a run's configuration ({@code threads}) and set before any work.
 */
public final class EngineThreads {
    private EngineThreads() {}

    public static void set(int threads) {
        if ("PyTorch".equals(Engine.getInstance().getEngineName()) && JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
    }
}
