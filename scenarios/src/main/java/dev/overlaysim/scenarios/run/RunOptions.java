package dev.overlaysim.scenarios.run;

import dev.overlaysim.linux.Tracer;

import java.util.OptionalLong;

/**
 * How to run a scenario: an optional seed overriding the file's, an optional end time (else the
 * scenario's own end: the last traffic or timeline event plus {@link Scenario#SETTLE_NANOS}), the
 * trace level and whether to capture frames for pcaps.
 */
public record RunOptions(OptionalLong seed, OptionalLong until, Tracer.Level trace, boolean capture, Progress progress) {
    public static final RunOptions DEFAULT = new RunOptions(OptionalLong.empty(), OptionalLong.empty(), Tracer.Level.WALK, true, null);

    /** Told how far a run has got, in simulated time, every {@link Scenario#PROGRESS_STEP_NANOS}. */
    @FunctionalInterface
    public interface Progress {
        void at(long nowNanos, long endNanos);
    }

    public RunOptions(OptionalLong seed, OptionalLong until, Tracer.Level trace, boolean capture) {
        this(seed, until, trace, capture, null);
    }

    public RunOptions withSeed(long s) { return new RunOptions(OptionalLong.of(s), until, trace, capture, progress); }
    public RunOptions withUntil(long t) { return new RunOptions(seed, OptionalLong.of(t), trace, capture, progress); }
    public RunOptions withTrace(Tracer.Level level) { return new RunOptions(seed, until, level, capture, progress); }
    public RunOptions withCapture(boolean c) { return new RunOptions(seed, until, trace, c, progress); }
    public RunOptions withProgress(Progress p) { return new RunOptions(seed, until, trace, capture, p); }
}
