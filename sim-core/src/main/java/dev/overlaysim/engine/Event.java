package dev.overlaysim.engine;

/**
 * A scheduled action. Ordered by (time, sequence): two events at the same nanosecond run in the
 * order they were scheduled, so a run is a pure function of the scenario and its seed.
 */
public final class Event {
    long time;
    long sequence;
    Runnable action;
    int heapIndex = -1;
    /** Owned by the simulator's pool ({@link Simulator#post}): never handed out, recycled after it runs. */
    final boolean pooled;
    Event nextFree;

    Event(long time, long sequence, Runnable action, boolean pooled) {
        this.time = time;
        this.sequence = sequence;
        this.action = action;
        this.pooled = pooled;
    }

    public long time() { return time; }
    public boolean isPending() { return heapIndex >= 0; }

    boolean before(Event o) {
        return time < o.time || (time == o.time && sequence < o.sequence);
    }
}
