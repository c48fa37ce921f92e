package dev.overlaysim.linux.tcp;

/**
 * The congestion-window fields of one sender's {@code struct tcp_sock} that the congestion
 * control algorithms read and write: {@code snd_cwnd}, {@code snd_ssthresh}, {@code snd_cwnd_cnt},
 * {@code snd_cwnd_clamp}, the {@code icsk_ca_state}, and the few sequence and pacing facts HyStart
 * needs. Windows count segments (MSS-sized packets), as Linux counts them.
 *
 * <p>It also holds the two growth primitives of net/ipv4/tcp_cong.c that every algorithm shares,
 * {@link #slowStart(int)} ({@code tcp_slow_start}) and {@link #congAvoidAi(int, int)}
 * ({@code tcp_cong_avoid_ai}), because they only touch these fields.
 *
 * <p>Sequence numbers are 32-bit and compared the way {@code before()/after()} do, so that they
 * may wrap. Nothing here allocates.
 */
public final class TcpCongestionState {
    /** TCP_INFINITE_SSTHRESH: ssthresh before the first loss, so a connection starts in slow start. */
    public static final int TCP_INFINITE_SSTHRESH = 0x7fffffff;
    /** TCP_INIT_CWND: RFC 6928's initial window of 10 segments. */
    public static final int TCP_INIT_CWND = 10;

    /** {@code icsk_ca_state}: where the sender's loss recovery state machine is (tcp_input.c). */
    public enum CaState { OPEN, DISORDER, CWR, RECOVERY, LOSS }

    /** snd_cwnd, in segments. */
    public int sndCwnd = TCP_INIT_CWND;
    /** snd_ssthresh, in segments. */
    public int sndSsthresh = TCP_INFINITE_SSTHRESH;
    /** snd_cwnd_cnt: ACKed segments credited towards the next one-segment increase in congestion avoidance. */
    public int sndCwndCnt;
    /**
     * snd_cwnd_clamp: the largest cwnd allowed. tcp_init_sock sets ~0; as Java has no unsigned int
     * we take the largest positive one, which no simulated window reaches.
     */
    public int sndCwndClamp = Integer.MAX_VALUE;
    /** icsk_ca_state. */
    public CaState caState = CaState.OPEN;

    /**
     * tp->is_cwnd_limited: whether the sender used its whole window in the last flight. Linux
     * grows cwnd only when it is the limit (tcp_is_cwnd_limited), so an application-limited flow
     * does not inflate it. The sender sets this; the default suits a bulk sender.
     */
    public boolean isCwndLimited = true;
    /** tp->max_packets_out: the most packets in flight in the last window (tcp_is_cwnd_limited's slow-start rule). */
    public int maxPacketsOut;

    /** snd_una and snd_nxt (32-bit, wrapping): HyStart's rounds end when snd_una passes the snd_nxt of the round start. */
    public int sndUna;
    public int sndNxt;
    /** tp->lsndtime as nanoseconds: when data was last sent (CUBIC shifts its epoch over idle periods). */
    public long lastSendNanos;
    /**
     * sk->sk_pacing_rate in bytes per second, 0 if unknown, and whether packets are really paced
     * (sk_pacing_status != SK_PACING_NONE, i.e. the fq qdisc or internal pacing). HyStart's ACK
     * train test reads both.
     */
    public long pacingRate;
    public boolean paced;
    /** sk->sk_gso_max_size: GSO_LEGACY_MAX_SIZE, 65536 bytes, for the usual devices (HyStart's ACK-delay cushion). */
    public int gsoMaxSize = 65536;

    /** tcp_in_slow_start(): cwnd below ssthresh. */
    public boolean inSlowStart() {
        return sndCwnd < sndSsthresh;
    }

    /**
     * tcp_is_cwnd_limited(): grow only when the window was the limit; in slow start also while
     * cwnd is below twice what was recently in flight, so that slow start keeps doubling even if
     * the sender is momentarily short of data (RFC 7661's spirit).
     */
    public boolean cwndLimited() {
        if (isCwndLimited) {
            return true;
        }
        if (inSlowStart()) {
            return sndCwnd < 2L * maxPacketsOut;
        }
        return false;
    }

    /**
     * tcp_slow_start(): one segment per ACKed segment, but never past ssthresh. Returns the ACKed
     * segments left over once ssthresh is reached, which the caller spends in congestion
     * avoidance, so that crossing ssthresh mid-ACK loses no credit.
     */
    public int slowStart(int acked) {
        int cwnd = (int) Math.min((long) sndCwnd + acked, sndSsthresh);
        acked -= cwnd - sndCwnd;
        sndCwnd = Math.min(cwnd, sndCwndClamp);
        return acked;
    }

    /**
     * tcp_cong_avoid_ai(): additive increase, one segment for every {@code w} segments ACKed.
     * Reno passes w = cwnd (one segment per RTT); CUBIC passes its computed {@code cnt}.
     */
    public void congAvoidAi(int w, int acked) {
        // Credit gathered while w was larger (w can shrink between calls under CUBIC) is spent
        // now as a single increase rather than a burst.
        if (sndCwndCnt >= w) {
            sndCwndCnt = 0;
            sndCwnd++;
        }
        sndCwndCnt += acked;
        if (sndCwndCnt >= w) {
            int delta = sndCwndCnt / w;
            sndCwndCnt -= delta * w;
            sndCwnd += delta;
        }
        sndCwnd = Math.min(sndCwnd, sndCwndClamp);
    }

    /** after(seq1, seq2) of include/net/tcp.h: seq1 is later than seq2, modulo 2^32. */
    static boolean after(int seq1, int seq2) {
        return seq2 - seq1 < 0;
    }
}
