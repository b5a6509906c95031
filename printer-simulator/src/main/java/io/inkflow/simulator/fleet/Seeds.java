package io.inkflow.simulator.fleet;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Derives independent random streams from the fleet seed. Each stream is a pure function of the
 * seed and a name, so a printer's usage in hour 417 does not depend on how often it was sampled
 * before, and turning faults on never changes how ink is used.
 */
public final class Seeds {
    private Seeds() {
    }

    public static SplittableRandom stream(long seed, String name, long index) {
        return new SplittableRandom(mix(mix(seed ^ 0x9E3779B97F4A7C15L, fnv(name)), index));
    }

    public static SplittableRandom stream(long seed, String name) {
        return stream(seed, name, 0);
    }

    static long fnv(String name) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /** SplitMix64 finaliser: spreads any input over all 64 bits. */
    static long mix(long a, long b) {
        long z = a + 0x9E3779B97F4A7C15L * (b + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
