package dev.overlaysim.engine;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One seed, many named streams: each stream's sequence depends only on the seed and its name, so
 * drawing more numbers in one place (say, IP IDs) never shifts another (say, subnet allocation).
 */
public final class RandomStreams {
    private final long seed;
    // Looked up by name only, never iterated: hash order cannot reach any output.
    private final Map<String, SplittableRandom> streams = new HashMap<>();

    public RandomStreams(long seed) { this.seed = seed; }

    public long seed() { return seed; }

    public SplittableRandom stream(String name) {
        return streams.computeIfAbsent(name, n -> new SplittableRandom(seed ^ fnv1a64(n)));
    }

    /** FNV-1a over the UTF-8 name: stable across JVMs, unlike String.hashCode's spec-free mixing. */
    static long fnv1a64(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
