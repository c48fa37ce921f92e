package dev.overlaysim.linux.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.World;
import dev.overlaysim.linux.device.L2Segment;
import dev.overlaysim.linux.device.Nic;
import dev.overlaysim.linux.proc.TcpBulkSender;
import dev.overlaysim.linux.proc.TcpSink;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.trace.Flow;

import org.junit.jupiter.api.Test;

/**
 * Loss recovery: on a link that loses frames at random, every byte still arrives, holes are
 * repaired by fast retransmit once three later segments are SACKed (no timeout needed while data
 * keeps flowing), cwnd comes down by CUBIC's beta, and when nothing gets through the sender backs
 * off: 1 s for the SYN, doubling (the RTO rules of RFC 6298 as Linux keeps them).
 */
class TcpLossTest {
    private static final int A = Ipv4Address.parseInt("10.9.0.1");
    private static final int B = Ipv4Address.parseInt("10.9.0.2");

    private record Lab(World world, L2Segment link, NetNamespace a, NetNamespace b, Flow flow) {}

    private static Lab lab(double loss, long latency) {
        World world = new World(7);
        L2Segment link = world.addSegment("link", latency, 1_000_000_000L);
        link.loss(loss);
        NetNamespace a = world.addHost("a").root();
        NetNamespace b = world.addHost("b").root();
        Nic na = new Nic(a, "eth0", 0x02_00_00_00_00_01L, 1500, link);
        Nic nb = new Nic(b, "eth0", 0x02_00_00_00_00_02L, 1500, link);
        na.addAddress(A, 24);
        nb.addAddress(B, 24);
        na.setUp(true);
        nb.setUp(true);
        a.neighbours().addPermanent(na, B, nb.mac());
        b.neighbours().addPermanent(nb, A, na.mac());
        Flow flow = world.addFlow(new Flow("tcp-1", "tcp", "a", "b"));
        return new Lab(world, link, a, b, flow);
    }

    @Test
    void holesAreRepairedByFastRetransmitAndEveryByteArrives() {
        Lab l = lab(0.01, 100_000);
        TcpSink sink = l.b().host().start(new TcpSink(l.b(), 5201, l.flow()));
        TcpBulkSender sender = l.a().host().start(new TcpBulkSender(l.a(), B, 5201, 4_000_000, 30_000_000_000L, "cubic", l.flow()));
        l.world().sim().runUntil(40_000_000_000L);
        TcpSocket s = sender.socket();
        assertThat(sink.received()).isEqualTo(4_000_000);
        assertThat(l.flow().deliveredBytes()).isEqualTo(4_000_000);
        assertThat(s.totalRetrans()).as("segments sent again").isPositive();
        assertThat(s.recoveries()).as("fast recoveries").isPositive();
        assertThat(s.recoveries()).as("more holes are repaired by fast retransmit than by timeouts").isGreaterThan(s.timeouts());
        assertThat(s.state()).isIn(TcpSocket.State.TIME_WAIT, TcpSocket.State.CLOSED);
        assertThat(l.flow().retransmits()).isEqualTo(s.totalRetrans());
    }

    @Test
    void aLosslessTransferNeverRetransmitsAndGrowsItsWindow() {
        Lab l = lab(0, 100_000);
        TcpSink sink = l.b().host().start(new TcpSink(l.b(), 5201, l.flow()));
        TcpBulkSender sender = l.a().host().start(new TcpBulkSender(l.a(), B, 5201, 4_000_000, 30_000_000_000L, "cubic", l.flow()));
        l.world().sim().runUntil(40_000_000_000L);
        assertThat(sink.received()).isEqualTo(4_000_000);
        assertThat(sender.socket().totalRetrans()).isZero();
        assertThat(sender.socket().info().cwnd()).as("slow start took cwnd past its initial 10").isGreaterThan(10);
        // no loss, so no recovery and no timeout (CUBIC's HyStart may end slow start on rising delay: that is not a loss)
        assertThat(sender.socket().recoveries()).isZero();
        assertThat(sender.socket().timeouts()).isZero();
    }

    @Test
    void aSynThatNeverGetsThroughIsSentAgainAfter1sThen2sThen4s() {
        Lab l = lab(1.0, 100_000);
        TcpBulkSender sender = l.a().host().start(new TcpBulkSender(l.a(), B, 5201, 1000, 60_000_000_000L, "cubic", l.flow()));
        l.world().sim().runUntil(7_500_000_000L);
        // SYN at 0, again at 1 s, 3 s, 7 s: net.ipv4.tcp_syn_retries' backoff from TCP_TIMEOUT_INIT
        assertThat(sender.socket().totalRetrans()).isEqualTo(3);
        assertThat(sender.socket().state()).isEqualTo(TcpSocket.State.SYN_SENT);
        assertThat(sender.socket().info().rtoMillis()).isEqualTo(8000);
    }
}
