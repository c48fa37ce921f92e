package dev.overlaysim.linux.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlaysim.linux.tcp.TcpCongestionState.CaState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Reno}: tcp_reno_cong_avoid and tcp_reno_ssthresh. */
class RenoTest {
    static final long MS = 1_000_000L;

    @Test
    void congestionAvoidanceAddsOneSegmentPerWindow() {
        TcpCongestionState s = new TcpCongestionState();
        s.sndCwnd = 20;
        s.sndSsthresh = 10;
        AckClock clock = new AckClock(new Reno(), s, 10 * MS, 0);
        assertThat(clock.round()).isEqualTo(21);
        assertThat(s.sndCwndCnt).isZero();
        assertThat(clock.round()).isEqualTo(22);
        for (int i = 0; i < 8; i++) {
            clock.round();
        }
        assertThat(s.sndCwnd).isEqualTo(30);
    }

    @ParameterizedTest(name = "cwnd {0} → ssthresh {1}")
    @CsvSource({"100, 50", "21, 10", "20, 10", "5, 2", "4, 2", "3, 2", "2, 2", "1, 2"})
    void ssthresholdIsHalfTheWindowButAtLeastTwo(int cwnd, int ssthresh) {
        TcpCongestionState s = new TcpCongestionState();
        s.sndCwnd = cwnd;
        assertThat(new Reno().ssthresh(s)).isEqualTo(ssthresh);
    }

    @Test
    void fastRetransmitHalvesTheWindow() {
        TcpCongestionState s = new TcpCongestionState();
        s.sndCwnd = 40;
        new Reno().enterRecovery(s, 0);
        assertThat(s.sndSsthresh).isEqualTo(20);
        assertThat(s.sndCwnd).isEqualTo(20);
        assertThat(s.caState).isEqualTo(CaState.RECOVERY);
    }

    @Test
    void aTimeoutRestartsFromOneSegmentAndSlowStartsToHalfTheOldWindow() {
        TcpCongestionState s = new TcpCongestionState();
        Reno reno = new Reno();
        s.sndCwnd = 40;
        reno.enterLoss(s, 0, 0);
        assertThat(s.sndCwnd).isEqualTo(1);
        assertThat(s.sndSsthresh).isEqualTo(20);
        // a second timeout in the same episode keeps ssthresh
        reno.enterLoss(s, 0, 0);
        assertThat(s.sndSsthresh).isEqualTo(20);
        reno.exitRecovery(s, 0);
        AckClock clock = new AckClock(reno, s, 10 * MS, 0);
        assertThat(clock.round()).isEqualTo(2);
        assertThat(clock.round()).isEqualTo(4);
        clock.round();
        clock.round();
        assertThat(s.sndCwnd).isEqualTo(16);
        clock.round();
        assertThat(s.sndCwnd).isEqualTo(20); // ssthresh reached, 12 ACKs of credit
        assertThat(s.sndCwndCnt).isEqualTo(12);
    }

    @Test
    void nameIsReno() {
        assertThat(new Reno().name()).isEqualTo("reno");
    }
}
