package dev.overlaysim.trace;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One traffic flow of a scenario (a ping, a UDP stream) and what became of its packets. For a ping
 * a "packet" is one echo exchange: it is delivered when the reply reaches ping, its send path is the
 * request's and its receive path is the reply's (both on the pinging host), and its latency is the
 * round-trip time. For a UDP flow a packet is one datagram, delivered when the receiving process
 * reads it, and its latency is one-way.
 */
public final class Flow {
    private final String name;
    private final String kind;
    private final String from;
    private final String to;
    private long sent;
    private long delivered;
    private final Map<Drop, Long> drops = new TreeMap<>();
    /** Cost.values() once: the method clones its array on every call, and countDelivered runs per packet. */
    private static final Cost[] COSTS = Cost.values();
    private final long[] sendCosts = new long[COSTS.length];
    private final long[] receiveCosts = new long[COSTS.length];
    private long latencySum;
    private long stampedSum;
    private long stampedCount;
    private long stampedMin = Long.MAX_VALUE;
    private long latencyMin = Long.MAX_VALUE;
    private long latencyMax;
    private final List<String> icmpErrors = new ArrayList<>();
    // Latency percentiles in fixed memory: 1 ns to 1000 s, 3 significant digits.
    private final Histogram latency = new Histogram(1, 1_000_000_000_000L, 3);
    private long sentBytes;
    private long deliveredBytes;
    private long firstSentAt = -1;
    private long lastSentAt;
    private long firstDeliveredAt = -1;
    private long lastDeliveredAt;
    // RFC 3550 interarrival jitter, as iperf3 reports it: J += (|D| - J) / 16, D the change in transit time.
    private double jitter;
    private long lastTransit = -1;
    private long retransmits;
    private TcpInfo tcpInfo;
    private final List<Exchange> exchanges = new ArrayList<>();

    public Flow(String name, String kind, String from, String to) {
        this.name = name;
        this.kind = kind;
        this.from = from;
        this.to = to;
    }

    public String name() { return name; }
    public String kind() { return kind; }
    public String from() { return from; }
    public String to() { return to; }
    public long sent() { return sent; }
    public long delivered() { return delivered; }

    private long firstSentPacketId;

    public void countSent(long packetId) {
        if (sent == 0) firstSentPacketId = packetId;
        sent++;
    }

    /** A datagram of {@code bytes} payload sent at {@code time}: what offered throughput is counted from. */
    public void countSent(long packetId, int bytes, long time) {
        countSent(packetId);
        sentBytes += bytes;
        if (firstSentAt < 0) firstSentAt = time;
        lastSentAt = time;
    }

    /** {@code bytes} of payload reached the receiving process at {@code time}. */
    public void countDeliveredBytes(int bytes, long time) {
        deliveredBytes += bytes;
        if (firstDeliveredAt < 0) firstDeliveredAt = time;
        lastDeliveredAt = time;
    }

    /**
     * The id of the first packet sent (for a ping, the first echo request), the one walks show;
     * 0 when nothing was sent. Only the first is kept: memory must not grow with the packets.
     */
    public long firstSentPacketId() { return firstSentPacketId; }

    /** Records a delivered packet with the ledgers of its send and receive paths. */
    public void countDelivered(long packetId, Ledger sendSide, Ledger receiveSide, long latencyNanos) {
        delivered++;
        for (Cost c : COSTS) {
            sendCosts[c.ordinal()] += sendSide.send(c);
            receiveCosts[c.ordinal()] += receiveSide.receive(c);
        }
        latencySum += latencyNanos;
        latencyMin = Math.min(latencyMin, latencyNanos);
        latencyMax = Math.max(latencyMax, latencyNanos);
        latency.recordValue(Math.max(1, Math.min(latencyNanos, latency.getHighestTrackableValue())));
        if (lastTransit >= 0) jitter += (Math.abs(latencyNanos - lastTransit) - jitter) / 16.0;
        lastTransit = latencyNanos;
    }

    public void countDrop(DropReason reason, String place) {
        drops.merge(new Drop(reason, place), 1L, Long::sum);
    }

    public void icmpError(String text) { icmpErrors.add(text); }

    /** Drops (reason and place) → count, in the order of their text {@code reason at place}. */
    public Map<Drop, Long> drops() { return Collections.unmodifiableMap(drops); }

    public long dropCount() { return drops.values().stream().mapToLong(Long::longValue).sum(); }
    public List<String> icmpErrors() { return Collections.unmodifiableList(icmpErrors); }

    /** Mean per delivered packet on the send path; 0 when nothing was delivered. */
    public double perPacketSend(Cost c) { return delivered == 0 ? 0 : sendCosts[c.ordinal()] / (double) delivered; }
    public double perPacketReceive(Cost c) { return delivered == 0 ? 0 : receiveCosts[c.ordinal()] / (double) delivered; }
    /**
     * A ping reply's round trip as iputils ping prints it by default: from the send to the reply's
     * kernel receive stamp (SO_TIMESTAMP, {@code Skb.tstamp}), without the reader's wake-up and
     * recvmsg() that {@link #meanLatency()} (the user-to-user time, {@code ping -U}) includes.
     */
    public void countTimestamped(long nanos) {
        stampedSum += nanos;
        stampedCount++;
        stampedMin = Math.min(stampedMin, nanos);
    }

    /** The mean of {@link #countTimestamped}, 0 when none. */
    public long meanTimestampedLatency() { return stampedCount == 0 ? 0 : stampedSum / stampedCount; }
    public long minTimestampedLatency() { return stampedCount == 0 ? 0 : stampedMin; }

    public long meanLatency() { return delivered == 0 ? 0 : latencySum / delivered; }
    public long minLatency() { return delivered == 0 ? 0 : latencyMin; }
    public long maxLatency() { return latencyMax; }

    /**
     * The latency below which {@code percentile} % of delivered packets fall (HdrHistogram, 3
     * digits); 0 when none. HdrHistogram answers with the top of the value's bucket, which can lie
     * above the exact maximum: capped there, so p99 never reads larger than max.
     */
    public long latencyPercentile(double percentile) {
        return delivered == 0 ? 0 : Math.min(latency.getValueAtPercentile(percentile), latencyMax);
    }

    /** RFC 3550 jitter of the one-way latency, in nanoseconds, as iperf3 computes it. */
    public long jitter() { return Math.round(jitter); }

    public long sentBytes() { return sentBytes; }
    /** When the last payload reached the receiving process; 0 when none did. */
    public long lastDeliveredAt() { return lastDeliveredAt; }
    public long deliveredBytes() { return deliveredBytes; }

    /** How long the sender sent: from its first to its last datagram (0 for fewer than two). */
    public long sendingNanos() { return firstSentAt < 0 ? 0 : lastSentAt - firstSentAt; }

    /** A TCP segment of this flow was sent again (tcp_retransmit_skb: TCPRetransSegs). */
    public void countRetransmit() { retransmits++; }
    public long retransmits() { return retransmits; }

    /** What {@code ss -ti} says of the flow's (last) connection, from its sending side. */
    public void tcpInfo(TcpInfo info) { this.tcpInfo = info; }
    public java.util.Optional<TcpInfo> tcpInfo() { return java.util.Optional.ofNullable(tcpInfo); }

    /**
     * One request/response exchange of a curl-like client, as {@code curl -w} times it, each from
     * the start of connect(): {@code time_connect} (the handshake's ACK sent), {@code
     * time_starttransfer} (the response's first byte read) and {@code time_total} (its last byte
     * read); -1 for a stage never reached (the connection stalled or was reset).
     */
    public record Exchange(long connectNanos, long firstByteNanos, long totalNanos) {
        public boolean completed() { return totalNanos >= 0; }
    }

    /** Records one exchange; a client makes as many as the flow's {@code count}, so this list is bounded by the file. */
    public void countExchange(Exchange e) { exchanges.add(e); }
    public List<Exchange> exchanges() { return Collections.unmodifiableList(exchanges); }
}
