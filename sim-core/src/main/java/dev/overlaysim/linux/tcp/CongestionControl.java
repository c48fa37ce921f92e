package dev.overlaysim.linux.tcp;

import dev.overlaysim.linux.tcp.TcpCongestionState.CaState;

/**
 * What a {@code struct tcp_congestion_ops} gives a Linux TCP sender (include/net/tcp.h), reduced
 * to the hooks a Reno or CUBIC sender uses. One instance holds one connection's private state
 * (Linux's {@code inet_csk_ca(sk)}); {@link TcpCongestionState} holds the {@code tcp_sock} fields.
 *
 * <p>Order of calls on an ACK, as tcp_ack() makes them: {@link #pktsAcked} (from
 * tcp_clean_rtx_queue, with the RTT sample) first, then {@link #congAvoid} (from tcp_cong_control)
 * unless the sender is in recovery. On a loss the sender calls {@link #enterRecovery} (fast
 * retransmit) or {@link #enterLoss} (retransmission timeout), which apply the
 * {@link #ssthresh} hook the way tcp_input.c does.
 *
 * <p>Time is simulated time in nanoseconds; the algorithms convert it to jiffies or microseconds
 * where Linux uses those.
 */
public interface CongestionControl {

    /** The name sysctl net.ipv4.tcp_congestion_control and {@code ss -ti} show: "reno", "cubic". */
    String name();

    /** .init: called once when the connection starts using this algorithm. */
    void init(TcpCongestionState s, long nowNanos);

    /** .ssthresh: the slow start threshold to use after a loss, computed from the current cwnd. */
    int ssthresh(TcpCongestionState s);

    /** .cong_avoid: grow cwnd for {@code acked} newly ACKed segments. */
    void congAvoid(TcpCongestionState s, int acked, long nowNanos);

    /** .set_state: the sender's icsk_ca_state changes (tcp_set_ca_state). */
    default void setState(TcpCongestionState s, CaState newState, long nowNanos) {
    }

    /**
     * .cwnd_event with CA_EVENT_TX_START: the sender starts transmitting again with nothing in
     * flight (tcp_event_data_sent after an idle period). Call before updating
     * {@link TcpCongestionState#lastSendNanos}.
     */
    default void txStart(TcpCongestionState s, long nowNanos) {
    }

    /**
     * .pkts_acked: {@code acked} segments left the retransmit queue; {@code rttUs} is the RTT
     * sample in microseconds, or negative when the ACK gave none (only retransmitted data, Karn).
     */
    default void pktsAcked(TcpCongestionState s, int acked, long rttUs, long nowNanos) {
    }

    /**
     * Fast retransmit: tcp_enter_recovery → tcp_init_cwnd_reduction sets ssthresh from the hook;
     * PRR then walks cwnd down during recovery and tcp_end_cwnd_reduction leaves it at ssthresh.
     * PRR's per-ACK pacing belongs to the sender; this applies the reduction's end result at once
     * and puts the state in {@link CaState#RECOVERY}.
     */
    default void enterRecovery(TcpCongestionState s, long nowNanos) {
        s.sndSsthresh = ssthresh(s);
        s.sndCwnd = Math.max(1, Math.min(s.sndCwnd, s.sndSsthresh));
        s.sndCwndCnt = 0;
        s.caState = CaState.RECOVERY;
        setState(s, CaState.RECOVERY, nowNanos);
    }

    /**
     * Retransmission timeout: tcp_enter_loss. ssthresh from the hook (computed from the cwnd
     * before the timeout), cwnd = packets in flight + 1, which is 1 once everything outstanding
     * is marked lost, and the {@link CaState#LOSS} state (CUBIC resets itself on it).
     */
    default void enterLoss(TcpCongestionState s, int packetsInFlight, long nowNanos) {
        if (s.caState == CaState.OPEN || s.caState == CaState.DISORDER) {
            // Linux recomputes ssthresh only when the timeout starts a loss episode: a repeated
            // timeout, or one during a fast recovery still under way, keeps the ssthresh that
            // episode set (tcp_enter_loss's icsk_ca_state <= TCP_CA_Disorder test; its
            // high_seq and icsk_retransmits refinements are the sender's business).
            s.sndSsthresh = ssthresh(s);
        }
        s.sndCwnd = packetsInFlight + 1;
        s.sndCwndCnt = 0;
        s.caState = CaState.LOSS;
        setState(s, CaState.LOSS, nowNanos);
    }

    /** Recovery or loss is over (tcp_try_undo / tcp_end_cwnd_reduction → TCP_CA_Open). */
    default void exitRecovery(TcpCongestionState s, long nowNanos) {
        s.caState = CaState.OPEN;
        setState(s, CaState.OPEN, nowNanos);
    }
}
