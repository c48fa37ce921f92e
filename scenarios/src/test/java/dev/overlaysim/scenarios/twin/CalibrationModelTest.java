package dev.overlaysim.scenarios.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.overlaysim.scenarios.model.ScenarioSpec;
import dev.overlaysim.scenarios.run.Scenario;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The model's side of calibrate, without root: the probe lab's round trips as sums of costs. What
 * calibrate divides by must be what the model really charges, and the simulation with a given
 * costs vector must be deterministic.
 */
class CalibrationModelTest {
    private static final ScenarioSpec PROBE = Calibration.probeSpec();
    private static final int SYSCALL = 0, WAKEUP = 2, ENCAP = 3, DECAP = 4, FORWARD = 5, PROXY = 6, SENDMSG = 14, POLL = 15;

    @Test
    void haltPollIsTheFirstIdleTimeWhoseWakeUpIsPastHalfwayToTheFullCost() {
        long[] gaps = {2_000, 4_000, 6_000, 8_000, 10_000};
        // As measured here: ~1 µs up to 6 µs of idle, ~8 µs from 8 µs on.
        java.util.function.LongUnaryOperator step = gap -> gap < 8_000 ? 1_100 : 7_900;
        assertThat(Calibration.haltPollOf(gaps, step, 1_000, 8_000)).isEqualTo(8_000);
        // A ramp: the first past (1000 + 8000) / 2 = 4500.
        assertThat(Calibration.haltPollOf(gaps, gap -> gap, 1_000, 8_000)).isEqualTo(6_000);
        // No step (warm within 25% of cold) or never reached within the gaps tried: 0, every wake-up the full figures.
        assertThat(Calibration.haltPollOf(gaps, step, 7_000, 8_000)).isZero();
        assertThat(Calibration.haltPollOf(gaps, gap -> 1_000, 1_000, 8_000)).isZero();
    }

    @Test
    void aProbeTheFittedModelMissesByMoreThanAQuarterIsFlaggedAndWarnedAbout() {
        List<String> good = List.of("probe round trips, kernel median vs the model with these costs (to the reply's receive stamp, as ping prints it):",
                "  host-gw container-1 -> container-2 kernel     7.4 us   model     7.5 us   sim/real 1.02");
        assertThat(Calibration.probeWarning(good)).isEmpty();
        List<String> bad = List.of(good.get(0), good.get(1),
                "  host-gw container-1 -> container-1b kernel     7.6 us   model     2.0 us   sim/real 0.26   OFF");
        assertThat(Calibration.probeWarning(bad)).hasValueSatisfying(w -> assertThat(w)
                .startsWith("warning: 1 probe round trip is more than 25% from the model").contains("run calibrate again"));
    }

    @Test
    void aRoundTripIsLinearInTheCosts() {
        ScenarioSpec vxlan = Scenario.withBackend(PROBE, "vxlan");
        Calibration.Linear m = Calibration.linear(vxlan, "container-2");
        long[] costs = {967, 49, 8459, 420, 430, 472, 4354, 5006, 2734, 9280, 8000, 1034, 2633, 1400, 640, 580};
        double[] asDouble = new double[costs.length];
        for (int i = 0; i < costs.length; i++) asDouble[i] = costs[i];
        // copyPerKiB is rounded to picoseconds per byte by the model: allow a nanosecond.
        assertThat((double) Calibration.modelRtt(vxlan, "container-2", costs)).isCloseTo(m.at(asDouble), within(2.0));
    }

    @Test
    void theSameCostsGiveTheSameRoundTrip() {
        ScenarioSpec udp = Scenario.withBackend(PROBE, "udp");
        long[] costs = {967, 49, 8459, 420, 420, 472, 4354, 5006, 2734, 9280, 8000, 1034, 2633, 1400, 640, 580};
        assertThat(Calibration.modelRtt(udp, "container-2", costs)).isEqualTo(Calibration.modelRtt(udp, "container-2", costs));
    }

    @Test
    void theStampedRoundTripOfAnInKernelPathPaysNoWakeUpAndOneSyscall() {
        // As iputils prints it (to the reply's receive stamp): ping's own recvmsg() and wake-up are not in it.
        Calibration.Linear far = Calibration.linear(Scenario.withBackend(PROBE, "host-gw"), "container-2");
        assertThat(far.coef()[WAKEUP]).isZero();
        assertThat(far.coef()[SYSCALL]).isEqualTo(1.0);
        assertThat(far.coef()[ENCAP]).isZero();
        assertThat(far.coef()[PROXY]).isZero();
    }

    @Test
    void eachLongerProbePaysMoreOfExactlyTheCostItMeasures() {
        ScenarioSpec hostGw = Scenario.withBackend(PROBE, "host-gw");
        Calibration.Linear near = Calibration.linear(hostGw, "container-1b");
        Calibration.Linear far = Calibration.linear(hostGw, "container-2");
        Calibration.Linear vxlan = Calibration.linear(Scenario.withBackend(PROBE, "vxlan"), "container-2");
        Calibration.Linear udp = Calibration.linear(Scenario.withBackend(PROBE, "udp"), "container-2");

        Calibration.Linear hops = far.minus(near);
        assertThat(hops.coef()[FORWARD]).isPositive();
        // Each pays ping's one sendto() and no select(): forward is fitted before sendmsg, and both leave poll out.
        assertThat(near.coef()[SENDMSG]).isEqualTo(1.0);
        assertThat(far.coef()[SENDMSG]).isEqualTo(1.0);
        assertThat(hops.coef()[SENDMSG]).isZero();
        assertThat(far.coef()[POLL]).isZero();
        assertThat(hops.coef()[SYSCALL]).isZero();
        assertThat(hops.coef()[WAKEUP]).isZero();

        Calibration.Linear tunnel = vxlan.minus(far);
        assertThat(tunnel.coef()[ENCAP]).isPositive().isEqualTo(tunnel.coef()[DECAP]);
        assertThat(tunnel.coef()[PROXY]).isZero();

        Calibration.Linear proxy = udp.minus(far);
        assertThat(proxy.coef()[PROXY]).isPositive();
        assertThat(proxy.coef()[WAKEUP]).as("flanneld's wake-ups").isPositive();
        assertThat(proxy.coef()[ENCAP]).isZero();
    }
}
