package dev.overlaysim.scenarios.model;

/** A flow of traffic sent from a container. */
public sealed interface FlowSpec {

    /** Flow name, unique in the scenario; default {@code <kind>-<position in traffic, from 1>}. */
    String name();

    /** The sending container. */
    String from();

    /** The destination. */
    FlowTarget to();

    /** How many packets are sent. */
    int count();

    /** Payload size in bytes (ICMP data after the 8-byte header, or UDP payload). */
    int size();

    /** Time between two packets. */
    long intervalNanos();

    /** When the first packet is sent. */
    long startNanos();

    /** The flow's kind as written in the file: {@code ping} or {@code udp}. */
    String kind();

    /**
     * {@code ping}: ICMP echo requests, answered by the destination's kernel.
     *
     * @param dontFragment set DF on the requests (like {@code ping -M do}); default false
     */
    record Ping(String name, String from, FlowTarget to, int count, int size, long intervalNanos,
                long startNanos, boolean dontFragment) implements FlowSpec {
        public static final String KIND = "ping";
        public static final int DEFAULT_SIZE = 56;

        @Override
        public String kind() {
            return KIND;
        }
    }

    /**
     * {@code udp}: datagrams from a UDP socket to a port on the destination.
     *
     * @param port destination UDP port
     */
    record Udp(String name, String from, FlowTarget to, int port, int count, int size, long intervalNanos,
               long startNanos, java.util.Optional<Rate> rate) implements FlowSpec {
        public static final String KIND = "udp";
        public static final int DEFAULT_SIZE = 100;
        /** How long a flow with a rate sends when the file does not say (iperf3's -t is 10 s; a first run should be quick). */
        public static final long DEFAULT_DURATION_NANOS = 1_000_000_000L;

        /** {@code count} datagrams, one per interval. */
        public Udp(String name, String from, FlowTarget to, int port, int count, int size, long intervalNanos, long startNanos) {
            this(name, from, to, port, count, size, intervalNanos, startNanos, java.util.Optional.empty());
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /**
     * Sending at a rate for a duration, as {@code iperf3 -u -b}: {@code packetsPerSecond} (from
     * {@code rate: 50kpps} or {@code bitrate: 500Mbit} ÷ the payload's bits), or infinite for
     * {@code rate: max}, as fast as the sender's CPU allows.
     */
    record Rate(double packetsPerSecond, long durationNanos, String text) {
        public boolean isMax() { return Double.isInfinite(packetsPerSecond); }
    }
}
