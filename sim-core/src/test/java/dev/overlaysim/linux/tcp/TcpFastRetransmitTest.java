package dev.overlaysim.linux.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.linux.Tracer;
import dev.overlaysim.linux.World;
import dev.overlaysim.linux.device.L2Segment;
import dev.overlaysim.linux.device.Nic;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.buffer.PacketBuffer;
import dev.overlaysim.protocols.codec.EthernetHeader;
import dev.overlaysim.protocols.codec.Ipv4Header;
import dev.overlaysim.protocols.codec.TcpHeader;
import dev.overlaysim.trace.Flow;
import dev.overlaysim.trace.PacketContext;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Fast retransmit, played by hand: a sender with ten segments in flight meets a peer made of
 * frames this test writes (SYN-ACK, then ACKs). The second segment is "lost": the peer ACKs the
 * first, then repeats that ACK for each later segment it gets. Without SACK, the third duplicate
 * ACK resends the second segment at once — not at the RTO — and the window falls by CUBIC's beta
 * (10 → 7); two duplicates are not enough. With SACK, three segments SACKed above the hole do it.
 */
class TcpFastRetransmitTest {
    private static final int A = Ipv4Address.parseInt("10.9.0.1");
    private static final int B = Ipv4Address.parseInt("10.9.0.2");
    private static final long PEER_MAC = 0x02_00_00_00_00_02L;
    private static final int PEER_ISN = 1_000_000;
    private static final int MSS = 1460;

    private final World world = new World(5);
    private final NetNamespace a = world.addHost("a").root();
    private final Nic eth0;
    private final TcpConnectionTest.Client client;
    private int isn;

    TcpFastRetransmitTest() {
        L2Segment link = world.addSegment("link", 10_000, 10_000_000_000L);
        eth0 = new Nic(a, "eth0", 0x02_00_00_00_00_01L, 1500, link);
        eth0.addAddress(A, 24);
        eth0.setUp(true);
        a.neighbours().addPermanent(eth0, B, PEER_MAC);
        world.tracer().capturing(true);
        Flow flow = world.addFlow(new Flow("tcp-1", "tcp", "a", "b"));
        client = a.host().start(new TcpConnectionTest.Client(a, B, 5201, 40000, 10 * MSS, flow));
    }

    /** The TCP segments a sent, in order. */
    private List<TcpHeader> sent() {
        List<TcpHeader> out = new ArrayList<>();
        for (Tracer.Capture c : world.tracer().captures()) {
            if (!c.name().endsWith("-eth0")) continue;
            for (Tracer.Frame f : c.frames()) {
                Ipv4Header ip = new Ipv4Header().wrap(f.bytes(), EthernetHeader.LENGTH);
                if (ip.protocol() == Ipv4Header.PROTO_TCP && ip.src() == A) out.add(new TcpHeader().wrap(f.bytes(), EthernetHeader.LENGTH + 20));
            }
        }
        return out;
    }

    private static int payload(TcpHeader t, byte[] frame) {
        return new Ipv4Header().wrap(frame, EthernetHeader.LENGTH).payloadLength() - t.headerLength();
    }

    /** A segment from the peer to a, arriving now: ACK {@code ack} (an offset into a's stream), with SACK blocks {@code sack} (offsets). */
    private void peer(int flags, int seq, int ack, boolean synOptions, boolean sackOk, int... sack) {
        int opt = synOptions ? 4 + (sackOk ? 4 : 0) + 4 : sack.length > 0 ? 4 + 4 * sack.length : 0;
        int tcpLen = TcpHeader.MIN_LENGTH + opt;
        byte[] frame = new byte[EthernetHeader.LENGTH + 20 + tcpLen];
        new EthernetHeader().wrap(frame, 0).set(eth0.mac(), PEER_MAC, EthernetHeader.TYPE_IPV4);
        new Ipv4Header().wrap(frame, EthernetHeader.LENGTH).set(0, 20 + tcpLen, 0, Ipv4Header.FLAG_DF, 64, Ipv4Header.PROTO_TCP, B, A);
        TcpHeader t = new TcpHeader().wrap(frame, EthernetHeader.LENGTH + 20);
        // a SYN-ACK's window is never scaled (65160, as Linux offers); later ones are, by 7: 502 × 128
        t.set(5201, 40000, seq, isn + 1 + ack, tcpLen, flags, synOptions ? 65160 : 502);
        int p = t.optionsOffset();
        if (synOptions) {
            int[] none = new int[0];
            TcpHeader.writeOptions(frame, p, MSS, sackOk, false, 0, 0, 7, none, 0);
            // a SYN-ACK without timestamps: MSS, NOP NOP sackOK, NOP wscale
        } else if (sack.length > 0) {
            int[] edges = new int[sack.length];
            for (int i = 0; i < sack.length; i++) edges[i] = isn + 1 + sack[i];
            TcpHeader.writeOptions(frame, p, 0, false, false, 0, 0, -1, edges, sack.length / 2);
        }
        t.updateChecksum(B, A, tcpLen);
        PacketBuffer buf = new PacketBuffer(PacketBuffer.DEFAULT_HEADROOM + frame.length + 64, PacketBuffer.DEFAULT_HEADROOM);
        buf.copyIn(frame, 0, frame.length);
        PacketContext ctx = world.tracer().newPacket(null, "peer", "b", world.sim().now());
        ctx.ledger().leftSendingHost();
        eth0.receive(new Skb(buf, ctx));
        world.sim().runUntil(world.sim().now() + 50_000);
    }

    /** Connects (SYN, the peer's SYN-ACK) and lets the ten segments go. */
    private void established(boolean sackOk) {
        world.sim().runUntil(1_000_000);
        TcpHeader syn = sent().get(0);
        assertThat(syn.has(TcpHeader.SYN)).isTrue();
        isn = syn.seq();
        peer(TcpHeader.SYN | TcpHeader.ACK, PEER_ISN, 0, true, sackOk);
        world.sim().runUntil(world.sim().now() + 1_000_000);
    }

    private List<Integer> dataSeqs() {
        List<Integer> seqs = new ArrayList<>();
        for (Tracer.Capture c : world.tracer().captures()) {
            if (!c.name().endsWith("-eth0")) continue;
            for (Tracer.Frame f : c.frames()) {
                Ipv4Header ip = new Ipv4Header().wrap(f.bytes(), EthernetHeader.LENGTH);
                if (ip.protocol() != Ipv4Header.PROTO_TCP || ip.src() != A) continue;
                TcpHeader t = new TcpHeader().wrap(f.bytes(), EthernetHeader.LENGTH + 20);
                if (payload(t, f.bytes()) > 0) seqs.add(t.seq() - isn - 1);
            }
        }
        return seqs;
    }

    @Test
    void theThirdDuplicateAckResendsTheMissingSegmentAtOnce() {
        established(false);
        assertThat(dataSeqs()).as("ten segments in flight, the initial window").hasSize(10);
        int ackSeq = PEER_ISN + 1;
        peer(TcpHeader.ACK, ackSeq, MSS, false, false);     // segment 1 arrived
        peer(TcpHeader.ACK, ackSeq, MSS, false, false);     // segment 3: duplicate 1
        peer(TcpHeader.ACK, ackSeq, MSS, false, false);     // segment 4: duplicate 2
        assertThat(dataSeqs()).as("two duplicates: nothing resent yet").hasSize(10);
        peer(TcpHeader.ACK, ackSeq, MSS, false, false);     // segment 5: duplicate 3
        List<Integer> seqs = dataSeqs();
        assertThat(seqs).hasSize(11);
        assertThat(seqs.get(10)).as("the second segment, again").isEqualTo(MSS);
        TcpSocket s = client.socket();
        assertThat(s.recoveries()).isEqualTo(1);
        assertThat(s.timeouts()).isZero();
        assertThat(s.info().ssthresh()).as("CUBIC: 10 × 717 / 1024").isEqualTo(7);
        assertThat(s.info().cwnd()).isEqualTo(7);
        assertThat(s.totalRetrans()).isEqualTo(1);
    }

    @Test
    void withSackThreeSegmentsSackedAboveTheHoleResendIt() {
        established(true);
        int ackSeq = PEER_ISN + 1;
        peer(TcpHeader.ACK, ackSeq, MSS, false, false);
        peer(TcpHeader.ACK, ackSeq, MSS, false, false, 2 * MSS, 3 * MSS);
        peer(TcpHeader.ACK, ackSeq, MSS, false, false, 2 * MSS, 4 * MSS);
        assertThat(dataSeqs()).as("two SACKed above the hole: not yet").hasSize(10);
        peer(TcpHeader.ACK, ackSeq, MSS, false, false, 2 * MSS, 5 * MSS);
        List<Integer> seqs = dataSeqs();
        assertThat(seqs).hasSize(11);
        assertThat(seqs.get(10)).isEqualTo(MSS);
        assertThat(client.socket().recoveries()).isEqualTo(1);
        assertThat(client.socket().timeouts()).isZero();
    }
}
