package dev.overlaysim.scenarios.twin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads what {@code iperf3 -c ... --json} prints at the end of a TCP test ({@link Tcp}) or, with
 * {@code -u}, a UDP test: the client's own
 * count ({@code end.sum_sent}) and the server's, which the client fetches when the test ends
 * ({@code end.sum_received}). For UDP the server's {@code packets} is the highest sequence number
 * it saw, lost ones included, so the datagrams it read are {@code packets - lost_packets}
 * (iperf3's {@code iperf_udp_recv()} counts {@code cnt_error} for every gap).
 */
final class Iperf3Json {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Iperf3Json() {}

    /**
     * One UDP test as the client reports it.
     *
     * @param sentPackets     datagrams the client sent ({@code end.sum_sent.packets})
     * @param sentBytes       their payload bytes
     * @param seconds         how long the client sent ({@code end.sum_sent.seconds})
     * @param receivedPackets datagrams the server read: its {@code packets} less {@code lost_packets}
     * @param receivedBytes   their payload bytes ({@code end.sum_received.bytes})
     * @param jitterMillis    the server's RFC 3550 jitter
     * @param clientCpuPercent the client process's CPU time over the test, in % of one CPU ({@code end.cpu_utilization_percent.host_total}:
     *                         getrusage's user + system, softirq work done in its context included); -1 when absent
     * @param serverCpuPercent the server's, as it sent it to the client ({@code remote_total}); -1 when absent
     */
    record Udp(String version, long sentPackets, long sentBytes, double seconds, long receivedPackets, long receivedBytes,
               double jitterMillis, double clientCpuPercent, double serverCpuPercent) {
        /** Datagrams lost on the way, as a share of those sent (0 when none were sent). */
        double lossPercent() { return sentPackets == 0 ? 0 : 100.0 * Math.max(0, sentPackets - receivedPackets) / sentPackets; }
    }

    /**
     * One TCP test as the client reports it: what the sender wrote and resent, and what the server
     * read, over the seconds each side counted ({@code end.sum_sent}, {@code end.sum_received}).
     *
     * @param retransmits      segments the sender sent again ({@code end.sum_sent.retransmits}: tcpi_total_retrans)
     * @param receivedBits     the receiver's goodput, bits per second ({@code end.sum_received.bits_per_second})
     * @param congestion       the sender's congestion control ({@code end.sender_tcp_congestion}; "" before iperf3 3.2)
     * @param rttMicros        the sender's smoothed RTT at the last interval ({@code intervals[-1].streams[0].rtt}); -1 when absent
     */
    record Tcp(String version, long sentBytes, long retransmits, long receivedBytes, double receivedSeconds, double receivedBits,
               String congestion, long rttMicros) {}

    /** Parses a client's JSON of a UDP test; anything else (an {@code error}, a TCP test, missing sums) throws saying what was found. */
    static Udp read(String text) {
        JsonNode root = root(text, "UDP");
        JsonNode end = root.path("end");
        JsonNode sent = sum(end, "sum_sent");
        JsonNode received = sum(end, "sum_received");
        long packets = number(received, "sum_received", "packets");
        long lost = number(received, "sum_received", "lost_packets");
        return new Udp(root.path("start").path("version").asText("iperf3"), number(sent, "sum_sent", "packets"),
                number(sent, "sum_sent", "bytes"), sent.path("seconds").asDouble(0), Math.max(0, packets - lost),
                number(received, "sum_received", "bytes"), received.path("jitter_ms").asDouble(0),
                end.path("cpu_utilization_percent").path("host_total").asDouble(-1),
                end.path("cpu_utilization_percent").path("remote_total").asDouble(-1));
    }

    /** Parses a client's JSON of a TCP test; anything else (an {@code error}, a UDP test, missing sums) throws saying what was found. */
    static Tcp readTcp(String text) {
        JsonNode root = root(text, "TCP");
        JsonNode end = root.path("end");
        JsonNode sent = sum(end, "sum_sent");
        JsonNode received = sum(end, "sum_received");
        JsonNode intervals = root.path("intervals");
        JsonNode last = intervals.isArray() && !intervals.isEmpty() ? intervals.get(intervals.size() - 1).path("streams").path(0) : null;
        long rtt = last != null && last.path("rtt").isNumber() ? last.path("rtt").asLong() : -1;
        return new Tcp(root.path("start").path("version").asText("iperf3"), number(sent, "sum_sent", "bytes"),
                number(sent, "sum_sent", "retransmits"), number(received, "sum_received", "bytes"),
                received.path("seconds").asDouble(0), received.path("bits_per_second").asDouble(0),
                end.path("sender_tcp_congestion").asText(""), rtt);
    }

    /** The JSON object iperf3 printed, checked to be a finished test of {@code protocol} (TCP or UDP). */
    private static JsonNode root(String text, String protocol) {
        int brace = text.indexOf('{');
        if (brace < 0) throw malformed("no JSON object in iperf3's output: " + excerpt(text));
        JsonNode root;
        try {
            root = JSON.readTree(text.substring(brace));
        } catch (JsonProcessingException e) {
            throw malformed("iperf3 printed JSON that does not parse (" + e.getOriginalMessage() + "): " + excerpt(text));
        }
        if (root == null || !root.isObject()) throw malformed("iperf3's output is not a JSON object: " + excerpt(text));
        if (root.hasNonNull("error")) throw new TwinException(TwinException.Kind.INTERNAL, "iperf3 failed: " + root.get("error").asText());
        String found = root.path("start").path("test_start").path("protocol").asText("");
        if (!found.equals(protocol)) {
            throw malformed("expected the JSON of a " + protocol + " test (start.test_start.protocol \"" + protocol + "\"), found protocol \""
                    + found + "\"");
        }
        return root;
    }

    private static JsonNode sum(JsonNode end, String name) {
        JsonNode n = end.get(name);
        if (n == null || !n.isObject()) {
            throw malformed("expected end." + name + " in iperf3's JSON (iperf3 3.7 or later), found "
                    + (end.isMissingNode() ? "no end object (the test did not finish)" : "keys " + fieldNames(end)));
        }
        return n;
    }

    private static long number(JsonNode sum, String where, String field) {
        JsonNode n = sum.get(field);
        if (n == null || !n.isNumber()) {
            throw malformed("expected a number at end." + where + "." + field + " in iperf3's JSON, found " + (n == null ? "nothing" : n.toString()));
        }
        return n.asLong();
    }

    private static String fieldNames(JsonNode n) {
        StringBuilder sb = new StringBuilder("[");
        n.fieldNames().forEachRemaining(f -> sb.append(sb.length() > 1 ? ", " : "").append(f));
        return sb.append(']').toString();
    }

    private static String excerpt(String text) {
        String s = text.strip();
        return s.isEmpty() ? "(nothing)" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private static TwinException malformed(String message) {
        return new TwinException(TwinException.Kind.INTERNAL, message);
    }
}
