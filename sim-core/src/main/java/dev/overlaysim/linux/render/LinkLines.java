package dev.overlaysim.linux.render;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.device.Bridge;
import dev.overlaysim.linux.device.DeviceStats;
import dev.overlaysim.linux.device.Loopback;
import dev.overlaysim.linux.device.NetDevice;
import dev.overlaysim.linux.device.Nic;
import dev.overlaysim.linux.device.TunDevice;
import dev.overlaysim.linux.device.Veth;
import dev.overlaysim.linux.device.VxlanDevice;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.MacAddress;

import java.util.ArrayList;
import java.util.List;

/**
 * The per-link lines {@code ip link} and {@code ip addr} share (iproute2 6.1, ip/ipaddress.c
 * print_linkinfo and print_stats64), for one namespace. What the kernel reports per device kind
 * is spelled out here, each as captured on a real kernel; see {@link Iproute2} for the sources.
 */
final class LinkLines {
    private static final String ZERO_MAC = "00:00:00:00:00:00";
    private static final String BROADCAST_MAC = "ff:ff:ff:ff:ff:ff";
    /** The GSO/GRO limits the kernel reports for every device here. */
    private static final int GSO_MAX_SIZE = 65536;
    private static final int GSO_MAX_SEGS = 65535;
    /** tso_max_size of software devices (veth, vxlan, lo): TSO_MAX_SIZE, 512 KiB − 8. */
    private static final int SOFT_TSO_MAX_SIZE = 524280;

    private final NetNamespace ns;
    private final Iproute2Options options;
    /** Peer namespaces in the order their netnsids were handed out (first veth by ifindex first). */
    private final List<NetNamespace> peerNamespaces = new ArrayList<>();

    LinkLines(NetNamespace ns, Iproute2Options options) {
        this.ns = ns;
        this.options = options;
        for (NetDevice d : ns.devices()) {
            if (d instanceof Veth v && v.peer() != null) {
                NetNamespace peerNs = v.peer().namespace();
                if (peerNs != ns && !peerNamespaces.contains(peerNs)) peerNamespaces.add(peerNs);
            }
        }
    }

    /** {@code 4: veth1a2b3c4@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master docker0 state UP mode DEFAULT group default qlen 1000}. */
    String header(NetDevice d, boolean withMode) {
        StringBuilder sb = new StringBuilder();
        sb.append(d.ifindex()).append(": ").append(nameWithPeer(d)).append(": <").append(flags(d)).append("> mtu ").append(d.mtu())
                .append(" qdisc ").append(qdisc(d));
        if (d.master() != null) sb.append(" master ").append(d.master().name());
        sb.append(" state ").append(operState(d));
        if (withMode) sb.append(" mode DEFAULT");
        sb.append(" group default qlen ").append(qlen(d));
        return sb.toString();
    }

    static String nameWithPeer(NetDevice d) {
        if (d instanceof Veth v && v.peer() != null) {
            return v.peer().namespace() == d.namespace() ? d.name() + "@" + v.peer().name() : d.name() + "@if" + v.peer().ifindex();
        }
        return d.name();
    }

    /** print_link_flags(): NO-CARRIER first when up without carrier, then the IFF_ flags in bit order. */
    static String flags(NetDevice d) {
        List<String> f = new ArrayList<>(6);
        boolean up = d.isUp();
        boolean carrier = up && d.hasCarrier();
        if (up && !carrier) f.add("NO-CARRIER");
        if (d instanceof Loopback) {
            f.add("LOOPBACK");
        } else if (d instanceof TunDevice) {
            f.add("POINTOPOINT");
            f.add("MULTICAST");
            f.add("NOARP");
        } else {
            f.add("BROADCAST");
            f.add("MULTICAST");
        }
        if (up) f.add("UP");
        if (carrier) f.add("LOWER_UP");
        return String.join(",", f);
    }

    /**
     * RFC 2863 operstate as the kernel computes it: devices that never signal carrier (lo, vxlan, an
     * attached TUN) stay UNKNOWN; bridge, veth and NIC are UP with carrier, DOWN without.
     */
    static String operState(NetDevice d) {
        if (!d.isUp()) return "DOWN";
        boolean carrier = d.hasCarrier();
        if (d instanceof Loopback || d instanceof VxlanDevice) return "UNKNOWN";
        if (d instanceof TunDevice) return carrier ? "UNKNOWN" : "DOWN";
        return carrier ? "UP" : "DOWN";
    }

    String qdisc(NetDevice d) {
        if (d instanceof TunDevice) return options.defaultQdisc();
        if (d instanceof Nic) return options.nicQdisc();
        return "noqueue";
    }

    static int qlen(NetDevice d) { return d instanceof TunDevice ? TunDevice.TX_QUEUE_LEN : 1000; }

    /** {@code link/ether 02:42:0a:01:0f:02 brd ff:ff:ff:ff:ff:ff link-netnsid 0}; TUN prints {@code link/none } with its space. */
    String linkLine(NetDevice d) {
        if (d instanceof Loopback) return "link/loopback " + ZERO_MAC + " brd " + ZERO_MAC;
        if (d instanceof TunDevice) return "link/none ";
        StringBuilder sb = new StringBuilder("link/ether ").append(MacAddress.toString(d.mac())).append(" brd ").append(BROADCAST_MAC);
        if (d instanceof Veth v && v.peer() != null && v.peer().namespace() != ns) {
            sb.append(" link-netnsid ").append(peerNamespaces.indexOf(v.peer().namespace()));
        }
        return sb.toString();
    }

    /** The {@code ip -d link} continuation of the link line and the kind, slave and queue lines (without the final newline). */
    String details(NetDevice d) {
        StringBuilder sb = new StringBuilder();
        boolean port = d.master() != null;
        sb.append(" promiscuity ").append(port ? 1 : 0).append(" ").append(" allmulti ").append(port ? 1 : 0)
                .append(" minmtu ").append(d instanceof Loopback ? 0 : 68).append(" maxmtu ").append(d instanceof Loopback ? 0 : 65535).append(' ');
        String kindOpts = kindOptions(d);
        if (kindOpts != null) sb.append("\n    ").append(d.kind()).append(' ').append(kindOpts);
        if (port) sb.append("\n    bridge_slave ").append(bridgeSlaveOptions(d));
        int queues = d instanceof Veth || d instanceof Nic ? options.cpus() : 1;
        sb.append("addrgenmode eui64 numtxqueues ").append(queues).append(" numrxqueues ").append(queues)
                .append(" gso_max_size ").append(GSO_MAX_SIZE).append(" gso_max_segs ").append(GSO_MAX_SEGS)
                .append(" tso_max_size ").append(tsoMaxSize(d)).append(" tso_max_segs ").append(GSO_MAX_SEGS)
                .append(" gro_max_size ").append(GSO_MAX_SIZE).append(' ');
        if (d instanceof Nic) sb.append("parentbus virtio parentdev virtio1 ");
        return sb.toString();
    }

    private static int tsoMaxSize(NetDevice d) {
        if (d instanceof TunDevice || d instanceof Nic) return GSO_MAX_SIZE;
        if (d instanceof Bridge b) {
            if (b.ports().isEmpty()) return GSO_MAX_SIZE;
            int min = Integer.MAX_VALUE;
            for (NetDevice p : b.ports()) min = Math.min(min, tsoMaxSize(p));
            return min;
        }
        return SOFT_TSO_MAX_SIZE;
    }

    /** IFLA_INFO_DATA as iproute2 prints it per kind, or null for devices without rtnl_link_ops (lo, a physical NIC). */
    private String kindOptions(NetDevice d) {
        if (d instanceof Veth) return "";
        if (d instanceof VxlanDevice v) {
            StringBuilder sb = new StringBuilder();
            sb.append("id ").append(v.vni()).append(" local ").append(Ipv4Address.toString(v.local()))
                    .append(" dev ").append(v.underlay().name()).append(" srcport 0 0 dstport ").append(v.dstPort()).append(' ');
            if (!v.learning()) sb.append("nolearning ");
            sb.append("ttl auto ageing ").append(v.fdb().ageingTime() / 1_000_000_000L)
                    .append(" udpcsum noudp6zerocsumtx noudp6zerocsumrx ");
            return sb.toString();
        }
        if (d instanceof TunDevice) return "type tun pi off vnet_hdr off persist off ";
        if (d instanceof Bridge b) return bridgeOptions(b);
        return null;
    }

    private String bridgeOptions(Bridge b) {
        String id = bridgeId(b);
        return "forward_delay 1500 hello_time 200 max_age 2000 ageing_time " + b.fdb().ageingTime() / 10_000_000L
                + " stp_state 0 priority 32768 vlan_filtering 0 bridge_id " + id + " designated_root " + id
                + " root_port 0 root_path_cost 0 topology_change 0 topology_change_detected 0 hello_timer " + timer(0)
                + " tcn_timer " + timer(0) + " topology_change_timer " + timer(0) + " gc_timer " + timer(gcTimerCentis(b))
                + " group_fwd_mask 0 group_address 01:80:c2:00:00:00 mcast_snooping 1 no_linklocal_learn 0 mcast_vlan_snooping 0"
                + " mcast_router 1 mcast_query_use_ifaddr 0 mcast_querier 0 mcast_hash_elasticity 16 mcast_hash_max 4096"
                + " mcast_last_member_count 2 mcast_startup_query_count 2 mcast_last_member_interval 100"
                + " mcast_membership_interval 26000 mcast_querier_interval 25500 mcast_query_interval 12500"
                + " mcast_query_response_interval 1000 mcast_startup_query_interval 3124 mcast_stats_enabled 0"
                + " mcast_igmp_version 2 mcast_mld_version 1 nf_call_iptables 0 nf_call_ip6tables 0 nf_call_arptables 0 ";
    }

    private String bridgeSlaveOptions(NetDevice port) {
        Bridge b = port.master();
        int no = b.ports().indexOf(port) + 1;
        String id = bridgeId(b);
        boolean forwarding = port.isUp() && port.hasCarrier();
        // br_port_cost(): 2 for a 10 Gb/s link (veth reports 10000 Mb/s), 100 when the speed is unknown.
        int cost = port instanceof Veth ? 2 : 100;
        return "state " + (forwarding ? "forwarding" : "disabled") + " priority 32 cost " + cost
                + " hairpin off guard off root_block off fastleave off learning on flood on port_id 0x" + Integer.toHexString(0x8000 + no)
                + " port_no 0x" + Integer.toHexString(no) + " designated_port " + (0x8000 + no) + " designated_cost 0 designated_bridge " + id
                + " designated_root " + id + " hold_timer " + timer(0) + " message_age_timer " + timer(0) + " forward_delay_timer " + timer(0)
                + " topology_change_ack 0 config_pending 0 proxy_arp off proxy_arp_wifi off mcast_router 1 mcast_fast_leave off"
                + " mcast_flood on bcast_flood on mcast_to_unicast off neigh_suppress off group_fwd_mask 0 group_fwd_mask_str 0x0"
                + " vlan_tunnel off isolated off locked off ";
    }

    /** br_dump_bridge_id(): priority as 4 hex digits, then the MAC's bytes in unpadded hex. */
    private static String bridgeId(Bridge b) {
        long mac = b.mac();
        StringBuilder sb = new StringBuilder("8000.");
        for (int shift = 40; shift >= 0; shift -= 8) {
            sb.append(Long.toHexString(mac >>> shift & 0xFF));
            if (shift > 0) sb.append(':');
        }
        return sb.toString();
    }

    /**
     * Time left until the bridge's FDB garbage collection runs again, in centiseconds. The kernel
     * first runs it 100 ms after the bridge comes up and then every ageing time (sooner when a
     * learned entry expires earlier); this assumes the bridge came up at time 0 and ignores the
     * "sooner" case.
     */
    private long gcTimerCentis(Bridge b) {
        long period = b.fdb().ageingTime();
        long first = 100_000_000L;
        long now = ns.now();
        long left = now < first ? first - now : period - Math.floorMod(now - first, period);
        return left / 10_000_000L;
    }

    /** print_timer(): {@code "%4i.%.2i"}. */
    static String timer(long centis) {
        return String.format("%4d.%02d", centis / 100, centis % 100);
    }

    /** print_stats64() for {@code ip -s link}: two header/value pairs whose columns widen to fit the largest value. */
    static String stats(DeviceStats s) {
        return stats(s.rxBytes(), s.rxPackets(), s.rxErrors(), s.rxDropped(), s.txBytes(), s.txPackets(), s.txDropped());
    }

    /** The counters the model keeps; every other column prints 0. */
    static String stats(long rxB, long rxP, long rxE, long rxD, long txB, long txP, long txD) {
        // iproute2 6.1 starts from the header words: strlen("*X errors:"), "packets", "errors", "dropped", "carrier", "overrun", "compressed".
        int[] cols = {10, 7, 6, 7, 7, 7, 10};
        sizeColumns(cols, rxB, rxP, rxE, rxD, 0, 0, 0);
        sizeColumns(cols, txB, txP, 0, txD, 0, 0, 0);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("    RX: %" + (cols[0] - 4) + "s %" + cols[1] + "s %" + cols[2] + "s %" + cols[3] + "s %" + cols[4] + "s %" + cols[5] + "s %" + cols[6] + "s\n",
                "bytes", "packets", "errors", "dropped", "missed", "mcast", ""));
        sb.append("    ");
        num(sb, cols[0], rxB); num(sb, cols[1], rxP); num(sb, cols[2], rxE); num(sb, cols[3], rxD); num(sb, cols[4], 0); num(sb, cols[5], 0);
        sb.append('\n');
        sb.append(String.format("    TX: %" + (cols[0] - 4) + "s %" + cols[1] + "s %" + cols[2] + "s %" + cols[3] + "s %" + cols[4] + "s %" + cols[5] + "s %" + cols[6] + "s\n",
                "bytes", "packets", "errors", "dropped", "carrier", "collsns", ""));
        sb.append("    ");
        num(sb, cols[0], txB); num(sb, cols[1], txP); num(sb, cols[2], 0); num(sb, cols[3], txD); num(sb, cols[4], 0); num(sb, cols[5], 0);
        sb.append('\n');
        return sb.toString();
    }

    /** size_columns(), including its quirk: the loop tests {@code powi < val}, so 10, 100, ... count one digit short. */
    private static void sizeColumns(int[] cols, long... vals) {
        for (int i = 0; i < vals.length; i++) {
            long val = vals[i];
            int len = 1;
            for (long powi = 10; Long.compareUnsigned(powi, val) < 0; len++, powi *= 10) {
                // nothing
            }
            if (len > cols[i]) cols[i] = len;
        }
    }

    /** print_num() without -h: {@code "%*llu "}. */
    private static void num(StringBuilder sb, int width, long v) {
        sb.append(String.format("%" + width + "d ", v));
    }
}
