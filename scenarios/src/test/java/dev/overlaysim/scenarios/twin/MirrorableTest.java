package dev.overlaysim.scenarios.twin;

import dev.overlaysim.scenarios.load.ScenarioLoader;
import dev.overlaysim.scenarios.model.ScenarioSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the twin refuses before it builds any namespace (needs no root). */
class MirrorableTest {
    @Test
    void aFlowSentAtARateIsMirroredUnderLoad() {
        // Flows with a rate are no longer refused: the twin sends them with iperf3 (TwinLoad).
        assertThatCode(() -> Twin.checkMirrorable(ScenarioLoader.load(Path.of("examples", "load-three-backends.yaml")))).doesNotThrowAnyException();
        assertThatCode(() -> Twin.checkMirrorable(ScenarioLoader.load(Path.of("examples", "seed-vxlan.yaml")))).doesNotThrowAnyException();
    }

    @Test
    void aFlowToAnAddressIsRefusedSayingWhy() {
        ScenarioSpec spec = ScenarioLoader.load(Path.of("examples", "seed-vxlan.yaml"));
        var f = spec.traffic().get(0);
        ScenarioSpec toAddress = new ScenarioSpec(spec.name(), spec.description(), spec.seed(), spec.network(), spec.underlay(), spec.nodes(),
                spec.costs(), java.util.List.of(new dev.overlaysim.scenarios.model.FlowSpec.Ping(f.name(), f.from(),
                        new dev.overlaysim.scenarios.model.FlowTarget.Address(dev.overlaysim.protocols.addr.Ipv4Address.parse("10.1.99.9")),
                        1, 56, 1_000_000_000L, 0, false)), spec.timeline(), java.util.List.of(), java.util.Optional.empty(), spec.machine());
        assertThatThrownBy(() -> Twin.checkMirrorable(toAddress))
                .isInstanceOf(TwinException.class)
                .hasMessage("the twin cannot mirror scenario seed-vxlan: flow " + f.name() + " targets an address, not a container of the"
                        + " scenario; the twin sends only between its own containers");
    }

    @Test
    void tcpAndRequestFlowsAreRefusedSayingWhy() {
        ScenarioSpec spec = ScenarioLoader.load(Path.of("examples", "seed-vxlan.yaml"));
        var c2 = new dev.overlaysim.scenarios.model.FlowTarget.Container("container-2");
        ScenarioSpec tcp = new ScenarioSpec(spec.name(), spec.description(), spec.seed(), spec.network(), spec.underlay(), spec.nodes(),
                spec.costs(), java.util.List.of(spec.traffic().get(0),
                        new dev.overlaysim.scenarios.model.FlowSpec.Tcp("bulk", "container-1", c2, 5201, java.util.OptionalLong.of(1_000_000),
                                0, 10_000_000_000L, "cubic", 0),
                        new dev.overlaysim.scenarios.model.FlowSpec.Request("web", "container-1", c2, 80, 100, 2_000_000, 1, 0,
                                10_000_000_000L, "cubic", 0)),
                spec.timeline(), java.util.List.of(), java.util.Optional.empty(), spec.machine());
        assertThatThrownBy(() -> Twin.checkMirrorable(tcp))
                .isInstanceOf(TwinException.class)
                .hasMessage("the twin cannot mirror scenario seed-vxlan: flow bulk is a tcp flow: the twin sends pings and udp datagrams"
                        + " only (it has no iperf3 -c or curl step yet); flow web is a request flow: the twin sends pings and udp"
                        + " datagrams only (it has no iperf3 -c or curl step yet)");
    }
}
