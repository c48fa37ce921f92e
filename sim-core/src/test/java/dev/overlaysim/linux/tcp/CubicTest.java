package dev.overlaysim.linux.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Cubic}: tcp_cubic.c's cubic_root, window curve, W_max bookkeeping and HyStart. */
class CubicTest {
    static final long MS = 1_000_000L;
    static final long S = 1_000_000_000L;
    static final double C = 0.4;
    static final double BETA = 717.0 / 1024;

    // ---- cubic_root ----

    /**
     * Values worked out by hand from the kernel's algorithm: below 64 the table alone,
     * (v[a] + 35) >> 6; above, the table's estimate and one Newton–Raphson step. For
     * 80452070310 = cube_factor·30: fls64 = 37, b = (37·84 >> 8) − 1 = 11, index = a >> 33 = 9,
     * x = ((129 + 10) << 11) >> 6 = 4448, x' = 2·4448 + a/(4448·4447) = 8896 + 4067 = 12963,
     * ·341 >> 10 = 4316 (the true root is 4316.97).
     */
    @ParameterizedTest(name = "cubic_root({0}) = {1}")
    @CsvSource({
            "0, 0", "1, 1", "2, 1", "7, 2", "8, 2", "26, 3", "27, 3", "63, 4",
            // 64: fls 7, b = 1, index 8, x = (133 << 1) >> 6 = 4, x' = 8 + 64/12 = 13, 13·341 >> 10 = 4
            "64, 4",
            // 1000: fls 10, b = 2, index 15, x = (166 << 2) >> 6 = 10, x' = 20 + 1000/90 = 31, → 10
            "1000, 10",
            "1073741824, 1024",
            "2681735677, 1388",
            "80452070310, 4316",
    })
    void cubicRootGivesTheKernelsValues(long a, int root) {
        assertThat(Cubic.cubicRoot(a)).isEqualTo(root);
    }

    @Test
    void cubicRootIsWithinTheKernelApproximationsErrorOfTheTrueRoot() {
        // Small arguments: the integer result is within one of the real root.
        for (long a = 0; a < 1 << 20; a++) {
            assertThat((double) Cubic.cubicRoot(a)).as("cubic_root(%d)", a).isCloseTo(Math.cbrt(a), within(1.0));
        }
        // Large ones (K's arguments are ≥ cube_factor ≈ 2.7e9): within 0.2 %, the kernel's own
        // figure for its average error being 0.195 %.
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            long a = random.nextLong(1L << 20, 1L << 50);
            double exact = Math.cbrt(a);
            assertThat(Cubic.cubicRoot(a) / exact).as("cubic_root(%d)", a).isCloseTo(1.0, within(0.002));
        }
    }

    @Test
    void constantsAreTheKernels() {
        assertThat(Cubic.BETA_SCALE).isEqualTo(15);
        assertThat(Cubic.CUBE_RTT_SCALE).isEqualTo(410);
        assertThat(Cubic.CUBE_FACTOR).isEqualTo(2681735677L); // 2^40 / 410
    }

    // ---- ssthresh and W_max ----

    @ParameterizedTest(name = "cwnd {0} → ssthresh {1}")
    @CsvSource({"100, 70", "1000, 700", "10, 7", "3, 2", "2, 2", "1, 2"})
    void ssthresholdIsBetaOfTheWindow(int cwnd, int ssthresh) {
        TcpCongestionState s = new TcpCongestionState();
        Cubic cubic = new Cubic();
        cubic.init(s, 0);
        s.sndCwnd = cwnd;
        assertThat(cubic.ssthresh(s)).isEqualTo(ssthresh).isEqualTo(Math.max(cwnd * 717 / 1024, 2));
        assertThat(cubic.lastMaxCwnd()).isEqualTo(cwnd);
    }

    @Test
    void fastConvergenceLowersWmaxWhenALossComesBelowTheLastOne() {
        TcpCongestionState s = new TcpCongestionState();
        Cubic cubic = new Cubic();
        cubic.init(s, 0);
        s.sndCwnd = 100;
        cubic.ssthresh(s);
        assertThat(cubic.lastMaxCwnd()).isEqualTo(100);
        // second loss at 90 < 100: W_max = 90·(1024+717)/2048 = 76, not 90
        s.sndCwnd = 90;
        assertThat(cubic.ssthresh(s)).isEqualTo(63);
        assertThat(cubic.lastMaxCwnd()).isEqualTo(76);
        // a loss above the last W_max keeps the window as W_max
        s.sndCwnd = 110;
        cubic.ssthresh(s);
        assertThat(cubic.lastMaxCwnd()).isEqualTo(110);
    }

    @Test
    void aTimeoutForgetsWmax() {
        TcpCongestionState s = new TcpCongestionState();
        Cubic cubic = new Cubic();
        cubic.init(s, 0);
        s.sndCwnd = 100;
        cubic.enterLoss(s, 0, S);
        assertThat(s.sndCwnd).isEqualTo(1);
        assertThat(s.sndSsthresh).isEqualTo(70);
        assertThat(cubic.lastMaxCwnd()).isZero(); // cubictcp_state(TCP_CA_Loss) → bictcp_reset
    }

    // ---- the window curve ----

    /** After a loss at 100 segments, with an RTT of 100 ms, cwnd follows C(t−K)³ + W_max. */
    @Test
    void theWindowFollowsTheCubicCurveAfterALoss() {
        long rtt = 100 * MS;
        TcpCongestionState s = new TcpCongestionState();
        Cubic cubic = new Cubic();
        long t0 = 10 * S;
        cubic.init(s, t0);
        cubic.pktsAcked(s, 1, rtt / 1000, t0); // delay_min = 100 ms
        s.sndCwnd = 100;
        cubic.enterRecovery(s, t0);
        cubic.exitRecovery(s, t0);
        assertThat(s.sndCwnd).isEqualTo(70);

        AckClock clock = new AckClock(cubic, s, rtt, t0);
        long epoch = t0 + rtt; // the first ACK after the loss starts the epoch
        double wmax = 100;
        double k = Math.cbrt(wmax * (1 - BETA) / C);
        assertThat(cubic.bicK()).isZero();
        clock.round();
        assertThat(cubic.bicK() / 1024.0).isCloseTo(k, within(0.01)); // K = 4.2 s
        for (double t = 0.5; t <= 7.0; t += 0.5) {
            clock.runUntil(epoch + (long) (t * S));
            // bictcp_update aims at the window one delay_min ahead, which the ACKs of this
            // round reach; the kernel's K is 1/1024 s coarse and cwnd an integer.
            double ahead = (clock.now - epoch + rtt) / (double) S;
            double w = C * Math.pow(ahead - k, 3) + wmax;
            assertThat((double) s.sndCwnd).as("cwnd at t = %.1f s", t).isCloseTo(w, within(1.5));
        }
        // concave up to W_max, a plateau around it at t = K, then convex probing beyond
        assertThat(s.sndCwnd).isGreaterThan(105);
    }

    /**
     * At 10 ms the cubic curve is slower than Reno would be, so TCP friendliness makes CUBIC
     * grow like an AIMD flow with β = 0.7: 3(1−β)/(1+β) ≈ 0.53 segment per RTT (8/15 in the
     * kernel's scaled arithmetic); without it cwnd follows the curve.
     */
    @Test
    void atShortRttsTcpFriendlinessGrowsTheWindowAsRenoWould() {
        long rtt = 10 * MS;
        double wmax = 100;
        double k = Math.cbrt(wmax * (1 - BETA) / C);
        for (boolean friendly : new boolean[] {true, false}) {
            TcpCongestionState s = new TcpCongestionState();
            Cubic cubic = new Cubic(1000, friendly, true);
            long t0 = 10 * S;
            cubic.init(s, t0);
            cubic.pktsAcked(s, 1, rtt / 1000, t0);
            s.sndCwnd = 100;
            cubic.enterRecovery(s, t0);
            cubic.exitRecovery(s, t0);
            AckClock clock = new AckClock(cubic, s, rtt, t0);
            long epoch = t0 + rtt;
            clock.runUntil(epoch + S);
            double t = (clock.now - epoch) / (double) S;
            if (friendly) {
                assertThat((double) s.sndCwnd).isCloseTo(70 + 8.0 / 15 * t * S / rtt, within(2.0));
            } else {
                assertThat((double) s.sndCwnd).isCloseTo(C * Math.pow(t + 0.01 - k, 3) + wmax, within(1.5));
            }
        }
    }

    @Test
    void withoutALossYetGrowthIsAtLeastFivePercentPerRtt() {
        // W_max = 0 (no loss seen, e.g. HyStart ended slow start): cnt is capped at 20
        TcpCongestionState s = new TcpCongestionState();
        Cubic cubic = new Cubic(1000, false, false);
        cubic.init(s, 0);
        s.sndCwnd = 100;
        s.sndSsthresh = 100;
        AckClock clock = new AckClock(cubic, s, 100 * MS, 10 * S);
        clock.round();
        assertThat(cubic.cnt()).isEqualTo(20);
        assertThat(s.sndCwnd).isEqualTo(105);
    }

    // ---- HyStart ----

    @Test
    void hystartAckTrainEndsSlowStartWhenAcksSpanHalfTheMinimumRtt() {
        long rtt = 10 * MS;
        TcpCongestionState s = new TcpCongestionState();
        Cubic cubic = new Cubic();
        cubic.init(s, 10 * S);
        AckClock clock = new AckClock(cubic, s, rtt, 10 * S);
        assertThat(clock.round()).isEqualTo(20); // below HYSTART_LOW_WINDOW for most of it
        assertThat(cubic.hystartFound()).isFalse();
        // 20 ACKs 0.5 ms apart: the 12th comes 5.5 ms into the round, past delay_min/2, with
        // cwnd 20 + 11 = 31
        clock.round();
        assertThat(cubic.hystartFound()).isTrue();
        assertThat(s.sndSsthresh).isEqualTo(31);
        assertThat(s.sndCwnd).isLessThan(40);

        TcpCongestionState plain = new TcpCongestionState();
        Cubic noHystart = new Cubic(1000, true, false);
        noHystart.init(plain, 10 * S);
        AckClock c2 = new AckClock(noHystart, plain, rtt, 10 * S);
        c2.round();
        assertThat(c2.round()).isEqualTo(40);
        assertThat(plain.sndSsthresh).isEqualTo(TcpCongestionState.TCP_INFINITE_SSTHRESH);
    }

    @Test
    void hystartDelayEndsSlowStartWhenTheRoundsMinimumRttRisesByTheThreshold() {
        for (int rttMs : new int[] {13, 15}) {
            TcpCongestionState s = new TcpCongestionState();
            Cubic cubic = new Cubic();
            long now = 10 * S;
            s.sndNxt = 100;
            cubic.init(s, now);
            cubic.pktsAcked(s, 1, 10_000, now); // delay_min = 10 ms (cwnd 10: no detection)
            s.sndCwnd = 20;
            s.sndUna = 101; // a new round, which will end when snd_una passes 200
            s.sndNxt = 200;
            // ACKs 3 ms apart, too sparse for an ACK train; threshold 10 + max(10/8, 4) = 14 ms
            for (int i = 1; i <= 9; i++) {
                now += 3 * MS;
                cubic.pktsAcked(s, 1, rttMs * 1000L, now);
                boolean expected = rttMs > 14 && i == 9;
                assertThat(cubic.hystartFound()).as("rtt %d ms, sample %d", rttMs, i).isEqualTo(expected);
            }
            assertThat(s.sndSsthresh).isEqualTo(rttMs > 14 ? 20 : TcpCongestionState.TCP_INFINITE_SSTHRESH);
        }
    }

    @Test
    void nameIsCubic() {
        assertThat(new Cubic().name()).isEqualTo("cubic");
    }
}
