package dev.overlaysim.flannel;

import dev.overlaysim.flannel.etcd.EtcdctlView;
import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.World;
import dev.overlaysim.linux.device.L2Segment;
import dev.overlaysim.linux.device.Nic;
import dev.overlaysim.linux.proc.Ping;
import dev.overlaysim.linux.render.Iproute2;
import dev.overlaysim.protocols.addr.Ipv4Prefix;
import dev.overlaysim.protocols.addr.MacAddress;
import dev.overlaysim.trace.Flow;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import static dev.overlaysim.protocols.addr.Ipv4Address.parseInt;

/**
 * The seed's lab, built from a network config alone: nodes on the LAN 10.168.0.0/24 (gateway
 * 10.168.0.1, which no host answers for), each running flanneld and Docker, with subnets and VTEP
 * MACs pinned to the seed's when a test wants the seed's exact lines. Times are simulated
 * nanoseconds; {@link #S} and {@link #MS} keep them readable.
 */
final class LanCluster {
    static final long S = 1_000_000_000L;
    static final long MS = 1_000_000L;
    static final int GATEWAY = parseInt("10.168.0.1");

    /** The seed's VXLAN VTEP MACs: node1's flannel.1 and node2's. */
    static final String NODE1_VTEP_MAC = "5e:f8:4f:00:0f:00";
    static final String NODE2_VTEP_MAC = "5e:f8:4f:00:e3:37";

    final World world;
    final L2Segment lan;
    final FlannelCluster cluster;

    private LanCluster(long seed, String configJson, boolean legacyLeaseJson) {
        world = new World(seed);
        lan = world.addSegment("lan", 1_000, 10_000_000_000L);
        cluster = new FlannelCluster(world, configJson, legacyLeaseJson);
    }

    /** {@code {"Network":NETWORK,"SubnetLen":24,"Backend":{"Type":TYPE}}}. */
    static String config(String type, String network) {
        return "{\"Network\":\"" + network + "\",\"SubnetLen\":24,\"Backend\":{\"Type\":\"" + type + "\"}}";
    }

    static LanCluster of(long seed, String configJson) { return new LanCluster(seed, configJson, false); }

    /** The seed's UDP example writes lease values as its older flannel did: {@code {"PublicIP":"10.168.0.3"}}. */
    static LanCluster legacy(long seed, String configJson) { return new LanCluster(seed, configJson, true); }

    static Flanneld.Options pinned(String subnet, String vtepMac) {
        return new Flanneld.Options(Optional.of(Ipv4Prefix.parse(subnet)),
                Optional.ofNullable(vtepMac).map(MacAddress::parse));
    }

    /** A node on the LAN at {@code ip}/24, default route via 10.168.0.1, MTU 1500, flanneld started at {@code startAt}. */
    ClusterNode node(String name, String ip, Flanneld.Options options, long startAt) {
        ClusterNode n = cluster.addNode(name, lan, parseInt(ip), 24, GATEWAY, 1500, options);
        n.startAt(startAt);
        return n;
    }

    ClusterNode node(String name) { return cluster.node(name); }

    void runUntil(long t) { world.sim().runUntil(t); }

    void at(long t, Runnable r) { world.sim().at(t, r); }

    /** {@code ping -c count -i interval dst} from a container (or a host's root namespace), started at {@code t}. */
    Pinging ping(String from, String dst, int count, long interval, long t) {
        Flow flow = world.addFlow(new Flow(from + "->" + dst + "@" + t, "ping", from, dst));
        Pinging p = new Pinging(flow);
        at(t, () -> {
            NetNamespace ns = world.namespace(from);
            if (ns == null) throw new IllegalStateException("no namespace " + from + " at " + t);
            p.ping = ns.host().start(new Ping(ns, parseInt(dst), count, 56, interval, flow));
        });
        return p;
    }

    static final class Pinging {
        final Flow flow;
        Ping ping;

        Pinging(Flow flow) { this.flow = flow; }

        List<String> output() { return ping == null ? List.of() : ping.output(); }
    }

    NetNamespace root(String node) { return world.host(node).root(); }

    String ipRoute(String node) { return Iproute2.ipRoute(root(node)); }

    String ipNeighShowDev(String node, String dev) { return Iproute2.ipNeighShowDev(root(node), dev); }

    String bridgeFdbShowDev(String node, String dev) { return Iproute2.bridgeFdbShowDev(root(node), dev); }

    Nic eth0(String node) { return cluster.node(node).eth0(); }

    /** The host's log, without the timestamps. */
    List<String> log(String node) {
        return world.host(node).logLines().stream().map(l -> l.substring(l.indexOf(' ') + 1)).collect(Collectors.toList());
    }

    EtcdctlView etcdctl() { return new EtcdctlView(cluster.etcd()); }

    static OptionalInt ip(String a) { return OptionalInt.of(parseInt(a)); }
}
