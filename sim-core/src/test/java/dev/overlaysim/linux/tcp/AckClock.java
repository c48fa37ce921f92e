package dev.overlaysim.linux.tcp;

/**
 * A bulk sender's ACK clock at a fixed RTT for the tests: each round sends cwnd segments spread
 * evenly over one RTT, and each comes back acknowledged, one ACK per segment, one RTT after it
 * was sent, feeding the algorithm the way tcp_ack does (pkts_acked with the RTT sample, then
 * cong_avoid).
 */
final class AckClock {
    final CongestionControl cc;
    final TcpCongestionState s;
    final long rttNanos;
    long now;

    AckClock(CongestionControl cc, TcpCongestionState s, long rttNanos, long startNanos) {
        this.cc = cc;
        this.s = s;
        this.rttNanos = rttNanos;
        this.now = startNanos;
    }

    /** One round trip: returns the cwnd at its end. */
    int round() {
        int n = s.sndCwnd;
        long sendStart = now;
        s.sndNxt += n;
        for (int i = 0; i < n; i++) {
            long ackAt = sendStart + (long) i * rttNanos / n + rttNanos;
            s.sndUna++;
            cc.pktsAcked(s, 1, rttNanos / 1000, ackAt);
            cc.congAvoid(s, 1, ackAt);
        }
        now = sendStart + rttNanos;
        return s.sndCwnd;
    }

    /** Runs rounds until simulated time reaches {@code untilNanos}. */
    void runUntil(long untilNanos) {
        while (now < untilNanos) {
            round();
        }
    }
}
