package dev.overlaysim.protocols.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import dev.overlaysim.protocols.buffer.PacketBuffer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** decode(encode(x)) == x and encode(decode(b)) == b for every codec. */
class CodecPropertiesTest {
    private static final long MAC = 0xFFFF_FFFF_FFFFL;

    @Property
    void ethernetRoundTrips(@ForAll @LongRange(max = MAC) long dst, @ForAll @LongRange(max = MAC) long src,
                            @ForAll @IntRange(max = 0xFFFF) int type, @ForAll @IntRange(max = 5) int at) {
        byte[] a = new byte[at + 14];
        new EthernetHeader().wrap(a, at).set(dst, src, type);
        EthernetHeader d = new EthernetHeader().decode(a, at, 14);
        assertThat(new long[] {d.dst(), d.src(), d.etherType()}).containsExactly(dst, src, type);
    }

    @Property
    void ethernetReencodesValidBytes(@ForAll @Size(14) byte[] b) {
        EthernetHeader d = new EthernetHeader().decode(b, 0, 14);
        byte[] again = new byte[14];
        new EthernetHeader().wrap(again, 0).set(d.dst(), d.src(), d.etherType());
        assertThat(again).isEqualTo(b);
    }

    @Property
    void arpRoundTrips(@ForAll @IntRange(min = 1, max = 2) int op, @ForAll @LongRange(max = MAC) long sha, @ForAll int spa,
                       @ForAll @LongRange(max = MAC) long tha, @ForAll int tpa) {
        byte[] a = new byte[28];
        new ArpPacket().wrap(a, 0).set(op, sha, spa, tha, tpa);
        ArpPacket d = new ArpPacket().decode(a, 0, 28);
        assertThat(new long[] {d.operation(), d.senderMac(), d.senderIp(), d.targetMac(), d.targetIp()})
                .containsExactly(op, sha, spa, tha, tpa);
        byte[] again = new byte[28];
        new ArpPacket().wrap(again, 0).set(d.operation(), d.senderMac(), d.senderIp(), d.targetMac(), d.targetIp());
        assertThat(again).isEqualTo(a);
    }

    @Property
    void ipv4RoundTrips(@ForAll @IntRange(max = 0xFF) int tos, @ForAll @IntRange(max = 1480) int payload,
                        @ForAll @IntRange(max = 0xFFFF) int id, @ForAll @IntRange(max = 0xFFFF) int flagsAndOffset,
                        @ForAll @IntRange(max = 0xFF) int ttl, @ForAll @IntRange(max = 0xFF) int protocol,
                        @ForAll int src, @ForAll int dst) {
        byte[] a = new byte[20 + payload];
        new Ipv4Header().wrap(a, 0).set(tos, 20 + payload, id, flagsAndOffset, ttl, protocol, src, dst);
        Ipv4Header d = new Ipv4Header().decode(a, 0, a.length);
        assertThat(new int[] {d.tos(), d.totalLength(), d.identification(), d.flagsAndOffset(), d.ttl(), d.protocol(), d.src(), d.dst()})
                .containsExactly(tos, 20 + payload, id, flagsAndOffset, ttl, protocol, src, dst);
        assertThat(d.checksumValid()).isTrue();
        assertThat(d.payloadLength()).isEqualTo(payload);
    }

    @Property
    void ipv4ReencodesValidHeaders(@ForAll @Size(20) byte[] b) {
        b[0] = 0x45;
        Bytes.put16(b, 2, 20);
        Bytes.put16(b, 10, 0);
        Bytes.put16(b, 10, Checksums.compute(b, 0, 20));
        Ipv4Header d = new Ipv4Header().decode(b, 0, 20);
        byte[] again = new byte[20];
        new Ipv4Header().wrap(again, 0).set(d.tos(), d.totalLength(), d.identification(), d.flagsAndOffset(), d.ttl(), d.protocol(),
                d.src(), d.dst());
        assertThat(again).isEqualTo(b);
    }

    /** RFC 1624: the incremental TTL decrement equals a full recomputation, over many random headers. */
    @Property(tries = 10_000)
    void ttlDecrementIncrementalEqualsFull(@ForAll @Size(60) byte[] b, @ForAll @IntRange(min = 5, max = 15) int ihl,
                                           @ForAll @IntRange(min = 1, max = 255) int ttl) {
        b[0] = (byte) (0x40 | ihl);
        b[8] = (byte) ttl;
        Ipv4Header h = new Ipv4Header().wrap(b, 0).updateChecksum();
        h.decrementTtl();
        int incremental = h.checksum();
        h.updateChecksum();
        assertThat(incremental).isEqualTo(h.checksum());
        assertThat(h.ttl()).isEqualTo(ttl - 1);
    }

    @Property
    void icmpEchoRoundTrips(@ForAll @IntRange(min = 0, max = 1) int reply, @ForAll @IntRange(max = 0xFFFF) int id,
                            @ForAll @IntRange(max = 0xFFFF) int seq, @ForAll @Size(max = 100) byte[] data) {
        byte[] a = new byte[8 + data.length];
        System.arraycopy(data, 0, a, 8, data.length);
        int type = reply == 1 ? IcmpMessage.TYPE_ECHO_REPLY : IcmpMessage.TYPE_ECHO_REQUEST;
        new IcmpMessage().wrap(a, 0, a.length).setEcho(type, id, seq);
        IcmpMessage d = new IcmpMessage().decode(a, 0, a.length);
        assertThat(new int[] {d.type(), d.code(), d.identifier(), d.sequence()}).containsExactly(type, 0, id, seq);
        assertThat(d.checksumValid()).isTrue();
        assertThat(Arrays.copyOfRange(a, 8, a.length)).isEqualTo(data);
        byte[] again = a.clone();
        Arrays.fill(again, 0, 8, (byte) 0);
        new IcmpMessage().wrap(again, 0, again.length).setEcho(d.type(), d.identifier(), d.sequence());
        assertThat(again).isEqualTo(a);
    }

    @Property
    void udpRoundTrips(@ForAll @IntRange(max = 0xFFFF) int sport, @ForAll @IntRange(max = 0xFFFF) int dport,
                       @ForAll @Size(max = 100) byte[] data, @ForAll int src, @ForAll int dst) {
        byte[] a = new byte[8 + data.length];
        System.arraycopy(data, 0, a, 8, data.length);
        new UdpHeader().wrap(a, 0).set(sport, dport, a.length).updateChecksum(src, dst);
        UdpHeader d = new UdpHeader().decode(a, 0, a.length);
        assertThat(new int[] {d.srcPort(), d.dstPort(), d.length()}).containsExactly(sport, dport, a.length);
        assertThat(d.checksum()).isNotZero();
        assertThat(d.checksumValid(src, dst)).isTrue();
        byte[] again = a.clone();
        Arrays.fill(again, 0, 8, (byte) 0);
        new UdpHeader().wrap(again, 0).set(d.srcPort(), d.dstPort(), d.length()).updateChecksum(src, dst);
        assertThat(again).isEqualTo(a);
    }

    @Property
    void vxlanRoundTrips(@ForAll @IntRange(max = 0xFF_FFFF) int vni) {
        byte[] a = new byte[8];
        new VxlanHeader().wrap(a, 0).set(vni);
        VxlanHeader d = new VxlanHeader().decode(a, 0, 8);
        assertThat(d.vni()).isEqualTo(vni);
        assertThat(d.flagsValid()).isTrue();
        byte[] again = new byte[8];
        new VxlanHeader().wrap(again, 0).set(d.vni());
        assertThat(again).isEqualTo(a);
    }

    @Property(tries = 2_000)
    void encapsulationRoundTrips(@ForAll @Size(min = 14, max = 1500) byte[] inner, @ForAll int src, @ForAll int dst,
                                 @ForAll @IntRange(max = 0xFFFF) int id, @ForAll @IntRange(max = 0xFF) int tos,
                                 @ForAll @IntRange(max = 0xFF) int ttl, @ForAll @IntRange(max = 0xFFFF) int sport,
                                 @ForAll @IntRange(max = 0xFFFF) int dport, @ForAll @IntRange(max = 0xFF_FFFF) int vni) {
        PacketBuffer b = PacketBuffer.of(inner);
        VxlanEncapsulation v = new VxlanEncapsulation();
        int at = v.encapsulate(b, src, dst, id, tos, ttl, sport, dport, vni);
        Ipv4Header ip = new Ipv4Header().decode(b.array(), at, b.length());
        assertThat(new int[] {ip.src(), ip.dst(), ip.identification(), ip.tos(), ip.ttl(), ip.flagsAndOffset()})
                .containsExactly(src, dst, id, tos, ttl, 0);
        UdpHeader udp = new UdpHeader().wrap(b.array(), at + 20);
        assertThat(new int[] {udp.srcPort(), udp.dstPort(), udp.length()}).containsExactly(sport, dport, 16 + inner.length);
        assertThat(udp.checksum()).isNotZero();

        VxlanEncapsulation rx = new VxlanEncapsulation();
        assertThat(rx.decapsulate(b)).isEqualTo(vni);
        assertThat(rx.lastFlagsValid()).isTrue();
        assertThat(rx.lastIpChecksumValid()).isTrue();
        assertThat(rx.lastUdpChecksumValid()).isTrue();
        assertThat(b.toByteArray()).isEqualTo(inner);
    }

    @Property
    void sourcePortStaysInRange(@ForAll int hash, @ForAll @IntRange(max = 0xFFFF) int low, @ForAll @IntRange(max = 0xFFFF) int high) {
        int port = VxlanEncapsulation.sourcePort(hash, low, high);
        if (low < high) {
            assertThat(port).isBetween(low, high - 1);
        } else {
            assertThat(port).isBetween(32768, 60998);
        }
        assertThat(VxlanEncapsulation.sourcePort(hash)).isBetween(32768, 60999);
    }
}
