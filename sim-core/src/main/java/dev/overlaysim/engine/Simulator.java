package dev.overlaysim.engine;

/**
 * The discrete-event engine: a clock in nanoseconds, an event queue and the seeded random streams
 * of one simulation. Single-threaded; several simulators may run side by side in one JVM since
 * nothing here is static.
 */
public final class Simulator {
    private final EventQueue queue = new EventQueue();
    private final RandomStreams random;
    private long now;
    private long nextSequence;
    private long executed;
    private boolean stopped;
    private Event free;
    private int pending;

    public Simulator(long seed) {
        this.random = new RandomStreams(seed);
    }

    public long now() { return now; }
    public RandomStreams random() { return random; }
    public long eventsExecuted() { return executed; }
    /** Events scheduled and neither run nor cancelled. */
    public int pendingEvents() { return pending; }

    /** Runs {@code action} {@code delay} nanoseconds from now. */
    public Event schedule(long delay, Runnable action) {
        if (delay < 0) {
            throw new IllegalArgumentException("negative delay " + delay + " ns");
        }
        return at(now + delay, action);
    }

    /** Runs {@code action} at absolute time {@code time}, which must not be in the past. */
    public Event at(long time, Runnable action) {
        if (time < now) {
            throw new IllegalArgumentException("time " + time + " ns is before now " + now + " ns");
        }
        Event e = new Event(time, nextSequence++, action, false);
        e.pending = true;
        queue.add(e);
        pending++;
        return e;
    }

    /**
     * Runs {@code action} {@code delay} nanoseconds from now, like {@link #schedule}, but returns
     * no handle: the event cannot be cancelled, and its object is reused once it has run. The
     * per-packet paths (a frame crossing a link) use this so that steady traffic allocates nothing.
     */
    public void post(long delay, Runnable action) {
        if (delay < 0) {
            throw new IllegalArgumentException("negative delay " + delay + " ns");
        }
        Event e = free;
        if (e == null) {
            e = new Event(now + delay, nextSequence++, action, true);
        } else {
            free = e.next;
            e.next = null;
            e.time = now + delay;
            e.sequence = nextSequence++;
            e.action = action;
        }
        e.pending = true;
        queue.add(e);
        pending++;
    }

    /**
     * Cancels a pending event; returns false if it already ran or was cancelled. The event stays in
     * the queue, marked, and is dropped unrun when it reaches the head: cancelling is O(1), and the
     * queue never has to find an event or keep its position up to date.
     */
    public boolean cancel(Event e) {
        if (e == null || !e.pending) return false;
        e.pending = false;
        e.action = null;
        pending--;
        return true;
    }

    /** Runs events until none are left or {@link #stop()} is called. */
    public void run() {
        runUntil(Long.MAX_VALUE);
    }

    /**
     * Runs every event with time &lt;= {@code endTime}, then sets the clock to {@code endTime}
     * (when that is finite), so that state can be inspected "at" that time.
     */
    public void runUntil(long endTime) {
        stopped = false;
        while (!stopped) {
            Event e = queue.pollUntil(endTime);
            if (e == null) break;
            Runnable action = e.action;
            if (!e.pending) continue; // cancelled: discard without advancing the clock
            e.pending = false;
            pending--;
            now = e.time;
            e.action = null;
            executed++;
            if (e.pooled) {
                e.next = free;
                free = e;
            }
            action.run();
        }
        if (!stopped && endTime != Long.MAX_VALUE && endTime > now) {
            now = endTime;
        }
    }

    /**
     * The time of the earliest pending event (a cancelled one may hide there: a lower bound), or
     * {@code Long.MAX_VALUE} when none is pending. Lets a caller that runs in slices skip idle time.
     */
    public long nextEventTime() {
        Event e = queue.peek();
        return e == null ? Long.MAX_VALUE : e.time;
    }

    /** Makes the current {@link #run} return after the event being executed. */
    public void stop() { stopped = true; }
}
