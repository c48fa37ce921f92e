package dev.overlaysim.flannel.etcd;

import java.util.function.Consumer;

/**
 * A watch on a key prefix, made by {@link Etcd#watch}. Events are handed to the listener through
 * the simulator, after the store's watch latency, in revision order. After {@link #cancel()} no more
 * events reach the listener, including ones already scheduled.
 */
public final class Watch {
    private final long id;
    private final String prefix;
    private final long startRevision;
    private final Consumer<WatchEvent> listener;
    private final Etcd etcd;
    private boolean cancelled;
    private long delivered;
    // Events written but not yet handed over, oldest first, and (with a watch latency) when each is due.
    final java.util.ArrayDeque<WatchEvent> pending = new java.util.ArrayDeque<>();
    final java.util.ArrayDeque<Long> pendingDue = new java.util.ArrayDeque<>();
    boolean drainScheduled;

    Watch(Etcd etcd, long id, String prefix, long startRevision, Consumer<WatchEvent> listener) {
        this.etcd = etcd;
        this.id = id;
        this.prefix = prefix;
        this.startRevision = startRevision;
        this.listener = listener;
    }

    public long id() { return id; }
    public String prefix() { return prefix; }
    /** The first revision this watch reports. */
    public long startRevision() { return startRevision; }
    public boolean isCancelled() { return cancelled; }
    /** How many events the listener has been given so far. */
    public long delivered() { return delivered; }

    /** Stops delivery at once; idempotent. */
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            etcd.removeWatch(this);
        }
    }

    boolean matches(WatchEvent e) {
        return e.revision() >= startRevision && e.key().startsWith(prefix);
    }

    void deliver(WatchEvent e) {
        if (!cancelled) {
            delivered++;
            listener.accept(e);
        }
    }

    @Override public String toString() {
        return "watch " + id + " on '" + prefix + "' from revision " + startRevision + (cancelled ? " (cancelled)" : "");
    }
}
