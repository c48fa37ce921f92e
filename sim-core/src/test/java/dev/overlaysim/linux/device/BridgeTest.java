package dev.overlaysim.linux.device;

import dev.overlaysim.linux.Host;
import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.linux.World;
import dev.overlaysim.linux.table.Fdb;
import dev.overlaysim.linux.table.FdbEntry;
import dev.overlaysim.linux.table.Route;
import dev.overlaysim.protocols.addr.Ipv4Prefix;
import dev.overlaysim.protocols.addr.MacAddress;
import dev.overlaysim.protocols.buffer.PacketBuffer;
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
 * docker0 as a learning switch: three containers c1..c3, each eth0 a veth whose host end (veth1..3)
 * is a docker0 port, added in that order. Frames are injected on a container's eth0 with an
 * EtherType no stack handles (0x88b5, IEEE local experimental), so each one ends where the bridge
 * sent it and the receive counters tell exactly who saw it.
 */
class BridgeTest {
    static final long SECOND = 1_000_000_000L;
    static final long BRIDGE_MAC = MacAddress.parse("02:42:ac:11:00:01").value();
    static final int LOCAL_EXPERIMENTAL = 0x88B5;
    static final long UNKNOWN = MacAddress.parse("02:42:0a:01:0f:63").value();
    static final long BROADCAST = MacAddress.BROADCAST.value();

    World world;
    NetNamespace root;
    Bridge docker0;
    final Veth[] eth = new Veth[4];   // container side, 1..3
    final Veth[] port = new Veth[4];  // host side veth1..3
    final long[] mac = new long[4];

    @BeforeEach
    void docker0WithThreeContainers() {
        world = new World(1);
        Host host = world.addHost("node1");
        root = host.root();
        docker0 = new Bridge(root, "docker0", BRIDGE_MAC, 1450);
        docker0.addAddress(parseInt("10.1.15.1"), 24);
        docker0.setUp(true);
        for (int i = 1; i <= 3; i++) {
            NetNamespace c = host.addNamespace("c" + i);
            mac[i] = MacAddress.dockerMac(parseInt("10.1.15." + (i + 1))).value();
            Veth[] pair = Veth.createPair(c, "eth0", mac[i], root, "veth" + i, 0x0A00_0000_0000L | i, 1450);
            eth[i] = pair[0];
            port[i] = pair[1];
            docker0.addPort(port[i]);
            port[i].setUp(true);
            eth[i].setUp(true);
        }
    }

    /** A frame from container {@code from} to {@code dst}, sent out of its eth0. */
    private void frame(int from, long dst) { frameFrom(from, mac[from], dst); }

    private void frameFrom(int from, long src, long dst) {
        PacketBuffer b = new PacketBuffer(PacketBuffer.DEFAULT_HEADROOM + 64, PacketBuffer.DEFAULT_HEADROOM);
        int at = b.put(EthernetHeader.LENGTH + 46);
        new EthernetHeader().wrap(b.array(), at).set(dst, src, LOCAL_EXPERIMENTAL);
        eth[from].transmit(new Skb(b, world.tracer().newPacket(null, "test", "node1", world.sim().now())));
    }

    private long[] containerRx() {
        return new long[] {eth[1].stats().rxPackets(), eth[2].stats().rxPackets(), eth[3].stats().rxPackets()};
    }

    /** The containers' eth0s in the order they received frames, from the walk's RECEIVED hops. */
    private List<String> receiveOrder() {
        List<String> order = new ArrayList<>();
        for (var h : world.tracer().hops()) {
            if (h.action() == dev.overlaysim.trace.HopAction.RECEIVED && h.device().equals("eth0")) order.add(h.namespace());
        }
        return order;
    }

    @Nested
    class Forwarding {
        @Test
        void theSourceMacIsLearnedOnTheIngressPort() {
            frame(2, UNKNOWN);
            FdbEntry e = docker0.fdb().lookup(mac[2], world.sim().now());
            assertThat(e.port()).isSameAs(port[2]);
            assertThat(e.permanent()).isFalse();
            assertThat(e.format(true)).isEqualTo("02:42:0a:01:0f:03 dev veth2 master docker0");
        }

        @Test
        void knownUnicastLeavesByItsPortOnly() {
            frame(2, UNKNOWN);                    // docker0 learns c2 behind veth2
            long[] before = containerRx();
            frame(1, mac[2]);
            long[] after = containerRx();
            assertThat(after[0] - before[0]).as("c1").isZero();
            assertThat(after[1] - before[1]).as("c2").isEqualTo(1);
            assertThat(after[2] - before[2]).as("c3").isZero();
            assertThat(docker0.stats().rxPackets()).as("not up to the host").isZero();
        }

        @Test
        void unknownUnicastIsFloodedToEveryPortButTheIngressInPortOrderAndNotUpToTheHost() {
            world.tracer().level(dev.overlaysim.linux.Tracer.Level.WALK);
            frame(2, UNKNOWN);
            assertThat(containerRx()).containsExactly(1, 0, 1);
            assertThat(receiveOrder()).containsExactly("c1", "c3");
            assertThat(docker0.stats().rxPackets()).isZero();
        }

        @Test
        void floodingFollowsTheOrderPortsWereAddedNotTheirNames() {
            world.tracer().level(dev.overlaysim.linux.Tracer.Level.WALK);
            docker0.removePort(port[1]);
            docker0.addPort(port[1]);             // now veth2, veth3, veth1
            frame(3, UNKNOWN);
            frame(2, UNKNOWN);
            assertThat(receiveOrder()).containsExactly("c2", "c1", "c3", "c1");
        }

        @Test
        void aBroadcastIsFloodedToEveryOtherPortAndGoesUpToTheHostStack() {
            world.tracer().level(dev.overlaysim.linux.Tracer.Level.WALK);
            frame(1, BROADCAST);
            assertThat(containerRx()).containsExactly(0, 1, 1);
            assertThat(receiveOrder()).containsExactly("c2", "c3");
            assertThat(docker0.stats().rxPackets()).isEqualTo(1);
            // the host stack got it and found no handler for the EtherType
            assertThat(docker0.stats().drops(DropReason.UNHANDLED_PROTO)).isEqualTo(1);
        }

        @Test
        void framesToTheBridgeMacOrAPortsOwnMacGoUpToTheHostAndNowhereElse() {
            frame(1, BRIDGE_MAC);
            frame(1, port[3].mac());
            assertThat(containerRx()).containsExactly(0, 0, 0);
            assertThat(docker0.stats().rxPackets()).isEqualTo(2);
            assertThat(port[3].stats().txPackets()).isZero();
        }

        @Test
        void aFrameForAMacBehindItsOwnIngressPortIsNotSentBack() {
            frame(1, UNKNOWN);                    // c1 behind veth1
            frameFrom(1, MacAddress.parse("02:42:0a:01:0f:40").value(), mac[1]);
            assertThat(containerRx()).containsExactly(0, 1, 1); // only the first (flooded) frame
        }

        @Test
        void aGroupSourceAddressIsNeverLearned() {
            long multicastSrc = MacAddress.parse("01:00:5e:00:00:01").value();
            frameFrom(1, multicastSrc, UNKNOWN);
            assertThat(docker0.fdb().lookup(multicastSrc, 0)).isNull();
        }

        @Test
        void aStationThatMovesIsLearnedOnItsNewPort() {
            frame(1, UNKNOWN);
            frameFrom(3, mac[1], UNKNOWN);        // c1's MAC now shows up behind veth3
            assertThat(docker0.fdb().lookup(mac[1], 0).port()).isSameAs(port[3]);
            long[] before = containerRx();
            frame(2, mac[1]);
            assertThat(containerRx()[2] - before[2]).isEqualTo(1);
            assertThat(containerRx()[0] - before[0]).isZero();
        }
    }

    @Nested
    class Ageing {
        @Test
        void aLearnedEntryAgesOutAfter300SecondsAndTrafficIsFloodedAgain() {
            frame(2, UNKNOWN);
            world.sim().runUntil(300 * SECOND - 1);
            assertThat(docker0.fdb().lookup(mac[2], world.sim().now())).isNotNull();
            world.sim().runUntil(300 * SECOND);
            assertThat(docker0.fdb().lookup(mac[2], world.sim().now())).isNull();
            long[] before = containerRx();
            frame(1, mac[2]);
            long[] after = containerRx();
            assertThat(after[1] - before[1]).isEqualTo(1);
            assertThat(after[2] - before[2]).as("flooded to c3 as well").isEqualTo(1);
        }

        @Test
        void trafficFromTheStationRefreshesItsEntry() {
            frame(2, UNKNOWN);
            world.sim().runUntil(200 * SECOND);
            frame(2, UNKNOWN);
            world.sim().runUntil(450 * SECOND);
            assertThat(docker0.fdb().lookup(mac[2], world.sim().now())).isNotNull();
            world.sim().runUntil(500 * SECOND);
            assertThat(docker0.fdb().lookup(mac[2], world.sim().now())).isNull();
        }

        @Test
        void aCustomAgeingTimeIsHonoured() {
            docker0.fdb().ageingTime(10 * SECOND);
            assertThat(docker0.fdb().ageingTime()).isEqualTo(10 * SECOND);
            frame(2, UNKNOWN);
            world.sim().runUntil(10 * SECOND - 1);
            assertThat(docker0.fdb().lookup(mac[2], world.sim().now())).isNotNull();
            world.sim().runUntil(10 * SECOND);
            assertThat(docker0.fdb().lookup(mac[2], world.sim().now())).isNull();
        }

        @Test
        void permanentEntriesNeverAgeAndListingDropsOnlyTheExpiredOnes() {
            docker0.fdb().ageingTime(10 * SECOND);
            frame(2, UNKNOWN);
            long later = 1_000_000 * SECOND;
            assertThat(docker0.fdb().lookup(BRIDGE_MAC, later)).isNotNull();
            assertThat(docker0.fdb().lookup(port[1].mac(), later).permanent()).isTrue();
            List<FdbEntry> live = docker0.fdb().list(later);
            assertThat(live).extracting(FdbEntry::mac).containsExactly(BRIDGE_MAC, port[1].mac(), port[2].mac(), port[3].mac());
            assertThat(docker0.fdb().size()).isEqualTo(4);
        }

        @Test
        void learningNeverOverwritesAPermanentEntry() {
            frameFrom(3, port[1].mac(), UNKNOWN); // someone behind veth3 claims veth1's address
            FdbEntry e = docker0.fdb().lookup(port[1].mac(), 0);
            assertThat(e.port()).isSameAs(port[1]);
            assertThat(e.permanent()).isTrue();
        }
    }

    @Nested
    class FormatAndCarrier {
        @Test
        void fdbShowLinesForABridgePortEntryAndAVxlanEntry() {
            frame(1, UNKNOWN);
            FdbEntry learned = docker0.fdb().lookup(mac[1], 0);
            assertThat(learned.format(true)).isEqualTo("02:42:0a:01:0f:02 dev veth1 master docker0");
            assertThat(learned.format(false)).isEqualTo("02:42:0a:01:0f:02 master docker0");
            assertThat(docker0.fdb().lookup(port[1].mac(), 0).format(true))
                    .isEqualTo("0a:00:00:00:00:01 dev veth1 master docker0 permanent");

            Nic eth0 = new Nic(root, "eth0", MacAddress.parse("42:01:0a:a8:00:02").value(), 1500,
                    world.addSegment("lan", 1_000, 10_000_000_000L));
            VxlanDevice flannel1 = new VxlanDevice(root, "flannel.1", MacAddress.parse("5e:f8:4f:00:0f:00").value(), 1450, 1,
                    parseInt("10.168.0.2"), eth0, 8472, false);
            FdbEntry vtep = flannel1.fdb().addPermanent(MacAddress.parse("5e:f8:4f:00:e3:37").value(), flannel1,
                    parseInt("10.168.0.3"), 0);
            assertThat(vtep.format(true)).isEqualTo("5e:f8:4f:00:e3:37 dev flannel.1 dst 10.168.0.3 self permanent");
            assertThat(vtep.format(false)).isEqualTo("5e:f8:4f:00:e3:37 dst 10.168.0.3 self permanent");
            assertThat(vtep.toString()).isEqualTo(vtep.format(true));
        }

        @Test
        void fdbListIsOrderedByPortIndexThenMac() {
            frame(3, UNKNOWN);
            frame(1, UNKNOWN);
            frameFrom(1, MacAddress.parse("02:00:00:00:00:01").value(), UNKNOWN);
            assertThat(docker0.fdb().list(0)).extracting(e -> e.format(true)).containsExactly(
                    "02:42:ac:11:00:01 dev docker0 master docker0 permanent",
                    "02:00:00:00:00:01 dev veth1 master docker0",
                    "02:42:0a:01:0f:02 dev veth1 master docker0",
                    "0a:00:00:00:00:01 dev veth1 master docker0 permanent",
                    "0a:00:00:00:00:02 dev veth2 master docker0 permanent",
                    "02:42:0a:01:0f:04 dev veth3 master docker0",
                    "0a:00:00:00:00:03 dev veth3 master docker0 permanent");
        }

        @Test
        void aBridgeWhosePortsAllLeftHasNoCarrierAndItsConnectedRouteSaysLinkdown() {
            Bridge lonely = new Bridge(root, "docker1", MacAddress.parse("02:42:ac:12:00:01").value(), 1500);
            lonely.addAddress(parseInt("10.1.99.1"), 24);
            lonely.setUp(true);
            // a bridge that never had a port keeps the carrier it was created with (state UNKNOWN)
            assertThat(lonely.hasCarrier()).isTrue();
            Route connected = root.routes().get(Ipv4Prefix.parse("10.1.99.0/24"));
            assertThat(connected.format()).isEqualTo("10.1.99.0/24 dev docker1 proto kernel scope link src 10.1.99.1");

            NetNamespace c = root.host().addNamespace("c9");
            Veth[] pair = Veth.createPair(c, "eth0", MacAddress.parse("02:42:0a:01:63:02").value(), root, "veth9",
                    MacAddress.parse("0a:00:00:00:00:09").value(), 1500);
            lonely.addPort(pair[1]);
            pair[1].setUp(true);
            pair[0].setUp(true);
            assertThat(lonely.hasCarrier()).isTrue();
            lonely.removePort(pair[1]);
            assertThat(lonely.ports()).isEmpty();
            assertThat(lonely.isUp()).isTrue();
            assertThat(lonely.hasCarrier()).isFalse();
            assertThat(connected.format())
                    .isEqualTo("10.1.99.0/24 dev docker1 proto kernel scope link src 10.1.99.1 linkdown");
        }

        @Test
        void aBridgeHasCarrierWhileSomePortHasCarrier() {
            Route connected = root.routes().get(Ipv4Prefix.parse("10.1.15.0/24"));
            assertThat(docker0.hasCarrier()).isTrue();
            assertThat(connected.format()).isEqualTo("10.1.15.0/24 dev docker0 proto kernel scope link src 10.1.15.1");
            for (int i = 1; i <= 3; i++) eth[i].setUp(false); // every container end down: no port has carrier
            assertThat(docker0.hasCarrier()).isFalse();
            assertThat(connected.format()).endsWith(" linkdown");
            eth[2].setUp(true);
            assertThat(docker0.hasCarrier()).isTrue();
            for (int i = 1; i <= 3; i++) docker0.removePort(port[i]);
            assertThat(docker0.hasCarrier()).isFalse();
            assertThat(docker0.ports()).isEmpty();
            assertThat(docker0.fdb().list(0)).extracting(FdbEntry::mac).containsExactly(BRIDGE_MAC);
        }

        @Test
        void aBridgeThatIsDownHasNoCarrierWhateverItsPorts() {
            docker0.setUp(false);
            assertThat(docker0.hasCarrier()).isFalse();
        }
    }

    @Test
    void theDefaultAgeingIs300Seconds() {
        assertThat(Fdb.DEFAULT_AGEING).isEqualTo(300 * SECOND);
        assertThat(docker0.fdb().ageingTime()).isEqualTo(300 * SECOND);
    }
}
