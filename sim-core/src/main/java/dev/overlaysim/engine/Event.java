package dev.overlaysim.engine;

/**
 * A scheduled action. Ordered by (time, sequence): two events at the same nanosecond run in the
 * order they were scheduled, so a run is a pure function of the scenario and its seed.
 */
public final class Event {
    long time;
    long sequence;
    Runnable action;
    /** In the queue and neither run nor cancelled. */
    boolean pending;
    /** Owned by the simulator's pool ({@link Simulator#post}): never handed out, recycled after it runs. */
    final boolean pooled;
    /** The next event in the same calendar-queue bucket, or in the simulator's free list. */
    Event next;

    Event(long time, long sequence, Runnable action, boolean pooled) {
        this.time = time;
        this.sequence = sequence;
        this.action = action;
        this.pooled = pooled;
    }

    public long time() { return time; }
    public boolean isPending() { return pending; }
}
