package dev.overlaysim.scenarios.model;

/** A flow of traffic sent from a container. */
public sealed interface FlowSpec {

    /** Flow name, unique in the scenario; default {@code <kind>-<position in traffic, from 1>}. */
    String name();

    /** The sending container. */
    String from();

    /** The destination. */
    FlowTarget to();

    /**
     * How many packets are sent (ping: echo requests; udp: datagrams one per interval); for a
     * {@code tcp} flow 1, its one connection; for a {@code request} flow its requests, each a
     * connection of its own.
     */
    int count();

    /**
     * Payload size in bytes: ICMP data after the 8-byte header, UDP payload, the request's bytes of
     * a {@code request} flow; 0 for a {@code tcp} flow, a byte stream that TCP cuts into segments of
     * the path's MSS, not messages of a size.
     */
    int size();

    /**
     * Time between two packets (ping, udp) or from one request's start to the next's (request; 0:
     * back to back); 0 for a {@code tcp} flow, which sends as fast as its congestion window allows.
     */
    long intervalNanos();

    /** When the first packet is sent (for tcp and request flows: the first connect()). */
    long startNanos();

    /** The flow's kind as written in the file: {@code ping}, {@code udp}, {@code tcp} or {@code request}. */
    String kind();

    /** The congestion controls a tcp or request flow may ask for, as Linux names them (tcp_available_congestion_control). */
    java.util.List<String> CONGESTION_CONTROLS = java.util.List.of("cubic", "reno");
    /** Linux's default congestion control since 2.6.19 (net.ipv4.tcp_congestion_control). */
    String DEFAULT_CONGESTION = "cubic";
    /** How long a tcp flow with bytes, or one request, may take before it stops, incomplete (like {@code curl -m 10}). */
    long DEFAULT_TCP_TIMEOUT_NANOS = 10_000_000_000L;

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
     * {@code tcp}: one connection that sends a stream of bytes to a port on the destination, as
     * {@code iperf3 -c} does: {@code bytes} of it ({@code iperf3 -n}), or for a duration
     * ({@code iperf3 -t}). The destination's receiver reads everything and is measured as iperf3's
     * receiver reports it (goodput, retransmits); the sender's socket as {@code ss -ti} shows it.
     *
     * @param port          destination TCP port (default 5201, iperf3's)
     * @param bytes         payload bytes to send; empty: send for {@code durationNanos}
     * @param durationNanos how long a flow without {@code bytes} sends (default 1 s); 0 for a flow with bytes
     * @param timeoutNanos  how long a flow with {@code bytes} may take before it stops and is reported
     *                      incomplete (default 10 s); 0 for a flow without bytes, which stops at its duration
     * @param congestion    the congestion control, {@code cubic} (Linux's default) or {@code reno}
     */
    record Tcp(String name, String from, FlowTarget to, int port, java.util.OptionalLong bytes, long durationNanos,
               long timeoutNanos, String congestion, long startNanos) implements FlowSpec {
        public static final String KIND = "tcp";
        /** iperf3's port. */
        public static final int DEFAULT_PORT = 5201;
        /** How long a flow without bytes sends when the file does not say: as a udp flow with a rate. */
        public static final long DEFAULT_DURATION_NANOS = Udp.DEFAULT_DURATION_NANOS;

        /** How long the sender may send: the timeout of a flow with bytes, the duration of one without. */
        public long sendsForNanos() {
            return bytes.isPresent() ? timeoutNanos : durationNanos;
        }

        /** One connection. */
        @Override
        public int count() {
            return 1;
        }

        /** A stream has no message size. */
        @Override
        public int size() {
            return 0;
        }

        /** Paced by the congestion window, not by an interval. */
        @Override
        public long intervalNanos() {
            return 0;
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /**
     * {@code request}: request/response exchanges, as {@code curl} makes them: each request is a new
     * connection to a port on the destination (connect(), write {@code send} bytes, read the
     * {@code receive} bytes the server answers with, close), timed as {@code curl -w} reports
     * (connect, first byte, total).
     *
     * @param port          destination TCP port (default 80)
     * @param send          the request's bytes (default 100)
     * @param receive       the response's bytes, what the destination's server writes back
     * @param count         how many requests, one after another (default 1)
     * @param intervalNanos from one request's start to the next's; 0 (the default): the next starts
     *                      when the previous ends, and also when it ends later than the interval
     * @param timeoutNanos  how long one request may take before it is given up (like {@code curl -m}; default 10 s)
     * @param congestion    the connections' congestion control, at the client and at the server (which sends
     *                      the response): {@code cubic} (Linux's default) or {@code reno}
     */
    record Request(String name, String from, FlowTarget to, int port, int send, long receive, int count, long intervalNanos,
                   long timeoutNanos, String congestion, long startNanos) implements FlowSpec {
        public static final String KIND = "request";
        /** HTTP's port, curl's default. */
        public static final int DEFAULT_PORT = 80;
        /** A small request, about the size of curl's GET with its headers. */
        public static final int DEFAULT_SEND = 100;

        /** The request's bytes. */
        @Override
        public int size() {
            return send;
        }

        /**
         * When, after the flow's start, its last request has ended at the latest: each request takes
         * its slot, the interval or (when it takes longer, up to its timeout) its own time, and the
         * last one at most its timeout: {@code (count − 1) × max(interval, timeout) + timeout}.
         */
        public long lastEndNanos() {
            return (count - 1) * Math.max(intervalNanos, timeoutNanos) + timeoutNanos;
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
