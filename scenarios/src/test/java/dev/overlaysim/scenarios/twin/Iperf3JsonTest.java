package dev.overlaysim.scenarios.twin;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The iperf3 JSON reader on what iperf3 3.12 printed on the development machine (src/test/resources/twin/iperf3-*.json). */
class Iperf3JsonTest {
    private static String resource(String name) throws IOException {
        return Files.readString(Path.of("src/test/resources/twin", name));
    }

    @Test
    void aLosslessTestReadsTheClientsAndTheServersCounts() throws IOException {
        // iperf3 -c 127.0.0.1 -u -l 1400 -b 11200000 -t 1 -J: 1000 datagrams sent, all read.
        Iperf3Json.Udp u = Iperf3Json.read(resource("iperf3-udp-client.json"));

        assertThat(u.version()).isEqualTo("iperf 3.12");
        assertThat(u.sentPackets()).isEqualTo(1000);
        assertThat(u.sentBytes()).isEqualTo(1_400_000);
        assertThat(u.seconds()).isCloseTo(1.000262, within(1e-9));
        assertThat(u.receivedPackets()).isEqualTo(1000);
        assertThat(u.receivedBytes()).isEqualTo(1_400_000);
        assertThat(u.jitterMillis()).isCloseTo(0.04745491702155237, within(1e-12));
        assertThat(u.lossPercent()).isZero();
        assertThat(u.clientCpuPercent()).isCloseTo(5.734519215974646, within(1e-12)); // end.cpu_utilization_percent.host_total
        assertThat(u.serverCpuPercent()).isCloseTo(2.688314985436961, within(1e-12)); // remote_total
    }

    @Test
    void aLossyTestCountsWhatTheServerReadNotItsHighestSequenceNumber() throws IOException {
        // -b 0 -w 4K: the server's packets 137200 (highest sequence), lost_packets 27037; bytes 154228200 = 110163 × 1400.
        Iperf3Json.Udp u = Iperf3Json.read(resource("iperf3-udp-client-loss.json"));

        assertThat(u.sentPackets()).isEqualTo(137_200);
        assertThat(u.receivedPackets()).isEqualTo(110_163);
        assertThat(u.receivedBytes()).isEqualTo(110_163L * 1400);
        assertThat(u.lossPercent()).isCloseTo(100.0 * 27_037 / 137_200, within(1e-9));
    }

    @Test
    void iperf3sOwnErrorIsPassedOnAsItSaidIt() throws IOException {
        assertThatThrownBy(() -> Iperf3Json.read(resource("iperf3-udp-client-error.json")))
                .isInstanceOf(TwinException.class)
                .hasMessage("iperf3 failed: unable to connect to server: Connection refused");
    }

    @Test
    void malformedOutputIsRefusedSayingWhatWasFound() {
        assertThatThrownBy(() -> Iperf3Json.read("iperf3: error - unable to connect\n"))
                .hasMessage("no JSON object in iperf3's output: iperf3: error - unable to connect");
        assertThatThrownBy(() -> Iperf3Json.read("{\"start\": {"))
                .hasMessageStartingWith("iperf3 printed JSON that does not parse (");
        assertThatThrownBy(() -> Iperf3Json.read("{\"start\": {\"test_start\": {\"protocol\": \"TCP\"}}, \"end\": {}}"))
                .hasMessage("expected the JSON of a UDP test (start.test_start.protocol \"UDP\"), found protocol \"TCP\"");
        assertThatThrownBy(() -> Iperf3Json.read("{\"start\": {\"test_start\": {\"protocol\": \"UDP\"}}, \"end\": {\"sum\": {}}}"))
                .hasMessage("expected end.sum_sent in iperf3's JSON (iperf3 3.7 or later), found keys [sum]");
        assertThatThrownBy(() -> Iperf3Json.read("{\"start\": {\"test_start\": {\"protocol\": \"UDP\"}}}"))
                .hasMessage("expected end.sum_sent in iperf3's JSON (iperf3 3.7 or later), found no end object (the test did not finish)");
        assertThatThrownBy(() -> Iperf3Json.read("{\"start\": {\"test_start\": {\"protocol\": \"UDP\"}}, \"end\": {\"sum_sent\": {\"packets\": 1,"
                + " \"bytes\": 1}, \"sum_received\": {\"packets\": \"many\"}}}"))
                .hasMessage("expected a number at end.sum_received.packets in iperf3's JSON, found \"many\"");
    }

    @Test
    void aTcpTestReadsTheReceiversGoodputTheSendersRetransmitsAndItsLastRtt() throws IOException {
        // iperf3 -c 10.77.0.2 -t 1 -C cubic -J over a veth pair between two namespaces.
        Iperf3Json.Tcp t = Iperf3Json.readTcp(resource("iperf3-tcp-client.json"));

        assertThat(t.version()).isEqualTo("iperf 3.12");
        assertThat(t.sentBytes()).isEqualTo(1_987_051_520L);
        assertThat(t.retransmits()).isZero();
        assertThat(t.receivedBytes()).isEqualTo(1_979_580_416L);
        assertThat(t.receivedSeconds()).isCloseTo(1.000423, within(1e-9));
        assertThat(t.receivedBits()).isCloseTo(15_829_947_260.308887, within(1e-3));
        assertThat(t.congestion()).isEqualTo("cubic");
        assertThat(t.rttMicros()).isEqualTo(100);
    }

    @Test
    void eachReaderRefusesTheOtherProtocolsTest() throws IOException {
        assertThatThrownBy(() -> Iperf3Json.readTcp(resource("iperf3-udp-client.json")))
                .hasMessage("expected the JSON of a TCP test (start.test_start.protocol \"TCP\"), found protocol \"UDP\"");
        assertThatThrownBy(() -> Iperf3Json.read(resource("iperf3-tcp-client.json")))
                .hasMessage("expected the JSON of a UDP test (start.test_start.protocol \"UDP\"), found protocol \"TCP\"");
        assertThatThrownBy(() -> Iperf3Json.readTcp("{\"start\": {\"test_start\": {\"protocol\": \"TCP\"}}, \"end\": {\"sum_sent\": {\"bytes\": 1},"
                + " \"sum_received\": {\"bytes\": 1}}}"))
                .hasMessage("expected a number at end.sum_sent.retransmits in iperf3's JSON, found nothing");
    }
}
