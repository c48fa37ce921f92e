package dev.overlaysim.linux.table;

import dev.overlaysim.linux.Host;
import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.linux.Tracer;
import dev.overlaysim.linux.World;
import dev.overlaysim.linux.device.L2Segment;
import dev.overlaysim.linux.device.Nic;
import dev.overlaysim.linux.device.VxlanDevice;
import dev.overlaysim.protocols.addr.MacAddress;
import dev.overlaysim.protocols.buffer.PacketBuffer;
import dev.overlaysim.protocols.codec.ArpPacket;
import dev.overlaysim.protocols.codec.Bytes;
import dev.overlaysim.protocols.codec.EthernetHeader;
import dev.overlaysim.trace.DropReason;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.overlaysim.protocols.addr.Ipv4Address.parseInt;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The NUD state machine of the ARP table, driven by real traffic between two nodes on one LAN:
 * node1 (10.168.0.2) and node2 (10.168.0.3). Packets are IPv4 protocol 253 (RFC 3692 experimental),
 * which the receiver drops without answering, so the only frames on the wire are ours and ARP's.
 */
class NeighbourTableTest {
    static final long SECOND = 1_000_000_000L;
    static final long MS = 1_000_000L;
    static final int PROTO_EXPERIMENTAL = 253;
    static final long MAC1 = MacAddress.parse("42:01:0a:a8:00:02").value();
    static final long MAC2 = MacAddress.parse("42:01:0a:a8:00:03").value();
    static final int IP1 = parseInt("10.168.0.2");
    static final int IP2 = parseInt("10.168.0.3");
    static final int ABSENT = parseInt("10.168.0.99");

    World world;
    NetNamespace node1;
    NetNamespace node2;
    Nic eth1;   // node1's eth0
    Nic eth2;   // node2's eth0

    @BeforeEach
    void lan() {
        world = new World(1);
        world.tracer().capturing(true);
        L2Segment lan = world.addSegment("lan", 1_000, 10_000_000_000L);
        node1 = node(world, lan, "node1", MAC1, "10.168.0.2");
        node2 = node(world, lan, "node2", MAC2, "10.168.0.3");
        eth1 = (Nic) node1.device("eth0");
        eth2 = (Nic) node2.device("eth0");
    }

    private static NetNamespace node(World world, L2Segment lan, String name, long mac, String ip) {
        Host h = world.addHost(name);
        Nic eth0 = new Nic(h.root(), "eth0", mac, 1500, lan);
        eth0.addAddress(parseInt(ip), 24);
        eth0.setUp(true);
        return h.root();
    }

    /** An IPv4 packet with a one-byte marker as its payload, sent the way a socket's sendto would. */
    private void send(NetNamespace from, int dst, int marker) {
        send(from, dst, marker, 1);
    }

    private void send(NetNamespace from, int dst, int marker, int payloadLength) {
        PacketBuffer b = new PacketBuffer(PacketBuffer.DEFAULT_HEADROOM + Math.max(payloadLength, 64), PacketBuffer.DEFAULT_HEADROOM);
        int at = b.put(payloadLength);
        b.array()[at] = (byte) marker;
        Skb skb = new Skb(b, world.tracer().newPacket(null, "test", from.host().name(), from.now()));
        from.stack().sendIp(skb, 0, dst, PROTO_EXPERIMENTAL, 64, false, 0);
    }

    private void runUntil(long t) { world.sim().runUntil(t); }

    /** A frame captured on a device, decoded just enough for these checks. */
    record Wire(long time, long dstMac, long srcMac, int etherType, byte[] bytes) {
        boolean isArp() { return etherType == EthernetHeader.TYPE_ARP; }
        int arpOp() { return Bytes.u16(bytes, EthernetHeader.LENGTH + 6); }
        int arpTargetIp() { return Bytes.i32(bytes, EthernetHeader.LENGTH + 24); }
        long arpTargetMac() { return Bytes.u48(bytes, EthernetHeader.LENGTH + 18); }
        int ipMarker() { return bytes[EthernetHeader.LENGTH + 20] & 0xFF; }
    }

    /** Frames the device sent (captures hold both directions; ours carry our MAC as source). */
    private List<Wire> sentBy(Nic dev) {
        List<Wire> out = new ArrayList<>();
        String name = dev.namespace().displayName() + "-" + dev.name();
        for (Tracer.Capture c : world.tracer().captures()) {
            if (!c.name().equals(name)) continue;
            for (Tracer.Frame f : c.frames()) {
                byte[] a = f.bytes();
                Wire w = new Wire(f.time(), Bytes.u48(a, 0), Bytes.u48(a, 6), Bytes.u16(a, 12), a);
                if (w.srcMac() == dev.mac()) out.add(w);
            }
        }
        return out;
    }

    private List<Wire> arpRequestsBy(Nic dev) {
        return sentBy(dev).stream().filter(w -> w.isArp() && w.arpOp() == ArpPacket.OP_REQUEST).toList();
    }

    private List<Integer> ipMarkersSentBy(Nic dev) {
        return sentBy(dev).stream().filter(w -> w.etherType() == EthernetHeader.TYPE_IPV4).map(Wire::ipMarker).toList();
    }

    @Nested
    class Resolution {
        @Test
        void anUnansweredNeighbourGetsThreeBroadcastProbesOneSecondApartThenFailsAndDropsItsQueue() {
            send(node1, ABSENT, 1);
            send(node1, ABSENT, 2);
            Neighbour n = node1.neighbours().get(eth1, ABSENT);
            assertThat(n.state()).isEqualTo(NudState.INCOMPLETE);
            assertThat(n.queued()).isEqualTo(2);
            assertThat(n.format(true)).isEqualTo("10.168.0.99 dev eth0 INCOMPLETE");

            runUntil(3 * SECOND - 1);
            assertThat(n.state()).isEqualTo(NudState.INCOMPLETE);
            assertThat(n.queued()).isEqualTo(2);
            List<Wire> probes = arpRequestsBy(eth1);
            assertThat(probes).hasSize(3);
            assertThat(probes).allSatisfy(w -> {
                assertThat(MacAddress.toString(w.dstMac())).isEqualTo("ff:ff:ff:ff:ff:ff");
                assertThat(w.arpTargetIp()).isEqualTo(ABSENT);
                assertThat(w.bytes()).hasSize(42);
            });
            assertThat(probes.get(0).time()).isLessThan(MS);
            assertThat(probes.get(1).time()).isEqualTo(SECOND);
            assertThat(probes.get(2).time()).isEqualTo(2 * SECOND);

            runUntil(3 * SECOND);
            assertThat(n.state()).isEqualTo(NudState.FAILED);
            assertThat(n.queued()).isZero();
            assertThat(n.format(true)).isEqualTo("10.168.0.99 dev eth0 FAILED");
            assertThat(eth1.stats().drops(DropReason.NEIGH_FAILED)).isEqualTo(2);
            assertThat(eth1.stats().txDropped()).isEqualTo(2);
            assertThat(eth1.stats().rxDropped()).isZero();
            assertThat(node1.drops()).containsEntry(DropReason.NEIGH_FAILED, 2L);

            runUntil(60 * SECOND);
            assertThat(arpRequestsBy(eth1)).as("no fourth probe").hasSize(3);
            assertThat(ipMarkersSentBy(eth1)).isEmpty();
        }

        @Test
        void aPacketToAFailedNeighbourStartsResolutionAfresh() {
            send(node1, ABSENT, 1);
            runUntil(10 * SECOND);
            Neighbour n = node1.neighbours().get(eth1, ABSENT);
            assertThat(n.state()).isEqualTo(NudState.FAILED);

            send(node1, ABSENT, 2);
            assertThat(n.state()).isEqualTo(NudState.INCOMPLETE);
            assertThat(n.queued()).isEqualTo(1);
            runUntil(20 * SECOND);
            assertThat(arpRequestsBy(eth1)).extracting(Wire::time)
                    .containsExactly(arpRequestsBy(eth1).get(0).time(), SECOND, 2 * SECOND,
                            arpRequestsBy(eth1).get(3).time(), 11 * SECOND, 12 * SECOND);
            assertThat(n.state()).isEqualTo(NudState.FAILED);
            assertThat(eth1.stats().drops(DropReason.NEIGH_FAILED)).isEqualTo(2);
        }

        @Test
        void aReplyMakesTheEntryReachableAndSendsTheQueueInOrderToTheLearnedMac() {
            send(node1, IP2, 1);
            send(node1, IP2, 2);
            send(node1, IP2, 3);
            Neighbour n = node1.neighbours().get(eth1, IP2);
            assertThat(n.queued()).isEqualTo(3);
            assertThat(ipMarkersSentBy(eth1)).isEmpty();

            runUntil(SECOND / 2);
            assertThat(n.state()).isEqualTo(NudState.REACHABLE);
            assertThat(n.mac()).isEqualTo(MAC2);
            assertThat(n.queued()).isZero();
            assertThat(n.format(true)).isEqualTo("10.168.0.3 dev eth0 lladdr 42:01:0a:a8:00:03 REACHABLE");
            List<Wire> sent = sentBy(eth1);
            assertThat(sent.get(0).isArp()).isTrue();
            assertThat(ipMarkersSentBy(eth1)).containsExactly(1, 2, 3);
            assertThat(sent.stream().filter(w -> !w.isArp())).allSatisfy(w -> assertThat(w.dstMac()).isEqualTo(MAC2));

            runUntil(10 * SECOND);
            assertThat(arpRequestsBy(eth1)).as("answered on the first try: no retransmission").hasSize(1);
            assertThat(eth1.stats().txDropped()).isZero();
        }

        @Test
        void theAskedNodeLearnsTheAskerAsStaleFromTheRequest() {
            send(node1, IP2, 1);
            runUntil(SECOND / 2);
            Neighbour back = node2.neighbours().get(eth2, IP1);
            assertThat(back.state()).isEqualTo(NudState.STALE);
            assertThat(back.format(true)).isEqualTo("10.168.0.2 dev eth0 lladdr 42:01:0a:a8:00:02 STALE");
        }

        @Test
        void packetsBeyondTheUnresolvedQueueLimitPushOutTheOldestOnes() {
            // 1420-byte IP packets: 149 of them fit in unres_qlen_bytes (212992), the 150th pushes out the 1st
            for (int i = 0; i < 200; i++) send(node1, IP2, i, 1400);
            Neighbour n = node1.neighbours().get(eth1, IP2);
            assertThat(n.queued()).isEqualTo(149);
            assertThat(eth1.stats().drops(DropReason.NEIGH_QUEUE_FULL)).isEqualTo(51);
            runUntil(SECOND);
            List<Integer> expected = new ArrayList<>();
            for (int i = 51; i < 200; i++) expected.add(i);
            assertThat(ipMarkersSentBy(eth1)).containsExactlyElementsOf(expected);
        }
    }

    @Nested
    class Ageing {
        /** Resolves node1 → node2 at t≈0 and returns node1's entry. */
        private Neighbour resolved() {
            send(node1, IP2, 1);
            runUntil(MS);
            Neighbour n = node1.neighbours().get(eth1, IP2);
            assertThat(n.state()).isEqualTo(NudState.REACHABLE);
            return n;
        }

        @Test
        void aReachableEntryUsedWithinThirtySecondsStaysReachableWithoutAnyArp() {
            Neighbour n = resolved();
            runUntil(29 * SECOND);
            send(node1, IP2, 2);
            assertThat(n.state()).isEqualTo(NudState.REACHABLE);
            runUntil(60 * SECOND);
            assertThat(arpRequestsBy(eth1)).hasSize(1);
            assertThat(ipMarkersSentBy(eth1)).containsExactly(1, 2);
        }

        @Test
        void afterThirtySecondsTheNextUseFindsItStaleAndMovesItToDelaySendingAtOnce() {
            Neighbour n = resolved();
            runUntil(31 * SECOND);
            send(node1, IP2, 2);
            assertThat(n.state()).isEqualTo(NudState.DELAY);
            assertThat(n.queued()).as("a DELAY entry still has a usable address").isZero();
            runUntil(31 * SECOND + MS);
            assertThat(ipMarkersSentBy(eth1)).containsExactly(1, 2);
            assertThat(n.format(true)).isEqualTo("10.168.0.3 dev eth0 lladdr 42:01:0a:a8:00:03 DELAY");
        }

        @Test
        void withoutConfirmationDelayBecomesProbeWhichAsksByUnicastAndAReplyMakesItReachable() {
            Neighbour n = resolved();
            runUntil(31 * SECOND);
            send(node1, IP2, 2);
            runUntil(36 * SECOND - 1);
            assertThat(n.state()).isEqualTo(NudState.DELAY);
            assertThat(arpRequestsBy(eth1)).hasSize(1);

            // the probe leaves at 36 s; node2's reply is back a few microseconds later
            runUntil(36 * SECOND);
            List<Wire> requests = arpRequestsBy(eth1);
            assertThat(requests).hasSize(2);
            Wire probe = requests.get(1);
            assertThat(probe.time()).isEqualTo(36 * SECOND);
            assertThat(MacAddress.toString(probe.dstMac())).as("unicast to the MAC we hold").isEqualTo("42:01:0a:a8:00:03");
            assertThat(probe.arpTargetIp()).isEqualTo(IP2);
            assertThat(probe.arpTargetMac()).as("target hardware address left zero, as arp_send does").isZero();
            assertThat(n.state()).isEqualTo(NudState.PROBE);

            runUntil(36 * SECOND + MS);
            assertThat(n.state()).isEqualTo(NudState.REACHABLE);
            runUntil(40 * SECOND);
            assertThat(arpRequestsBy(eth1)).as("confirmed: no more probes").hasSize(2);
        }

        @Test
        void aStaleEntryLearnedFromARequestGoesDelayThenProbeThenReachable() {
            send(node1, IP2, 1);
            runUntil(SECOND);
            Neighbour back = node2.neighbours().get(eth2, IP1);
            assertThat(back.state()).isEqualTo(NudState.STALE);

            send(node2, IP1, 7);
            assertThat(back.state()).isEqualTo(NudState.DELAY);
            assertThat(ipMarkersSentBy(eth2)).as("sent at once with the stale address").containsExactly(7);
            assertThat(arpRequestsBy(eth2)).isEmpty();

            runUntil(6 * SECOND);
            List<Wire> probes = arpRequestsBy(eth2);
            assertThat(probes).hasSize(1);
            assertThat(probes.get(0).time()).isEqualTo(6 * SECOND);
            assertThat(probes.get(0).dstMac()).isEqualTo(MAC1);
            runUntil(6 * SECOND + MS);
            assertThat(back.state()).isEqualTo(NudState.REACHABLE);
        }

        @Test
        void aProbeNobodyAnswersEndsFailedAfterThreeUnicastRequests() {
            Neighbour n = resolved();
            eth2.linkUp(false); // node2 vanishes from the LAN
            runUntil(31 * SECOND);
            send(node1, IP2, 2);
            runUntil(45 * SECOND);
            List<Wire> probes = arpRequestsBy(eth1).subList(1, arpRequestsBy(eth1).size());
            assertThat(probes).extracting(Wire::time).containsExactly(36 * SECOND, 37 * SECOND, 38 * SECOND);
            assertThat(probes).allSatisfy(w -> assertThat(w.dstMac()).isEqualTo(MAC2));
            assertThat(n.state()).isEqualTo(NudState.FAILED);
            assertThat(n.format(true)).isEqualTo("10.168.0.3 dev eth0 FAILED");
        }

        @Test
        void aRequestFromANeighbourInDelayDoesNotCancelTheProbe() {
            send(node1, IP2, 1);
            runUntil(SECOND);
            Neighbour back = node2.neighbours().get(eth2, IP1);
            send(node2, IP1, 7);                       // node2: STALE -> DELAY at 1 s
            assertThat(back.state()).isEqualTo(NudState.DELAY);

            runUntil(2 * SECOND);
            node1.neighbours().remove(eth1, IP2);      // node1 forgets node2 and asks again
            send(node1, IP2, 2);
            runUntil(2 * SECOND + MS);
            assertThat(back.state()).as("a request is no confirmation: still DELAY").isEqualTo(NudState.DELAY);

            runUntil(6 * SECOND + MS);
            assertThat(arpRequestsBy(eth2)).as("the unicast probe at 6 s").hasSize(1);
        }
    }

    @Nested
    class PermanentAndRemove {
        @Test
        void aPermanentEntryIsUsedWithoutArpAndNeverChangesNotEvenOnAReplyWithAnotherMac() {
            long fake = MacAddress.parse("02:00:00:00:00:99").value();
            Neighbour n = node1.neighbours().addPermanent(eth1, IP2, fake);
            send(node1, IP2, 1);
            // node2 asks for node1 with its real MAC: node1 answers but keeps its permanent entry
            send(node2, IP1, 2);
            runUntil(200 * SECOND);
            send(node1, IP2, 3);
            runUntil(201 * SECOND);
            assertThat(n.state()).isEqualTo(NudState.PERMANENT);
            assertThat(n.mac()).isEqualTo(fake);
            assertThat(arpRequestsBy(eth1)).isEmpty();
            assertThat(sentBy(eth1).stream().filter(w -> !w.isArp())).allSatisfy(w -> assertThat(w.dstMac()).isEqualTo(fake));
            assertThat(ipMarkersSentBy(eth1)).containsExactly(1, 3);
        }

        @Test
        void addPermanentOnAnUnresolvedEntrySendsWhatWaitedToThePermanentMacAsLinuxDoes() {
            // __neigh_update: an entry becoming NUD_VALID transmits its arp_queue; nothing is dropped
            send(node1, ABSENT, 1);
            send(node1, ABSENT, 2);
            long mac = MacAddress.parse("02:00:00:00:00:99").value();
            Neighbour n = node1.neighbours().addPermanent(eth1, ABSENT, mac);
            assertThat(n.state()).isEqualTo(NudState.PERMANENT);
            assertThat(n.queued()).isZero();
            runUntil(10 * SECOND);
            assertThat(ipMarkersSentBy(eth1)).containsExactly(1, 2);
            assertThat(arpRequestsBy(eth1)).as("the retransmit timer was cancelled").hasSize(1);
            assertThat(eth1.stats().txDropped()).isZero();
            assertThat(n.state()).isEqualTo(NudState.PERMANENT);
        }

        @Test
        void removeDropsWhatWaitedAndStopsTheProbes() {
            send(node1, ABSENT, 1);
            send(node1, ABSENT, 2);
            assertThat(node1.neighbours().remove(eth1, ABSENT)).isTrue();
            assertThat(node1.neighbours().remove(eth1, ABSENT)).isFalse();
            assertThat(node1.neighbours().get(eth1, ABSENT)).isNull();
            assertThat(eth1.stats().drops(DropReason.NEIGH_FAILED)).isEqualTo(2);
            assertThat(eth1.stats().txDropped()).isEqualTo(2);
            runUntil(10 * SECOND);
            assertThat(arpRequestsBy(eth1)).hasSize(1);
            assertThat(ipMarkersSentBy(eth1)).isEmpty();
        }

        @Test
        void listIsOrderedByDeviceIndexThenAddressUnsigned() {
            VxlanDevice flannel1 = new VxlanDevice(node1, "flannel.1", MacAddress.parse("5e:f8:4f:00:0f:00").value(),
                    1450, 1, IP1, eth1, 8472, false);
            NeighbourTable t = node1.neighbours();
            t.addPermanent(flannel1, parseInt("10.1.17.0"), MacAddress.parse("5e:f8:4f:00:11:11").value());
            t.addPermanent(flannel1, parseInt("10.1.16.0"), MacAddress.parse("5e:f8:4f:00:e3:37").value());
            t.addPermanent(eth1, parseInt("10.168.0.200"), MacAddress.parse("42:01:0a:a8:00:c8").value());
            send(node1, ABSENT, 1);
            send(node1, IP2, 1);
            runUntil(MS);
            assertThat(t.list()).extracting(nb -> nb.format(true)).containsExactly(
                    "10.168.0.3 dev eth0 lladdr 42:01:0a:a8:00:03 REACHABLE",
                    "10.168.0.99 dev eth0 INCOMPLETE",
                    "10.168.0.200 dev eth0 lladdr 42:01:0a:a8:00:c8 PERMANENT",
                    "10.1.16.0 dev flannel.1 lladdr 5e:f8:4f:00:e3:37 PERMANENT",
                    "10.1.17.0 dev flannel.1 lladdr 5e:f8:4f:00:11:11 PERMANENT");
            assertThat(t.size()).isEqualTo(5);

            t.removeDevice(flannel1);
            assertThat(t.list()).extracting(Neighbour::ip).containsExactly(IP2, ABSENT, parseInt("10.168.0.200"));
        }

        @Test
        void formatWithAndWithoutTheDeviceAsIpNeighPrintsIt() {
            VxlanDevice flannel1 = new VxlanDevice(node1, "flannel.1", MacAddress.parse("5e:f8:4f:00:0f:00").value(),
                    1450, 1, IP1, eth1, 8472, false);
            Neighbour n = node1.neighbours().addPermanent(flannel1, parseInt("10.1.16.0"), MacAddress.parse("5e:f8:4f:00:e3:37").value());
            assertThat(n.format(true)).isEqualTo("10.1.16.0 dev flannel.1 lladdr 5e:f8:4f:00:e3:37 PERMANENT");
            assertThat(n.format(false)).isEqualTo("10.1.16.0 lladdr 5e:f8:4f:00:e3:37 PERMANENT");
            assertThat(n.toString()).isEqualTo(n.format(true));
            send(node1, ABSENT, 1);
            assertThat(node1.neighbours().get(eth1, ABSENT).format(false)).isEqualTo("10.168.0.99 INCOMPLETE");
        }
    }
}
