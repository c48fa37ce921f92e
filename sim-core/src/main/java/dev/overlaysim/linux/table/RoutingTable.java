package dev.overlaysim.linux.table;

import dev.overlaysim.linux.device.NetDevice;
import dev.overlaysim.protocols.addr.Ipv4Prefix;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * The main IPv4 routing table of one namespace: longest-prefix match over one hash map per prefix
 * length (Agrona's int-keyed open-addressing map: no boxed keys or entry objects per route), probed
 * from /32 down to /0 (only the lengths present), so a node holding thousands of flannel routes
 * still looks a destination up in a handful of probes. Hash order never reaches output: listings sort.
 */
public final class RoutingTable {
    /** Thrown with the kernel's errno text, as {@code ip route add} reports it. */
    public static final class RouteException extends RuntimeException {
        public RouteException(String message) { super(message); }
    }

    @SuppressWarnings("unchecked")
    private final Int2ObjectHashMap<Route>[] byLength = new Int2ObjectHashMap[33];
    private long lengthsPresent; // bit n set when some route has prefix length n
    private int size;

    public int size() { return size; }

    /**
     * Adds a route after the kernel's checks (fib_check_nh): a gateway must be reachable through a
     * connected route on the same device unless {@code onlink} is given, else "Nexthop has invalid
     * gateway"; for a route via a gateway that no route reaches at all, "Network is unreachable".
     */
    public void add(Route route) {
        Int2ObjectHashMap<Route> m = byLength[route.prefix().length()];
        if (m != null && m.get(route.prefix().address()) != null) {
            throw new RouteException("RTNETLINK answers: File exists");
        }
        checkNexthop(route);
        put(route);
    }

    private void checkNexthop(Route route) {
        if (route.hasGateway() && !route.onlink()) {
            Route toGateway = lookup(route.gateway());
            if (toGateway == null || toGateway.hasGateway()) {
                throw new RouteException("RTNETLINK answers: Network is unreachable");
            }
            if (toGateway.device() != route.device()) {
                throw new RouteException("RTNETLINK answers: Nexthop has invalid gateway");
            }
        }
    }

    /**
     * Adds or replaces ({@code ip route replace}). The new next hop is checked against the table as
     * it is, old route included, as the kernel does before it swaps them.
     */
    public void replace(Route route) {
        checkNexthop(route);
        put(route); // replaces in place: the same as remove then add
    }

    private void put(Route route) {
        int len = route.prefix().length();
        if (byLength[len] == null) byLength[len] = new Int2ObjectHashMap<>();
        if (byLength[len].put(route.prefix().address(), route) == null) size++;
        lengthsPresent |= 1L << len;
    }

    public Route get(Ipv4Prefix prefix) {
        Int2ObjectHashMap<Route> m = byLength[prefix.length()];
        return m == null ? null : m.get(prefix.address());
    }

    public boolean remove(Ipv4Prefix prefix) {
        int len = prefix.length();
        Int2ObjectHashMap<Route> m = byLength[len];
        if (m == null || m.remove(prefix.address()) == null) return false;
        size--;
        if (m.isEmpty()) lengthsPresent &= ~(1L << len);
        return true;
    }

    /** Removes every route through {@code device} (what the kernel does when the device goes down or away). */
    public void removeDevice(NetDevice device) {
        for (Route r : routes()) {
            if (r.device() == device) remove(r.prefix());
        }
    }

    /** Longest-prefix match; null when nothing matches. */
    public Route lookup(int dst) {
        long present = lengthsPresent;
        while (present != 0) {
            int len = 63 - Long.numberOfLeadingZeros(present);
            present &= ~(1L << len);
            Route r = byLength[len].get(dst & Ipv4Prefix.mask(len));
            if (r != null && r.device().isUp()) return r;
        }
        return null;
    }

    /** All routes in the order the kernel's FIB trie dumps them: by address, then by prefix length. */
    public List<Route> routes() {
        TreeMap<Ipv4Prefix, Route> sorted = new TreeMap<>();
        for (Int2ObjectHashMap<Route> m : byLength) {
            if (m != null) for (Route r : m.values()) sorted.put(r.prefix(), r);
        }
        return new ArrayList<>(sorted.values());
    }
}
