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
               long startNanos) implements FlowSpec {
        public static final String KIND = "udp";
        public static final int DEFAULT_SIZE = 100;

        @Override
        public String kind() {
            return KIND;
        }
    }
}
