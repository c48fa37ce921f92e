package dev.overlaysim.flannel;

import dev.overlaysim.flannel.backend.UdpBackend;
import dev.overlaysim.flannel.backend.UdpProxy;
import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.proc.UdpSender;
import dev.overlaysim.protocols.addr.Ipv4Prefix;
import dev.overlaysim.trace.Flow;
import org.junit.jupiter.api.Test;

import static dev.overlaysim.flannel.LanCluster.MS;
import static dev.overlaysim.flannel.LanCluster.S;
import static dev.overlaysim.protocols.addr.Ipv4Address.parseInt;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A third node joins the seed's lab at t = 5 s (its flanneld starts then) and leaves at 8 s (its
 * lease is deleted from etcd). The other nodes learn both through their etcd watch; etcd delivers
 * watch events as separate simulator events, so "once the watch fires" is just after 5 s.
 */
class NodeJoinTest {
    static final String NODE3_VTEP_MAC = "5e:f8:4f:00:11:03";

    static final String ROUTE_TO_NODE3 = "10.1.17.0/24 via 10.1.17.0 dev flannel.1 onlink \n";
    static final String NEIGH_OF_NODE3 = "10.1.17.0 lladdr 5e:f8:4f:00:11:03 PERMANENT \n";
    static final String FDB_OF_NODE3 = "5e:f8:4f:00:11:03 dst 10.168.0.4 self permanent\n";

    /** The seed's VXLAN pair from t = 0, node3 (10.168.0.4, 10.1.17.0/24, container-3 10.1.17.2) from 5 s. */
    private static LanCluster vxlanCluster() {
        LanCluster lab = LanCluster.of(1, LanCluster.config("vxlan", "10.1.0.0/16"));
        lab.node("node1", "10.168.0.2", LanCluster.pinned("10.1.15.0/24", LanCluster.NODE1_VTEP_MAC), 0)
                .addContainer("container-1", LanCluster.ip("10.1.15.2"), 0);
        lab.node("node2", "10.168.0.3", LanCluster.pinned("10.1.16.0/24", LanCluster.NODE2_VTEP_MAC), 0)
                .addContainer("container-2", LanCluster.ip("10.1.16.3"), 0);
        lab.node("node3", "10.168.0.4", LanCluster.pinned("10.1.17.0/24", NODE3_VTEP_MAC), 5 * S)
                .addContainer("container-3", LanCluster.ip("10.1.17.2"), 0);
        return lab;
    }

    @Test
    void beforeNode3StartsTheOthersKnowNothingOfIt() {
        LanCluster lab = vxlanCluster();
        lab.runUntil(5 * S - 1);

        for (String node : new String[] {"node1", "node2"}) {
            assertThat(lab.ipRoute(node)).doesNotContain("10.1.17.0");
            assertThat(lab.ipNeighShowDev(node, "flannel.1")).doesNotContain("10.1.17.0");
            assertThat(lab.bridgeFdbShowDev(node, "flannel.1")).doesNotContain(NODE3_VTEP_MAC);
        }
        assertThat(lab.cluster.etcd().get("/coreos.com/network/subnets/10.1.17.0-24")).isEmpty();
    }

    @Test
    void onceTheWatchFiresNode1AndNode2GainExactlyNode3sRouteNeighbourAndFdbEntry() {
        LanCluster lab = vxlanCluster();
        lab.runUntil(5 * S - 1);
        String routes1 = lab.ipRoute("node1");
        String neigh1 = lab.ipNeighShowDev("node1", "flannel.1");
        String fdb1 = lab.bridgeFdbShowDev("node1", "flannel.1");
        lab.runUntil(5 * S + MS);

        // node1: one line more in each table, placed where the kernel sorts it.
        assertThat(lab.ipRoute("node1")).isEqualTo(
                "default via 10.168.0.1 dev eth0 \n"
                        + "10.1.15.0/24 dev docker0 proto kernel scope link src 10.1.15.1 \n"
                        + "10.1.16.0/24 via 10.1.16.0 dev flannel.1 onlink \n"
                        + ROUTE_TO_NODE3
                        + "10.168.0.0/24 dev eth0 proto kernel scope link src 10.168.0.2 \n");
        assertThat(routes1 + ROUTE_TO_NODE3).hasSameSizeAs(lab.ipRoute("node1"));
        assertThat(lab.ipNeighShowDev("node1", "flannel.1")).isEqualTo(neigh1 + NEIGH_OF_NODE3);
        // FDB dump order is the kernel's hash order, not insertion order: compare the lines as a set.
        assertThat(lab.bridgeFdbShowDev("node1", "flannel.1").lines()).containsExactlyInAnyOrderElementsOf((fdb1 + FDB_OF_NODE3).lines().toList());
        assertThat(lab.log("node1")).contains("flanneld: adding subnet: 10.1.17.0/24 PublicIP: 10.168.0.4 VtepMAC: " + NODE3_VTEP_MAC);
        // node2 learns the same three entries.
        assertThat(lab.ipRoute("node2")).contains(ROUTE_TO_NODE3);
        assertThat(lab.ipNeighShowDev("node2", "flannel.1")).isEqualTo("10.1.15.0 lladdr 5e:f8:4f:00:0f:00 PERMANENT \n" + NEIGH_OF_NODE3);
        assertThat(lab.bridgeFdbShowDev("node2", "flannel.1").lines())
                .containsExactlyInAnyOrder("5e:f8:4f:00:0f:00 dst 10.168.0.2 self permanent", FDB_OF_NODE3.strip());
        // node3, for its part, learned both existing leases when it started.
        assertThat(lab.ipNeighShowDev("node3", "flannel.1")).isEqualTo(
                "10.1.15.0 lladdr 5e:f8:4f:00:0f:00 PERMANENT \n10.1.16.0 lladdr 5e:f8:4f:00:e3:37 PERMANENT \n");
    }

    @Test
    void afterTheJoinContainersReachContainer3() {
        LanCluster lab = vxlanCluster();
        LanCluster.Pinging from1 = lab.ping("container-1", "10.1.17.2", 3, 500 * MS, 6 * S);
        LanCluster.Pinging from2 = lab.ping("container-2", "10.1.17.2", 3, 500 * MS, 6 * S + 100 * MS);
        lab.runUntil(8 * S - 1);

        TraceFlowAssert.assertThat(from1.flow).sent(3).delivered(3).noDrops();
        TraceFlowAssert.assertThat(from2.flow).sent(3).delivered(3).noDrops();
    }

    @Test
    void whenNode3LeavesItsEntriesGoAndItsFlanneldShutsDown() {
        LanCluster lab = vxlanCluster();
        lab.at(8 * S, () -> lab.node("node3").leave());
        lab.runUntil(8 * S + MS);

        for (String node : new String[] {"node1", "node2"}) {
            assertThat(lab.ipRoute(node)).doesNotContain("10.1.17.0");
            assertThat(lab.ipNeighShowDev(node, "flannel.1")).doesNotContain("10.1.17.0");
            assertThat(lab.bridgeFdbShowDev(node, "flannel.1")).doesNotContain(NODE3_VTEP_MAC);
            assertThat(lab.log(node)).contains("flanneld: removing subnet: 10.1.17.0/24 PublicIP: 10.168.0.4");
        }
        assertThat(lab.log("node3")).contains("flanneld: Lease has been revoked. Shutting down daemon.");
        assertThat(lab.node("node3").flanneld().running()).isFalse();
        assertThat(lab.cluster.etcd().get("/coreos.com/network/subnets/10.1.17.0-24")).isEmpty();
    }

    /**
     * After the leave node1 has no route for 10.1.17.0/24, so the request follows the default route
     * out of eth0 to 10.168.0.1 — which nobody answers in this lab. ARP sends 3 probes a second apart
     * and gives up: the packet is dropped as neigh-failed on node1's eth0 (tx_dropped), and, as
     * ipv4_link_failure() does, node1 tells the container: Destination Host Unreachable from docker0's
     * address.
     */
    @Test
    void afterTheLeaveTrafficToContainer3DiesWaitingForTheGatewaysArp() {
        LanCluster lab = vxlanCluster();
        lab.at(8 * S, () -> lab.node("node3").leave());
        LanCluster.Pinging p = lab.ping("container-1", "10.1.17.2", 1, S, 9 * S);
        lab.runUntil(14 * S);

        TraceFlowAssert.assertThat(p.flow).sent(1).delivered(0)
                .droppedOnly("neigh-failed at node1/eth0", 1)
                .icmpErrors("From 10.1.15.1: Destination unreachable (Host unreachable)");
        assertThat(p.output()).contains("From 10.1.15.1 icmp_seq=1 Destination Host Unreachable");
        assertThat(lab.eth0("node1").stats().drops(dev.overlaysim.trace.DropReason.NEIGH_FAILED)).isEqualTo(1);
        assertThat(lab.eth0("node1").stats().txDropped()).isEqualTo(1);
        assertThat(dev.overlaysim.linux.render.Iproute2.ipNeigh(lab.root("node1"))).contains("10.168.0.1 dev eth0 FAILED \n");
    }

    /**
     * The same leave under the UDP backend: flannel0 still routes the whole Network, but flanneld's
     * table has no entry for 100.96.3.0/24 any more, so flanneld drops the packet. For a UDP datagram
     * it writes an ICMP net unreachable (from flannel0's address, TTL 8) back into the TUN; for an
     * ICMP packet such as ping's echo request it stays silent, as flannel's proxy.c does.
     */
    @Test
    void udpAfterTheLeaveFlanneldAnswersNetUnreachable() {
        LanCluster lab = LanCluster.legacy(1, LanCluster.config("udp", "100.96.0.0/16"));
        lab.node("node1", "10.168.0.2", LanCluster.pinned("100.96.1.0/24", null), 0)
                .addContainer("container-1", LanCluster.ip("100.96.1.2"), 0);
        lab.node("node2", "10.168.0.3", LanCluster.pinned("100.96.2.0/24", null), 0);
        lab.node("node3", "10.168.0.4", LanCluster.pinned("100.96.3.0/24", null), 5 * S)
                .addContainer("container-3", LanCluster.ip("100.96.3.2"), 0);
        LanCluster.Pinging before = lab.ping("container-1", "100.96.3.2", 2, 500 * MS, 6 * S);
        lab.at(8 * S, () -> lab.node("node3").leave());
        LanCluster.Pinging after = lab.ping("container-1", "100.96.3.2", 1, S, 9 * S);
        Flow udp = lab.world.addFlow(new Flow("udp-to-container-3", "udp", "container-1", "100.96.3.2:5000"));
        lab.at(9 * S + 500 * MS, () -> {
            NetNamespace c1 = lab.world.namespace("container-1");
            c1.host().start(new UdpSender(c1, parseInt("100.96.3.2"), 5000, 1, 100, S, udp));
        });

        lab.runUntil(5 * S - 1);
        UdpProxy proxy1 = ((UdpBackend) lab.node("node1").flanneld().backend()).proxy();
        assertThat(proxy1.routes()).extracting(e -> e.subnet().toString()).containsExactly("100.96.2.0/24");
        lab.runUntil(5 * S + MS);
        assertThat(proxy1.routes()).containsExactly(
                new UdpProxy.Entry(Ipv4Prefix.parse("100.96.2.0/24"), parseInt("10.168.0.3")),
                new UdpProxy.Entry(Ipv4Prefix.parse("100.96.3.0/24"), parseInt("10.168.0.4")));
        lab.runUntil(8 * S + MS);
        assertThat(proxy1.routes()).extracting(e -> e.subnet().toString()).containsExactly("100.96.2.0/24");
        lab.runUntil(12 * S);

        TraceFlowAssert.assertThat(before.flow).delivered(2).noDrops();
        TraceFlowAssert.assertThat(after.flow).sent(1).delivered(0)
                .droppedOnly("flannel-no-lease at node1/flanneld", 1)
                .icmpErrors();
        assertThat(after.output()).containsExactly("PING 100.96.3.2 (100.96.3.2) 56(84) bytes of data.");
        TraceFlowAssert.assertThat(udp).sent(1).delivered(0)
                .droppedOnly("flannel-no-lease at node1/flanneld", 1)
                .icmpErrors("From 100.96.1.0: Destination unreachable (Network unreachable)");
    }

    /** host-gw: the leave removes node1's route via 10.168.0.4; traffic then dies as under VXLAN. */
    @Test
    void hostGwJoinAddsTheRouteAndLeaveRemovesIt() {
        LanCluster lab = LanCluster.of(1, LanCluster.config("host-gw", "10.1.0.0/16"));
        lab.node("node1", "10.168.0.2", LanCluster.pinned("10.1.15.0/24", null), 0)
                .addContainer("container-1", LanCluster.ip("10.1.15.2"), 0);
        lab.node("node2", "10.168.0.3", LanCluster.pinned("10.1.16.0/24", null), 0);
        lab.node("node3", "10.168.0.4", LanCluster.pinned("10.1.17.0/24", null), 5 * S)
                .addContainer("container-3", LanCluster.ip("10.1.17.2"), 0);
        LanCluster.Pinging before = lab.ping("container-1", "10.1.17.2", 2, 500 * MS, 6 * S);
        lab.at(8 * S, () -> lab.node("node3").leave());
        LanCluster.Pinging after = lab.ping("container-1", "10.1.17.2", 1, S, 9 * S);

        lab.runUntil(5 * S - 1);
        assertThat(lab.ipRoute("node1")).doesNotContain("10.1.17.0/24");
        lab.runUntil(5 * S + MS);
        assertThat(lab.ipRoute("node1")).contains("10.1.17.0/24 via 10.168.0.4 dev eth0 \n");
        assertThat(lab.log("node1")).contains("flanneld: Subnet added: 10.1.17.0/24 via 10.168.0.4");
        lab.runUntil(8 * S + MS);
        assertThat(lab.ipRoute("node1")).doesNotContain("10.1.17.0/24");
        assertThat(lab.log("node1")).contains("flanneld: Subnet removed: 10.1.17.0/24");
        lab.runUntil(14 * S);

        TraceFlowAssert.assertThat(before.flow).delivered(2).noDrops();
        TraceFlowAssert.assertThat(after.flow).delivered(0).droppedOnly("neigh-failed at node1/eth0", 1);
    }
}
