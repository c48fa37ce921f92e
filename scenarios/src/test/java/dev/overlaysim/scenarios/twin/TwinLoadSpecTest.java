package dev.overlaysim.scenarios.twin;

import dev.overlaysim.scenarios.model.CompareSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What one point of the twin under load simulates and asks iperf3 for (needs no root). */
class TwinLoadSpecTest {
    @Test
    void pointsSimulateOnlyTheFlowAtTheRateForTheSeconds() {
        var spec = dev.overlaysim.scenarios.load.ScenarioLoader.load(Path.of("examples/load-three-backends.yaml"));
        var flow = TwinLoad.ratedFlows(spec).get(0);
        var point = TwinLoad.pointSpec(spec, "vxlan", flow, new CompareSpec.SweepRate("max", Double.POSITIVE_INFINITY), 3, 2);
        assertThat(point.network().backend().type()).isEqualTo("vxlan");
        assertThat(point.traffic()).singleElement().satisfies(f -> {
            var u = (dev.overlaysim.scenarios.model.FlowSpec.Udp) f;
            assertThat(u.rate().get().isMax()).isTrue();
            assertThat(u.rate().get().durationNanos()).isEqualTo(3_000_000_000L);
        });
        assertThat(point.expect()).isEmpty();
        // Placed as the lab is: one 2-CPU machine, the segment a bridge through veths (no latency, no bandwidth).
        assertThat(point.machine()).contains(new dev.overlaysim.scenarios.model.MachineSpec(2));
        assertThat(point.underlay().segments()).singleElement().satisfies(s -> {
            assertThat(s.latencyNanos()).isZero();
            assertThat(s.bandwidthBitsPerSecond()).isZero();
        });
        assertThat(point.compare()).isEmpty();
        assertThat(TwinLoad.backends(spec)).containsExactly("udp", "vxlan", "host-gw");
        assertThat(TwinLoad.iperf3Bits(new CompareSpec.SweepRate("20kpps", 20_000), 1400)).isEqualTo(224_000_000L);
        assertThat(TwinLoad.iperf3Bits(new CompareSpec.SweepRate("max", Double.POSITIVE_INFINITY), 1400)).isZero();
    }

    @Test
    void aBulkTcpPointSendsForTheSecondsOrItsBytesAndRunsUnderTheLoadModel() {
        var spec = dev.overlaysim.scenarios.load.ScenarioLoader.load(Path.of("examples/tcp-three-backends.yaml"));
        assertThat(TwinLoad.ratedFlows(spec)).isEmpty();
        var flow = TwinLoad.bulkTcpFlows(spec).get(0);
        var point = TwinLoad.pointSpec(spec, "host-gw", flow, 3, 2);
        assertThat(point.network().backend().type()).isEqualTo("host-gw");
        assertThat(point.traffic()).singleElement().satisfies(f -> {
            var t = (dev.overlaysim.scenarios.model.FlowSpec.Tcp) f;
            assertThat(t.bytes()).isEmpty();
            assertThat(t.durationNanos()).isEqualTo(3_000_000_000L);
            assertThat(t.congestion()).isEqualTo("cubic");
            assertThat(t.startNanos()).isEqualTo(flow.startNanos());
        });
        assertThat(point.machine()).contains(new dev.overlaysim.scenarios.model.MachineSpec(2));
        assertThat(point.underlay().segments()).singleElement().satisfies(s -> assertThat(s.bandwidthBitsPerSecond()).isZero());
        assertThat(point.expect()).isEmpty();

        // A flow with bytes keeps them: iperf3 -n, and the simulation sends exactly those.
        var sized = new dev.overlaysim.scenarios.model.FlowSpec.Tcp("big", "container-1", flow.to(), 5201, java.util.OptionalLong.of(10_000_000),
                0, 10_000_000_000L, "reno", 0);
        var t = (dev.overlaysim.scenarios.model.FlowSpec.Tcp) TwinLoad.pointSpec(spec, "vxlan", sized, 3, 2).traffic().get(0);
        assertThat(t.bytes()).hasValue(10_000_000);
        assertThat(t.timeoutNanos()).isEqualTo(10_000_000_000L);
        assertThat(t.congestion()).isEqualTo("reno");
    }
}
