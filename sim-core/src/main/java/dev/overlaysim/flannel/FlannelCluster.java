package dev.overlaysim.flannel;

import dev.overlaysim.flannel.etcd.Etcd;
import dev.overlaysim.flannel.subnet.EtcdSubnetManager;
import dev.overlaysim.flannel.subnet.SubnetKey;
import dev.overlaysim.linux.Host;
import dev.overlaysim.linux.World;
import dev.overlaysim.linux.device.L2Segment;
import dev.overlaysim.linux.device.Nic;
import dev.overlaysim.linux.table.Route;
import dev.overlaysim.protocols.addr.Ipv4Prefix;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Flannel cluster inside a {@link World}: one etcd holding the network config, the nodes that
 * run flanneld and Docker on an underlay of L2 segments, and the routers between segments.
 */
public final class FlannelCluster {
    private final World world;
    private final Etcd etcd;
    private final EtcdSubnetManager subnets;
    private final Map<String, ClusterNode> nodes = new LinkedHashMap<>();
    private final Map<String, Host> routers = new LinkedHashMap<>();

    /**
     * @param networkConfigJson the value of {@code /coreos.com/network/config}, e.g.
     *        {@code {"Network":"10.1.0.0/16","Backend":{"Type":"vxlan"}}}
     * @param legacyLeaseJson write lease values as the seed's older flannel did ({@code {"PublicIP":"10.168.0.3"}})
     */
    public FlannelCluster(World world, String networkConfigJson, boolean legacyLeaseJson) {
        this.world = world;
        this.etcd = new Etcd(world.sim());
        this.subnets = new EtcdSubnetManager(etcd, SubnetKey.DEFAULT_PREFIX, legacyLeaseJson);
        etcd.put(SubnetKey.configKey(SubnetKey.DEFAULT_PREFIX), networkConfigJson);
    }

    public FlannelCluster(World world, String networkConfigJson) { this(world, networkConfigJson, false); }

    public World world() { return world; }
    public Etcd etcd() { return etcd; }
    public EtcdSubnetManager subnets() { return subnets; }

    /**
     * A node: a host whose eth0 (address {@code ip/prefixLength}, MAC {@code 42:01} + the address,
     * as on a cloud VM) is on {@code segment}, with ip_forward=1 and a default route via
     * {@code gateway} when there is one. flanneld does not run until {@link ClusterNode#startAt}.
     */
    public ClusterNode addNode(String name, L2Segment segment, int ip, int prefixLength, int gateway, int mtu, Flanneld.Options options) {
        if (nodes.containsKey(name) || routers.containsKey(name)) throw new IllegalArgumentException("duplicate node " + name);
        Host host = world.addHost(name);
        Nic eth0 = nic(host, "eth0", segment, ip, prefixLength, mtu);
        if (gateway != 0) host.root().routes().add(Route.via(Ipv4Prefix.parse("0.0.0.0/0"), gateway, eth0, false));
        host.root().ipForward(true);
        ClusterNode node = new ClusterNode(this, host, eth0, new Flanneld(host, etcd, subnets, eth0, options));
        nodes.put(name, node);
        return node;
    }

    private static Nic nic(Host host, String name, L2Segment segment, int ip, int prefixLength, int mtu) {
        Nic nic = new Nic(host.root(), name, 0x4201_0000_0000L | (ip & 0xFFFF_FFFFL), mtu, segment);
        nic.addAddress(ip, prefixLength);
        nic.setUp(true);
        return nic;
    }

    /** An IP router joining segments: one NIC per (segment, address/prefix), ip_forward=1. */
    public Host addRouter(String name, List<RouterInterface> interfaces) {
        Host host = world.addHost(name);
        int i = 0;
        for (RouterInterface ri : interfaces) {
            nic(host, "eth" + i++, ri.segment(), ri.ip(), ri.prefixLength(), ri.mtu());
        }
        host.root().ipForward(true);
        routers.put(name, host);
        return host;
    }

    public record RouterInterface(L2Segment segment, int ip, int prefixLength, int mtu) {}

    public ClusterNode node(String name) {
        ClusterNode n = nodes.get(name);
        if (n == null) throw new IllegalArgumentException("no node named " + name);
        return n;
    }

    public List<ClusterNode> nodes() { return Collections.unmodifiableList(new ArrayList<>(nodes.values())); }
    public List<Host> routers() { return new ArrayList<>(routers.values()); }
}
