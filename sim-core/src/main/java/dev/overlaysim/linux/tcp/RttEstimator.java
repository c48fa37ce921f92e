package dev.overlaysim.linux.tcp;

/**
 * A sender's round-trip time estimate and retransmission timeout, as Linux computes them:
 * {@code tcp_rtt_estimator} and {@code tcp_set_rto} (net/ipv4/tcp_input.c, include/net/tcp.h)
 * and the exponential backoff of {@code tcp_retransmit_timer} (net/ipv4/tcp_timer.c).
 *
 * <p>Linux keeps, in microseconds: {@code srtt_us} = 8·SRTT, {@code mdev_us} = 4·mean deviation,
 * {@code mdev_max_us} = the largest mdev seen in the current window of data, and
 * {@code rttvar_us}, the deviation term the RTO uses, which follows mdev_max up at once and down
 * by a quarter of the gap once per window of data (RFC 6298's RTTVAR, smoothed per RTT rather
 * than per sample). The RTO is SRTT + rttvar in jiffies. There is no explicit lower clamp:
 * rttvar is never below tcp_rto_min (200 ms), so the RTO is never below SRTT + 200 ms
 * (a 10 ms path gets 210 ms, which {@code ss -ti} prints as rto:210). The upper bound is
 * TCP_RTO_MAX, 120 s.
 *
 * <p>{@code ss -ti} prints {@code rtt:A/B} from tcp_info: A = srtt_us>>3 and B = mdev_us>>2
 * (not rttvar_us), each in ms with "%g"; see {@link #tcpiRttUs()} and {@link #tcpiRttvarUs()}.
 */
public final class RttEstimator {
    /** TCP_RTO_MIN and tcp_rto_min_us: 200 ms. */
    public static final long TCP_RTO_MIN_US = 200_000;
    /** TCP_RTO_MAX: 120 s. */
    public static final long TCP_RTO_MAX_US = 120_000_000;
    /** TCP_TIMEOUT_INIT: 1 s, the RTO before any RTT sample (RFC 6298 2.1). */
    public static final long TCP_TIMEOUT_INIT_US = 1_000_000;

    private final int hz;
    private long srttUs;    // 8·SRTT; 0 = no sample yet
    private long mdevUs;    // 4·mdev
    private long mdevMaxUs;
    private long rttvarUs;
    private int rttSeq;     // snd_nxt when the current window of data began
    private long rtoJiffies;
    private int backoff;    // icsk_backoff

    /** CONFIG_HZ=1000. */
    public RttEstimator() {
        this(1000);
    }

    /** @param hz CONFIG_HZ: the RTO is a whole number of jiffies. */
    public RttEstimator(int hz) {
        this.hz = hz;
        this.rtoJiffies = Jiffies.fromUsecs(TCP_TIMEOUT_INIT_US, hz);
    }

    /**
     * tcp_ack_update_rtt with a valid sample: update the estimate, recompute the RTO and, per
     * RFC 6298 5.7, forget the backoff now that the path answered.
     *
     * @param mrttUs the measured RTT in microseconds (negative: no sample, nothing changes)
     * @param sndUna the sender's snd_una after this ACK
     * @param sndNxt the sender's snd_nxt
     */
    public void sample(long mrttUs, int sndUna, int sndNxt) {
        if (mrttUs < 0) {
            return;
        }
        estimate(mrttUs, sndUna, sndNxt);
        setRto();
        backoff = 0;
    }

    /** tcp_rtt_estimator. */
    private void estimate(long mrttUs, int sndUna, int sndNxt) {
        long m = mrttUs;
        long srtt = srttUs;
        if (srtt != 0) {
            m -= srtt >> 3;          // m: error of the estimate
            srtt += m;               // SRTT += error/8 (srtt is 8·SRTT)
            if (m < 0) {
                m = -m;
                m -= mdevUs >> 2;
                // The RTT fell. An RTT dropping sharply should not make the RTO jump up
                // through mdev (Eifel's observation), so a rising mdev here gets 1/8 of the
                // usual gain; a falling mdev keeps the full gain.
                if (m > 0) {
                    m >>= 3;
                }
            } else {
                m -= mdevUs >> 2;
            }
            mdevUs += m;             // mdev += (|error| − mdev)/4 (mdevUs is 4·mdev)
            if (mdevUs > mdevMaxUs) {
                mdevMaxUs = mdevUs;
                if (mdevMaxUs > rttvarUs) {
                    rttvarUs = mdevMaxUs; // a larger deviation raises the RTO at once
                }
            }
            if (TcpCongestionState.after(sndUna, rttSeq)) {
                // A window of data has been ACKed since the last such point: let rttvar decay
                // a quarter of the way to this window's largest mdev, and start a new window.
                if (mdevMaxUs < rttvarUs) {
                    rttvarUs -= (rttvarUs - mdevMaxUs) >> 2;
                }
                rttSeq = sndNxt;
                mdevMaxUs = TCP_RTO_MIN_US;
            }
        } else {
            // First sample: SRTT = m and mdev = m/2, so that 4·mdev = 2m and RTO = 3m, but
            // never a deviation term below rto_min.
            srtt = m << 3;
            mdevUs = m << 1;
            rttvarUs = Math.max(mdevUs, TCP_RTO_MIN_US);
            mdevMaxUs = rttvarUs;
            rttSeq = sndNxt;
        }
        srttUs = Math.max(1, srtt);
    }

    /** tcp_set_rto: __tcp_set_rto (SRTT + rttvar, rounded up to jiffies), then tcp_bound_rto. */
    private void setRto() {
        long rto = Jiffies.fromUsecs((srttUs >> 3) + rttvarUs, hz);
        rtoJiffies = Math.min(rto, rtoMaxJiffies());
    }

    private long rtoMaxJiffies() {
        return Jiffies.fromUsecs(TCP_RTO_MAX_US, hz);
    }

    /**
     * tcp_retransmit_timer fired: icsk_backoff++ and the RTO doubles (exponential backoff,
     * RFC 6298 5.5), never beyond TCP_RTO_MAX. Thin-stream linear timeouts (off by default) are
     * not modelled.
     */
    public void backoff() {
        backoff++;
        rtoJiffies = Math.min(rtoJiffies << 1, rtoMaxJiffies());
    }

    /** icsk_rto, the retransmission timeout to arm now, in nanoseconds. */
    public long rtoNanos() {
        return Jiffies.toNanos(rtoJiffies, hz);
    }

    /** icsk_rto in jiffies. */
    public long rtoJiffies() {
        return rtoJiffies;
    }

    /** icsk_backoff: timeouts since the last RTT sample. */
    public int backoffCount() {
        return backoff;
    }

    /** Whether any RTT sample has been taken (srtt_us != 0). */
    public boolean hasSample() {
        return srttUs != 0;
    }

    /** tp->srtt_us: 8·SRTT in microseconds. */
    public long srttUs() {
        return srttUs;
    }

    /** tp->mdev_us: 4·mdev in microseconds. */
    public long mdevUs() {
        return mdevUs;
    }

    /** tp->mdev_max_us. */
    public long mdevMaxUs() {
        return mdevMaxUs;
    }

    /** tp->rttvar_us. */
    public long rttvarUs() {
        return rttvarUs;
    }

    /** tcp_info's tcpi_rtt = srtt_us >> 3: the "rtt:" value of ss -ti, in microseconds (ss prints it /1000 with %g). */
    public long tcpiRttUs() {
        return srttUs >> 3;
    }

    /** tcp_info's tcpi_rttvar = mdev_us >> 2: the value after the slash in "rtt:", in microseconds. */
    public long tcpiRttvarUs() {
        return mdevUs >> 2;
    }
}
