package dev.overlaysim.scenarios.run;

import dev.overlaysim.trace.Flow;
import dev.overlaysim.trace.TcpInfo;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a tcp or request flow reports: the segments its sockets sent again, at either end (nstat's
 * TcpRetransSegs, iperf3's Retr), what {@code ss -ti} says of its sending socket (a request flow's:
 * the client's), and by kind what iperf3's receiver
 * reports of a tcp flow ({@link Transfer}) or what {@code curl -w} times of a request flow's
 * exchanges ({@link Requests}); exactly one of the two is present.
 *
 * @param info the sender's socket when its (last) connection ended or the run did; empty when it never had one
 */
public record TcpResult(long retransmits, Optional<TcpInfo> info, Optional<Transfer> transfer, Optional<Requests> requests) {

    /**
     * A tcp flow's stream as iperf3's receiver summary reports it.
     *
     * @param bytes         payload bytes the receiving process read
     * @param startNanos    when the span starts: the flow's connect() (iperf3's receiver counts from the test's start, before its first byte)
     * @param endNanos      when the receiving process read the last byte; {@code startNanos} when it read none
     * @param bitsPerSecond goodput: {@code bytes × 8} over the span; 0 for an empty span
     * @param bytesAsked    the flow's {@code bytes}; empty for a flow that sends for a duration
     * @param timeoutNanos  the flow's timeout; 0 for a flow with a duration
     */
    public record Transfer(long bytes, long startNanos, long endNanos, double bitsPerSecond, OptionalLong bytesAsked,
                           long timeoutNanos) {

        /** The receiver's share of it: {@code bytes} read from {@code startNanos} to {@code endNanos}. */
        public static Transfer read(long bytes, long startNanos, long lastReadNanos, OptionalLong bytesAsked, long timeoutNanos) {
            long end = bytes == 0 ? startNanos : Math.max(startNanos, lastReadNanos);
            double bits = end == startNanos ? 0 : bytes * 8.0 * 1e9 / (end - startNanos);
            return new Transfer(bytes, startNanos, end, bits, bytesAsked, timeoutNanos);
        }

        /** From the start to the last byte read. */
        public long nanos() { return endNanos - startNanos; }

        /** Every byte asked for was read before the timeout; a flow with a duration has nothing to complete (false). */
        public boolean complete() { return bytesAsked.isPresent() && bytes >= bytesAsked.getAsLong(); }
    }

    /**
     * How far an exchange that did not complete got, in curl's stages ({@code not connected},
     * {@code connected, no response byte}, {@code response incomplete}); empty for a completed one.
     * The {@code completed:} check and the report both say it so.
     */
    public static Optional<String> howFar(Flow.Exchange x) {
        if (x.completed()) return Optional.empty();
        if (x.connectNanos() < 0) return Optional.of("not connected");
        if (x.firstByteNanos() < 0) return Optional.of("connected, no response byte");
        return Optional.of("response incomplete");
    }

    /**
     * A request flow's exchanges, one per request made, in order, each timed as {@code curl -w}
     * times it ({@link Flow.Exchange}: -1 for a stage never reached).
     *
     * @param asked        the flow's {@code count}: a run that ends first has made fewer
     * @param timeoutNanos how long each request could take
     */
    public record Requests(int asked, List<Flow.Exchange> exchanges, long timeoutNanos) {
        public Requests {
            exchanges = List.copyOf(exchanges);
        }

        /** The exchanges whose whole response was read. */
        public int completed() {
            return (int) exchanges.stream().filter(Flow.Exchange::completed).count();
        }
    }
}
