package dev.overlaysim.linux;

import dev.overlaysim.docker.Container;
import dev.overlaysim.docker.Docker;
import dev.overlaysim.flannel.backend.UdpProxy;
import dev.overlaysim.linux.device.L2Segment;
import dev.overlaysim.linux.device.Nic;
import dev.overlaysim.linux.device.TunDevice;
import dev.overlaysim.linux.device.VxlanDevice;
import dev.overlaysim.linux.table.Route;
import dev.overlaysim.protocols.addr.Ipv4Prefix;
import dev.overlaysim.protocols.addr.MacAddress;

import static dev.overlaysim.protocols.addr.Ipv4Address.parseInt;

/**
 * The seed document's two-node labs with every table set by hand, the way an instructor would
 * type the commands on two real nodes before any flanneld exists.
 */
final class HandBuiltHosts {
    final World world;
    final L2Segment lan;

    HandBuiltHosts(long seed) {
        world = new World(seed);
        lan = world.addSegment("lan", 1_000, 10_000_000_000L);
    }

    /** A node with eth0 on the LAN (10.168.0.0/24), ip_forward=1 and a default route via 10.168.0.1. */
    Host node(String name, String ip) {
        Host h = world.addHost(name);
        int addr = parseInt(ip);
        Nic eth0 = new Nic(h.root(), "eth0", 0x42010000_0000L | (addr & 0xFFFF_FFFFL), 1500, lan);
        eth0.addAddress(addr, 24);
        eth0.setUp(true);
        h.root().routes().add(Route.via(Ipv4Prefix.parse("0.0.0.0/0"), parseInt("10.168.0.1"), eth0, false));
        h.root().ipForward(true);
        return h;
    }

    static Container container(Host host, Docker docker, String name, String ip) {
        return docker.run(name, parseInt(ip));
    }

    /** flannel.1 as flanneld creates it, with its /32 address. */
    static VxlanDevice vtep(Host h, String mac, String subnetAddress) {
        VxlanDevice v = new VxlanDevice(h.root(), "flannel.1", MacAddress.parse(mac).value(), 1450, 1,
                h.root().device("eth0").primaryAddress(), h.root().device("eth0"), 8472, false);
        v.addAddress(parseInt(subnetAddress), 32);
        v.setUp(true);
        return v;
    }

    /** What flanneld programs on a node for a peer's lease: neighbour, FDB entry, route. */
    static void peer(Host h, String peerSubnet, String peerVtepAddress, String peerVtepMac, String peerPublicIp) {
        VxlanDevice v = (VxlanDevice) h.root().device("flannel.1");
        long mac = MacAddress.parse(peerVtepMac).value();
        h.root().neighbours().addPermanent(v, parseInt(peerVtepAddress), mac);
        v.fdb().addPermanent(mac, v, parseInt(peerPublicIp), h.root().now());
        h.root().routes().add(Route.via(Ipv4Prefix.parse(peerSubnet), parseInt(peerVtepAddress), v, true));
    }

    /** The seed's VXLAN section: node1 10.168.0.2 with 10.1.15.0/24, node2 10.168.0.3 with 10.1.16.0/24. */
    static HandBuiltHosts seedVxlan(long seed) {
        HandBuiltHosts lab = new HandBuiltHosts(seed);
        Host node1 = lab.node("node1", "10.168.0.2");
        Host node2 = lab.node("node2", "10.168.0.3");
        Docker d1 = new Docker(node1);
        d1.start(parseInt("10.1.15.1"), 24, 1450);
        Docker d2 = new Docker(node2);
        d2.start(parseInt("10.1.16.1"), 24, 1450);
        vtep(node1, "5e:f8:4f:00:0f:00", "10.1.15.0");
        vtep(node2, "5e:f8:4f:00:e3:37", "10.1.16.0");
        peer(node1, "10.1.16.0/24", "10.1.16.0", "5e:f8:4f:00:e3:37", "10.168.0.3");
        peer(node2, "10.1.15.0/24", "10.1.15.0", "5e:f8:4f:00:0f:00", "10.168.0.2");
        container(node1, d1, "container-1", "10.1.15.2");
        container(node2, d2, "container-2", "10.1.16.3");
        return lab;
    }

    /** The seed's UDP section: 100.96.0.0/16, node1 100.96.1.0/24, node2 100.96.2.0/24, flanneld's proxy on 8285. */
    static HandBuiltHosts seedUdp(long seed) {
        HandBuiltHosts lab = new HandBuiltHosts(seed);
        Host node1 = lab.node("node1", "10.168.0.2");
        Host node2 = lab.node("node2", "10.168.0.3");
        UdpProxy p1 = udpNode(node1, "100.96.1", "10.168.0.2");
        UdpProxy p2 = udpNode(node2, "100.96.2", "10.168.0.3");
        p1.setRoute(Ipv4Prefix.parse("100.96.2.0/24"), parseInt("10.168.0.3"));
        p2.setRoute(Ipv4Prefix.parse("100.96.1.0/24"), parseInt("10.168.0.2"));
        return lab;
    }

    private static UdpProxy udpNode(Host h, String net3, String publicIp) {
        TunDevice tun = new TunDevice(h.root(), "flannel0", 1472);
        tun.addAddress(parseInt(net3 + ".0"), 16); // the seed's form: flannel0 carries the Network's prefix length
        tun.setUp(true);
        UdpProxy proxy = h.start(new UdpProxy(h.root(), tun, parseInt(publicIp), 8285, parseInt(net3 + ".0")));
        Docker d = new Docker(h);
        d.start(parseInt(net3 + ".1"), 24, 1472);
        container(h, d, h.name().equals("node1") ? "container-1" : "container-2", net3 + (h.name().equals("node1") ? ".2" : ".3"));
        return proxy;
    }

    /** host-gw: the same two nodes, one route per peer via its PublicIP on eth0. */
    static HandBuiltHosts hostGw(long seed) {
        HandBuiltHosts lab = new HandBuiltHosts(seed);
        Host node1 = lab.node("node1", "10.168.0.2");
        Host node2 = lab.node("node2", "10.168.0.3");
        Docker d1 = new Docker(node1);
        d1.start(parseInt("10.1.15.1"), 24, 1500);
        Docker d2 = new Docker(node2);
        d2.start(parseInt("10.1.16.1"), 24, 1500);
        node1.root().routes().add(Route.via(Ipv4Prefix.parse("10.1.16.0/24"), parseInt("10.168.0.3"), node1.root().device("eth0"), false));
        node2.root().routes().add(Route.via(Ipv4Prefix.parse("10.1.15.0/24"), parseInt("10.168.0.2"), node2.root().device("eth0"), false));
        container(node1, d1, "container-1", "10.1.15.2");
        container(node2, d2, "container-2", "10.1.16.3");
        return lab;
    }
}
