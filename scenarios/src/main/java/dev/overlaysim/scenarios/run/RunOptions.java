package dev.overlaysim.scenarios.run;

import dev.overlaysim.linux.Tracer;

import java.util.OptionalLong;

/**
 * How to run a scenario. {@link #DEFAULT} is what {@link Scenario#run()} uses; the {@code with...}
 * methods return a copy with one option changed:
 *
 * <pre>{@code
 * scenario.run(RunOptions.DEFAULT.withSeed(7).withCapture(true));
 * }</pre>
 *
 * @param seed     the seed of the run's random number generator; empty (the default): the file's
 *                 {@code seed:} (itself 1 when the file has none)
 * @param until    the simulated time, in nanoseconds, at which the run stops; empty (the default):
 *                 the scenario's own end ({@link Scenario#naturalEnd}: its last traffic or timeline
 *                 event plus {@link Scenario#SETTLE_NANOS}, 5 s)
 * @param trace    how much of each flow's first packet is recorded: {@code SUMMARY}, {@code WALK}
 *                 (the default: the hops, which {@code crossed:} checks and the walk read; a run
 *                 never records less) or {@code FULL} (plus each hop's bytes)
 * @param capture  whether every frame on every interface is kept, for {@link ScenarioResult#captures()}
 *                 and pcaps; {@code false} by default, because captures hold a copy of every frame
 *                 for the whole run (memory grows with the traffic)
 * @param progress told how far the run has got every {@link Scenario#PROGRESS_STEP_NANOS} of simulated
 *                 time; null (the default): not told
 * @param captureTo where every frame goes as it is seen, instead of being kept ({@code capture} is then
 *                 true): memory stays flat however long the run, as {@code overlaysim run --pcap}
 *                 writes its files; null (the default): frames are kept when {@code capture} is true
 */
public record RunOptions(OptionalLong seed, OptionalLong until, Tracer.Level trace, boolean capture, Progress progress,
                         Tracer.CaptureSink captureTo) {
    /** The file's seed, the scenario's own end, {@code WALK}, no captures, no progress listener. */
    public static final RunOptions DEFAULT = new RunOptions(OptionalLong.empty(), OptionalLong.empty(), Tracer.Level.WALK, false, null, null);

    public RunOptions {
        if (captureTo != null && !capture) throw new IllegalArgumentException("captureTo needs capture true");
    }

    /** Told how far a run has got, in simulated time, every {@link Scenario#PROGRESS_STEP_NANOS}. */
    @FunctionalInterface
    public interface Progress {
        void at(long nowNanos, long endNanos);
    }

    /** The options without a progress listener. */
    public RunOptions(OptionalLong seed, OptionalLong until, Tracer.Level trace, boolean capture) {
        this(seed, until, trace, capture, null, null);
    }

    /** The options, frames kept (not streamed) when {@code capture} is true. */
    public RunOptions(OptionalLong seed, OptionalLong until, Tracer.Level trace, boolean capture, Progress progress) {
        this(seed, until, trace, capture, progress, null);
    }

    /** These options with the seed {@code s} instead of the file's. */
    public RunOptions withSeed(long s) { return new RunOptions(OptionalLong.of(s), until, trace, capture, progress, captureTo); }
    /** These options, stopping at {@code t} nanoseconds of simulated time. */
    public RunOptions withUntil(long t) { return new RunOptions(seed, OptionalLong.of(t), trace, capture, progress, captureTo); }
    /** These options with the trace level {@code level}. */
    public RunOptions withTrace(Tracer.Level level) { return new RunOptions(seed, until, level, capture, progress, captureTo); }
    /**
     * These options, keeping every frame ({@code true}, for pcaps and {@link ScenarioResult#captures()}) or
     * capturing nothing ({@code false}); either way no longer streaming to a {@link #withCaptureTo sink}.
     */
    public RunOptions withCapture(boolean c) { return new RunOptions(seed, until, trace, c, progress, null); }
    /**
     * These options, handing every frame to {@code sink} as it is seen instead of keeping it
     * ({@link dev.overlaysim.scenarios.report.PcapExport.Stream} writes pcaps while the run goes).
     */
    public RunOptions withCaptureTo(Tracer.CaptureSink sink) {
        return sink == null ? withCapture(false) : new RunOptions(seed, until, trace, true, progress, sink);
    }
    /** These options with the progress listener {@code p} (null: none). */
    public RunOptions withProgress(Progress p) { return new RunOptions(seed, until, trace, capture, p, captureTo); }
}
