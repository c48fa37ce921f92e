package dev.overlaysim.flannel;

import dev.overlaysim.flannel.FlannelCluster.RouterInterface;
import dev.overlaysim.flannel.backend.UdpBackend;
import dev.overlaysim.linux.Host;
import dev.overlaysim.linux.Tracer;
import dev.overlaysim.linux.World;
import dev.overlaysim.linux.device.L2Segment;
import dev.overlaysim.linux.device.NetDevice;
import dev.overlaysim.linux.device.VxlanDevice;
import dev.overlaysim.linux.render.Iproute2;
import dev.overlaysim.linux.table.Route;
import dev.overlaysim.protocols.addr.Ipv4Prefix;
import dev.overlaysim.protocols.addr.MacAddress;
import dev.overlaysim.trace.DropReason;
import dev.overlaysim.trace.HopAction;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.overlaysim.flannel.LanCluster.MS;
import static dev.overlaysim.flannel.LanCluster.S;
import static dev.overlaysim.protocols.addr.Ipv4Address.parseInt;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each timeline fault a scenario can inflict, shown where Linux would show it: a log line, a table,
 * a device counter, a drop reason at a place, an ICMP error. Unless said otherwise the lab is the
 * seed's VXLAN pair (container-1 10.1.15.2 on node1, container-2 10.1.16.3 on node2) and the traffic
 * is one ping a second from container-1 to container-2 at 1 s, 2 s, ... 7 s; the fault strikes at
 * 3.5 s, between two requests, and, when it is lifted, is lifted at 5.5 s, so that exactly the
 * requests of 4 s and 5 s meet it.
 */
class FaultsTest {
    private static final String CONTAINER_2 = "10.1.16.3";

    private static LanCluster seedPair(String type, boolean pinned) {
        boolean udp = type.equals("udp");
        LanCluster lab = udp ? LanCluster.legacy(1, LanCluster.config("udp", "100.96.0.0/16"))
                : LanCluster.of(1, LanCluster.config(type, "10.1.0.0/16"));
        String s1 = udp ? "100.96.1.0/24" : "10.1.15.0/24";
        String s2 = udp ? "100.96.2.0/24" : "10.1.16.0/24";
        lab.node("node1", "10.168.0.2", pinned ? LanCluster.pinned(s1, LanCluster.NODE1_VTEP_MAC) : Flanneld.Options.NONE, 0)
                .addContainer("container-1", pinned ? LanCluster.ip(udp ? "100.96.1.2" : "10.1.15.2") : java.util.OptionalInt.empty(), 0);
        lab.node("node2", "10.168.0.3", pinned ? LanCluster.pinned(s2, LanCluster.NODE2_VTEP_MAC) : Flanneld.Options.NONE, 0);
        if (pinned) lab.node("node2").addContainer("container-2", LanCluster.ip(udp ? "100.96.2.3" : CONTAINER_2), 0);
        return lab;
    }

    private static LanCluster seedVxlan() { return seedPair("vxlan", true); }

    /** Seven pings, at 1 s, 2 s, ... 7 s. */
    private static LanCluster.Pinging pingEverySecond(LanCluster lab, String dst) {
        return lab.ping("container-1", dst, 7, S, S);
    }

    // ---------------------------------------------------------------- flanneld restart

    /**
     * systemctl restart flanneld with nothing pinned: flannel looks for a lease with its PublicIP,
     * finds its own and takes the same subnet again. Under VXLAN flannel.1 and the peer entries stay
     * in the kernel across the restart, so no ping is lost.
     */
    @Test
    void flanneldRestartKeepsTheSameSubnet() {
        LanCluster lab = seedPair("vxlan", false);
        lab.at(3500 * MS, () -> lab.node("node1").restartFlanneld());
        lab.runUntil(3 * S);
        Ipv4Prefix before = lab.node("node1").flanneld().lease().orElseThrow().subnet();
        lab.runUntil(4 * S);

        List<String> acquired = lab.log("node1").stream().filter(l -> l.startsWith("flanneld: Lease acquired: ")).toList();
        assertThat(acquired).containsExactly("flanneld: Lease acquired: " + before, "flanneld: Lease acquired: " + before);
        assertThat(lab.log("node1")).contains("flanneld: Restarting flanneld");
        assertThat(lab.node("node1").flanneld().lease().orElseThrow().subnet()).isEqualTo(before);
        assertThat(lab.node("node1").flanneld().running()).isTrue();
        assertThat(lab.cluster.subnets().leases()).hasSize(2);
    }

    @Test
    void vxlanTrafficCrossesAFlanneldRestartUntouched() {
        LanCluster lab = seedVxlan();
        LanCluster.Pinging p = pingEverySecond(lab, CONTAINER_2);
        lab.at(3500 * MS, () -> lab.node("node1").restartFlanneld());
        lab.at(3600 * MS, () -> lab.node("node2").restartFlanneld());
        lab.runUntil(10 * S);

        TraceFlowAssert.assertThat(p.flow).sent(7).delivered(7).noDrops();
    }

    /**
     * Under UDP, flannel0 is a non-persistent TUN: it dies with flanneld's fd, and the Network route
     * with it; the restarted flanneld creates a new flannel0 (a new ifindex) and the kernel adds the
     * route back when the address goes on.
     */
    @Test
    void udpFlannel0DisappearsWithFlanneldAndComesBack() {
        LanCluster lab = seedPair("udp", true);
        LanCluster.Pinging p = lab.ping("container-1", "100.96.2.3", 7, S, S);
        lab.runUntil(3 * S);
        NetDevice first = lab.root("node1").device("flannel0");
        assertThat(first).isNotNull();

        lab.at(3500 * MS, () -> lab.node("node1").flanneld().stop());
        lab.runUntil(3600 * MS);
        assertThat(lab.root("node1").device("flannel0")).isNull();
        assertThat(lab.ipRoute("node1")).doesNotContain("flannel0");

        lab.at(3700 * MS, () -> lab.node("node1").flanneld().start());
        lab.runUntil(3800 * MS);
        NetDevice second = lab.root("node1").device("flannel0");
        assertThat(second).isNotNull().isNotSameAs(first);
        assertThat(second.ifindex()).isGreaterThan(first.ifindex());
        assertThat(lab.ipRoute("node1")).contains("100.96.0.0/16 dev flannel0 proto kernel scope link src 100.96.1.0 \n");
        assertThat(lab.log("node1").stream().filter(l -> l.equals("flanneld: Lease acquired: 100.96.1.0/24"))).hasSize(2);

        // restartFlanneld() does the same in one step: again a new flannel0.
        lab.at(4500 * MS, () -> lab.node("node1").restartFlanneld());
        lab.runUntil(4600 * MS);
        assertThat(lab.root("node1").device("flannel0")).isNotSameAs(second);
        assertThat(((UdpBackend) lab.node("node1").flanneld().backend()).proxy().routes()).hasSize(1);

        lab.runUntil(10 * S);
        TraceFlowAssert.assertThat(p.flow).sent(7).delivered(7).noDrops();
    }

    // ---------------------------------------------------------------- lease expiry

    @Test
    void leaseExpiryRemovesThePeersEntriesAndStopsItsOwnFlanneld() {
        LanCluster lab = seedVxlan();
        LanCluster.Pinging p = pingEverySecond(lab, CONTAINER_2);
        lab.at(3500 * MS, () -> lab.node("node2").expireLease());
        lab.runUntil(3600 * MS);

        assertThat(lab.cluster.etcd().get("/coreos.com/network/subnets/10.1.16.0-24")).isEmpty();
        assertThat(lab.ipRoute("node1")).doesNotContain("10.1.16.0/24");
        assertThat(lab.ipNeighShowDev("node1", "flannel.1")).isEmpty();
        assertThat(lab.bridgeFdbShowDev("node1", "flannel.1")).isEmpty();
        assertThat(lab.log("node1")).contains("flanneld: removing subnet: 10.1.16.0/24 PublicIP: 10.168.0.3");
        assertThat(lab.log("node2")).contains("flanneld: Lease has been revoked. Shutting down daemon.");
        assertThat(lab.node("node2").flanneld().running()).isFalse();

        // From 4 s the requests follow node1's default route to 10.168.0.1, which never answers ARP.
        lab.runUntil(15 * S);
        TraceFlowAssert.assertThat(p.flow).sent(7).delivered(3).droppedOnly("neigh-failed at node1/eth0", 4);
    }

    // ---------------------------------------------------------------- underlay link

    @Test
    void linkDownDropsOnTheNodesEth0UntilTheLinkComesBack() {
        LanCluster lab = seedVxlan();
        LanCluster.Pinging p = pingEverySecond(lab, CONTAINER_2);
        lab.at(3500 * MS, () -> lab.node("node1").linkDown());
        lab.at(5500 * MS, () -> lab.node("node1").linkUp());
        lab.runUntil(4500 * MS);

        // No carrier: iproute2 flags the routes out of eth0 "linkdown".
        assertThat(lab.ipRoute("node1")).contains("10.168.0.0/24 dev eth0 proto kernel scope link src 10.168.0.2 linkdown \n");
        assertThat(lab.log("node1")).contains("kernel: eth0: Link is Down");
        lab.runUntil(10 * S);

        TraceFlowAssert.assertThat(p.flow).sent(7).delivered(5).droppedOnly("link-down at node1/eth0", 2);
        assertThat(lab.eth0("node1").stats().drops(DropReason.LINK_DOWN)).isEqualTo(2);
        assertThat(lab.eth0("node1").stats().txDropped()).isEqualTo(2);
        assertThat(lab.ipRoute("node1")).doesNotContain("linkdown");
    }

    /**
     * node2's cable pulled instead: node1 still sends, and the frames die in the switch, where no host
     * counts them. Linux shows nothing on either node; the model's flow shows the requests as neither
     * delivered nor dropped.
     */
    @Test
    void linkDownOnTheReceiverLosesFramesWhereNoHostCountsThem() {
        LanCluster lab = seedVxlan();
        LanCluster.Pinging p = pingEverySecond(lab, CONTAINER_2);
        lab.at(3500 * MS, () -> lab.node("node2").linkDown());
        lab.at(5500 * MS, () -> lab.node("node2").linkUp());
        lab.runUntil(10 * S);

        TraceFlowAssert.assertThat(p.flow).sent(7).delivered(5).noDrops();
        assertThat(lab.eth0("node2").stats().drops()).isEmpty();
        assertThat(lab.eth0("node1").stats().drops()).isEmpty();
    }

    @Test
    void lossOnTheLinkDropsAsLinkLoss() {
        LanCluster lab = seedVxlan();
        LanCluster.Pinging p = pingEverySecond(lab, CONTAINER_2);
        lab.at(3500 * MS, () -> lab.node("node1").linkLoss(1.0));
        lab.at(5500 * MS, () -> lab.node("node1").linkLoss(0));
        lab.runUntil(10 * S);

        TraceFlowAssert.assertThat(p.flow).sent(7).delivered(5).droppedOnly("link-loss at node1/eth0", 2);
        assertThat(lab.eth0("node1").stats().drops(DropReason.LINK_LOSS)).isEqualTo(2);
    }

    // ---------------------------------------------------------------- blocked UDP port

    /** iptables -A INPUT -p udp --dport 8472 -j DROP on node2: the VXLAN datagrams die in node2's INPUT chain. */
    @Test
    void blockedVxlanPortDropsInNode2sInputChain() {
        LanCluster lab = seedVxlan();
        LanCluster.Pinging p = pingEverySecond(lab, CONTAINER_2);
        lab.at(3500 * MS, () -> lab.node("node2").blockUdpPort(8472));
        lab.at(5500 * MS, () -> lab.node("node2").unblockUdpPort(8472));
        lab.runUntil(10 * S);

        TraceFlowAssert.assertThat(p.flow).sent(7).delivered(5).droppedOnly("netfilter-drop at node2", 2);
        assertThat(lab.root("node2").drops()).containsEntry(DropReason.NETFILTER_DROP, 2L);
        assertThat(lab.log("node2")).contains("iptables: -A INPUT -p udp --dport 8472 -j DROP", "iptables: -D INPUT -p udp --dport 8472 -j DROP");
        // Nothing reached flannel.1.
        VxlanDevice vtep2 = (VxlanDevice) lab.root("node2").device("flannel.1");
        assertThat(vtep2.stats().rxPackets()).isEqualTo(5);
    }

    @Test
    void blockedUdpBackendPortDropsInNode2sInputChain() {
        LanCluster lab = seedPair("udp", true);
        LanCluster.Pinging p = lab.ping("container-1", "100.96.2.3", 7, S, S);
        lab.at(3500 * MS, () -> lab.node("node2").blockUdpPort(8285));
        lab.at(5500 * MS, () -> lab.node("node2").unblockUdpPort(8285));
        lab.runUntil(10 * S);

        TraceFlowAssert.assertThat(p.flow).sent(7).delivered(5).droppedOnly("netfilter-drop at node2", 2);
    }

    // ---------------------------------------------------------------- VTEP MAC change

    /**
     * ip link set flannel.1 address ... on node2 behind flanneld's back (flannel#1155): node2's lease
     * still advertises the old MAC, so node1 keeps it in its neighbour and FDB entries and keeps
     * addressing inner frames to it. node2's VXLAN driver decapsulates them (rx_packets counts them)
     * and eth_type_trans marks them PACKET_OTHERHOST; ip_rcv drops them.
     */
    @Test
    void vtepMacChangeLeavesPeersWithTheStaleMacAndNode2DropsOtherhost() {
        LanCluster lab = seedVxlan();
        LanCluster.Pinging p = pingEverySecond(lab, CONTAINER_2);
        lab.at(3500 * MS, () -> lab.node("node2").changeVtepMac(MacAddress.parse("5e:f8:4f:00:99:99")));
        lab.runUntil(3600 * MS);
        VxlanDevice vtep2 = (VxlanDevice) lab.root("node2").device("flannel.1");
        long rxBefore = vtep2.stats().rxPackets();
        lab.runUntil(10 * S);

        assertThat(MacAddress.toString(vtep2.mac())).isEqualTo("5e:f8:4f:00:99:99");
        assertThat(lab.ipNeighShowDev("node1", "flannel.1")).isEqualTo("10.1.16.0 lladdr 5e:f8:4f:00:e3:37 PERMANENT \n");
        assertThat(lab.bridgeFdbShowDev("node1", "flannel.1")).isEqualTo("5e:f8:4f:00:e3:37 dst 10.168.0.3 self permanent\n");
        assertThat(lab.cluster.etcd().get("/coreos.com/network/subnets/10.1.16.0-24").orElseThrow().value())
                .contains("\"VtepMAC\":\"5e:f8:4f:00:e3:37\"");
        TraceFlowAssert.assertThat(p.flow).sent(7).delivered(3).droppedOnly("otherhost at node2/flannel.1", 4);
        assertThat(vtep2.stats().drops(DropReason.OTHERHOST)).isEqualTo(4);
        assertThat(vtep2.stats().rxPackets() - rxBefore).isEqualTo(4);
    }

    /**
     * BUG: Linux counts a PACKET_OTHERHOST drop in ip_rcv_core() with
     * dev_core_stats_rx_otherhost_dropped_inc() — the "otherhost" column of {@code ip -s -s link},
     * since 5.19 — and not in rx_dropped. The model adds it to rx_dropped.
     */
    @Test
    void otherhostDropsAreNotCountedAsRxDropped() {
        LanCluster lab = seedVxlan();
        pingEverySecond(lab, CONTAINER_2);
        lab.at(3500 * MS, () -> lab.node("node2").changeVtepMac(MacAddress.parse("5e:f8:4f:00:99:99")));
        lab.runUntil(10 * S);

        VxlanDevice vtep2 = (VxlanDevice) lab.root("node2").device("flannel.1");
        assertThat(vtep2.stats().drops(DropReason.OTHERHOST)).isEqualTo(4);
        assertThat(vtep2.stats().rxDropped()).isZero();
    }

    // ---------------------------------------------------------------- blocked ICMP

    private static List<String> drops(LanCluster lab) {
        return lab.world.tracer().hops().stream().filter(h -> h.action() == HopAction.DROPPED)
                .map(h -> h.namespace() + " " + h.detail()).distinct().toList();
    }

    /**
     * blockIcmp on node1: iptables -A FORWARD -p icmp -j DROP catches the container's echo requests
     * on their way from docker0 to flannel.1, until unblockIcmp lifts it.
     */
    @Test
    void blockedIcmpOnNode1DropsTheContainersPingsInItsForwardChain() {
        LanCluster lab = seedVxlan();
        lab.world.tracer().level(Tracer.Level.WALK);
        LanCluster.Pinging p = pingEverySecond(lab, CONTAINER_2);
        lab.at(3500 * MS, () -> lab.node("node1").blockIcmp());
        lab.at(5500 * MS, () -> lab.node("node1").unblockIcmp());
        lab.runUntil(10 * S);

        TraceFlowAssert.assertThat(p.flow).sent(7).delivered(5).droppedOnly("netfilter-drop at node1", 2);
        assertThat(drops(lab)).containsExactly(
                "node1 netfilter-drop: iptables -A FORWARD -p icmp -j DROP: Echo (ping) request 10.1.15.2 > 10.1.16.3");
        assertThat(lab.log("node1")).contains("iptables: -A FORWARD -p icmp -j DROP", "iptables: -A OUTPUT -p icmp -j DROP",
                "iptables: -D FORWARD -p icmp -j DROP", "iptables: -D OUTPUT -p icmp -j DROP");
        VxlanDevice vtep1 = (VxlanDevice) lab.root("node1").device("flannel.1");
        assertThat(vtep1.stats().txPackets()).isEqualTo(5);
    }

    /**
     * blockIcmp on node2, pinged at its own address: the requests are received (INPUT is not
     * touched) and icmp_echo() answers each, but the replies die on node2's OUTPUT chain.
     */
    @Test
    void blockedIcmpOnNode2DropsTheEchoRepliesItSendsOnOutput() {
        LanCluster lab = seedVxlan();
        lab.world.tracer().level(Tracer.Level.WALK);
        LanCluster.Pinging p = lab.ping("container-1", "10.168.0.3", 7, S, S);
        lab.at(3500 * MS, () -> lab.node("node2").blockIcmp());
        lab.at(5500 * MS, () -> lab.node("node2").unblockIcmp());
        lab.runUntil(10 * S);

        TraceFlowAssert.assertThat(p.flow).sent(7).delivered(5).droppedOnly("netfilter-drop at node2", 2);
        assertThat(drops(lab)).containsExactly(
                "node2 netfilter-drop: iptables -A OUTPUT -p icmp -j DROP: Echo (ping) reply 10.168.0.3 > 10.1.15.2");
        assertThat(lab.eth0("node2").stats().rxPackets()).as("every request reached node2").isGreaterThanOrEqualTo(7);
        assertThat(lab.root("node2").drops()).containsEntry(DropReason.NETFILTER_DROP, 2L);
    }

    // ---------------------------------------------------------------- FORWARD policy

    /** iptables -P FORWARD DROP on node1 (flannel#609, #799): the container's packets die in node1's FORWARD chain. */
    @Test
    void forwardPolicyDropOnNode1DropsTheContainersTraffic() {
        LanCluster lab = seedVxlan();
        LanCluster.Pinging p = pingEverySecond(lab, CONTAINER_2);
        lab.at(3500 * MS, () -> lab.node("node1").forwardPolicyDrop(true));
        lab.runUntil(10 * S);

        TraceFlowAssert.assertThat(p.flow).sent(7).delivered(3).droppedOnly("netfilter-drop at node1", 4);
        assertThat(lab.log("node1")).contains("iptables: -P FORWARD DROP");
        VxlanDevice vtep1 = (VxlanDevice) lab.root("node1").device("flannel.1");
        assertThat(vtep1.stats().txPackets()).isEqualTo(3);
    }

    // ---------------------------------------------------------------- host-gw across a router

    /**
     * host-gw with node1 on 10.168.0.0/24 and node2 on 10.168.1.0/24, a router (10.168.0.1 and
     * 10.168.1.1) between them and each node's default route via it. {@code 10.1.16.0/24 via
     * 10.168.1.2 dev eth0} has a gateway that is not on eth0's link: the kernel refuses it, flanneld
     * logs the error and goes on.
     */
    private static LanCluster hostGwAcrossRouter(boolean routerKnowsPodSubnets) {
        LanCluster lab = LanCluster.of(1, LanCluster.config("host-gw", "10.1.0.0/16"));
        World world = lab.world;
        L2Segment lanB = world.addSegment("lan-b", 1_000, 10_000_000_000L);
        Host router = lab.cluster.addRouter("router", List.of(
                new RouterInterface(lab.lan, parseInt("10.168.0.1"), 24, 1500),
                new RouterInterface(lanB, parseInt("10.168.1.1"), 24, 1500)));
        if (routerKnowsPodSubnets) {
            router.root().routes().add(Route.via(Ipv4Prefix.parse("10.1.15.0/24"), parseInt("10.168.0.2"), router.root().device("eth0"), false));
            router.root().routes().add(Route.via(Ipv4Prefix.parse("10.1.16.0/24"), parseInt("10.168.1.2"), router.root().device("eth1"), false));
        }
        lab.node("node1", "10.168.0.2", LanCluster.pinned("10.1.15.0/24", null), 0)
                .addContainer("container-1", LanCluster.ip("10.1.15.2"), 0);
        ClusterNode n2 = lab.cluster.addNode("node2", lanB, parseInt("10.168.1.2"), 24, parseInt("10.168.1.1"), 1500,
                LanCluster.pinned("10.1.16.0/24", null));
        n2.startAt(0);
        n2.addContainer("container-2", LanCluster.ip(CONTAINER_2), 0);
        return lab;
    }

    @Test
    void hostGwAcrossARouterLogsTheKernelsRefusalAndLacksTheRoute() {
        LanCluster lab = hostGwAcrossRouter(false);
        lab.runUntil(S);

        assertThat(lab.log("node1")).anySatisfy(l -> assertThat(l)
                .startsWith("flanneld: Error adding route to 10.1.16.0/24 via 10.168.1.2")
                .contains("network is unreachable"));
        assertThat(lab.log("node2")).anySatisfy(l -> assertThat(l)
                .startsWith("flanneld: Error adding route to 10.1.15.0/24 via 10.168.0.2")
                .contains("network is unreachable"));
        assertThat(lab.ipRoute("node1")).isEqualTo(
                "default via 10.168.0.1 dev eth0 \n"
                        + "10.1.15.0/24 dev docker0 proto kernel scope link src 10.1.15.1 \n"
                        + "10.168.0.0/24 dev eth0 proto kernel scope link src 10.168.0.2 \n");
        assertThat(Iproute2.ipRouteGet(lab.root("node1"), parseInt(CONTAINER_2)))
                .startsWith("10.1.16.3 via 10.168.0.1 dev eth0 src 10.168.0.2 ");
    }

    /**
     * Without the per-lease route the request follows node1's default route to the router. The router
     * has only its connected routes, nothing for 10.1.0.0/16: ip_route_input() fails, the packet is
     * dropped as no-route at the router, and its ICMP net unreachable to 10.1.15.2 has no route
     * either, so icmp_send() gives up and nothing comes back. That is what Linux does with a router
     * that knows no pod subnets: ping prints nothing but its header.
     */
    @Test
    void hostGwAcrossARouterThatKnowsNoPodSubnetsDropsAsNoRouteAtTheRouter() {
        LanCluster lab = hostGwAcrossRouter(false);
        LanCluster.Pinging p = lab.ping("container-1", CONTAINER_2, 3, S, S);
        lab.runUntil(6 * S);

        TraceFlowAssert.assertThat(p.flow).sent(3).delivered(0).droppedExactly(java.util.Map.of(
                "no-route at router", 6L)) // each request, then each ICMP error about it, which has no route back
                .icmpErrors();
        assertThat(p.output()).containsExactly("PING 10.1.16.3 (10.1.16.3) 56(84) bytes of data.");
    }

    /**
     * When the router does know the pod subnets (static routes to each node), the default route is
     * enough: the request goes node1 → router → node2 → docker0 and the reply comes back the same
     * way. The only trace of the refused route is one more hop: TTL 61 instead of 62.
     */
    @Test
    void hostGwAcrossARouterThatKnowsThePodSubnetsStillDeliversOneHopLonger() {
        LanCluster lab = hostGwAcrossRouter(true);
        LanCluster.Pinging p = lab.ping("container-1", CONTAINER_2, 3, S, S);
        lab.runUntil(6 * S);

        TraceFlowAssert.assertThat(p.flow).sent(3).delivered(3).noDrops();
        assertThat(p.output().get(1)).startsWith("64 bytes from 10.1.16.3: icmp_seq=1 ttl=61 ");
    }
}
