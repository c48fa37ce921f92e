package dev.overlaysim.linux.tcp;

import dev.overlaysim.linux.tcp.TcpCongestionState.CaState;

/**
 * CUBIC as Linux 6.x implements it in net/ipv4/tcp_cubic.c ("bictcp"), Linux's default
 * congestion control. After a loss the window follows W(t) = C·(t−K)³ + W_max, with
 * C = cube_rtt_scale/1024 = 410/1024 ≈ 0.4 (bic_scale 41 · 10), β = 717/1024 ≈ 0.7 and
 * K = ∛(W_max·(1−β)/C), in integer arithmetic exactly as the kernel does it so that windows
 * match a real sender segment for segment:
 * <ul>
 * <li>time {@code t} and the epoch are in jiffies (tcp_jiffies32, {@link #hz} ticks a second)
 * converted to 1/1024 s (BICTCP_HZ); {@code delay_min} is in microseconds. The target is
 * computed for one delay_min ahead of now, so cwnd reaches W(t) when the ACKs of that RTT
 * come back;</li>
 * <li>{@code cnt}, the number of ACKed segments per one-segment increase, is recomputed at most
 * once per jiffy and, while cwnd does not change, at most every HZ/32 ticks;</li>
 * <li>fast convergence: a loss below the last W_max remembers only (1+β)/2 of the window, to
 * leave bandwidth to newer flows;</li>
 * <li>TCP friendliness: an estimate of the window an AIMD flow with CUBIC's β would have,
 * growing 3(1−β)/(1+β) ≈ 0.53 segment per RTT (one per cwnd·beta_scale/8 = cwnd·15/8 ACKed
 * segments), bounds cnt so CUBIC is never slower than that;</li>
 * <li>growth is at most 1 segment per 2 ACKed (cwnd ×1.5 per RTT) in congestion avoidance;</li>
 * <li>HyStart (hybrid slow start) ends slow start early, setting ssthresh = cwnd once
 * cwnd ≥ 16, on either an ACK train longer than delay_min/2 or a round whose minimum RTT
 * (of at least 8 samples) exceeds delay_min by clamp(delay_min/8, 4 ms, 16 ms).</li>
 * </ul>
 * A retransmission timeout ({@link CaState#LOSS}) resets everything, W_max included
 * (cubictcp_state → bictcp_reset). Not modelled: undo (tcp_reno_undo_cwnd is the sender's),
 * the module parameters other than those the constructor takes, and initial_ssthresh (0, unused).
 */
public final class Cubic implements CongestionControl {
    /** BICTCP_BETA_SCALE: beta and the fast-convergence factor are fractions of 1024. */
    public static final int BICTCP_BETA_SCALE = 1024;
    /** BICTCP_HZ: time inside the cubic function is in units of 2^-10 s. */
    public static final int BICTCP_HZ = 10;
    /** beta: the window kept after a loss, 717/1024 ≈ 0.7. */
    public static final int BETA = 717;
    /** bic_scale: C = bic_scale·10/1024 ≈ 0.4. */
    public static final int BIC_SCALE = 41;
    /** beta_scale: 8·(1024+beta)/3/(1024−beta) = 15, the Reno estimate's ACKs-per-segment, scaled by 8. */
    static final int BETA_SCALE = 8 * (BICTCP_BETA_SCALE + BETA) / 3 / (BICTCP_BETA_SCALE - BETA);
    /** cube_rtt_scale: 1024·C = 410. */
    static final int CUBE_RTT_SCALE = BIC_SCALE * 10;
    /** cube_factor: 2^40 / 410, so that K = cubic_root(cube_factor·(W_max − cwnd)) is in 1/1024 s. */
    static final long CUBE_FACTOR = (1L << (10 + 3 * BICTCP_HZ)) / (BIC_SCALE * 10);

    /** HyStart's detectors (hystart_detect = both) and thresholds. */
    public static final int HYSTART_LOW_WINDOW = 16;
    static final int HYSTART_MIN_SAMPLES = 8;
    static final int HYSTART_DELAY_MIN_US = 4000;
    static final int HYSTART_DELAY_MAX_US = 16000;
    static final int HYSTART_ACK_DELTA_US = 2000;

    /**
     * cubic_root's table: for x in [0, 63], v[x] = cbrt(x·2^18) − 1 as refined by hand in the
     * kernel, so that cbrt(x) ≈ (v[x] + 10) >> 6 gives the leading bits of any cube root.
     */
    private static final int[] V = {
            0, 54, 54, 54, 118, 118, 118, 118,
            123, 129, 134, 138, 143, 147, 151, 156,
            157, 161, 164, 168, 170, 173, 176, 179,
            181, 185, 187, 190, 192, 194, 197, 199,
            200, 202, 204, 206, 209, 211, 213, 215,
            217, 219, 221, 222, 224, 225, 227, 229,
            231, 232, 234, 236, 237, 239, 240, 242,
            244, 245, 246, 248, 250, 251, 252, 254,
    };

    private final int hz;
    private final boolean tcpFriendliness;
    private final boolean hystart;
    private final boolean fastConvergence = true;

    // struct bictcp. All u32 in the kernel; int here with unsigned comparisons where values can
    // exceed 2^31 or wrap (timestamps).
    private int cnt;
    private int lastMaxCwnd;
    private int lastCwnd;
    private int lastTime;        // jiffies
    private int bicOriginPoint;
    private int bicK;            // 1/1024 s
    private int delayMin;        // usec
    private int epochStart;      // jiffies, 0 = no epoch
    private int ackCnt;
    private int tcpCwnd;
    private int sampleCnt;
    private boolean found;
    private int roundStart;      // usec
    private int endSeq;
    private int lastAck;         // usec
    private int currRtt;         // usec, unsigned; ~0 = none yet

    /** Linux's defaults: CONFIG_HZ=1000, tcp_friendliness and HyStart on. */
    public Cubic() {
        this(1000, true, true);
    }

    /** @param hz CONFIG_HZ (100, 250, 300, 1000): the tick of the epoch clock. */
    public Cubic(int hz, boolean tcpFriendliness, boolean hystart) {
        this.hz = hz;
        this.tcpFriendliness = tcpFriendliness;
        this.hystart = hystart;
    }

    @Override
    public String name() {
        return "cubic";
    }

    // ---- the clocks bictcp reads ----

    private int jiffies(long nowNanos) {
        return Jiffies.at(nowNanos, hz);
    }

    /** bictcp_clock_us: the low 32 bits of tp->tcp_mstamp, microseconds since boot. */
    private static int clockUs(long nowNanos) {
        return (int) (nowNanos / 1000);
    }

    // ---- state resets ----

    /** bictcp_reset: forget the epoch, W_max and the delay estimate. */
    private void reset() {
        cnt = 0;
        lastMaxCwnd = 0;
        lastCwnd = 0;
        lastTime = 0;
        bicOriginPoint = 0;
        bicK = 0;
        delayMin = 0;
        epochStart = 0;
        ackCnt = 0;
        tcpCwnd = 0;
        found = false;
    }

    /** bictcp_hystart_reset: a new HyStart round starts now and ends when snd_una passes snd_nxt. */
    private void hystartReset(TcpCongestionState s, long nowNanos) {
        roundStart = lastAck = clockUs(nowNanos);
        endSeq = s.sndNxt;
        currRtt = -1;
        sampleCnt = 0;
    }

    @Override
    public void init(TcpCongestionState s, long nowNanos) {
        reset();
        if (hystart) {
            hystartReset(s, nowNanos);
        }
    }

    @Override
    public void setState(TcpCongestionState s, CaState newState, long nowNanos) {
        if (newState == CaState.LOSS) {
            reset();
            hystartReset(s, nowNanos);
        }
    }

    /**
     * cubictcp_cwnd_event(CA_EVENT_TX_START): after an application-limited idle period, move the
     * epoch forward by the idle time so the cubic curve does not jump ahead for time in which
     * nothing was sent.
     */
    @Override
    public void txStart(TcpCongestionState s, long nowNanos) {
        int now = jiffies(nowNanos);
        int delta = now - jiffies(s.lastSendNanos);
        if (epochStart != 0 && delta > 0) {
            epochStart += delta;
            if (TcpCongestionState.after(epochStart, now)) {
                epochStart = now;
            }
        }
    }

    // ---- the cubic root ----

    /**
     * cubic_root(): ∛a by a 64-entry table of the root's leading bits and one Newton–Raphson
     * step, in the kernel's integer arithmetic (average error about 0.2 %). {@code a} is a u64.
     */
    static int cubicRoot(long a) {
        int bits = 64 - Long.numberOfLeadingZeros(a); // fls64
        if (bits < 7) {
            // a < 64: the table answers directly, rounded.
            return (V[(int) a] + 35) >> 6;
        }
        // b ≈ bits/3 − 1 (84/256 ≈ 1/3): a >> 3b keeps a's top 4 to 6 bits, a table index.
        int b = ((bits * 84) >> 8) - 1;
        int index = (int) (a >>> (b * 3));
        int x = ((V[index] + 10) << b) >>> 6;
        // One Newton–Raphson step x' = (2x + a/x²)/3, with x(x−1) for x² (which corrects the
        // table's bias) and ·341/1024 for /3, all in u32 as in the kernel.
        long xx = (x & 0xffffffffL) * ((x - 1) & 0xffffffffL);
        x = 2 * x + (int) Long.divideUnsigned(a, xx);
        return (x * 341) >>> 10;
    }

    // ---- congestion avoidance ----

    /** bictcp_update: recompute {@link #cnt}, the ACKed segments per one-segment increase. */
    private void update(int cwnd, int acked, int now) {
        ackCnt += acked;

        // cwnd unchanged and the last computation fresh (within 1/32 s): keep cnt.
        if (lastCwnd == cwnd && now - lastTime <= hz / 32) {
            return;
        }
        // At most one cubic computation per jiffy; an epoch restart (epochStart = 0 on every
        // reduction) always recomputes.
        if (!(epochStart != 0 && now == lastTime)) {
            lastCwnd = cwnd;
            lastTime = now;
            cubicCnt(cwnd, acked, now);
        }
        if (tcpFriendliness) {
            renoBound(cwnd);
        }
        // At most one segment per two ACKed: cwnd grows by half per RTT at most.
        if (Integer.compareUnsigned(cnt, 2) < 0) {
            cnt = 2;
        }
    }

    /** The cubic function's part of bictcp_update. */
    private void cubicCnt(int cwnd, int acked, int now) {
        if (epochStart == 0) {
            // First ACK of congestion avoidance after a reduction: a new epoch. Below W_max the
            // curve starts K seconds before its plateau at W_max; above it, it starts at cwnd
            // in its convex part.
            epochStart = now;
            ackCnt = acked;
            tcpCwnd = cwnd;
            if (Integer.compareUnsigned(lastMaxCwnd, cwnd) <= 0) {
                bicK = 0;
                bicOriginPoint = cwnd;
            } else {
                bicK = cubicRoot(CUBE_FACTOR * ((lastMaxCwnd - cwnd) & 0xffffffffL));
                bicOriginPoint = lastMaxCwnd;
            }
        }

        // t: time since the epoch plus one delay_min (the window wanted when this ACK's
        // successors come back), in 1/1024 s.
        long t = now - epochStart;
        t += Jiffies.fromUsecs(delayMin & 0xffffffffL, hz);
        t <<= BICTCP_HZ;
        t = Long.divideUnsigned(t, hz);

        long k = bicK & 0xffffffffL;
        long offs = t < k ? k - t : t - k;
        // C·(t−K)³ in segments: 410/1024 · offs³ / 2^30; u64 wrap-around as in the kernel.
        int delta = (int) ((CUBE_RTT_SCALE * offs * offs * offs) >>> (10 + 3 * BICTCP_HZ));
        int bicTarget = t < k ? bicOriginPoint - delta : bicOriginPoint + delta;

        // Reach the target in one RTT: one segment per cwnd/(target − cwnd) ACKed segments.
        if (Integer.compareUnsigned(bicTarget, cwnd) > 0) {
            cnt = Integer.divideUnsigned(cwnd, bicTarget - cwnd);
        } else {
            cnt = 100 * cwnd; // at or above the target: almost no growth
        }
        // With no loss seen yet the bandwidth is unknown: grow at least 5 % per RTT.
        if (lastMaxCwnd == 0 && Integer.compareUnsigned(cnt, 20) > 0) {
            cnt = 20;
        }
    }

    /**
     * TCP friendliness: tcpCwnd estimates what Reno with CUBIC's beta would have by now (one
     * segment per cwnd·15/8 ACKed segments); if that is more, grow at least as fast.
     */
    private void renoBound(int cwnd) {
        int delta = (cwnd * BETA_SCALE) >>> 3;
        // The kernel subtracts delta while ackCnt > delta; the same in one division.
        if (delta > 0 && Integer.compareUnsigned(ackCnt, delta) > 0) {
            int n = Integer.divideUnsigned(ackCnt - 1, delta);
            ackCnt -= n * delta;
            tcpCwnd += n;
        }
        if (Integer.compareUnsigned(tcpCwnd, cwnd) > 0) {
            int maxCnt = Integer.divideUnsigned(cwnd, tcpCwnd - cwnd);
            if (Integer.compareUnsigned(cnt, maxCnt) > 0) {
                cnt = maxCnt;
            }
        }
    }

    /** cubictcp_cong_avoid: slow start below ssthresh, then additive increase by {@link #cnt}. */
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
        update(s.sndCwnd, acked, jiffies(nowNanos));
        s.congAvoidAi(cnt, acked);
    }

    /**
     * cubictcp_recalc_ssthresh: end the epoch, remember W_max (lowered by fast convergence when
     * this loss came below the previous one) and keep β of the window.
     */
    @Override
    public int ssthresh(TcpCongestionState s) {
        long cwnd = s.sndCwnd & 0xffffffffL;
        epochStart = 0;
        if (fastConvergence && cwnd < (lastMaxCwnd & 0xffffffffL)) {
            lastMaxCwnd = (int) (cwnd * (BICTCP_BETA_SCALE + BETA) / (2 * BICTCP_BETA_SCALE));
        } else {
            lastMaxCwnd = (int) cwnd;
        }
        return (int) Math.max(cwnd * BETA / BICTCP_BETA_SCALE, 2);
    }

    // ---- RTT samples: delay_min and HyStart ----

    /** cubictcp_acked: track the minimum RTT and, in slow start, look for HyStart's exit point. */
    @Override
    public void pktsAcked(TcpCongestionState s, int acked, long rttUs, long nowNanos) {
        if (rttUs < 0) {
            return; // no sample (Karn: only retransmitted segments ACKed)
        }
        // Right after a reduction, queues are draining: samples would understate the path.
        if (epochStart != 0 && jiffies(nowNanos) - epochStart < hz) {
            return;
        }
        int delay = (int) Math.min(rttUs, 0xffffffffL);
        if (delay == 0) {
            delay = 1;
        }
        if (delayMin == 0 || Integer.compareUnsigned(delayMin, delay) > 0) {
            delayMin = delay;
        }
        if (!found && s.inSlowStart() && hystart) {
            hystartUpdate(s, delay, nowNanos);
        }
    }

    /**
     * hystart_ack_delay: a cushion for TSO/GRO aggregation, the time to send four GSO-sized
     * packets at the pacing rate, at most 1 ms; 0 without a pacing rate.
     */
    private static long hystartAckDelayUs(TcpCongestionState s) {
        if (s.pacingRate <= 0) {
            return 0;
        }
        return Math.min(1000L, (long) s.gsoMaxSize * 4 * 1_000_000L / s.pacingRate);
    }

    /** hystart_update: both detectors, each setting ssthresh = cwnd when it fires. */
    private void hystartUpdate(TcpCongestionState s, int delay, long nowNanos) {
        if (TcpCongestionState.after(s.sndUna, endSeq)) {
            hystartReset(s, nowNanos); // a new round (one RTT of data) begins
        }
        if (s.sndCwnd < HYSTART_LOW_WINDOW) {
            return;
        }

        // ACK train: ACKs arriving closely spaced (≤ 2 ms apart) since the round started, for
        // longer than half the minimum RTT, mean the window already fills the pipe.
        int now = clockUs(nowNanos);
        if (now - lastAck <= HYSTART_ACK_DELTA_US) {
            lastAck = now;
            long threshold = (delayMin & 0xffffffffL) + hystartAckDelayUs(s);
            if (!s.paced) {
                threshold >>= 1; // unpaced: the train is sent back to back within half an RTT
            }
            if (now - roundStart > threshold) {
                found = true;
                s.sndSsthresh = s.sndCwnd;
            }
        }

        // Delay increase: the round's minimum RTT, over at least 8 samples, well above delay_min
        // means a queue is building.
        if (Integer.compareUnsigned(currRtt, delay) > 0) {
            currRtt = delay;
        }
        if (sampleCnt < HYSTART_MIN_SAMPLES) {
            sampleCnt++;
        } else {
            long thresh = Math.max(HYSTART_DELAY_MIN_US, Math.min(HYSTART_DELAY_MAX_US, (delayMin & 0xffffffffL) >>> 3));
            if ((currRtt & 0xffffffffL) > (delayMin & 0xffffffffL) + thresh) {
                found = true;
                s.sndSsthresh = s.sndCwnd;
            }
        }
    }

    // ---- for tests and ss -ti ----

    /** bictcp->last_max_cwnd: W_max. */
    public int lastMaxCwnd() {
        return lastMaxCwnd;
    }

    /** bictcp->bic_K in 1/1024 s. */
    public int bicK() {
        return bicK;
    }

    /** bictcp->delay_min in microseconds. */
    public int delayMinUs() {
        return delayMin;
    }

    /** bictcp->cnt. */
    public int cnt() {
        return cnt;
    }

    /** HyStart found its exit point. */
    public boolean hystartFound() {
        return found;
    }
}
