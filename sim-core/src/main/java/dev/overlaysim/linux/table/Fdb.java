package dev.overlaysim.linux.table;

import dev.overlaysim.linux.device.NetDevice;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * A forwarding database, as a bridge or a VXLAN device keeps one: learned entries age out after
 * {@link #ageingTime} nanoseconds (300 s by default in both drivers); permanent ones never do.
 * Expired entries are removed when they are looked up or listed, which is what an observer of the
 * kernel's periodic cleanup can tell apart from it.
 *
 * <p>Permanent entries never change once added (adding again replaces them), so they are kept as
 * rows of a few arrays, not as objects: a flannel.1 of a 5,000-node mesh holds 4,999 of them. An
 * {@link FdbEntry} for one is made when asked for; it equals (field by field) the entry added,
 * but is not the same object from one call to the next.
 */
public final class Fdb {
    public static final long DEFAULT_AGEING = 300_000_000_000L;

    private static final int DST = 1;
    private static final int UPDATED = 2;

    private final NetDevice owner;
    private final boolean self;
    private long ageingTime = DEFAULT_AGEING;
    // Both looked up by MAC only; listings sort. A MAC is in one of them at most.
    private final Long2ObjectHashMap<FdbEntry> learned = new Long2ObjectHashMap<>();
    private final LongRows permanent = new LongRows(3); // mac, dst, updated; object: the port

    /** @param self true for a device's own table (VXLAN: entries print {@code self}); false for a bridge's */
    public Fdb(NetDevice owner, boolean self) {
        this.owner = owner;
        this.self = self;
    }

    public long ageingTime() { return ageingTime; }
    public void ageingTime(long nanos) { this.ageingTime = nanos; }

    /** An entry found by {@link #find}, filled in place so that forwarding a frame allocates nothing. */
    public static final class Hit {
        private long mac;
        private NetDevice port;
        private int dst;
        private boolean permanent;
        private Fdb fdb;

        public long mac() { return mac; }
        public NetDevice port() { return port; }
        public int dst() { return dst; }
        public boolean permanent() { return permanent; }

        /** As {@link FdbEntry#format}: for the trace, so it may allocate. */
        public String format(boolean withDevice) {
            return new FdbEntry(mac, port, dst, permanent, fdb.self, fdb.self ? null : fdb.owner, 0).format(withDevice);
        }
    }

    /** Looks {@code mac} up like {@link #lookup}, filling {@code hit}; returns false when there is no live entry. */
    public boolean find(long mac, long now, Hit hit) {
        int slot = permanent.find(mac);
        if (slot >= 0) {
            hit.mac = mac;
            hit.port = (NetDevice) permanent.ref(slot);
            hit.dst = (int) permanent.get(slot, DST);
            hit.permanent = true;
            hit.fdb = this;
            return true;
        }
        FdbEntry e = learned.get(mac);
        if (e == null) return false;
        if (now - e.updated >= ageingTime) {
            learned.remove(mac);
            return false;
        }
        hit.mac = mac;
        hit.port = e.port;
        hit.dst = e.dst;
        hit.permanent = false;
        hit.fdb = this;
        return true;
    }

    public FdbEntry lookup(long mac, long now) {
        int slot = permanent.find(mac);
        if (slot >= 0) return permanentEntry(slot);
        FdbEntry e = learned.get(mac);
        if (e != null && now - e.updated >= ageingTime) {
            learned.remove(mac);
            return null;
        }
        return e;
    }

    private FdbEntry permanentEntry(int slot) {
        return new FdbEntry(permanent.get(slot, 0), (NetDevice) permanent.ref(slot), (int) permanent.get(slot, DST),
                true, self, self ? null : owner, permanent.get(slot, UPDATED));
    }

    /** Learns (or refreshes) a dynamic entry; a permanent entry for the MAC is left alone. */
    public FdbEntry learn(long mac, NetDevice port, int dst, long now) {
        int slot = permanent.find(mac);
        if (slot >= 0) return permanentEntry(slot);
        FdbEntry e = learned.get(mac);
        if (e != null && e.port == port && e.dst == dst) {
            e.updated = now;
            return e;
        }
        e = new FdbEntry(mac, port, dst, false, self, self ? null : owner, now);
        learned.put(mac, e);
        return e;
    }

    /** {@code bridge fdb append/replace MAC dev DEV dst IP self permanent}, or a bridge's local entry. */
    public FdbEntry addPermanent(long mac, NetDevice port, int dst, long now) {
        learned.remove(mac);
        int slot = permanent.insert(mac, port);
        permanent.set(slot, DST, dst);
        permanent.set(slot, UPDATED, now);
        return permanentEntry(slot);
    }

    public boolean remove(long mac) { return permanent.remove(mac) || learned.remove(mac) != null; }

    public void removePort(NetDevice port) {
        removeLearned(e -> e.port == port);
        List<Long> doomed = new ArrayList<>();
        for (int s = 0; s < permanent.capacity(); s++) {
            if (permanent.inUse(s) && permanent.ref(s) == port) doomed.add(permanent.get(s, 0));
        }
        for (long mac : doomed) permanent.remove(mac);
    }

    /** Live entries, sorted by port index then MAC. */
    public List<FdbEntry> list(long now) {
        removeLearned(e -> now - e.updated >= ageingTime);
        List<FdbEntry> l = new ArrayList<>(learned.values());
        for (int s = 0; s < permanent.capacity(); s++) {
            if (permanent.inUse(s)) l.add(permanentEntry(s));
        }
        l.sort(Comparator.comparingInt((FdbEntry e) -> e.port.ifindex()).thenComparingLong(e -> e.mac));
        return l;
    }

    public int size() { return learned.size() + permanent.size(); }

    /** Removes the learned entries {@code doomed} accepts (found first, then removed by MAC). */
    private void removeLearned(Predicate<FdbEntry> doomed) {
        List<FdbEntry> gone = new ArrayList<>();
        for (FdbEntry e : learned.values()) {
            if (doomed.test(e)) gone.add(e);
        }
        for (FdbEntry e : gone) learned.remove(e.mac);
    }
}
