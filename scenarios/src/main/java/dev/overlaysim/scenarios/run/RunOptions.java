package dev.overlaysim.scenarios.run;

import dev.overlaysim.linux.Tracer;

import java.util.OptionalLong;

/**
 * How to run a scenario: an optional seed overriding the file's, an optional end time (else the
 * scenario's own end: the last traffic or timeline event plus {@link Scenario#SETTLE_NANOS}), the
 * trace level and whether to capture frames for pcaps.
 */
public record RunOptions(OptionalLong seed, OptionalLong until, Tracer.Level trace, boolean capture) {
    public static final RunOptions DEFAULT = new RunOptions(OptionalLong.empty(), OptionalLong.empty(), Tracer.Level.WALK, true);

    public RunOptions withSeed(long s) { return new RunOptions(OptionalLong.of(s), until, trace, capture); }
    public RunOptions withUntil(long t) { return new RunOptions(seed, OptionalLong.of(t), trace, capture); }
    public RunOptions withTrace(Tracer.Level level) { return new RunOptions(seed, until, level, capture); }
    public RunOptions withCapture(boolean c) { return new RunOptions(seed, until, trace, c); }
}
