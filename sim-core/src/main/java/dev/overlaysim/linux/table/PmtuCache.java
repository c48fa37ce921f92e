package dev.overlaysim.linux.table;

import org.agrona.collections.Int2ObjectHashMap;

/**
 * The path MTUs one namespace has learned, per destination: Linux's FIB nexthop exceptions
 * (net/ipv4/route.c, {@code struct fib_nh_exception}), which {@code ip route get DST} prints as
 * {@code cache expires 598sec mtu 1450}. An ICMP "fragmentation needed" about a packet this
 * namespace sent lowers the destination's path MTU ({@code __ip_rt_update_pmtu}); locally sent
 * packets then use it instead of the device's MTU: DF when they fit it
 * ({@code IP_PMTUDISC_WANT}), {@code EMSGSIZE} when they do not ({@code IP_PMTUDISC_DO}), and
 * fragments of that size otherwise. Forwarded packets keep the device's MTU
 * ({@code ip_forward_use_pmtu=0}). An exception lasts {@code ip_rt_mtu_expires}, 10 minutes.
 */
public final class PmtuCache {
    /** net.ipv4.route.mtu_expires: 600 s. */
    public static final long MTU_EXPIRES = 600_000_000_000L;
    /** net.ipv4.route.min_pmtu: 512 + 20 + 20 = 552 bytes; a lower report is raised to it and the MTU locked. */
    public static final int MIN_PMTU = 552;

    /** One destination's learned path MTU (a fib_nh_exception's fnhe_pmtu, fnhe_expires, fnhe_mtu_locked); {@code locked} when a report was below {@link #MIN_PMTU}. */
    public static final class PathMtu {
        private int mtu;
        private long expires;
        private boolean locked;

        public int mtu() { return mtu; }
        public long expires() { return expires; }
        public boolean locked() { return locked; }
    }

    private final Int2ObjectHashMap<PathMtu> byDestination = new Int2ObjectHashMap<>();

    /** The path MTU to {@code dst} at {@code now}: the learned one while it lasts and is lower, else the device's. */
    public int mtu(int dst, int deviceMtu, long now) {
        PathMtu e = valid(dst, now);
        return e == null ? deviceMtu : Math.min(e.mtu, deviceMtu);
    }

    /** The unexpired learned MTU for {@code dst}, or null. */
    public PathMtu valid(int dst, long now) {
        PathMtu e = byDestination.get(dst);
        if (e == null) return null;
        if (now >= e.expires) {
            byDestination.remove(dst);
            return null;
        }
        return e;
    }

    /**
     * {@code __ip_rt_update_pmtu}: an ICMP fragmentation-needed for a packet to {@code dst} said
     * {@code reported}. Ignored when the path MTU is already lower (or the report is a rise); a
     * report under {@link #MIN_PMTU} becomes that floor and locks the MTU (DF is then no longer
     * set). Returns whether the cache changed.
     */
    public boolean update(int dst, int reported, int deviceMtu, long now) {
        int old = mtu(dst, deviceMtu, now);
        if (old < reported) return false;
        boolean lock = false;
        int mtu = reported;
        if (mtu < MIN_PMTU) {
            lock = true;
            mtu = Math.min(old, MIN_PMTU);
        }
        PathMtu e = valid(dst, now);
        if (e != null && e.mtu == mtu && !lock && now < e.expires - MTU_EXPIRES / 2) return false;
        if (e == null) {
            e = new PathMtu();
            byDestination.put(dst, e);
        }
        e.mtu = mtu;
        e.locked = lock;
        e.expires = now + MTU_EXPIRES;
        return true;
    }

    /** Learned destinations, expired ones included until looked up again. */
    public int size() { return byDestination.size(); }
}
