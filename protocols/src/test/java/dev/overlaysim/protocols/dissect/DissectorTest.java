package dev.overlaysim.protocols.dissect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.overlaysim.protocols.buffer.PacketBuffer;
import dev.overlaysim.protocols.codec.Bytes;
import dev.overlaysim.protocols.pcap.LinkType;
import dev.overlaysim.protocols.testing.Frames;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class DissectorTest {
    private final Dissector dissector = new Dissector();

    private String eth(byte[] f) {
        return dissector.dissect(f, 0, f.length, LinkType.ETHERNET);
    }

    @Test
    void vxlanPingShowsEveryLayer() {
        PacketBuffer b = Frames.vxlanPing();
        assertThat(dissector.dissect(b, LinkType.ETHERNET)).isEqualTo(String.join("\n",
                "Ethernet II, Src: 42:01:0a:a8:00:02, Dst: 42:01:0a:a8:00:03, Type: IPv4 (0x0800)",
                "Internet Protocol Version 4, Src: 10.168.0.2, Dst: 10.168.0.3, Len: 134, ID: 0x3c5e, Flags: none, TTL: 64, Proto: UDP (17), Checksum: 0x28b5 [correct]",
                "User Datagram Protocol, Src Port: 49957, Dst Port: 8472, Len: 114, Checksum: 0xa64e [correct]",
                "Virtual eXtensible Local Area Network, Flags: 0x08 (I), VNI: 1",
                "Ethernet II, Src: 5e:f8:4f:00:0f:00, Dst: 5e:f8:4f:00:e3:37, Type: IPv4 (0x0800)",
                "Internet Protocol Version 4, Src: 10.1.15.2, Dst: 10.1.16.3, Len: 84, ID: 0x1c46, Flags: DF, TTL: 63, Proto: ICMP (1), Checksum: 0xec5c [correct]",
                "Internet Control Message Protocol, Echo (ping) request, id=0x0d3c, seq=1, Checksum: 0x95b7 [correct]"));
    }

    @Test
    void arpRequestAndReply() {
        assertThat(eth(Frames.arpRequest())).isEqualTo(String.join("\n",
                "Ethernet II, Src: 02:42:0a:01:0f:02, Dst: ff:ff:ff:ff:ff:ff, Type: ARP (0x0806)",
                "Address Resolution Protocol (request), Sender MAC: 02:42:0a:01:0f:02, Sender IP: 10.1.15.2, Target MAC: 00:00:00:00:00:00, Target IP: 10.1.15.1"));
        assertThat(eth(Frames.arpReply())).endsWith(
                "Address Resolution Protocol (reply), Sender MAC: 0a:58:0a:01:0f:01, Sender IP: 10.1.15.1, Target MAC: 02:42:0a:01:0f:02, Target IP: 10.1.15.2");
    }

    @Test
    void arpPaddedToTheEthernetMinimum() {
        byte[] padded = java.util.Arrays.copyOf(Frames.arpRequest(), 60);
        assertThat(dissector.layers(padded, 0, 60, LinkType.ETHERNET)).last().isEqualTo("Padding (18 bytes)");
    }

    @Test
    void icmpErrorsShowTheQuoteIndented() {
        assertThat(eth(Frames.fragNeeded())).isEqualTo(String.join("\n",
                "Ethernet II, Src: 0a:58:0a:01:0f:01, Dst: 02:42:0a:01:0f:02, Type: IPv4 (0x0800)",
                "Internet Protocol Version 4, Src: 10.1.15.1, Dst: 10.1.15.2, Len: 56, ID: 0x7a01, Flags: none, DSCP: 48, ECN: 0, TTL: 64, Proto: ICMP (1), Checksum: 0xcdff [correct]",
                "Internet Control Message Protocol, Destination unreachable (Fragmentation needed), MTU of next hop: 1450, Checksum: 0x7f9f [correct]",
                "  Internet Protocol Version 4, Src: 10.1.15.2, Dst: 10.1.16.3, Len: 1500, ID: 0x4d2f, Flags: DF, TTL: 64, Proto: UDP (17), Checksum: 0xb4db [correct]",
                "  User Datagram Protocol, Src Port: 40000, Dst Port: 5001, Len: 1480, Checksum: 0xc220 [unverified: quoted]"));
        assertThat(dissector.layers(Frames.timeExceeded(), 0, 70, LinkType.ETHERNET)).containsExactly(
                "Ethernet II, Src: 0a:58:0a:01:0f:01, Dst: 02:42:0a:01:0f:02, Type: IPv4 (0x0800)",
                "Internet Protocol Version 4, Src: 10.1.15.1, Dst: 10.1.15.2, Len: 56, ID: 0x7a01, Flags: none, DSCP: 48, ECN: 0, TTL: 64, Proto: ICMP (1), Checksum: 0xcdff [correct]",
                "Internet Control Message Protocol, Time-to-live exceeded (in transit), Checksum: 0x4a0b [correct]",
                "  Internet Protocol Version 4, Src: 10.1.15.2, Dst: 10.1.16.3, Len: 84, ID: 0x1c46, Flags: DF, TTL: 1, Proto: ICMP (1), Checksum: 0x2a5d [correct]",
                "  Internet Control Message Protocol, Echo (ping) request, id=0x0d3c, seq=7, Checksum: 0x95b1 [unverified: quoted]");
    }

    @Test
    void udpChecksumStates() {
        assertThat(eth(Frames.udpZeroChecksum())).isEqualTo(String.join("\n",
                "Ethernet II, Src: 02:42:0a:01:0f:02, Dst: 0a:58:0a:01:0f:01, Type: IPv4 (0x0800)",
                "Internet Protocol Version 4, Src: 10.1.15.2, Dst: 10.1.16.3, Len: 32, ID: 0x2222, Flags: DF, TTL: 64, Proto: UDP (17), Checksum: 0xe5a4 [correct]",
                "User Datagram Protocol, Src Port: 40000, Dst Port: 5001, Len: 12, Checksum: 0x0000 [none]",
                "Data (4 bytes)"));
        byte[] good = Frames.udpWithChecksum();
        String goodUdp = dissector.layers(good, 0, good.length, LinkType.ETHERNET).get(2);
        assertThat(goodUdp).endsWith("[correct]");
        int right = Bytes.u16(good, 40);
        byte[] bad = good.clone();
        Bytes.put16(bad, 40, right ^ 0x0101);
        assertThat(dissector.layers(bad, 0, bad.length, LinkType.ETHERNET).get(2))
                .isEqualTo(String.format("User Datagram Protocol, Src Port: 40000, Dst Port: 5001, Len: 25, Checksum: 0x%04x [incorrect, should be 0x%04x]",
                        right ^ 0x0101, right));
    }

    @Test
    void badIpChecksumSaysWhatItShouldBe() {
        byte[] f = Frames.echoRequest();
        f[24] ^= 0x10; // checksum high byte
        String ipLine = dissector.layers(f, 0, f.length, LinkType.ETHERNET).get(1);
        assertThat(ipLine).endsWith(String.format("Checksum: 0x%04x [incorrect, should be 0x%04x]", Bytes.u16(f, 24), Bytes.u16(f, 24) ^ 0x1000));
    }

    @Test
    void rawLinkTypeStartsAtIpv4AndFlannelUdpCarriesIpv4() {
        byte[] tun = Frames.tunPing();
        assertThat(dissector.layers(tun, 0, tun.length, LinkType.RAW)).containsExactly(
                "Internet Protocol Version 4, Src: 10.1.15.2, Dst: 10.1.16.3, Len: 84, ID: 0x1c46, Flags: DF, TTL: 63, Proto: ICMP (1), Checksum: 0xec5c [correct]",
                "Internet Control Message Protocol, Echo (ping) request, id=0x0d3c, seq=1, Checksum: 0x95b7 [correct]");
        List<String> udp = dissector.layers(Frames.flannelUdpPing(), 0, 126, LinkType.ETHERNET);
        assertThat(udp).hasSize(5);
        assertThat(udp.get(2)).startsWith("User Datagram Protocol, Src Port: 8285, Dst Port: 8285, Len: 92");
        assertThat(udp.get(3)).isEqualTo(dissector.layers(tun, 0, tun.length, LinkType.RAW).get(0));
    }

    @Test
    void vxlanPortsAreConfigurable() {
        byte[] f = Frames.vxlanPing().toByteArray();
        Dissector ianaOnly = new Dissector(new int[] {4789}, new int[0]);
        assertThat(ianaOnly.layers(f, 0, f.length, LinkType.ETHERNET)).hasSize(4).last().isEqualTo("Data (106 bytes)");
    }

    @Test
    void malformedStopsWithALineAndNeverThrows() {
        byte[] f = Frames.vxlanPing().toByteArray();
        assertThat(dissector.layers(f, 0, 60, LinkType.ETHERNET)).containsExactly(
                "Ethernet II, Src: 42:01:0a:a8:00:02, Dst: 42:01:0a:a8:00:03, Type: IPv4 (0x0800)",
                "[Malformed: IPv4 total length at offset 16: found 134 (only 46 bytes present) (expected: at most the bytes present)]");
        assertThat(dissector.dissect(f, 0, 10, LinkType.ETHERNET))
                .isEqualTo("[Malformed: Ethernet header length at offset 0: found 10 bytes (expected: 14+ bytes)]");
        assertThat(dissector.dissect(f, 140, 20, LinkType.ETHERNET))
                .isEqualTo("[Malformed: buffer range at offset 140: found offset 140 length 20 in an array of 148 (expected: a range inside the array)]");
        assertThat(dissector.dissect(null, 0, 0, LinkType.RAW)).isEqualTo("[Malformed: buffer at offset 0: found null (expected: a byte array)]");
        byte[] noIFlag = f.clone();
        noIFlag[42] = 0x0c;
        assertThat(dissector.layers(noIFlag, 0, noIFlag.length, LinkType.ETHERNET).get(3))
                .isEqualTo("Virtual eXtensible Local Area Network, Flags: 0x0c (I), Reserved bits set, VNI: 1");
    }

    @Property(tries = 10_000)
    void randomBytesNeverThrow(@ForAll @Size(max = 100) byte[] a, @ForAll @IntRange(min = -8, max = 108) int off,
                               @ForAll @IntRange(min = -8, max = 108) int len, @ForAll LinkType linkType) {
        String text = dissector.dissect(a, off, len, linkType);
        assertThat(text).isNotEmpty().isEqualTo(dissector.dissect(a, off, len, linkType));
    }

    @Property(tries = 10_000)
    void mutatedFramesNeverThrow(@ForAll("frames") byte[] frame, @ForAll @IntRange(max = 147) int at1, @ForAll byte v1,
                                 @ForAll @IntRange(max = 147) int at2, @ForAll byte v2, @ForAll @IntRange(max = 148) int cut) {
        byte[] f = frame.clone();
        f[at1 % f.length] = v1;
        f[at2 % f.length] = v2;
        int len = Math.min(cut, f.length);
        assertThat(dissector.layers(f, 0, len, LinkType.ETHERNET)).isNotEmpty();
        assertThat(dissector.layers(f, 14, Math.max(0, len - 14), LinkType.RAW)).isNotEmpty();
    }

    @Provide
    Arbitrary<byte[]> frames() {
        return Arbitraries.of(Frames.vxlanPing().toByteArray(), Frames.fragNeeded(), Frames.timeExceeded(), Frames.arpRequest(),
                Frames.udpWithChecksum(), Frames.flannelUdpPing(), Frames.echoReply());
    }
}
