package dev.overlaysim.flannel.etcd;

import dev.overlaysim.engine.Event;
import dev.overlaysim.engine.Simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * An etcd v3 key-value store living inside a {@link Simulator}: one member, no network, no
 * compaction. It keeps what flannel relies on:
 *
 * <ul>
 *   <li>A global revision that starts at 1 on the empty store (as etcd's does) and grows by one per
 *       write request that changes something; all changes of one request (a transaction, a
 *       prefix delete, a lease revocation) share that revision. Keys carry create/mod revision,
 *       version and lease like {@code mvccpb.KeyValue}.</li>
 *   <li>Transactions with equality comparisons ({@link #txn()}), so "create only if absent" —
 *       flannel's way to take a subnet — is one call: {@link #putIfAbsent}.</li>
 *   <li>Prefix watches from any past revision: the whole event history is kept, so a watch from
 *       an old revision replays it before live events. Delivery goes through the simulator,
 *       {@link #watchLatencyNanos()} after the change (0 by default: scheduled, never inline), in
 *       revision order: each watch queues its events and drains the queue in one simulator event
 *       (so two watches see simultaneous changes one watch after the other, not interleaved).</li>
 *   <li>Leases with TTLs in seconds: expiry is a simulator event at grant (or last keep-alive) +
 *       TTL, exactly; keep-alive moves it; revocation and expiry delete the attached keys in one
 *       revision with DELETE events. Lease ids are 1, 2, 3… per store (etcd picks random 64-bit
 *       ids; sequential ones keep traces readable and runs reproducible).</li>
 * </ul>
 *
 * <p><b>Synchronous API.</b> Requests complete at the simulated instant they are made; only watch
 * delivery takes time. A model that wants request latency (a client-to-etcd round trip) schedules
 * the call itself with {@link Simulator#schedule}. Not modelled: etcd's minimum lease TTL (a
 * grant below it is raised by the real server), compaction and "required revision has been
 * compacted", range limits and sort options, authentication, multiple members.
 *
 * <p>Single-threaded like the engine. No iteration over hash order reaches any output.
 */
public final class Etcd {
    /** The lease id that means "no lease" (etcd's {@code NoLease}). */
    public static final long NO_LEASE = 0;
    /** etcd's {@code MaxLeaseTTL}: 9,000,000,000 seconds. */
    public static final long MAX_LEASE_TTL_SECONDS = 9_000_000_000L;

    static final String ERR_LEASE_NOT_FOUND = "etcdserver: requested lease not found";
    static final String ERR_KEY_NOT_PROVIDED = "etcdserver: key is not provided";
    static final String ERR_DUPLICATE_KEY = "etcdserver: duplicate key given in txn request";
    static final String ERR_TOO_LARGE_TTL = "etcdserver: too large lease TTL";

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Simulator sim;
    private final long watchLatencyNanos;
    private final TreeMap<String, KeyValue> keys = new TreeMap<>();
    private final List<WatchEvent> history = new ArrayList<>();
    private final List<Watch> watches = new ArrayList<>();
    // The live watches as an array, replaced (never changed in place) when one comes or goes, so a
    // pending delivery can hold the set of watchers as of its revision without copying it.
    private Watch[] watchSnapshot = new Watch[0];
    private final TreeMap<Long, LeaseState> leases = new TreeMap<>();
    private long revision = 1;
    private long nextLeaseId = 1;
    private long nextWatchId = 1;

    private static final class LeaseState {
        final long id;
        final long ttlSeconds;
        final TreeSet<String> keys = new TreeSet<>();
        long expiresAt;
        Event expiry;

        LeaseState(long id, long ttlSeconds) {
            this.id = id;
            this.ttlSeconds = ttlSeconds;
        }
    }

    /** A store whose watch events arrive in the same simulated nanosecond, in a later simulator event. */
    public Etcd(Simulator sim) { this(sim, 0); }

    /** A store whose watch events arrive {@code watchLatencyNanos} after the change. */
    public Etcd(Simulator sim, long watchLatencyNanos) {
        this.sim = Objects.requireNonNull(sim, "sim");
        if (watchLatencyNanos < 0) {
            throw new IllegalArgumentException("negative watch latency " + watchLatencyNanos + " ns");
        }
        this.watchLatencyNanos = watchLatencyNanos;
    }

    public Simulator simulator() { return sim; }
    public long watchLatencyNanos() { return watchLatencyNanos; }

    /** The current revision: 1 for the empty store, then the revision of the last change. */
    public long revision() { return revision; }

    // ---------------------------------------------------------------- reads

    public Optional<KeyValue> get(String key) {
        return Optional.ofNullable(keys.get(key));
    }

    /** Every key starting with {@code prefix}, sorted by key (bytewise, as etcd sorts ASCII keys). */
    public List<KeyValue> getPrefix(String prefix) {
        return List.copyOf(range(prefix).values());
    }

    /** Every key, sorted. */
    public List<KeyValue> all() { return List.copyOf(keys.values()); }

    /** The full event history, oldest first. */
    public List<WatchEvent> history() { return Collections.unmodifiableList(history); }

    // ---------------------------------------------------------------- writes

    /** Puts without a lease (detaching any lease the key had). Returns the new revision. */
    public long put(String key, String value) { return put(key, value, NO_LEASE); }

    /** Puts with {@code leaseId} attached. Returns the new revision. */
    public long put(String key, String value, long leaseId) {
        return commitOps(List.of(new Txn.Put(key, value, leaseId)));
    }

    /**
     * Deletes one key. Returns the new revision, or the unchanged current one when the key did not
     * exist (etcd writes nothing then).
     */
    public long delete(String key) { return commitOps(List.of(new Txn.Delete(key))); }

    /** Deletes every key starting with {@code prefix} at one revision. Returns the revision after. */
    public long deletePrefix(String prefix) { return commitOps(List.of(new Txn.DeletePrefix(prefix))); }

    public Txn txn() { return new Txn(this); }

    /** Puts only if the key does not exist; the create-if-absent flannel uses to take a subnet. */
    public TxnResult putIfAbsent(String key, String value, long leaseId) {
        return txn().ifAbsent(key).thenPut(key, value, leaseId).commit();
    }

    TxnResult commit(List<Txn.Compare> compares, List<Txn.Op> thenOps, List<Txn.Op> elseOps) {
        boolean ok = true;
        for (Txn.Compare c : compares) {
            if (!c.holds(keys.get(c.key()))) {
                ok = false;
                break;
            }
        }
        long rev = commitOps(ok ? thenOps : elseOps);
        return new TxnResult(ok, rev);
    }

    private long commitOps(List<Txn.Op> ops) {
        validate(ops);
        long rev = revision + 1;
        List<WatchEvent> events = new ArrayList<>();
        for (Txn.Op op : ops) {
            if (op instanceof Txn.Put p) {
                applyPut(p, rev, events);
            } else if (op instanceof Txn.Delete d) {
                applyDelete(d.key(), rev, events);
            } else if (op instanceof Txn.DeletePrefix dp) {
                for (String k : List.copyOf(range(dp.key()).keySet())) {
                    applyDelete(k, rev, events);
                }
            }
        }
        publish(rev, events);
        return revision;
    }

    private void validate(List<Txn.Op> ops) {
        Set<String> putKeys = new HashSet<>(); // membership only
        for (Txn.Op op : ops) {
            if (op.key() == null || (op.key().isEmpty() && !(op instanceof Txn.DeletePrefix))) {
                throw new EtcdException(describe(op), ERR_KEY_NOT_PROVIDED);
            }
            if (op instanceof Txn.Put p) {
                Objects.requireNonNull(p.value(), "value");
                if (p.leaseId() != NO_LEASE && !leases.containsKey(p.leaseId())) {
                    throw new EtcdException(describe(op), ERR_LEASE_NOT_FOUND);
                }
                if (!putKeys.add(p.key())) {
                    throw new EtcdException(describe(op), ERR_DUPLICATE_KEY);
                }
            }
        }
    }

    private static String describe(Txn.Op op) {
        if (op instanceof Txn.Put p) {
            return "put " + p.key() + (p.leaseId() == NO_LEASE ? "" : " (lease " + p.leaseId() + ")");
        }
        return (op instanceof Txn.Delete ? "delete " : "delete --prefix ") + op.key();
    }

    private void applyPut(Txn.Put p, long rev, List<WatchEvent> events) {
        KeyValue prev = keys.get(p.key());
        KeyValue kv = prev == null
                ? new KeyValue(p.key(), p.value(), rev, rev, 1, p.leaseId())
                : new KeyValue(p.key(), p.value(), prev.createRevision(), rev, prev.version() + 1, p.leaseId());
        if (prev != null && prev.hasLease()) detachFromLease(prev);
        if (kv.hasLease()) leases.get(kv.leaseId()).keys.add(kv.key());
        keys.put(kv.key(), kv);
        events.add(new WatchEvent(WatchEvent.Type.PUT, kv, Optional.ofNullable(prev)));
    }

    private void applyDelete(String key, long rev, List<WatchEvent> events) {
        KeyValue prev = keys.remove(key);
        if (prev == null) return;
        if (prev.hasLease()) detachFromLease(prev);
        events.add(new WatchEvent(WatchEvent.Type.DELETE, new KeyValue(key, "", 0, rev, 0, NO_LEASE), Optional.of(prev)));
    }

    private void detachFromLease(KeyValue kv) {
        LeaseState l = leases.get(kv.leaseId());
        if (l != null) l.keys.remove(kv.key());
    }

    private SortedMap<String, KeyValue> range(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isEmpty()) return keys;
        return keys.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
    }

    // ---------------------------------------------------------------- watches

    /**
     * Watches every key starting with {@code prefix} ({@code ""} for all keys). {@code fromRevision}
     * as in etcd's {@code WithRev}: 0 means "changes after now"; a revision at or below the current
     * one first replays the recorded events from that revision on.
     */
    public Watch watch(String prefix, long fromRevision, Consumer<WatchEvent> listener) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(listener, "listener");
        if (fromRevision < 0) throw new IllegalArgumentException("negative revision " + fromRevision);
        long start = fromRevision == 0 ? revision + 1 : fromRevision;
        Watch w = new Watch(this, nextWatchId++, prefix, start, listener);
        watches.add(w);
        watchSnapshot = watches.toArray(new Watch[0]);
        if (start <= revision) {
            List<WatchEvent> replay = new ArrayList<>();
            for (int i = firstIndexAtOrAfter(start); i < history.size(); i++) {
                WatchEvent e = history.get(i);
                if (w.matches(e)) replay.add(e);
            }
            schedule(w, replay);
        }
        return w;
    }

    /** Watches that have not been cancelled, oldest first. */
    public List<Watch> watches() { return List.copyOf(watches); }

    void removeWatch(Watch w) {
        watches.remove(w);
        watchSnapshot = watches.toArray(new Watch[0]);
    }

    private int firstIndexAtOrAfter(long rev) {
        int lo = 0, hi = history.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (history.get(mid).revision() < rev) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /**
     * Queues the revision's events on every watch that matches them; each watch drains its queue
     * in one simulator event, {@link #watchLatencyNanos()} after the first of them was written,
     * in revision order. One event per watch rather than one per (watch, revision): a 5,000-node
     * mesh made 25 million of the latter, and a watcher that takes its events in a run works on
     * its own node's tables while they are in the CPU cache. Watches made later see nothing of it.
     */
    private void publish(long rev, List<WatchEvent> events) {
        if (events.isEmpty()) return;
        revision = rev;
        history.addAll(events);
        for (Watch w : watchSnapshot) {
            for (WatchEvent e : events) {
                if (w.matches(e)) enqueue(w, e);
            }
        }
    }

    /** A replay for one new watch goes through its queue like live events. */
    private void schedule(Watch w, List<WatchEvent> batch) {
        for (WatchEvent e : batch) enqueue(w, e);
    }

    private void enqueue(Watch w, WatchEvent e) {
        w.pending.addLast(e);
        if (watchLatencyNanos > 0) w.pendingDue.addLast(sim.now() + watchLatencyNanos);
        if (!w.drainScheduled) {
            w.drainScheduled = true;
            sim.schedule(watchLatencyNanos, () -> drain(w));
        }
    }

    /**
     * Delivers what was queued and due when this drain was scheduled; events queued meanwhile (a
     * listener's own writes) or not yet due get a later drain, as they would have got a later event.
     */
    private void drain(Watch w) {
        int n = w.pending.size();
        long now = sim.now();
        while (n-- > 0 && !w.pending.isEmpty()) {
            if (watchLatencyNanos > 0 && w.pendingDue.peekFirst() > now) break;
            WatchEvent e = w.pending.pollFirst();
            if (watchLatencyNanos > 0) w.pendingDue.pollFirst();
            w.deliver(e);
        }
        if (w.pending.isEmpty() || w.isCancelled()) {
            w.pending.clear();
            w.pendingDue.clear();
            w.drainScheduled = false;
            return;
        }
        long at = watchLatencyNanos > 0 ? Math.max(now, w.pendingDue.peekFirst()) : now;
        sim.at(at, () -> drain(w));
    }

    // ---------------------------------------------------------------- leases

    /** Grants a lease that expires {@code ttlSeconds} of simulated time from now. Returns its id. */
    public long grant(long ttlSeconds) {
        if (ttlSeconds <= 0) {
            throw new IllegalArgumentException("lease TTL must be at least 1 s, got " + ttlSeconds);
        }
        if (ttlSeconds > MAX_LEASE_TTL_SECONDS) {
            throw new EtcdException("grant " + ttlSeconds, ERR_TOO_LARGE_TTL);
        }
        LeaseState l = new LeaseState(nextLeaseId++, ttlSeconds);
        leases.put(l.id, l);
        arm(l);
        return l.id;
    }

    /** Restarts the lease's TTL from now. Returns the TTL, as etcd's keep-alive response does. */
    public long keepAlive(long leaseId) {
        LeaseState l = lease(leaseId, "keepalive");
        sim.cancel(l.expiry);
        arm(l);
        return l.ttlSeconds;
    }

    /** Revokes a lease at once, deleting its keys at one revision. Returns the revision after. */
    public long revoke(long leaseId) {
        LeaseState l = lease(leaseId, "revoke");
        sim.cancel(l.expiry);
        return drop(l);
    }

    /** The lease's TTL and keys, or empty when it does not exist (never granted, revoked or expired). */
    public Optional<LeaseStatus> timeToLive(long leaseId) {
        LeaseState l = leases.get(leaseId);
        if (l == null) return Optional.empty();
        long remaining = (l.expiresAt - sim.now()) / NANOS_PER_SECOND;
        return Optional.of(new LeaseStatus(l.id, l.ttlSeconds, remaining, l.expiresAt, List.copyOf(l.keys)));
    }

    /** Ids of the live leases, ascending. */
    public List<Long> leases() { return List.copyOf(leases.keySet()); }

    private LeaseState lease(long id, String request) {
        LeaseState l = leases.get(id);
        if (l == null) throw new EtcdException(request + " " + id, ERR_LEASE_NOT_FOUND);
        return l;
    }

    private void arm(LeaseState l) {
        long ttlNanos = Math.multiplyExact(l.ttlSeconds, NANOS_PER_SECOND);
        l.expiresAt = Math.addExact(sim.now(), ttlNanos);
        l.expiry = sim.at(l.expiresAt, () -> {
            if (leases.get(l.id) == l) drop(l);
        });
    }

    private long drop(LeaseState l) {
        leases.remove(l.id);
        List<Txn.Op> deletes = new ArrayList<>();
        for (String k : l.keys) deletes.add(new Txn.Delete(k));
        return commitOps(deletes);
    }

    /** Number of keys; handy in tests and summaries. */
    public int size() { return keys.size(); }

    /** A read-only sorted view of the keyspace. */
    public Map<String, KeyValue> asMap() { return Collections.unmodifiableSortedMap(keys); }
}
