package dev.overlaysim.bench;

import dev.overlaysim.engine.Simulator;

import java.util.SplittableRandom;

/**
 * The classic hold model, as ns-3's anchor (shared/anchors/ns3/hold.cc) runs it: {@code pop}
 * events pending; each event, when it runs, schedules one more at now + an exponential delay with
 * a 1 µs mean, until {@code total} events have run. Events per second of wall time is the figure.
 */
public final class HoldModel {
    private final Simulator sim = new Simulator(1);
    private final SplittableRandom rng = new SplittableRandom(42);
    private long left;
    private final Runnable tick = this::tick;

    private long exponentialNanos() {
        return (long) (-1000.0 * Math.log(1.0 - rng.nextDouble()));
    }

    private void tick() {
        if (left > 0) {
            left--;
            sim.schedule(exponentialNanos(), tick);
        }
    }

    /** Runs the model; returns the number of events executed. */
    public long run(int pop, long total) {
        left = total;
        for (int i = 0; i < pop; i++) sim.schedule(exponentialNanos(), tick);
        sim.run();
        return sim.eventsExecuted();
    }

    /** {@code java -cp benchmarks.jar dev.overlaysim.bench.HoldModel [pop] [total]}: prints events_per_s like ns-3's program. */
    public static void main(String[] args) {
        int pop = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long total = args.length > 1 ? Long.parseLong(args[1]) : 5_000_000;
        new HoldModel().run(pop, total); // warm-up: the JIT compiles the loop and the queue first
        long t0 = System.nanoTime();
        long events = new HoldModel().run(pop, total);
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(java.util.Locale.ROOT, "overlaysim hold pop=%d events=%d run_s=%.3f events_per_s=%.0f%n", pop, events, s, events / s);
    }
}
