package dev.fess.synth;

import java.util.List;
import java.util.Map;

/**
 * Generates synthetic cases of one {@link PhantomKind}. Case {@code index} depends only on (seed, index, options):
 * the same triple gives identical arrays on any machine and in any order or thread, so cases can be generated in
 * parallel.
 */
public interface PhantomGenerator {
    PhantomKind kind();

    PhantomOptions options();

    /** Image channel names in stored order, e.g. {@code [flair, t1, t1ce, t2]} or {@code [ct]}. */
    List<String> channelNames();

    /** Raw label values and names, background included. */
    Map<Integer, String> labelNames();

    /** The id of case {@code index} (0-based), e.g. {@code BraTS20_Training_001} or {@code Case_00001}. */
    String caseId(int index);

    /** Generates case {@code index} (0-based). */
    SyntheticCase generate(int index);

    /** The generator for a kind. */
    static PhantomGenerator of(PhantomKind kind, PhantomOptions options, long seed) {
        return switch (kind) {
            case BRATS -> new BrainPhantom(options, seed);
            case ABDOMEN_CT -> new AbdomenPhantom(options, seed);
        };
    }

    /** The random stream of one case: a SplitMix64 finaliser of (seed, index) seeds a fresh generator. */
    static long caseSeed(long seed, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
