package dev.overlaysim.protocols.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import dev.overlaysim.protocols.dissect.Dissector;
import dev.overlaysim.protocols.pcap.PcapReader;
import org.junit.jupiter.api.Test;

/**
 * TCP headers built here against segments the real kernel sent: two captures taken on Linux
 * 6.18 (veth between two namespaces, checksum offload off, MTU 1500 and 1450), a Python client
 * sending 5000 and 3000 bytes to a server that reads them all, then both closing. Every segment is
 * rebuilt from the values Linux chose at random (ports, ISNs, timestamps) and the rules it follows
 * for the rest, and must equal the kernel's bytes, checksum included.
 */
class TcpHeaderTest {

    private static List<byte[]> segments(String name) throws IOException, URISyntaxException {
        Path p = Path.of(TcpHeaderTest.class.getResource("/kernel/" + name).toURI());
        return PcapReader.read(p).records().stream().map(PcapReader.Record::bytes)
                .filter(f -> new EthernetHeader().wrap(f, 0).etherType() == EthernetHeader.TYPE_IPV4).toList();
    }

    /** Rebuilds the TCP header and options of a kernel segment with this codec; returns the whole rebuilt frame. */
    private static byte[] rebuild(byte[] kernel, int mss, boolean sackPermitted, int wscale) {
        byte[] f = kernel.clone();
        Ipv4Header ip = new Ipv4Header().wrap(f, EthernetHeader.LENGTH);
        int off = ip.payloadOffset();
        int len = ip.payloadLength();
        TcpHeader k = new TcpHeader().decode(kernel, off, len);
        TcpOptions opts = new TcpOptions().parse(kernel, k);
        int blocks = opts.sackBlocks();
        int[] edges = new int[2 * blocks];
        for (int i = 0; i < blocks; i++) {
            edges[2 * i] = opts.sackLeft(i);
            edges[2 * i + 1] = opts.sackRight(i);
        }
        int optLen = TcpHeader.optionsSize(mss, sackPermitted, opts.timestamps(), wscale, blocks);
        Arrays.fill(f, off, off + TcpHeader.MIN_LENGTH + optLen, (byte) 0x5a);
        TcpHeader t = new TcpHeader().wrap(f, off).set(k.srcPort(), k.dstPort(), k.seq(), k.ack(), TcpHeader.MIN_LENGTH + optLen,
                k.flags(), k.window());
        int written = TcpHeader.writeOptions(f, off + TcpHeader.MIN_LENGTH, mss, sackPermitted, opts.timestamps(), opts.tsVal(),
                opts.tsEcr(), wscale, edges, blocks);
        assertThat(written).isEqualTo(optLen);
        t.updateChecksum(ip.src(), ip.dst(), len);
        return f;
    }

    @Test
    void aSynAndSynAckHaveLinuxsOptionsInLinuxsOrder() throws Exception {
        for (String cap : List.of("tcp-handshake-mtu1500.pcap", "tcp-handshake-mtu1450.pcap")) {
            List<byte[]> s = segments(cap);
            int mss = cap.contains("1500") ? 1460 : 1410;
            byte[] syn = s.get(0);
            byte[] synAck = s.get(1);
            // mss, sackOK + TS sharing a word, TS val/ecr, nop, wscale 7: 20 bytes of options
            assertThat(rebuild(syn, mss, true, 7)).as(cap + " SYN").isEqualTo(syn);
            assertThat(rebuild(synAck, mss, true, 7)).as(cap + " SYN-ACK").isEqualTo(synAck);
            int off = EthernetHeader.LENGTH + Ipv4Header.MIN_LENGTH;
            assertThat(Arrays.copyOfRange(syn, off + 20, off + 24)).containsExactly(0x02, 0x04, mss >> 8, mss & 0xFF);
            assertThat(Arrays.copyOfRange(syn, off + 24, off + 28)).containsExactly(0x04, 0x02, 0x08, 0x0a);
            assertThat(Arrays.copyOfRange(syn, off + 36, off + 40)).containsExactly(0x01, 0x03, 0x03, 0x07);
        }
    }

    @Test
    void everyLaterSegmentCarriesNopNopTimestampAndNothingElse() throws Exception {
        for (String cap : List.of("tcp-handshake-mtu1500.pcap", "tcp-handshake-mtu1450.pcap")) {
            List<byte[]> s = segments(cap);
            assertThat(s.size()).as(cap).isGreaterThan(8);
            for (byte[] seg : s.subList(2, s.size())) {
                assertThat(rebuild(seg, 0, false, -1)).as(cap).isEqualTo(seg);
                TcpHeader t = new TcpHeader().wrap(seg, EthernetHeader.LENGTH + Ipv4Header.MIN_LENGTH);
                assertThat(t.headerLength()).isEqualTo(TcpHeader.MIN_LENGTH + TcpHeader.TSTAMP_ALIGNED);
            }
        }
    }

    /**
     * Two more captures (Linux 6.18): a client on MTU 1500 sends 5000 bytes through a router whose
     * next link has MTU 1450. Its three full segments draw frag-needed (mtu 1450); the receiver ACKs
     * the 656-byte one that got through with a SACK block; the client resends at MSS 1398 at once
     * (tcp_v4_mtu_reduced). With the client's ICMP blackholed ({@code ip rule ... ipproto icmp
     * blackhole}) it instead resends the 1448-byte segment 7.6 ms later and again at its RTO
     * (208 ms), and stalls.
     */
    @Test
    void theSegmentsOfAPathMtuDropAndOfABlackHoleToo() throws Exception {
        int sacks = 0, icmps = 0;
        for (String cap : List.of("tcp-pmtu-frag-needed.pcap", "tcp-pmtu-black-hole.pcap")) {
            List<byte[]> s = segments(cap);
            for (byte[] seg : s) {
                Ipv4Header ip = new Ipv4Header().wrap(seg, EthernetHeader.LENGTH);
                if (ip.protocol() == Ipv4Header.PROTO_ICMP) {
                    icmps++;
                    IcmpMessage icmp = new IcmpMessage().wrap(seg, ip.payloadOffset(), ip.payloadLength());
                    assertThat(icmp.nextHopMtu()).isEqualTo(1450);
                    assertThat(ip.totalLength()).as("a 576-byte datagram's worth of quote").isEqualTo(576); // icmp_send() fills a 576-byte datagram with quote (tcpdump prints its ICMP length, 556)
                    continue;
                }
                TcpHeader t = new TcpHeader().wrap(seg, ip.payloadOffset());
                boolean syn = t.has(TcpHeader.SYN);
                TcpOptions o = new TcpOptions().parse(seg, t);
                if (o.sackBlocks() > 0) sacks++;
                assertThat(rebuild(seg, syn ? 1460 : 0, syn, syn ? 7 : -1)).as(cap).isEqualTo(seg);
            }
        }
        assertThat(sacks).as("four ACKs carry {4345:5001} until the hole is filled, one in the black hole").isEqualTo(4 + 1);
        assertThat(icmps).isEqualTo(3 + 5);
    }

    @Test
    void optionsParseAsTcpParseOptionsDoes() throws Exception {
        byte[] syn = segments("tcp-handshake-mtu1500.pcap").get(0);
        int off = EthernetHeader.LENGTH + Ipv4Header.MIN_LENGTH;
        TcpHeader t = new TcpHeader().decode(syn, off, syn.length - off);
        TcpOptions o = new TcpOptions().parse(syn, t);
        assertThat(o.mss()).isEqualTo(1460);
        assertThat(o.wscale()).isEqualTo(7);
        assertThat(o.sackPermitted()).isTrue();
        assertThat(o.timestamps()).isTrue();
        assertThat(o.tsEcr()).isZero();
        assertThat(TcpOptions.describe(syn, t.optionsOffset(), t.optionsLength()))
                .matches("mss 1460,sackOK,TS val \\d+ ecr 0,nop,wscale 7");
        assertThat(t.checksumValid(new Ipv4Header().wrap(syn, 14).src(), new Ipv4Header().wrap(syn, 14).dst(), syn.length - off)).isTrue();
        syn[off + 30] ^= 1; // a TSval bit
        assertThat(t.checksumValid(new Ipv4Header().wrap(syn, 14).src(), new Ipv4Header().wrap(syn, 14).dst(), syn.length - off)).isFalse();

        // MSS and window scale count only on a SYN; a SACK option only off one; scale capped at 14
        byte[] a = new byte[40];
        int n = TcpHeader.writeOptions(a, 0, 1400, true, true, 1, 2, 20, null, 0);
        assertThat(new TcpOptions().parse(a, 0, n, false).mss()).isZero();
        assertThat(new TcpOptions().parse(a, 0, n, true).wscale()).isEqualTo(14);
        int[] edges = {100, 200, 300, 400, 500, 600};
        n = TcpHeader.writeOptions(a, 0, 0, false, true, 7, 8, -1, edges, 3);
        assertThat(n).isEqualTo(40);
        TcpOptions sack = new TcpOptions().parse(a, 0, n, false);
        assertThat(sack.sackBlocks()).isEqualTo(3);
        assertThat(sack.sackLeft(2)).isEqualTo(500);
        assertThat(sack.sackRight(2)).isEqualTo(600);
        assertThat(TcpOptions.describe(a, 0, n)).isEqualTo("nop,nop,TS val 7 ecr 8,nop,nop,sack 3 {100:200} {300:400} {500:600}");
        // an option running past the header ends the parse: what came before stands
        byte[] bad = {2, 4, 5, (byte) 0xb4, 8, 10, 0, 0};
        TcpOptions b = new TcpOptions().parse(bad, 0, bad.length, true);
        assertThat(b.mss()).isEqualTo(1460);
        assertThat(b.timestamps()).isFalse();
        assertThat(b.truncated()).isTrue();
    }

    @Test
    void aDataOffsetOutsideTheSegmentIsMalformed() {
        byte[] a = new byte[24];
        a[TcpHeader.DATA_OFFSET_OFFSET] = (byte) 0x70; // 28 bytes of header in 24
        assertThatThrownBy(() -> new TcpHeader().decode(a, 0, a.length)).isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("TCP data offset");
        a[TcpHeader.DATA_OFFSET_OFFSET] = (byte) 0x40; // 16 bytes: under the fixed header
        assertThatThrownBy(() -> new TcpHeader().decode(a, 0, a.length)).isInstanceOf(MalformedPacketException.class);
        assertThatThrownBy(() -> new TcpHeader().decode(new byte[19], 0, 19)).isInstanceOf(MalformedPacketException.class);
    }

    @Test
    void sequenceNumbersCompareAcrossTheWrap() {
        assertThat(TcpHeader.before(0xFFFF_FFF0, 0x10)).isTrue();
        assertThat(TcpHeader.after(0x10, 0xFFFF_FFF0)).isTrue();
        assertThat(TcpHeader.before(5, 5)).isFalse();
    }

    @Test
    void theDissectorPrintsASegmentAsTcpdumpNamesItsFlagsAndOptions() throws Exception {
        byte[] synAck = segments("tcp-handshake-mtu1450.pcap").get(1);
        assertThat(new Dissector().dissect(synAck, 0, synAck.length, dev.overlaysim.protocols.pcap.LinkType.ETHERNET))
                .containsPattern("Transmission Control Protocol, Src Port: 5201, Dst Port: \\d+, Seq: \\d+, Ack: \\d+, Flags: \\[S\\.\\], "
                        + "Win: 64308, Len: 0, Checksum: 0x[0-9a-f]{4} \\[correct\\], Options: \\[mss 1410,sackOK,TS val \\d+ ecr \\d+,nop,wscale 7\\]");
        var fields = new Dissector().fields(synAck, dev.overlaysim.protocols.pcap.LinkType.ETHERNET);
        assertThat(fields.summary()).matches("TCP 10\\.9\\.0\\.2:5201 > 10\\.9\\.0\\.1:\\d+ \\[S\\.\\] length 0");
        assertThat(fields.fields()).filteredOn(f -> f.name().equals("tcp.checksum")).singleElement()
                .satisfies(f -> assertThat(f.checksum().valid()).isTrue());
        assertThat(fields.fields()).filteredOn(f -> f.role() == dev.overlaysim.protocols.dissect.WireField.Role.TCP_TIMESTAMP).hasSize(2);
        assertThat(fields.fields()).filteredOn(f -> f.role() == dev.overlaysim.protocols.dissect.WireField.Role.TCP_SEQUENCE).hasSize(2);
        assertThat(Dissector.tcpFlags(TcpHeader.FIN | TcpHeader.ACK)).isEqualTo("F.");
        assertThat(Dissector.tcpFlags(TcpHeader.SYN | TcpHeader.ACK | TcpHeader.ECE)).isEqualTo("S.E");
    }
}
