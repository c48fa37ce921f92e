package dev.overlaysim.linux.device;

import dev.overlaysim.linux.Host;
import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.linux.World;
import dev.overlaysim.linux.table.FdbEntry;
import dev.overlaysim.protocols.addr.MacAddress;
import dev.overlaysim.protocols.buffer.PacketBuffer;
import dev.overlaysim.protocols.codec.EthernetHeader;
import dev.overlaysim.protocols.codec.Ipv4Header;
import dev.overlaysim.protocols.codec.UdpHeader;
import dev.overlaysim.protocols.codec.VxlanEncapsulation;
import dev.overlaysim.trace.Cost;
import dev.overlaysim.trace.DropReason;
import dev.overlaysim.trace.PacketContext;
import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static dev.overlaysim.protocols.addr.Ipv4Address.parseInt;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * vxlan_rcv()'s checks, exercised with whole frames as node2 would put them on node1's eth0:
 * outer Ethernet / IPv4 10.168.0.3 → 10.168.0.2 / UDP → 8472 / VXLAN / inner Ethernet from node2's
 * VTEP MAC to flannel.1's, carrying a 28-byte IPv4 packet 10.1.16.3 → 10.1.15.0 (protocol 253, which
 * the inner stack drops as unhandled: proof that the packet got through decapsulation).
 */
class VxlanReceiveTest {
    static final long ETH0_MAC = MacAddress.parse("42:01:0a:a8:00:02").value();
    static final long NODE2_ETH0_MAC = MacAddress.parse("42:01:0a:a8:00:03").value();
    static final long OWN_VTEP_MAC = MacAddress.parse("5e:f8:4f:00:0f:00").value();
    static final long PEER_VTEP_MAC = MacAddress.parse("5e:f8:4f:00:e3:37").value();
    static final int NODE1 = parseInt("10.168.0.2");
    static final int NODE2 = parseInt("10.168.0.3");
    static final int INNER_LENGTH = Ipv4Header.MIN_LENGTH + 8;

    World world;
    NetNamespace node1;
    Nic eth0;
    VxlanDevice flannel1;

    private void node1(boolean learning) {
        world = new World(1);
        L2Segment lan = world.addSegment("lan", 1_000, 10_000_000_000L);
        Host h = world.addHost("node1");
        node1 = h.root();
        eth0 = new Nic(node1, "eth0", ETH0_MAC, 1500, lan);
        eth0.addAddress(NODE1, 24);
        eth0.setUp(true);
        flannel1 = new VxlanDevice(node1, "flannel.1", OWN_VTEP_MAC, 1450, 1, NODE1, eth0, 8472, learning);
        flannel1.addAddress(parseInt("10.1.15.0"), 32);
        flannel1.setUp(true);
    }

    /** The frame node2 would send; {@code tamper} may change the VXLAN header, whose UDP checksum is then redone. */
    private int vxlanOffset;

    private Skb frame(int vni, long innerSrc, Consumer<byte[]> tamper) {
        PacketBuffer b = new PacketBuffer(PacketBuffer.DEFAULT_HEADROOM + 128, PacketBuffer.DEFAULT_HEADROOM);
        int at = b.put(EthernetHeader.LENGTH + INNER_LENGTH);
        new EthernetHeader().wrap(b.array(), at).set(OWN_VTEP_MAC, innerSrc, EthernetHeader.TYPE_IPV4);
        new Ipv4Header().wrap(b.array(), at + EthernetHeader.LENGTH)
                .set(0, INNER_LENGTH, 7, Ipv4Header.FLAG_DF, 63, 253, parseInt("10.1.16.3"), parseInt("10.1.15.0"));
        new VxlanEncapsulation().encapsulate(b, NODE2, NODE1, 0x1234, 0, 64, 41000, 8472, vni);
        if (tamper != null) {
            vxlanOffset = b.transportHeader() + UdpHeader.LENGTH;
            tamper.accept(b.array());
            new UdpHeader().wrap(b.array(), b.transportHeader()).updateChecksum(NODE2, NODE1);
        }
        int eth = b.push(EthernetHeader.LENGTH);
        new EthernetHeader().wrap(b.array(), eth).set(ETH0_MAC, NODE2_ETH0_MAC, EthernetHeader.TYPE_IPV4);
        PacketContext ctx = world.tracer().newPacket(null, "vxlan-test", "node2", world.sim().now());
        ctx.ledger().leftSendingHost();
        return new Skb(b, ctx);
    }

    private Skb valid() { return frame(1, PEER_VTEP_MAC, null); }

    /** Writes one byte of the VXLAN header in place (the header's offset is in the buffer's array). */
    private Consumer<byte[]> vxlanByte(int index, int value) {
        return a -> a[vxlanOffset + index] = (byte) value;
    }

    private void assertDroppedOnFlannel1(Skb skb, DropReason reason) {
        eth0.receive(skb);
        assertThat(flannel1.stats().drops(reason)).as("%s on flannel.1", reason).isEqualTo(1);
        assertThat(flannel1.stats().rxDropped()).isEqualTo(1);
        assertThat(flannel1.stats().rxPackets()).as("nothing decapsulated").isZero();
        assertThat(node1.drops()).containsEntry(reason, 1L);
        assertThat(skb.ctx.ledger().total(Cost.DECAPSULATIONS)).isZero();
        assertThat(eth0.stats().rxPackets()).as("the outer frame did arrive").isEqualTo(1);
    }

    @Test
    void aValidFrameIsDecapsulatedCountedAndHandedToTheInnerStack() {
        node1(false);
        Skb skb = valid();
        eth0.receive(skb);
        assertThat(flannel1.stats().rxPackets()).isEqualTo(1);
        assertThat(flannel1.stats().rxBytes()).as("the inner packet without its Ethernet header").isEqualTo(INNER_LENGTH);
        assertThat(skb.ctx.ledger().receive(Cost.DECAPSULATIONS)).isEqualTo(1);
        // the inner stack saw it: 10.1.15.0 is local, protocol 253 has no handler
        assertThat(flannel1.stats().drops()).containsOnlyKeys(DropReason.UNHANDLED_PROTO);
        assertThat(node1.drops()).containsOnlyKeys(DropReason.UNHANDLED_PROTO);
        assertThat(flannel1.fdb().size()).as("nolearning").isZero();
    }

    @Test
    void aZeroOuterUdpChecksumMeansNoneAndIsAccepted() {
        node1(false);
        Skb skb = valid();
        new UdpHeader().wrap(skb.buf.array(), skb.buf.transportHeader()).checksum(0);
        eth0.receive(skb);
        assertThat(flannel1.stats().rxPackets()).isEqualTo(1);
    }

    @Test
    void withoutTheIFlagTheFrameIsDroppedAsBadFlags() {
        node1(false);
        assertDroppedOnFlannel1(frame(1, PEER_VTEP_MAC, vxlanByte(0, 0x00)), DropReason.VXLAN_BAD_FLAGS);
    }

    @Test
    void aReservedFlagBitBesideTheIFlagIsDroppedAsBadFlags() {
        node1(false);
        assertDroppedOnFlannel1(frame(1, PEER_VTEP_MAC, vxlanByte(0, 0x0C)), DropReason.VXLAN_BAD_FLAGS);
    }

    @Test
    void aReservedByteAfterTheVniIsDroppedAsBadFlags() {
        node1(false);
        assertDroppedOnFlannel1(frame(1, PEER_VTEP_MAC, vxlanByte(7, 0x01)), DropReason.VXLAN_BAD_FLAGS);
    }

    @Test
    void aReservedByteBeforeTheVniIsDroppedAsBadFlags() {
        node1(false);
        assertDroppedOnFlannel1(frame(1, PEER_VTEP_MAC, vxlanByte(2, 0x80)), DropReason.VXLAN_BAD_FLAGS);
    }

    @Test
    void vni2OnAVni1DeviceIsUnknown() {
        node1(false);
        assertDroppedOnFlannel1(frame(2, PEER_VTEP_MAC, null), DropReason.VXLAN_UNKNOWN_VNI);
    }

    @Test
    void anInnerSourceMacEqualToTheDevicesOwnIsDropped() {
        node1(true);
        assertDroppedOnFlannel1(frame(1, OWN_VTEP_MAC, null), DropReason.VXLAN_OWN_MAC);
        assertThat(flannel1.fdb().size()).as("nothing learned from a looped frame").isZero();
    }

    @Test
    void theInnerUdpChecksumIsVerifiedAfterDecapsulationEvenWhenTheOuterFrameWasMarkedVerified() {
        node1(false);
        PacketBuffer b = new PacketBuffer(PacketBuffer.DEFAULT_HEADROOM + 128, PacketBuffer.DEFAULT_HEADROOM);
        int at = b.put(EthernetHeader.LENGTH + INNER_LENGTH);
        new EthernetHeader().wrap(b.array(), at).set(OWN_VTEP_MAC, PEER_VTEP_MAC, EthernetHeader.TYPE_IPV4);
        int src = parseInt("10.1.16.3"), dst = parseInt("10.1.15.0");
        new Ipv4Header().wrap(b.array(), at + EthernetHeader.LENGTH)
                .set(0, INNER_LENGTH, 7, Ipv4Header.FLAG_DF, 63, Ipv4Header.PROTO_UDP, src, dst);
        UdpHeader inner = new UdpHeader().wrap(b.array(), at + EthernetHeader.LENGTH + Ipv4Header.MIN_LENGTH)
                .set(41000, 9, UdpHeader.LENGTH).updateChecksum(src, dst);
        inner.checksum(inner.checksum() ^ 0x0101);
        new VxlanEncapsulation().encapsulate(b, NODE2, NODE1, 0x1234, 0, 64, 41000, 8472, 1);
        int eth = b.push(EthernetHeader.LENGTH);
        new EthernetHeader().wrap(b.array(), eth).set(ETH0_MAC, NODE2_ETH0_MAC, EthernetHeader.TYPE_IPV4);
        Skb skb = new Skb(b, world.tracer().newPacket(null, "vxlan-test", "node2", world.sim().now()));
        skb.csumUnnecessary = true; // as a NIC marks a frame whose outer checksum it checked
        eth0.receive(skb);
        assertThat(flannel1.stats().rxPackets()).as("decapsulated").isEqualTo(1);
        assertThat(node1.drops()).as("checked in software before the socket lookup").containsOnlyKeys(DropReason.UDP_CSUM);
    }

    @Test
    void aBadOuterUdpChecksumIsDroppedByTheStackOnEth0BeforeVxlanSeesIt() {
        node1(false);
        Skb skb = valid();
        UdpHeader udp = new UdpHeader().wrap(skb.buf.array(), skb.buf.transportHeader());
        udp.checksum(udp.checksum() ^ 0x0101);
        eth0.receive(skb);
        assertThat(eth0.stats().drops(DropReason.UDP_CSUM)).isEqualTo(1);
        assertThat(eth0.stats().rxDropped()).isEqualTo(1);
        assertThat(node1.drops()).containsOnlyKeys(DropReason.UDP_CSUM);
        assertThat(flannel1.stats().rxPackets()).isZero();
        assertThat(flannel1.stats().drops()).isEmpty();
        assertThat(skb.ctx.ledger().total(Cost.DECAPSULATIONS)).isZero();
    }

    @Test
    void withLearningOnTheFdbLearnsTheInnerSourceMacBehindTheOuterSourceIp() {
        node1(true);
        eth0.receive(valid());
        FdbEntry e = flannel1.fdb().lookup(PEER_VTEP_MAC, world.sim().now());
        assertThat(e).isNotNull();
        assertThat(e.dst()).isEqualTo(NODE2);
        assertThat(e.permanent()).isFalse();
        assertThat(e.port()).isSameAs(flannel1);
        assertThat(e.format(true)).isEqualTo("5e:f8:4f:00:e3:37 dev flannel.1 dst 10.168.0.3 self");
        assertThat(flannel1.stats().rxPackets()).isEqualTo(1);
    }

    @Test
    void withLearningOnAPermanentEntryIsNotOverwrittenByWhatArrives() {
        node1(true);
        flannel1.fdb().addPermanent(PEER_VTEP_MAC, flannel1, parseInt("10.168.0.77"), 0);
        eth0.receive(valid());
        FdbEntry e = flannel1.fdb().lookup(PEER_VTEP_MAC, world.sim().now());
        assertThat(e.dst()).isEqualTo(parseInt("10.168.0.77"));
        assertThat(e.permanent()).isTrue();
    }

    @Test
    void whileFlannel1IsDownNothingListensOn8472() {
        node1(false);
        flannel1.setUp(false);
        eth0.receive(valid());
        assertThat(node1.drops()).containsKey(DropReason.NO_SOCKET);
        assertThat(flannel1.stats().rxPackets()).isZero();
    }
}
