package dev.overlaysim.protocols.codec;

import static dev.overlaysim.protocols.testing.WireBytes.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.buffer.PacketBuffer;
import dev.overlaysim.protocols.testing.Frames;
import dev.overlaysim.protocols.testing.RefChecksum;
import org.junit.jupiter.api.Test;

class VxlanEncapsulationTest {

    /**
     * The real-capture frame: a 56-byte ping from 10.1.15.2 to 10.1.16.3 as it crosses node1's eth0.
     * The eth0 MACs (42:01:0a:a8:00:02 → 42:01:0a:a8:00:03) are our choice; the capture's are not
     * recorded. The outer UDP source port comes from our deterministic flow hash (Linux's differs per
     * boot; only its range 32768..60999 is comparable). An independent Python/struct build of the same
     * frame produced exactly these bytes.
     */
    @Test
    void realCaptureFrameOfA56BytePing() {
        PacketBuffer b = Frames.vxlanPing();
        byte[] f = b.toByteArray();
        assertThat(f).hasSize(148); // 14 + 20 + 8 + 8 + 14 + 84

        int srcPort = VxlanEncapsulation.sourcePort(VxlanEncapsulation.flowHash(f, 50, 98));
        assertThat(srcPort).isBetween(32768, 60999).isEqualTo(0xc325); // pinned: the hash must not drift
        byte[] payload = Frames.pingPayload();
        byte[] expected = bytes()
                // outer Ethernet
                .hex("42 01 0a a8 00 03") // dst: node2 eth0
                .hex("42 01 0a a8 00 02") // src: node1 eth0
                .u16(0x0800)              // EtherType IPv4
                // outer IPv4
                .u8(0x45)                 // version 4, IHL 5
                .u8(0x00)                 // TOS 0
                .u16(134)                 // total length: 20 + 8 + 8 + 98
                .u16(0x3c5e)              // identification (varies per packet)
                .u16(0x0000)              // flags: DF clear, offset 0
                .u8(64)                   // TTL 64
                .u8(17)                   // protocol UDP
                .u16(0x28b5)              // header checksum
                .ip("10.168.0.2")         // src: node1
                .ip("10.168.0.3")         // dst: node2
                // UDP
                .u16(0xc325)              // src port 49957: flow hash mapped into 32768..60999
                .u16(8472)                // dst port: Linux's VXLAN default
                .u16(114)                 // length: 8 + 8 + 98
                .u16(0xa64e)              // checksum (pseudo-header), non-zero as on the capture
                // VXLAN
                .hex("08 00 00 00")       // flags I, reserved
                .hex("00 00 01 00")       // VNI 1, reserved
                // inner Ethernet
                .hex("5e f8 4f 00 e3 37") // dst: node2 flannel.1 (VtepMAC)
                .hex("5e f8 4f 00 0f 00") // src: node1 flannel.1
                .u16(0x0800)              // EtherType IPv4
                // inner IPv4
                .u8(0x45)                 // version 4, IHL 5
                .u8(0x00)                 // TOS 0
                .u16(84)                  // total length
                .u16(0x1c46)              // identification
                .u16(0x4000)              // DF
                .u8(63)                   // TTL: decremented once by node1's forwarding
                .u8(1)                    // protocol ICMP
                .u16(0xec5c)              // header checksum
                .ip("10.1.15.2")          // src: container A
                .ip("10.1.16.3")          // dst: container B
                // ICMP
                .u8(8)                    // echo request
                .u8(0)                    // code
                .u16(0x95b7)              // checksum
                .u16(0x0d3c)              // identifier
                .u16(1)                   // sequence
                .raw(payload)             // 16-byte timeval, then 0x10..0x37
                .build();
        assertThat(f).isEqualTo(expected);

        // every layer decoded back
        EthernetHeader outerEth = new EthernetHeader().decode(f, 0, f.length);
        assertThat(outerEth.etherType()).isEqualTo(EthernetHeader.TYPE_IPV4);
        Ipv4Header outerIp = new Ipv4Header().decode(f, 14, f.length - 14);
        assertThat(outerIp.ttl()).isEqualTo(64);
        assertThat(outerIp.tos()).isZero();
        assertThat(outerIp.dontFragment()).isFalse();
        assertThat(outerIp.protocol()).isEqualTo(Ipv4Header.PROTO_UDP);
        assertThat(outerIp.src()).isEqualTo(Ipv4Address.parseInt("10.168.0.2"));
        assertThat(outerIp.dst()).isEqualTo(Ipv4Address.parseInt("10.168.0.3"));
        UdpHeader udp = new UdpHeader().decode(f, outerIp.payloadOffset(), outerIp.payloadLength());
        assertThat(udp.dstPort()).isEqualTo(8472);
        assertThat(udp.srcPort()).isBetween(VxlanEncapsulation.DEFAULT_SOURCE_PORT_LOW, VxlanEncapsulation.DEFAULT_SOURCE_PORT_HIGH);
        VxlanHeader vx = new VxlanHeader().decode(f, udp.payloadOffset(), udp.payloadLength());
        assertThat(vx.vni()).isEqualTo(1);
        assertThat(vx.flagsValid()).isTrue();
        assertThat(Arrays.copyOfRange(f, 42, 50)).isEqualTo(bytes().hex("08 00 00 00 00 00 01 00").build());
        Ipv4Header innerIp = new Ipv4Header().decode(f, 64, 84);
        assertThat(innerIp.ttl()).isEqualTo(63);
        assertThat(innerIp.dontFragment()).isTrue();
        IcmpMessage icmp = new IcmpMessage().decode(f, 84, 64);
        assertThat(icmp.type()).isEqualTo(IcmpMessage.TYPE_ECHO_REQUEST);
        assertThat(icmp.identifier()).isEqualTo(0x0d3c);
        assertThat(icmp.sequence()).isEqualTo(1);

        // every checksum, with the codecs and independently
        assertThat(outerIp.checksumValid()).isTrue();
        assertThat(udp.checksumValid(outerIp.src(), outerIp.dst())).isTrue();
        assertThat(innerIp.checksumValid()).isTrue();
        assertThat(icmp.checksumValid()).isTrue();
        assertThat(RefChecksum.of(Arrays.copyOfRange(f, 14, 34))).isZero();
        assertThat(RefChecksum.of(RefChecksum.pseudoHeader("10.168.0.2", "10.168.0.3", 17, 114), Arrays.copyOfRange(f, 34, 148))).isZero();
        assertThat(RefChecksum.of(Arrays.copyOfRange(f, 64, 84))).isZero();
        assertThat(RefChecksum.of(Arrays.copyOfRange(f, 84, 148))).isZero();
    }

    @Test
    void encapsulateSetsHeaderMarksAndReturnsTheNewOffset() {
        PacketBuffer b = Frames.innerPingFrame();
        int before = b.offset();
        int at = new VxlanEncapsulation().encapsulate(b, Frames.NODE1_IP, Frames.NODE2_IP, 1, 0, 64, 40000, 8472, 1);
        assertThat(at).isEqualTo(before - 36).isEqualTo(b.offset());
        assertThat(b.networkHeader()).isEqualTo(at);
        assertThat(b.transportHeader()).isEqualTo(at + 20);
        assertThat(b.length()).isEqualTo(98 + 36);
    }

    @Test
    void zeroCopyRoundTripOfA1500ByteInnerFrame() {
        PacketBuffer b = new PacketBuffer(2048, 128);
        int at = b.put(1500);
        byte[] array = b.array();
        for (int i = 0; i < 1500; i++) array[at + i] = (byte) (i * 31 + 7);
        byte[] original = b.toByteArray();
        int innerOffset = b.offset();
        int end = b.end();

        VxlanEncapsulation vxlan = new VxlanEncapsulation();
        int outer = vxlan.encapsulate(b, Frames.NODE1_IP, Frames.NODE2_IP, 0x1234, 0, 64, 50000, 8472, 42);
        assertThat(b.array()).isSameAs(array);
        assertThat(outer).isEqualTo(innerOffset - 36);
        assertThat(b.end()).isEqualTo(end);
        assertThat(Arrays.copyOfRange(array, innerOffset, end)).isEqualTo(original);

        int vni = vxlan.decapsulate(b);
        assertThat(vni).isEqualTo(42);
        assertThat(vxlan.lastFlagsValid()).isTrue();
        assertThat(vxlan.lastIpChecksumValid()).isTrue();
        assertThat(vxlan.lastUdpChecksumValid()).isTrue();
        assertThat(vxlan.outerUdp().srcPort()).isEqualTo(50000);
        assertThat(vxlan.outerIp().identification()).isEqualTo(0x1234);
        assertThat(b.array()).isSameAs(array);
        assertThat(b.offset()).isEqualTo(outer + 36).isEqualTo(innerOffset);
        assertThat(b.end()).isEqualTo(end);
        assertThat(b.networkHeader()).isEqualTo(outer);
        assertThat(b.transportHeader()).isEqualTo(outer + 20);
        assertThat(b.toByteArray()).isEqualTo(original);
    }

    @Test
    void encapDecapAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        PacketBuffer b = new PacketBuffer(2048, 128);
        b.put(1500);
        VxlanEncapsulation vxlan = new VxlanEncapsulation();
        int checksum = 0;
        for (int i = 0; i < 20_000; i++) { // warm-up: let the JIT compile the path
            checksum += roundTrip(vxlan, b, i);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            checksum += roundTrip(vxlan, b, i);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated by 10,000 encapsulate+decapsulate").isLessThan(1024);
        assertThat(checksum).isNotZero();
    }

    private static int roundTrip(VxlanEncapsulation vxlan, PacketBuffer b, int i) {
        int port = VxlanEncapsulation.sourcePort(VxlanEncapsulation.flowHash(b.array(), b.offset(), b.length()));
        vxlan.encapsulate(b, Frames.NODE1_IP, Frames.NODE2_IP, i & 0xFFFF, 0, 64, port, 8472, 1);
        return vxlan.decapsulate(b) + port;
    }

    @Test
    void paddingAfterTheDatagramIsTrimmed() {
        PacketBuffer b = Frames.innerPingFrame();
        new VxlanEncapsulation().encapsulate(b, Frames.NODE1_IP, Frames.NODE2_IP, 1, 0, 64, 40000, 8472, 1);
        b.put(6); // link-layer padding
        VxlanEncapsulation vxlan = new VxlanEncapsulation();
        vxlan.decapsulate(b);
        assertThat(b.length()).isEqualTo(98);
    }

    @Test
    void decapsulateRejectsStructuralProblems() {
        VxlanEncapsulation vxlan = new VxlanEncapsulation();
        PacketBuffer notUdp = Frames.echoIp(IcmpMessage.TYPE_ECHO_REQUEST, Frames.CONTAINER_A_IP, Frames.CONTAINER_B_IP, 64, 1);
        int at = notUdp.offset();
        assertThatThrownBy(() -> vxlan.decapsulate(notUdp))
                .isInstanceOf(MalformedPacketException.class)
                .hasMessage("IPv4 protocol at offset " + (at + 9) + ": found 1 (expected: 17 (UDP))");
        assertThat(notUdp.offset()).as("nothing pulled on error").isEqualTo(at);

        PacketBuffer tooShort = PacketBuffer.allocate();
        tooShort.put(8);
        new VxlanEncapsulation().encapsulate(tooShort, 1, 2, 0, 0, 64, 40000, 8472, 1);
        int off = tooShort.offset();
        assertThatThrownBy(() -> vxlan.decapsulate(tooShort))
                .hasMessage("VXLAN inner frame length at offset " + (off + 36) + ": found 8 bytes (expected: 14+ bytes (an Ethernet header))");

        PacketBuffer fragment = Frames.vxlanPing();
        fragment.pull(14);
        new Ipv4Header().wrap(fragment.array(), fragment.offset()).flagsAndOffset(Ipv4Header.FLAG_MF).updateChecksum();
        assertThatThrownBy(() -> vxlan.decapsulate(fragment))
                .hasMessageStartingWith("IPv4 fragment at offset");

        PacketBuffer badUdpLength = Frames.vxlanPing();
        badUdpLength.pull(14);
        new UdpHeader().wrap(badUdpLength.array(), badUdpLength.offset() + 20).length(200);
        assertThatThrownBy(() -> vxlan.decapsulate(badUdpLength))
                .hasMessage("UDP length at offset " + (badUdpLength.offset() + 24) + ": found 200 (expected: 8..114 (header to the bytes present))");
    }

    @Test
    void policyChecksAreLeftToTheCaller() {
        PacketBuffer b = Frames.vxlanPing();
        b.pull(14);
        byte[] a = b.array();
        a[b.offset() + 28] = 0;                // clear the I flag
        a[b.offset() + 40] ^= 1;               // and corrupt one inner byte: UDP checksum now wrong
        VxlanEncapsulation vxlan = new VxlanEncapsulation();
        assertThat(vxlan.decapsulate(b)).isEqualTo(1);
        assertThat(vxlan.lastFlagsValid()).isFalse();
        assertThat(vxlan.lastUdpChecksumValid()).isFalse();
        assertThat(vxlan.lastIpChecksumValid()).isTrue();
    }

    @Test
    void encapsulateRejectsFieldsThatDoNotFit() {
        VxlanEncapsulation vxlan = new VxlanEncapsulation();
        assertThatThrownBy(() -> vxlan.encapsulate(Frames.innerPingFrame(), 1, 2, 0, 0, 64, 40000, 8472, 1 << 24))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("VXLAN VNI 16777216 out of range 0..16777215");
        assertThatThrownBy(() -> vxlan.encapsulate(Frames.innerPingFrame(), 1, 2, 0, 0, 256, 40000, 8472, 1))
                .hasMessage("IPv4 TTL 256 out of range 0..255");
        assertThatThrownBy(() -> vxlan.encapsulate(Frames.innerPingFrame(), 1, 2, 0, 0, 64, 65536, 8472, 1))
                .hasMessage("UDP source port 65536 out of range 0..65535");
        assertThatThrownBy(() -> vxlan.encapsulate(new PacketBuffer(100, 20), 1, 2, 0, 0, 64, 1, 8472, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("VXLAN encapsulation needs 36 bytes of headroom, the buffer has 20");
    }

    @Test
    void sourcePortFollowsUdpFlowSrcPort() {
        // ((hash ^ hash << 16) * (high - low)) >> 32 + low
        assertThat(VxlanEncapsulation.sourcePort(0)).isEqualTo(32768);
        assertThat(VxlanEncapsulation.sourcePort(-1)).isEqualTo(32768 + (int) (((0xFFFF_FFFFL ^ 0xFFFF_0000L) * 28231) >>> 32));
        assertThat(VxlanEncapsulation.sourcePort(0x0000_FFFF)).isEqualTo(60998); // 0xffffffff after the xor: the top of [low, high)
        assertThat(VxlanEncapsulation.sourcePort(0x8000_0000)).isEqualTo(32768 + 28231 / 2);
        assertThat(VxlanEncapsulation.sourcePort(12345, 1000, 1001)).isEqualTo(1000);
        assertThat(VxlanEncapsulation.sourcePort(0x0000_FFFF, 0, 0)).as("low >= high: the default range, as the kernel").isEqualTo(60998);
        assertThatThrownBy(() -> VxlanEncapsulation.sourcePort(1, -1, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void flowHashIsDeterministicSymmetricAndSeesPorts() {
        byte[] ping = Frames.innerPingFrame().toByteArray();
        int h = VxlanEncapsulation.flowHash(ping, 0, ping.length);
        assertThat(VxlanEncapsulation.flowHash(ping, 0, ping.length)).isEqualTo(h);
        assertThat(h).isEqualTo(VxlanEncapsulation.flowHash(Frames.innerPingFrame().toByteArray(), 0, 98));

        // the reply direction hashes alike (addresses ordered, like __flow_hash_consistentify)
        byte[] reply = ping.clone();
        System.arraycopy(ping, 14 + 12, reply, 14 + 16, 4);
        System.arraycopy(ping, 14 + 16, reply, 14 + 12, 4);
        assertThat(VxlanEncapsulation.flowHash(reply, 0, reply.length)).isEqualTo(h);

        // UDP ports are part of the flow
        byte[] udp1 = Frames.udpWithChecksum();
        byte[] udp2 = udp1.clone();
        udp2[34 + 1] ^= 1; // source port 40000 -> 40001
        assertThat(VxlanEncapsulation.flowHash(udp1, 0, udp1.length)).isNotEqualTo(VxlanEncapsulation.flowHash(udp2, 0, udp2.length));

        // non-IPv4 and runts hash the MACs and whatever is present; never throw
        byte[] arp = Frames.arpRequest();
        assertThat(VxlanEncapsulation.flowHash(arp, 0, arp.length)).isEqualTo(VxlanEncapsulation.flowHash(arp, 0, 14));
        VxlanEncapsulation.flowHash(new byte[0], 0, 0);
        VxlanEncapsulation.flowHash(ping, 0, 20);
        assertThatThrownBy(() -> VxlanEncapsulation.flowHash(ping, 90, 20)).isInstanceOf(MalformedPacketException.class);
    }
}
