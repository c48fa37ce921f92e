package dev.overlaysim.linux.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link TcpCongestionState}: tcp_slow_start and tcp_cong_avoid_ai as tcp_cong.c does them. */
class TcpCongestionStateTest {
    static final long MS = 1_000_000L;

    @Test
    void aConnectionStartsWithTenSegmentsAndAnInfiniteSsthresh() {
        TcpCongestionState s = new TcpCongestionState();
        assertThat(s.sndCwnd).isEqualTo(10);
        assertThat(s.sndSsthresh).isEqualTo(0x7fffffff);
        assertThat(s.inSlowStart()).isTrue();
    }

    @Test
    void slowStartDoublesTheWindowEveryRoundTrip() {
        TcpCongestionState s = new TcpCongestionState();
        AckClock clock = new AckClock(new Reno(), s, 10 * MS, 0);
        assertThat(clock.round()).isEqualTo(20);
        assertThat(clock.round()).isEqualTo(40);
        assertThat(clock.round()).isEqualTo(80);
        assertThat(clock.round()).isEqualTo(160);
    }

    @Test
    void slowStartStopsAtSsthreshAndTheRestOfTheRoundIsAdditiveIncrease() {
        TcpCongestionState s = new TcpCongestionState();
        s.sndSsthresh = 50;
        AckClock clock = new AckClock(new Reno(), s, 10 * MS, 0);
        clock.round();
        clock.round();
        assertThat(s.sndCwnd).isEqualTo(40);
        // 40 ACKs: 10 take cwnd to 50, the other 30 are credit towards 51
        clock.round();
        assertThat(s.sndCwnd).isEqualTo(50);
        assertThat(s.inSlowStart()).isFalse();
        assertThat(s.sndCwndCnt).isEqualTo(30);
    }

    @Test
    void slowStartReturnsTheAckedSegmentsItCouldNotUse() {
        TcpCongestionState s = new TcpCongestionState();
        s.sndCwnd = 48;
        s.sndSsthresh = 50;
        assertThat(s.slowStart(5)).isEqualTo(3);
        assertThat(s.sndCwnd).isEqualTo(50);
        assertThat(s.slowStart(4)).isEqualTo(4); // at ssthresh: nothing used
        assertThat(s.sndCwnd).isEqualTo(50);
    }

    @Test
    void slowStartRespectsTheClamp() {
        TcpCongestionState s = new TcpCongestionState();
        s.sndCwndClamp = 12;
        s.slowStart(5);
        assertThat(s.sndCwnd).isEqualTo(12);
    }

    @Test
    void additiveIncreaseIsOneSegmentPerWAckedSegments() {
        TcpCongestionState s = new TcpCongestionState();
        for (int i = 0; i < 9; i++) {
            s.congAvoidAi(10, 1);
        }
        assertThat(s.sndCwnd).isEqualTo(10);
        s.congAvoidAi(10, 1);
        assertThat(s.sndCwnd).isEqualTo(11);
        assertThat(s.sndCwndCnt).isZero();
        // a stretch ACK of 25 segments with w = 10: two segments and 5 of credit
        s.congAvoidAi(10, 25);
        assertThat(s.sndCwnd).isEqualTo(13);
        assertThat(s.sndCwndCnt).isEqualTo(5);
    }

    @Test
    void creditGatheredAtALargerWIsSpentAsOneSegmentWhenWShrinks() {
        TcpCongestionState s = new TcpCongestionState();
        s.sndCwndCnt = 40;
        s.congAvoidAi(10, 1);
        // 40 ≥ 10: one segment and the credit restarts, then the new ACK counts
        assertThat(s.sndCwnd).isEqualTo(11);
        assertThat(s.sndCwndCnt).isEqualTo(1);
    }

    @Test
    void anApplicationLimitedSenderDoesNotGrow() {
        TcpCongestionState s = new TcpCongestionState();
        s.isCwndLimited = false;
        s.maxPacketsOut = 5; // cwnd 10 is already twice what was in flight
        Reno reno = new Reno();
        reno.congAvoid(s, 5, 0);
        assertThat(s.sndCwnd).isEqualTo(10);
        s.maxPacketsOut = 6;
        reno.congAvoid(s, 5, 0);
        assertThat(s.sndCwnd).isEqualTo(15);
    }
}
