package dev.overlaysim.linux.table;

import dev.overlaysim.linux.device.NetDevice;

import java.util.Comparator;
import java.util.List;

/**
 * A forwarding database, as a bridge or a VXLAN device keeps one: learned entries age out after
 * {@link #ageingTime} nanoseconds (300 s by default in both drivers); permanent ones never do.
 * Expired entries are removed when they are looked up or listed, which is what an observer of the
 * kernel's periodic cleanup can tell apart from it.
 */
public final class Fdb {
    public static final long DEFAULT_AGEING = 300_000_000_000L;

    private final NetDevice owner;
    private final boolean self;
    private long ageingTime = DEFAULT_AGEING;
    // Looked up by MAC only; listings sort.
    private final LongObjectMap<FdbEntry> entries = new LongObjectMap<>();

    /** @param self true for a device's own table (VXLAN: entries print {@code self}); false for a bridge's */
    public Fdb(NetDevice owner, boolean self) {
        this.owner = owner;
        this.self = self;
    }

    public long ageingTime() { return ageingTime; }
    public void ageingTime(long nanos) { this.ageingTime = nanos; }

    public FdbEntry lookup(long mac, long now) {
        FdbEntry e = entries.get(mac);
        if (e != null && !e.permanent && now - e.updated >= ageingTime) {
            entries.remove(mac);
            return null;
        }
        return e;
    }

    /** Learns (or refreshes) a dynamic entry; a permanent entry for the MAC is left alone. */
    public FdbEntry learn(long mac, NetDevice port, int dst, long now) {
        FdbEntry e = entries.get(mac);
        if (e != null && e.permanent) return e;
        if (e != null && e.port == port && e.dst == dst) {
            e.updated = now;
            return e;
        }
        e = new FdbEntry(mac, port, dst, false, self, self ? null : owner, now);
        entries.put(mac, e);
        return e;
    }

    /** {@code bridge fdb append/replace MAC dev DEV dst IP self permanent}, or a bridge's local entry. */
    public FdbEntry addPermanent(long mac, NetDevice port, int dst, long now) {
        FdbEntry e = new FdbEntry(mac, port, dst, true, self, self ? null : owner, now);
        entries.put(mac, e);
        return e;
    }

    public boolean remove(long mac) { return entries.remove(mac) != null; }

    public void removePort(NetDevice port) {
        entries.removeIf(e -> e.port == port);
    }

    /** Live entries, sorted by port index then MAC. */
    public List<FdbEntry> list(long now) {
        entries.removeIf(e -> !e.permanent && now - e.updated >= ageingTime);
        List<FdbEntry> l = entries.values();
        l.sort(Comparator.comparingInt((FdbEntry e) -> e.port.ifindex()).thenComparingLong(e -> e.mac));
        return l;
    }

    public int size() { return entries.size(); }
}
