package dev.overlaysim.linux.render;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.device.Bridge;
import dev.overlaysim.linux.device.InterfaceAddress;
import dev.overlaysim.linux.device.Loopback;
import dev.overlaysim.linux.device.NetDevice;
import dev.overlaysim.linux.device.TunDevice;
import dev.overlaysim.linux.device.VxlanDevice;
import dev.overlaysim.linux.table.FdbEntry;
import dev.overlaysim.linux.table.Neighbour;
import dev.overlaysim.linux.table.NudState;
import dev.overlaysim.linux.table.PmtuCache;
import dev.overlaysim.linux.table.Route;
import dev.overlaysim.linux.table.RoutingTable;
import dev.overlaysim.protocols.addr.Ipv4Address;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The text iproute2 6.1 prints for a namespace's state: {@code ip route}, {@code ip route get},
 * {@code ip neigh}, {@code bridge fdb show}, {@code ip addr}, {@code ip link}, {@code ip -d link}
 * and {@code ip -s link}. Every line ends in {@code \n}; lines iproute2 ends with a space keep it
 * (every {@code ip route} and {@code ip neigh} line, learned FDB entries, {@code link/none },
 * the {@code -d} and {@code -s} lines).
 *
 * <p>Each format was checked against iproute2 6.1 on a real kernel (6.18) with a lab built of
 * network namespaces, veth pairs, a bridge, a VXLAN device and a TUN device. Where the output
 * depends on the machine rather than on the tables (qdisc, queue counts), {@link Iproute2Options}
 * says which machine.
 *
 * <p>IPv6 is disabled in the model, as {@code sysctl net.ipv6.conf.all.disable_ipv6=1} disables it
 * on a real node (before the devices exist): no {@code inet6} lines, but the kernel still joins
 * the all-nodes group, so {@code bridge fdb show} lists {@code 33:33:00:00:00:01}, and
 * {@code ip -d link} still prints {@code addrgenmode eui64}.
 *
 * <p>Devices are listed in ifindex order, neighbours by device then address, FDB entries by
 * device; nothing depends on hash order.
 */
public final class Iproute2 {
    private Iproute2() {}

    // ---------------------------------------------------------------- ip route

    /** {@code ip route}: the main table, each line as {@link Route#format()} plus the space iproute2 6.1 ends it with. */
    public static String ipRoute(NetNamespace ns) {
        StringBuilder sb = new StringBuilder();
        for (Route r : ns.routes().routes()) sb.append(r.format()).append(" \n");
        return sb.toString();
    }

    /**
     * {@code ip route get DST}: {@code 10.1.16.3 via 10.1.16.0 dev flannel.1 src 10.1.15.0 uid 0 }
     * then {@code     cache }, with {@code expires 598sec mtu 1450 } when a path MTU was learned for DST. A local address answers {@code local A dev lo src A uid 0} /
     * {@code cache <local>}. The source is the route's {@code src}, else the output device's
     * primary address, else the first global address of the namespace (inet_select_addr).
     *
     * @throws RoutingTable.RouteException with {@code RTNETLINK answers: Network is unreachable} when no route matches
     */
    public static String ipRouteGet(NetNamespace ns, int dst) {
        String d = Ipv4Address.toString(dst);
        if (ns.localDeviceFor(dst) != null) {
            return "local " + d + " dev lo src " + d + " uid 0 \n    cache <local> \n";
        }
        Route r = ns.routes().lookup(dst);
        if (r == null) throw new RoutingTable.RouteException("RTNETLINK answers: Network is unreachable");
        StringBuilder sb = new StringBuilder(d);
        if (r.hasGateway()) sb.append(" via ").append(Ipv4Address.toString(r.gateway()));
        sb.append(" dev ").append(r.device().name());
        int src = sourceAddress(ns, r);
        if (src != 0) sb.append(" src ").append(Ipv4Address.toString(src));
        sb.append(" uid 0 \n    cache ");
        PmtuCache.PathMtu learned = ns.pmtu().valid(dst, ns.now());
        if (learned != null) {
            // rta_expires in whole seconds left (iproute2 divides the kernel's clock_t by USER_HZ)
            sb.append("expires ").append((learned.expires() - ns.now()) / 1_000_000_000L).append("sec mtu ")
                    .append(learned.locked() ? "lock " : "").append(ns.pmtu().mtu(dst, r.device().mtu(), ns.now())).append(' ');
        }
        sb.append('\n');
        return sb.toString();
    }

    private static int sourceAddress(NetNamespace ns, Route r) {
        if (r.src() != 0) return r.src();
        if (r.device().primaryAddress() != 0) return r.device().primaryAddress();
        for (NetDevice dev : ns.devices()) {
            if (!(dev instanceof Loopback) && dev.isUp() && dev.primaryAddress() != 0) return dev.primaryAddress();
        }
        return 0;
    }

    // ---------------------------------------------------------------- ip neigh

    /** {@code ip neigh}: every entry but NOARP ones (iproute2's default filter), by device index then address. */
    public static String ipNeigh(NetNamespace ns) {
        return neigh(ns, null);
    }

    /** {@code ip neigh show dev DEV}: the same lines without {@code dev DEV}. */
    public static String ipNeighShowDev(NetNamespace ns, String devName) {
        return neigh(ns, requireDevice(ns, devName));
    }

    private static String neigh(NetNamespace ns, NetDevice only) {
        StringBuilder sb = new StringBuilder();
        for (Neighbour n : ns.neighbours().list()) {
            if (n.state() == NudState.NOARP) continue;
            if (only != null && n.device() != only) continue;
            sb.append(n.format(only == null)).append(" \n");
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- bridge fdb

    /** {@code bridge fdb show}, with the machine-independent defaults of {@link Iproute2Options#DEFAULT}. */
    public static String bridgeFdbShow(NetNamespace ns) { return bridgeFdbShow(ns, Iproute2Options.DEFAULT); }

    /**
     * {@code bridge fdb show}: the kernel dumps device by device in ifindex order. For a bridge port,
     * first the bridge's entries for that port ({@code master docker0}, learned ones before the
     * permanent local one, as the kernel's newest-first list has them), then the device's own
     * multicast MACs ({@code self permanent}). For the bridge device, its multicast MACs then its own
     * local entry. For a VXLAN device, its FDB ({@code dst ... self}). lo and TUN list nothing.
     */
    public static String bridgeFdbShow(NetNamespace ns, Iproute2Options options) {
        StringBuilder sb = new StringBuilder();
        for (NetDevice d : ns.devices()) fdbOfDevice(ns, d, true, options, sb);
        return sb.toString();
    }

    /** {@code bridge fdb show dev DEV}, with {@link Iproute2Options#DEFAULT}. */
    public static String bridgeFdbShowDev(NetNamespace ns, String devName) {
        return bridgeFdbShowDev(ns, devName, Iproute2Options.DEFAULT);
    }

    /**
     * {@code bridge fdb show dev DEV}: that device's lines without {@code dev DEV}. As in the kernel,
     * filtering on the bridge itself shows only its multicast MACs, not its own local entry.
     */
    public static String bridgeFdbShowDev(NetNamespace ns, String devName, Iproute2Options options) {
        StringBuilder sb = new StringBuilder();
        fdbOfDevice(ns, requireDevice(ns, devName), false, options, sb);
        return sb.toString();
    }

    private static void fdbOfDevice(NetNamespace ns, NetDevice d, boolean all, Iproute2Options options, StringBuilder sb) {
        long now = ns.now();
        if (d.master() != null) {
            List<FdbEntry> mine = new ArrayList<>();
            for (FdbEntry e : d.master().fdb().list(now)) if (e.port() == d) mine.add(e);
            // The kernel's list is newest first: learned entries (most recently refreshed first) before the port's local one.
            mine.sort(Comparator.comparing(FdbEntry::permanent).thenComparing(Comparator.comparingLong(FdbEntry::updated).reversed())
                    .thenComparingLong(FdbEntry::mac));
            for (FdbEntry e : mine) fdbLine(e, all, sb);
        }
        if (d instanceof VxlanDevice v) {
            for (FdbEntry e : v.fdb().list(now)) fdbLine(e, all, sb);
            return;
        }
        if (d instanceof Loopback || d instanceof TunDevice) return;
        if (options.multicastFdbEntries()) {
            for (String mc : multicastMacs(d)) {
                sb.append(mc);
                if (all) sb.append(" dev ").append(d.name());
                sb.append(" self permanent\n");
            }
        }
        if (d instanceof Bridge b && all) {
            for (FdbEntry e : b.fdb().list(now)) if (e.port() == b) fdbLine(e, true, sb);
        }
    }

    private static void fdbLine(FdbEntry e, boolean withDevice, StringBuilder sb) {
        sb.append(e.format(withDevice));
        if (!e.permanent()) sb.append(' '); // bridge/fdb.c prints the empty state of a dynamic entry with its separator
        sb.append('\n');
    }

    /**
     * The device's multicast list in the order the kernel joined the groups: all-nodes (IPv6,
     * joined at registration even with IPv6 disabled by sysctl), then, once up, a bridge's
     * all-snoopers groups (224.0.0.106, ff02::6a) and IGMP's all-hosts (224.0.0.1).
     */
    private static List<String> multicastMacs(NetDevice d) {
        List<String> l = new ArrayList<>(4);
        l.add("33:33:00:00:00:01");
        if (!d.isUp()) return l;
        if (d instanceof Bridge) {
            l.add("01:00:5e:00:00:6a");
            l.add("33:33:00:00:00:6a");
        }
        l.add("01:00:5e:00:00:01");
        return l;
    }

    // ---------------------------------------------------------------- ip addr / ip link

    /** {@code ip addr}, with {@link Iproute2Options#DEFAULT}. */
    public static String ipAddr(NetNamespace ns) { return ipAddr(ns, Iproute2Options.DEFAULT); }

    /**
     * {@code ip addr}: per device the link header (without {@code mode DEFAULT}), the link line and
     * each IPv4 address with {@code valid_lft forever preferred_lft forever}. Addresses on Ethernet
     * devices with a prefix of /30 or shorter carry {@code brd} (Docker and DHCP clients configure
     * them so); /31, /32 and TUN addresses do not. No {@code inet6} lines: IPv6 is disabled.
     */
    public static String ipAddr(NetNamespace ns, Iproute2Options options) {
        LinkLines lines = new LinkLines(ns, options);
        StringBuilder sb = new StringBuilder();
        for (NetDevice d : ns.devices()) {
            sb.append(lines.header(d, false)).append('\n');
            sb.append("    ").append(lines.linkLine(d)).append('\n');
            for (InterfaceAddress a : d.addresses()) {
                sb.append("    inet ").append(a);
                if (!(d instanceof Loopback) && !(d instanceof TunDevice) && a.prefixLength() <= 30) {
                    sb.append(" brd ").append(Ipv4Address.toString(a.broadcast()));
                }
                sb.append(d instanceof Loopback ? " scope host " : " scope global ").append(d.name()).append('\n');
                sb.append("       valid_lft forever preferred_lft forever\n");
            }
        }
        return sb.toString();
    }

    /** {@code ip link [show DEV]} (devName null for all), with {@link Iproute2Options#DEFAULT}. */
    public static String ipLink(NetNamespace ns, String devName) { return ipLink(ns, devName, Iproute2Options.DEFAULT); }

    public static String ipLink(NetNamespace ns, String devName, Iproute2Options options) {
        LinkLines lines = new LinkLines(ns, options);
        StringBuilder sb = new StringBuilder();
        for (NetDevice d : selected(ns, devName)) {
            sb.append(lines.header(d, true)).append('\n').append("    ").append(lines.linkLine(d)).append('\n');
        }
        return sb.toString();
    }

    /** {@code ip -d link [show DEV]}, with {@link Iproute2Options#DEFAULT}. */
    public static String ipLinkDetails(NetNamespace ns, String devName) {
        return ipLinkDetails(ns, devName, Iproute2Options.DEFAULT);
    }

    /**
     * {@code ip -d link [show DEV]}: the link line continues with promiscuity and MTU limits, then the
     * kind's line ({@code vxlan id 1 local 10.168.0.2 dev eth0 srcport 0 0 dstport 8472 nolearning
     * ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx}, {@code bridge forward_delay ...},
     * {@code tun type tun pi off vnet_hdr off persist off}, {@code veth}), a {@code bridge_slave} line
     * for bridge ports, and the queue and offload limits.
     */
    public static String ipLinkDetails(NetNamespace ns, String devName, Iproute2Options options) {
        LinkLines lines = new LinkLines(ns, options);
        StringBuilder sb = new StringBuilder();
        for (NetDevice d : selected(ns, devName)) {
            sb.append(lines.header(d, true)).append('\n')
                    .append("    ").append(lines.linkLine(d)).append(lines.details(d)).append('\n');
        }
        return sb.toString();
    }

    /** {@code ip -s link [show DEV]}, with {@link Iproute2Options#DEFAULT}. */
    public static String ipStatsLink(NetNamespace ns, String devName) {
        return ipStatsLink(ns, devName, Iproute2Options.DEFAULT);
    }

    /**
     * {@code ip -s link [show DEV]}: the RX and TX blocks of print_stats64(), right-aligned in columns
     * that start as wide as their header words and widen for larger numbers. The model counts
     * packets, bytes and drops; errors other than rx_errors, missed, mcast, carrier and collisions
     * are always 0.
     */
    public static String ipStatsLink(NetNamespace ns, String devName, Iproute2Options options) {
        LinkLines lines = new LinkLines(ns, options);
        StringBuilder sb = new StringBuilder();
        for (NetDevice d : selected(ns, devName)) {
            sb.append(lines.header(d, true)).append('\n').append("    ").append(lines.linkLine(d)).append('\n');
            sb.append(LinkLines.stats(d.stats()));
        }
        return sb.toString();
    }

    private static List<NetDevice> selected(NetNamespace ns, String devName) {
        if (devName == null) {
            List<NetDevice> l = new ArrayList<>(ns.devices());
            l.sort(Comparator.comparingInt(NetDevice::ifindex));
            return l;
        }
        return List.of(requireDevice(ns, devName));
    }

    private static NetDevice requireDevice(NetNamespace ns, String devName) {
        NetDevice d = ns.device(devName);
        if (d == null) throw new IllegalArgumentException("Device \"" + devName + "\" does not exist. (in " + ns.displayName() + ")");
        return d;
    }
}
