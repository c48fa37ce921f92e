package dev.overlaysim.linux.tcp;

/**
 * TCP NewReno's window rules as net/ipv4/tcp_cong.c has them ({@code tcp_reno_cong_avoid},
 * {@code tcp_reno_ssthresh}): slow start below ssthresh, then one segment per window of ACKed
 * segments, and half the window on a loss. Reno keeps no private state.
 */
public final class Reno implements CongestionControl {

    @Override
    public String name() {
        return "reno";
    }

    @Override
    public void init(TcpCongestionState s, long nowNanos) {
    }

    /** tcp_reno_ssthresh: half of cwnd, but at least 2 so that fast retransmit still has dupacks to work with. */
    @Override
    public int ssthresh(TcpCongestionState s) {
        return Math.max(s.sndCwnd >>> 1, 2);
    }

    /** tcp_reno_cong_avoid: slow start first; whatever ACKs it did not use grow cwnd by 1/cwnd each. */
    @Override
    public void congAvoid(TcpCongestionState s, int acked, long nowNanos) {
        if (!s.cwndLimited()) {
            return;
        }
        if (s.inSlowStart()) {
            acked = s.slowStart(acked);
            if (acked == 0) {
                return;
            }
        }
        s.congAvoidAi(s.sndCwnd, acked);
    }
}
