package dev.fess.loss;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The sampling state of a contrastive loss: a seed and a call counter. Call number k draws from a
 * {@link SplittableRandom} derived from (seed, k), so every call advances the state and a saved state replays the
 * same draws.
 */
final class SamplingStream {
    private long seed;
    private long calls;

    SamplingStream(long seed) {
        this.seed = seed;
    }

    void reseed(long newSeed) {
        seed = newSeed;
        calls = 0;
    }

    long[] state() {
        return new long[] {seed, calls};
    }

    void restore(long[] state) {
        if (state == null || state.length != 2 || state[1] < 0) {
            throw new IllegalArgumentException(
                    "sampler state must be {seed, calls >= 0}; got " + Arrays.toString(state));
        }
        seed = state[0];
        calls = state[1];
    }

    /** The random stream of the next call. */
    SplittableRandom next() {
        SplittableRandom r = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (calls + 1)));
        calls++;
        return r;
    }
}
