package dev.overlaysim.linux.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link RttEstimator}: tcp_rtt_estimator, tcp_set_rto and the retransmit timer's backoff, HZ = 1000. */
class RttEstimatorTest {
    static final long MS = 1_000_000L;

    @Test
    void beforeAnySampleTheRtoIsOneSecond() {
        RttEstimator e = new RttEstimator();
        assertThat(e.hasSample()).isFalse();
        assertThat(e.rtoNanos()).isEqualTo(1000 * MS);
    }

    /**
     * First sample m: srtt = m (stored 8m), mdev = m/2 (stored 2m), rttvar = max(2m, 200 ms), so
     * the RTO is 3m for long paths and m + 200 ms for short ones; ss shows rtt:m/(m/2).
     */
    @ParameterizedTest(name = "first sample {0} µs → rto {1} ms")
    @CsvSource({"10000, 210", "4000, 204", "100000, 300", "500000, 1500", "1, 201", "0, 200"})
    void theFirstSampleSetsSrttAndAnRttvarOfAtLeastRtoMin(long m, long rtoMs) {
        RttEstimator e = new RttEstimator();
        e.sample(m, 0, 10);
        assertThat(e.srttUs()).isEqualTo(Math.max(1, m << 3));
        assertThat(e.mdevUs()).isEqualTo(m << 1);
        assertThat(e.rttvarUs()).isEqualTo(Math.max(m << 1, 200_000));
        assertThat(e.rtoNanos()).isEqualTo(rtoMs * MS);
        assertThat(e.tcpiRttUs()).isEqualTo(m);
        assertThat(e.tcpiRttvarUs()).isEqualTo(m / 2);
    }

    @Test
    void aLargerSampleMovesSrttAnEighthAndMdevAQuarterOfTheWay() {
        RttEstimator e = new RttEstimator();
        e.sample(10_000, 0, 10);
        e.sample(30_000, 5, 10);
        // error 20 ms: srtt 10 + 20/8 = 12.5 ms; mdev 5 + (20 − 5)/4 = 8.75 ms
        assertThat(e.tcpiRttUs()).isEqualTo(12_500);
        assertThat(e.tcpiRttvarUs()).isEqualTo(8_750);
        assertThat(e.rttvarUs()).isEqualTo(200_000); // mdev still below rto_min
        assertThat(e.rtoNanos()).isEqualTo(213 * MS); // 212.5 ms rounded up to a jiffy
    }

    @Test
    void aDeviationAboveRttvarRaisesItAtOnce() {
        RttEstimator e = new RttEstimator();
        e.sample(10_000, 0, 10);
        e.sample(500_000, 5, 10);
        // srtt 10 + 490/8 = 71.25 ms; mdev (×4) 20 + 490 − 5 = 505 ms > mdev_max and rttvar
        assertThat(e.srttUs()).isEqualTo(570_000);
        assertThat(e.mdevUs()).isEqualTo(505_000);
        assertThat(e.mdevMaxUs()).isEqualTo(505_000);
        assertThat(e.rttvarUs()).isEqualTo(505_000);
        assertThat(e.rtoNanos()).isEqualTo(577 * MS); // 71.25 + 505 = 576.25 → 577 jiffies
    }

    @Test
    void aFallingRttRaisesMdevWithAnEighthOfTheGain() {
        RttEstimator e = new RttEstimator();
        e.sample(100_000, 0, 10);
        e.sample(20_000, 5, 10);
        // error −80 ms: srtt 90 ms; |error| − mdev = 80 − 50 = 30 ms, an increase, damped to 3.75
        // (a plain update would give mdev_us 230000)
        assertThat(e.srttUs()).isEqualTo(720_000);
        assertThat(e.mdevUs()).isEqualTo(203_750);
        assertThat(e.rttvarUs()).isEqualTo(203_750);
        assertThat(e.rtoNanos()).isEqualTo(294 * MS);
    }

    @Test
    void aFallingRttThatLowersMdevKeepsTheFullGain() {
        RttEstimator e = new RttEstimator();
        e.sample(100_000, 0, 10);
        e.sample(95_000, 5, 10);
        // error −5 ms: |error| − mdev = 5 − 50 = −45 ms, applied whole: mdev_us 200000 − 45000
        assertThat(e.mdevUs()).isEqualTo(155_000);
    }

    @Test
    void rttvarDecaysAQuarterOfTheWayToTheWindowsLargestMdevOncePerWindow() {
        RttEstimator e = new RttEstimator();
        e.sample(500_000, 0, 10);          // mdev = rttvar = 1 s, rtt_seq = 10
        assertThat(e.rttvarUs()).isEqualTo(1_000_000);
        e.sample(500_000, 5, 10);          // same window: mdev 750 ms, no decay
        assertThat(e.mdevUs()).isEqualTo(750_000);
        assertThat(e.rttvarUs()).isEqualTo(1_000_000);
        e.sample(500_000, 11, 20);         // window over: mdev_max (1 s) is not below rttvar; new window
        assertThat(e.mdevUs()).isEqualTo(562_500);
        assertThat(e.rttvarUs()).isEqualTo(1_000_000);
        assertThat(e.mdevMaxUs()).isEqualTo(200_000);
        e.sample(500_000, 21, 30);         // mdev 421.875 ms is this window's max: rttvar −= (1000 − 421.875)/4
        assertThat(e.mdevUs()).isEqualTo(421_875);
        assertThat(e.rttvarUs()).isEqualTo(1_000_000 - ((1_000_000 - 421_875) >> 2));
        assertThat(e.rtoNanos()).isEqualTo((500_000 + 855_469 + 999) / 1000 * MS);
    }

    @Test
    void aSteadyShortRttKeepsTheRtoAtSrttPlusRtoMin() {
        RttEstimator e = new RttEstimator();
        int una = 0;
        for (int i = 0; i < 1000; i++) {
            e.sample(10_000, una, una + 10);
            una += 10;
        }
        assertThat(e.tcpiRttUs()).isEqualTo(10_000);
        // mdev_us loses a quarter each sample, in integers: it sticks at 3, where 3 >> 2 = 0,
        // and ss prints rttvar 0
        assertThat(e.mdevUs()).isEqualTo(3);
        assertThat(e.tcpiRttvarUs()).isZero();
        assertThat(e.rttvarUs()).isEqualTo(200_000);
        assertThat(e.rtoNanos()).isEqualTo(210 * MS);
    }

    @Test
    void timeoutsDoubleTheRtoUpToTwoMinutesAndASampleResetsTheBackoff() {
        RttEstimator e = new RttEstimator();
        e.sample(10_000, 0, 10);
        long expected = 210;
        for (int i = 1; i <= 12; i++) {
            e.backoff();
            expected = Math.min(expected * 2, 120_000);
            assertThat(e.rtoNanos()).as("after %d timeouts", i).isEqualTo(expected * MS);
            assertThat(e.backoffCount()).isEqualTo(i);
        }
        assertThat(e.rtoNanos()).isEqualTo(120_000 * MS); // 210·2^10 = 215 s, capped
        e.sample(10_000, 11, 20);
        assertThat(e.backoffCount()).isZero();
        assertThat(e.rtoNanos()).isEqualTo(210 * MS);
    }

    @Test
    void withoutSamplesTheInitialRtoBacksOffFromOneSecond() {
        RttEstimator e = new RttEstimator();
        e.backoff();
        e.backoff();
        assertThat(e.rtoNanos()).isEqualTo(4000 * MS);
        e.sample(-1, 0, 0); // no sample (Karn): nothing changes
        assertThat(e.rtoNanos()).isEqualTo(4000 * MS);
        assertThat(e.backoffCount()).isEqualTo(2);
    }

    @Test
    void aCoarserTickRoundsTheRtoUpToWholeJiffies() {
        RttEstimator e = new RttEstimator(250); // 4 ms jiffies
        e.sample(10_000, 0, 10);
        assertThat(e.rtoJiffies()).isEqualTo(53); // 210 ms = 52.5 jiffies, rounded up
        assertThat(e.rtoNanos()).isEqualTo(212 * MS);
    }

    /**
     * This machine's kernel (Linux 6.18, CONFIG_HZ=250 as in Debian's builds; /proc/config.gz):
     * after one timeout on a path with a 79 µs RTT, {@code ss -tin} printed
     * {@code rto:408 backoff:1 rtt:0.079/0.038} — 79 µs + the 200 ms floor = 50.02 jiffies, rounded
     * up to 51 (204 ms), doubled.
     */
    @Test
    void theKernelsRtoOnAVethPathAfterOneTimeout() {
        RttEstimator e = new RttEstimator(250);
        e.sample(79, 0, 10);
        assertThat(e.rtoNanos()).isEqualTo(204 * MS);
        assertThat(e.tcpiRttUs()).isEqualTo(79);
        e.backoff();
        assertThat(e.rtoNanos()).isEqualTo(408 * MS);
        assertThat(e.backoffCount()).isEqualTo(1);
    }
}
