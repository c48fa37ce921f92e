package dev.overlaysim.engine;

/**
 * A scheduled action. Ordered by (time, sequence): two events at the same nanosecond run in the
 * order they were scheduled, so a run is a pure function of the scenario and its seed.
 */
public final class Event {
    final long time;
    final long sequence;
    Runnable action;
    int heapIndex = -1;

    Event(long time, long sequence, Runnable action) {
        this.time = time;
        this.sequence = sequence;
        this.action = action;
    }

    public long time() { return time; }
    public boolean isPending() { return heapIndex >= 0; }

    boolean before(Event o) {
        return time < o.time || (time == o.time && sequence < o.sequence);
    }
}
