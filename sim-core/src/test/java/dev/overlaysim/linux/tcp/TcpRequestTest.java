package dev.overlaysim.linux.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.World;
import dev.overlaysim.linux.device.L2Segment;
import dev.overlaysim.linux.device.Nic;
import dev.overlaysim.linux.proc.RequestClient;
import dev.overlaysim.linux.proc.RequestServer;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.trace.Flow;

import org.junit.jupiter.api.Test;

/** curl against a web server: each request a new connection, timed as {@code curl -w} times it. */
class TcpRequestTest {
    private static final int A = Ipv4Address.parseInt("10.9.0.1");
    private static final int B = Ipv4Address.parseInt("10.9.0.2");
    private static final long LATENCY = 500_000; // 0.5 ms each way: 1 ms round trips

    private final World world = new World(3);
    private final NetNamespace a = world.addHost("a").root();
    private final NetNamespace b = world.addHost("b").root();
    private final Flow flow = world.addFlow(new Flow("get", "request", "a", "b"));

    TcpRequestTest() {
        L2Segment link = world.addSegment("link", LATENCY, 1_000_000_000L);
        Nic na = new Nic(a, "eth0", 0x02_00_00_00_00_01L, 1500, link);
        Nic nb = new Nic(b, "eth0", 0x02_00_00_00_00_02L, 1500, link);
        na.addAddress(A, 24);
        nb.addAddress(B, 24);
        na.setUp(true);
        nb.setUp(true);
        a.neighbours().addPermanent(na, B, nb.mac());
        b.neighbours().addPermanent(nb, A, na.mac());
    }

    @Test
    void eachRequestIsTimedFromConnectToItsLastByte() {
        b.host().start(new RequestServer(b, 80, 200, 100_000, "cubic", flow));
        a.host().start(new RequestClient(a, B, 80, 200, 100_000, 3, 0, 10_000_000_000L, "cubic", flow));
        world.sim().runUntil(20_000_000_000L);
        assertThat(flow.exchanges()).hasSize(3).allMatch(Flow.Exchange::completed);
        for (Flow.Exchange e : flow.exchanges()) {
            // the handshake takes one round trip; the first byte of the response at least one more
            assertThat(e.connectNanos()).isBetween(2 * LATENCY, 2 * LATENCY + 200_000);
            assertThat(e.firstByteNanos()).isGreaterThanOrEqualTo(e.connectNanos() + 2 * LATENCY);
            // 100 kB from an initial window of 10 segments: several round trips of slow start
            assertThat(e.totalNanos()).isGreaterThan(e.firstByteNanos() + 2 * 2 * LATENCY);
        }
        assertThat(flow.deliveredBytes()).isEqualTo(3 * (200 + 100_000));
    }

    @Test
    void aRequestToAPortNobodyListensOnIsRefusedAtOnce() {
        a.host().start(new RequestClient(a, B, 81, 200, 100_000, 2, 0, 10_000_000_000L, "cubic", flow));
        world.sim().runUntil(20_000_000_000L);
        // the SYN draws a reset: connect() fails with ECONNREFUSED, nothing is timed past it
        assertThat(flow.exchanges()).hasSize(2).noneMatch(Flow.Exchange::completed)
                .allMatch(e -> e.connectNanos() < 0);
        assertThat(b.snmp().tcpOutRsts).isEqualTo(2);
    }
}
