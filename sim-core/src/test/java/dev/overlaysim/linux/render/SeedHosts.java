package dev.overlaysim.linux.render;

import dev.overlaysim.docker.Docker;
import dev.overlaysim.flannel.backend.UdpProxy;
import dev.overlaysim.linux.Host;
import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.World;
import dev.overlaysim.linux.device.L2Segment;
import dev.overlaysim.linux.device.Nic;
import dev.overlaysim.linux.device.TunDevice;
import dev.overlaysim.linux.device.VxlanDevice;
import dev.overlaysim.linux.proc.Ping;
import dev.overlaysim.linux.table.Route;
import dev.overlaysim.protocols.addr.Ipv4Prefix;
import dev.overlaysim.protocols.addr.MacAddress;
import dev.overlaysim.trace.Flow;

import static dev.overlaysim.protocols.addr.Ipv4Address.parseInt;

/**
 * The seed's two-node labs, built by hand as {@code linux.HandBuiltHosts} builds them (that class is
 * package-private): eth0 on one LAN, docker0 with one container, and either flannel.1 with the
 * peer's neighbour, FDB entry and onlink route (VXLAN) or flannel0 held by flanneld's proxy (UDP).
 */
final class SeedHosts {
    final World world;
    final L2Segment lan;

    private SeedHosts(long seed) {
        world = new World(seed);
        lan = world.addSegment("lan", 1_000, 10_000_000_000L);
    }

    NetNamespace ns(String name) { return world.namespace(name); }

    private Host node(String name, String ip) {
        Host h = world.addHost(name);
        int addr = parseInt(ip);
        Nic eth0 = new Nic(h.root(), "eth0", 0x42010000_0000L | (addr & 0xFFFF_FFFFL), 1500, lan);
        eth0.addAddress(addr, 24);
        eth0.setUp(true);
        h.root().routes().add(Route.via(Ipv4Prefix.parse("0.0.0.0/0"), parseInt("10.168.0.1"), eth0, false));
        h.root().ipForward(true);
        return h;
    }

    private static void vtep(Host h, String mac, String subnetAddress) {
        VxlanDevice v = new VxlanDevice(h.root(), "flannel.1", MacAddress.parse(mac).value(), 1450, 1,
                h.root().device("eth0").primaryAddress(), h.root().device("eth0"), 8472, false);
        v.addAddress(parseInt(subnetAddress), 32);
        v.setUp(true);
    }

    private static void peer(Host h, String peerSubnet, String peerVtepAddress, String peerVtepMac, String peerPublicIp) {
        VxlanDevice v = (VxlanDevice) h.root().device("flannel.1");
        long mac = MacAddress.parse(peerVtepMac).value();
        h.root().neighbours().addPermanent(v, parseInt(peerVtepAddress), mac);
        v.fdb().addPermanent(mac, v, parseInt(peerPublicIp), h.root().now());
        h.root().routes().add(Route.via(Ipv4Prefix.parse(peerSubnet), parseInt(peerVtepAddress), v, true));
    }

    /** node1 10.168.0.2 with 10.1.15.0/24 and container-1 10.1.15.2; node2 10.168.0.3 with 10.1.16.0/24 and container-2 10.1.16.3. */
    static SeedHosts vxlan(long seed) {
        SeedHosts lab = new SeedHosts(seed);
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
        d1.run("container-1", parseInt("10.1.15.2"));
        d2.run("container-2", parseInt("10.1.16.3"));
        return lab;
    }

    /** The seed's UDP mode: flannel0 (100.96.1.0/16, MTU 1472) held by flanneld's proxy on 8285, docker0 100.96.1.1/24. */
    static SeedHosts udp(long seed) {
        SeedHosts lab = new SeedHosts(seed);
        Host node1 = lab.node("node1", "10.168.0.2");
        Host node2 = lab.node("node2", "10.168.0.3");
        UdpProxy p1 = udpNode(node1, "100.96.1", "10.168.0.2", "container-1", ".2");
        UdpProxy p2 = udpNode(node2, "100.96.2", "10.168.0.3", "container-2", ".3");
        p1.setRoute(Ipv4Prefix.parse("100.96.2.0/24"), parseInt("10.168.0.3"));
        p2.setRoute(Ipv4Prefix.parse("100.96.1.0/24"), parseInt("10.168.0.2"));
        return lab;
    }

    private static UdpProxy udpNode(Host h, String net3, String publicIp, String container, String host) {
        TunDevice tun = new TunDevice(h.root(), "flannel0", 1472);
        tun.addAddress(parseInt(net3 + ".0"), 16);
        tun.setUp(true);
        UdpProxy proxy = h.start(new UdpProxy(h.root(), tun, parseInt(publicIp), 8285, parseInt(net3 + ".0")));
        Docker d = new Docker(h);
        d.start(parseInt(net3 + ".1"), 24, 1472);
        d.run(container, parseInt(net3 + host));
        return proxy;
    }

    /** One 56-byte ping from {@code from} to {@code to}, then the simulation runs for {@code runNanos}. */
    Ping ping(String from, String to, long runNanos) {
        NetNamespace ns = world.namespace(from);
        Flow flow = world.addFlow(new Flow("ping-" + from, "ping", from, to));
        Ping p = ns.host().start(new Ping(ns, parseInt(to), 1, 56, 1_000_000_000L, flow));
        world.sim().runUntil(world.sim().now() + runNanos);
        return p;
    }
}
