package dev.overlaysim.scenarios.twin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** twin --repeat: the kernel's runs of a point made one, each real figure its own median, the simulated ones untouched. */
class MediansTest {
    private static LoadReport.Point run(double delivered, double switches, double serverCpu) {
        return new LoadReport.Point("max", true, new LoadReport.Side(150_000, 45_400, 508.6, 70.7),
                new LoadReport.Side(145_000, delivered, delivered * 1400 * 8 / 1e6, 78),
                List.of(new LoadReport.Proxy("node2", 91_223, 0.137, 0.002, 9.98, (long) (delivered * 2), switches, switches / 2, 9.45)),
                List.of(new LoadReport.Endpoint("server", 2.28, serverCpu)));
    }

    @Test
    void eachRealFigureIsTheMedianOfTheRunsOnItsOwnAndTheRunsAreKept() {
        LoadReport.Point p = Medians.point(List.of(run(30_400, 0.60, 6.3), run(33_100, 0.49, -1), run(30_700, 0.52, 7.1)));

        assertThat(p.sim()).isEqualTo(run(0, 0, 0).sim());
        assertThat(p.real().deliveredPps()).isEqualTo(30_700);
        assertThat(p.real().offeredPps()).isEqualTo(145_000);
        assertThat(p.realDeliveredRuns()).containsExactly(30_400.0, 33_100.0, 30_700.0);
        LoadReport.Proxy x = p.proxies().get(0);
        assertThat(x.realSwitchesPerPacket()).as("from another run than the delivered rate's").isEqualTo(0.52);
        assertThat(x.realPackets()).isEqualTo(61_400);
        assertThat(x.realSwitchesRuns()).as("each run's, in the order they ran").containsExactly(0.60, 0.49, 0.52);
        assertThat(x.simSwitchesPerPacket()).isEqualTo(0.137);
        // a run where iperf3 gave no CPU figure (-1) is left out: the median of 6.3 and 7.1
        assertThat(p.endpoints().get(0).realCpuMicrosPerPacket()).isCloseTo(6.7, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(p.endpoints().get(0).simCpuMicrosPerPacket()).isEqualTo(2.28);
    }

    @Test
    void oneRunIsItself() {
        LoadReport.Point one = run(30_400, 0.6, 6.3);
        assertThat(Medians.point(List.of(one))).isSameAs(one);
        assertThat(one.realDeliveredRuns()).containsExactly(30_400.0);
    }

    @Test
    void aTcpPointsMedianLeavesOutUnknownRtts() {
        LoadReport.TcpSide sim = new LoadReport.TcpSide(1_000, 2e9, 3, 250);
        LoadReport.TcpPoint p = Medians.tcpPoint(List.of(
                new LoadReport.TcpPoint("vxlan", sim, new LoadReport.TcpSide(900, 3.3e9, 393, 284), List.of()),
                new LoadReport.TcpPoint("vxlan", sim, new LoadReport.TcpSide(800, 3.1e9, 10, -1), List.of()),
                new LoadReport.TcpPoint("vxlan", sim, new LoadReport.TcpSide(1_000, 2.9e9, 40, 300), List.of())));
        assertThat(p.real()).isEqualTo(new LoadReport.TcpSide(900, 3.1e9, 40, 292));
        assertThat(p.realGoodputRuns()).containsExactly(3.3e9, 3.1e9, 2.9e9);
        assertThat(p.sim()).isEqualTo(sim);
    }
}
