package dev.overlaysim.scenarios.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overlaysim.scenarios.run.FlowResult;
import dev.overlaysim.scenarios.run.PerPacket;
import dev.overlaysim.scenarios.run.TcpResult;
import dev.overlaysim.trace.Flow;
import dev.overlaysim.trace.TcpInfo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** How the text and JSON reports print a tcp flow (iperf3's receiver, ss -ti) and a request flow (curl -w). */
class TcpReportTest {

    private static final long S = 1_000_000_000L;
    private static final PerPacket NONE = new PerPacket(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    private static final TcpInfo SS = new TcpInfo("cubic", 79, 39, 201, 10, Integer.MAX_VALUE, 1448, 1500, 3,
            10_004_344, 10_000_000, 0, "ESTAB");

    private static FlowResult flow(String name, String kind, TcpResult tcp) {
        return new FlowResult(name, kind, "c1", "c2", 7_000, 7_000, Map.of(), NONE, List.of(), List.of(), Optional.empty(),
                Optional.of(tcp));
    }

    /** 10 MB read in 0.8 s after connect(): 100 Mbit/s, 3 retransmits. */
    static final FlowResult BULK = flow("bulk", "tcp", new TcpResult(3, Optional.of(SS),
            Optional.of(TcpResult.Transfer.read(10_000_000, S, 1_800_000_000L, OptionalLong.of(10_000_000), 10 * S)), Optional.empty()));
    static final FlowResult STALLED = flow("stalled", "tcp", new TcpResult(12, Optional.of(SS),
            Optional.of(TcpResult.Transfer.read(3_200_000, S, 5 * S, OptionalLong.of(10_000_000), 10 * S)), Optional.empty()));
    static final FlowResult WEB = flow("web", "request", new TcpResult(0, Optional.empty(), Optional.empty(),
            Optional.of(new TcpResult.Requests(4, List.of(new Flow.Exchange(120_345, 450_000, 1_234_567_891L),
                    new Flow.Exchange(-1, -1, -1), new Flow.Exchange(130_000, -1, -1)), 2 * S))));

    private static List<String> text(FlowResult f) {
        StringWriter w = new StringWriter();
        new FlowSummary(Style.PLAIN).print(new PrintWriter(w, true), f);
        return w.toString().lines().toList();
    }

    @Test
    void iperf3sUnitsAreBinaryForBytesAndDecimalForBits() {
        assertThat(Iperf3.bytes(10_000_000)).isEqualTo("9.54 MByte");
        assertThat(Iperf3.bytes(11.2 * 1024 * 1024)).isEqualTo("11.2 MByte");
        assertThat(Iperf3.bytes(1023)).isEqualTo("1023 Byte");
        assertThat(Iperf3.bytes(1024)).isEqualTo("1.00 KByte");
        assertThat(Iperf3.bits(100e6 / 8)).isEqualTo(" 100 Mbit");
        assertThat(Iperf3.bits(94e6 / 8)).isEqualTo("94.0 Mbit");
        assertThat(Iperf3.bits(9.4e9 / 8)).isEqualTo("9.40 Gbit");
        assertThat(Iperf3.bits(0)).isEqualTo("0.00 bit");
        assertThat(Iperf3.receiverLine(11_744_051, S))
                .isEqualTo("[  5]   0.00-1.00   sec  11.2 MBytes  94.0 Mbits/sec                  receiver");
        assertThat(Iperf3.receiverLine(0, 0))
                .isEqualTo("[  5]   0.00-0.00   sec  0.00 Bytes  0.00 bits/sec                  receiver");
    }

    @Test
    void aTcpFlowPrintsIperf3sReceiverSummaryAndItsSendersSsLine() {
        assertThat(text(BULK)).containsSubsequence(
                "bulk (tcp c1 → c2)",
                "  receiver, as iperf3 reports it:",
                "    [ ID] Interval           Transfer     Bitrate",
                "    [  5]   0.00-0.80   sec  9.54 MBytes   100 Mbits/sec                  receiver",
                "  retransmits: 3 (segments sent again: TcpRetransSegs, iperf3's Retr)",
                "  ss -ti: cubic rto:201 rtt:0.079/0.039 mss:1448 pmtu:1500 cwnd:10 bytes_sent:10004344 bytes_acked:10000000"
                        + " bytes_received:0 retrans:0/3");
        assertThat(text(BULK)).noneMatch(l -> l.contains("incomplete"));
        assertThat(text(STALLED)).contains("  incomplete: 3200000 of 10000000 bytes read by the 10 s timeout",
                "    [  5]   0.00-4.00   sec  3.05 MBytes  6.40 Mbits/sec                  receiver");
    }

    @Test
    void aRequestFlowPrintsEachExchangeAsCurlTimesIt() {
        assertThat(text(WEB)).containsSubsequence(
                "web (request c1 → c2)",
                "  requests: 1 of 4 completed (curl -w time_connect, time_starttransfer, time_total: seconds from connect(); - for a"
                        + " stage not reached)",
                "    #1 connect 0.000120 starttransfer 0.000450 total 1.234567",
                "    #2 connect - starttransfer - total - (not connected by the 2 s timeout)",
                "    #3 connect 0.000130 starttransfer - total - (connected, no response byte by the 2 s timeout)",
                "    1 not made by the end of the run",
                "  retransmits: 0 (segments sent again: TcpRetransSegs, iperf3's Retr)",
                "  ss -ti (the last connection): no socket (the sender never connected)");
    }

    private static JsonNode json(FlowResult f) throws Exception {
        return new ObjectMapper().readTree(JsonReport.flow(f).toString());
    }

    private static List<String> fields(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void theJsonHasTheTransferRetransmitsAndSsInTheDocumentedOrder() throws Exception {
        JsonNode bulk = json(BULK);
        assertThat(fields(bulk)).containsExactly("name", "kind", "from", "to", "sent", "delivered", "drops", "perPacket", "transfer",
                "retransmits", "ss", "icmpErrors", "output");
        JsonNode t = bulk.get("transfer");
        assertThat(fields(t)).containsExactly("bytes", "startNanos", "endNanos", "goodputMbits", "bytesAsked", "timeoutNanos", "complete");
        assertThat(t.get("bytes").asLong()).isEqualTo(10_000_000);
        assertThat(t.get("startNanos").asLong()).isEqualTo(S);
        assertThat(t.get("endNanos").asLong()).isEqualTo(1_800_000_000L);
        assertThat(t.get("goodputMbits").asDouble()).isEqualTo(100.0);
        assertThat(t.get("complete").asBoolean()).isTrue();
        assertThat(json(STALLED).get("transfer").get("complete").asBoolean()).isFalse();
        assertThat(bulk.get("retransmits").asLong()).isEqualTo(3);
        JsonNode ss = bulk.get("ss");
        assertThat(fields(ss)).containsExactly("state", "congestion", "rttMicros", "rttVarMicros", "rtoMillis", "cwnd", "ssthresh",
                "mss", "pmtu", "totalRetrans", "bytesSent", "bytesAcked", "bytesReceived", "line");
        assertThat(ss.get("rttMicros").asLong()).isEqualTo(79);
        assertThat(ss.get("ssthresh").asLong()).as("TCP_INFINITE_SSTHRESH before a loss").isEqualTo(Integer.MAX_VALUE);
        assertThat(ss.get("line").asText()).isEqualTo(SS.ssLine());

        FlowResult timed = flow("timed", "tcp", new TcpResult(0, Optional.of(SS),
                Optional.of(TcpResult.Transfer.read(1_000, 0, S, OptionalLong.empty(), 0)), Optional.empty()));
        assertThat(fields(json(timed).get("transfer"))).as("a flow with a duration asks no bytes")
                .containsExactly("bytes", "startNanos", "endNanos", "goodputMbits");
    }

    @Test
    void theJsonHasEveryExchangeWithMinusOneForAStageNotReached() throws Exception {
        JsonNode web = json(WEB);
        assertThat(fields(web)).containsExactly("name", "kind", "from", "to", "sent", "delivered", "drops", "perPacket", "requests",
                "retransmits", "icmpErrors", "output");
        JsonNode q = web.get("requests");
        assertThat(fields(q)).containsExactly("count", "completed", "timeoutNanos", "exchanges");
        assertThat(q.get("count").asInt()).isEqualTo(4);
        assertThat(q.get("completed").asInt()).isEqualTo(1);
        assertThat(q.get("exchanges")).hasSize(3);
        assertThat(fields(q.get("exchanges").get(0))).containsExactly("connectNanos", "firstByteNanos", "totalNanos");
        assertThat(q.get("exchanges").get(0).get("totalNanos").asLong()).isEqualTo(1_234_567_891L);
        assertThat(q.get("exchanges").get(2).get("firstByteNanos").asLong()).isEqualTo(-1);
    }
}
