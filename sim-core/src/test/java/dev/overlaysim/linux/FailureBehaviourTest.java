package dev.overlaysim.linux;

import dev.overlaysim.trace.Drop;
import dev.overlaysim.docker.Docker;
import dev.overlaysim.linux.device.L2Segment;
import dev.overlaysim.linux.device.Nic;
import dev.overlaysim.linux.device.VxlanDevice;
import dev.overlaysim.linux.proc.Ping;
import dev.overlaysim.linux.table.Neighbour;
import dev.overlaysim.linux.table.NudState;
import dev.overlaysim.protocols.addr.MacAddress;
import dev.overlaysim.protocols.buffer.PacketBuffer;
import dev.overlaysim.trace.DropReason;
import dev.overlaysim.trace.Flow;
import org.junit.jupiter.api.Test;

import static dev.overlaysim.protocols.addr.Ipv4Address.parseInt;
import static org.assertj.core.api.Assertions.assertThat;

/** What goes wrong, and where Linux would show it. */
class FailureBehaviourTest {
    static final long SECOND = 1_000_000_000L;

    private static Ping ping(HandBuiltHosts lab, String from, String to, int count, int size, int ttl) {
        NetNamespace ns = lab.world.namespace(from);
        Flow flow = lab.world.addFlow(new Flow("ping-1", "ping", from, to));
        return ns.host().start(new Ping(ns, parseInt(to), count, size, SECOND, ttl, flow));
    }

    @Test
    void ttlExpiryIsAnsweredWithTimeExceededFromTheRouterThatDroppedIt() {
        HandBuiltHosts lab = HandBuiltHosts.seedVxlan(1);
        Ping ping = ping(lab, "container-1", "10.1.16.3", 1, 56, 1);
        lab.world.sim().runUntil(3 * SECOND);
        assertThat(ping.output()).contains("From 10.1.15.1 icmp_seq=1 Time to live exceeded");
        assertThat(lab.world.host("node1").root().drops()).containsEntry(DropReason.TTL_EXPIRED, 1L);
        assertThat(lab.world.flow("ping-1").drops()).containsEntry(Drop.parse("ttl-expired at node1"), 1L);
    }

    @Test
    void tooBigWithDfIsAnsweredWithFragNeededCarryingTheNextHopMtu() {
        HandBuiltHosts lab = HandBuiltHosts.seedVxlan(1);
        // docker0 and the containers think the MTU is 1500; flannel.1 knows it is 1450.
        lab.world.namespace("container-1").device("eth0").mtu(1500);
        lab.world.host("node1").root().device("docker0").mtu(1500);
        Ping ping = ping(lab, "container-1", "10.1.16.3", 1, 1472, 64);
        lab.world.sim().runUntil(3 * SECOND);
        assertThat(ping.output()).contains("From 10.1.15.1 icmp_seq=1 Frag needed and DF set (mtu = 1450)");
        assertThat(lab.world.host("node1").root().device("flannel.1").stats().drops(DropReason.FRAG_NEEDED)).isEqualTo(1);
        assertThat(lab.world.flow("ping-1").delivered()).isZero();
    }

    @Test
    void arpForAnAbsentAddressGoesIncompleteThenFailedAndDropsWhatWaited() {
        HandBuiltHosts lab = HandBuiltHosts.seedVxlan(1);
        Ping ping = ping(lab, "container-1", "10.1.15.99", 2, 56, 64);
        NetNamespace c1 = lab.world.namespace("container-1");
        lab.world.sim().runUntil(SECOND + SECOND / 2);
        Neighbour n = c1.neighbours().get(c1.device("eth0"), parseInt("10.1.15.99"));
        // the container's /24 says 10.1.15.99 is on its link: it ARPs for it directly
        assertThat(n.state()).isEqualTo(NudState.INCOMPLETE);
        assertThat(n.queued()).isEqualTo(2);
        lab.world.sim().runUntil(5 * SECOND);
        assertThat(n.state()).isEqualTo(NudState.FAILED);
        assertThat(c1.device("eth0").stats().drops(DropReason.NEIGH_FAILED)).isEqualTo(2);
        assertThat(c1.device("eth0").stats().txDropped()).isEqualTo(2);
        assertThat(ping.output()).contains("From 10.1.15.2 icmp_seq=1 Destination Host Unreachable");
    }

    @Test
    void aVxlanFdbMissIsDroppedAndCountedOnFlannel1() {
        HandBuiltHosts lab = HandBuiltHosts.seedVxlan(1);
        VxlanDevice vtep = (VxlanDevice) lab.world.host("node1").root().device("flannel.1");
        vtep.fdb().remove(MacAddress.parse("5e:f8:4f:00:e3:37").value());
        ping(lab, "container-1", "10.1.16.3", 1, 56, 64);
        lab.world.sim().runUntil(3 * SECOND);
        assertThat(vtep.stats().txDropped()).isEqualTo(1);
        assertThat(vtep.stats().drops(DropReason.FDB_MISS)).isEqualTo(1);
        assertThat(lab.world.flow("ping-1").drops()).containsEntry(Drop.parse("fdb-miss at node1/flannel.1"), 1L);
    }

    @Test
    void aMalformedFrameIsDroppedAndCountedWhileTheRunGoesOn() {
        HandBuiltHosts lab = HandBuiltHosts.seedVxlan(1);
        Nic eth0 = (Nic) lab.world.host("node2").root().device("eth0");
        // An IPv4 frame to node2 whose header claims 5 words but whose total length is 3 bytes.
        byte[] garbage = new byte[60];
        long dst = eth0.mac();
        for (int i = 0; i < 6; i++) garbage[i] = (byte) (dst >>> (40 - 8 * i));
        garbage[12] = 0x08;
        garbage[14] = 0x45;
        garbage[17] = 3;
        lab.world.sim().schedule(SECOND / 2, () -> eth0.receive(new Skb(PacketBuffer.of(garbage), lab.world.tracer().newPacket(null, "garbage", "outside", lab.world.sim().now()))));
        ping(lab, "container-1", "10.1.16.3", 2, 56, 64);
        lab.world.sim().runUntil(4 * SECOND);
        assertThat(eth0.stats().drops(DropReason.MALFORMED)).isEqualTo(1);
        assertThat(eth0.stats().rxDropped()).isEqualTo(1);
        assertThat(lab.world.flow("ping-1").delivered()).isEqualTo(2);
    }

    @Test
    void arpBetweenNodesPadsToSixtyBytesOnTheWireButNotOnAVeth() {
        HandBuiltHosts lab = HandBuiltHosts.seedVxlan(1);
        lab.world.tracer().capturing(true);
        ping(lab, "container-1", "10.1.16.3", 1, 56, 64);
        lab.world.sim().runUntil(3 * SECOND);
        var captures = lab.world.tracer().captures();
        var node2eth0 = captures.stream().filter(c -> c.name().equals("node2-eth0")).findFirst().orElseThrow();
        assertThat(node2eth0.frames().get(0).bytes()).hasSize(60); // the ARP request as node2 received it
        var c1 = captures.stream().filter(c -> c.name().equals("container-1-eth0")).findFirst().orElseThrow();
        assertThat(c1.frames().get(0).bytes()).hasSize(42);
    }

    @SuppressWarnings("unused")
    private static void unused(Docker d, L2Segment s) {}
}
