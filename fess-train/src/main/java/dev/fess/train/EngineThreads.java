package dev.fess.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch settings that live per process or per thread. The intra-op thread count is fixed because float sums split
 * over a different number of threads can round differently, so the count is part of a run's configuration
 * ({@code threads}) and set before any work. Grad mode is per thread and on by default in threads other than the
 * one that started the engine; training turns it off outside its gradient collectors.
 */
public final class EngineThreads {
    private EngineThreads() {}

    /** Sets PyTorch's intra-op thread count for the process (no-op for other engines or when already set). */
    public static void set(int threads) {
        if ("PyTorch".equals(Engine.getInstance().getEngineName()) && JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
    }

    /**
     * Turns PyTorch's grad mode off on the calling thread (DJL's gradient collectors turn it on inside their scope),
     * so in-place parameter updates and inference record no autograd history, whichever thread runs them.
     */
    public static void noGradOnThisThread() {
        if ("PyTorch".equals(Engine.getInstance().getEngineName())) {
            JniUtils.setGradMode(false);
        }
    }
}
