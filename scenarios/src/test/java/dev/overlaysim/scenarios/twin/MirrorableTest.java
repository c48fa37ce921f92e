package dev.overlaysim.scenarios.twin;

import dev.overlaysim.scenarios.load.ScenarioLoader;
import dev.overlaysim.scenarios.model.ScenarioSpec;
import dev.overlaysim.scenarios.model.TimelineEvent;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the twin refuses before it builds any namespace (needs no root). */
class MirrorableTest {
    @Test
    void aFlowSentAtARateIsMirroredUnderLoad() {
        // Flows with a rate are no longer refused: the twin sends them with iperf3 (TwinLoad).
        assertThatCode(() -> Twin.checkMirrorable(ScenarioLoader.load(Path.of("examples", "load-three-backends.yaml")))).doesNotThrowAnyException();
        assertThatCode(() -> Twin.checkMirrorable(ScenarioLoader.load(Path.of("examples", "seed-vxlan.yaml")))).doesNotThrowAnyException();
    }

    /** The twin builds blockIcmp at 0 s into the lab; any other event would change the world while traffic runs. */
    @Test
    void ofATimelineOnlyBlockIcmpAtZeroIsMirrored() {
        ScenarioSpec blackHole = ScenarioLoader.load(Path.of("examples", "icmp-black-hole.yaml"));
        assertThatCode(() -> Twin.checkMirrorable(blackHole)).doesNotThrowAnyException();
        ScenarioSpec later = withTimeline(blackHole, java.util.List.of(new TimelineEvent.BlockIcmp(0, "node1"),
                new TimelineEvent.BlockIcmp(1_000_000_000L, "node2"), new TimelineEvent.UnblockIcmp(3_000_000_000L, "node1"),
                new TimelineEvent.LinkDown(0, "node2")));
        assertThatThrownBy(() -> Twin.checkMirrorable(later))
                .isInstanceOf(TwinException.class)
                .hasMessage("the twin cannot mirror scenario icmp-black-hole: its timeline changes the world while traffic runs"
                        + " (blockIcmp at 1000000000 ns, unblockIcmp at 3000000000 ns, linkDown at 0 ns): the twin mirrors a world"
                        + " that does not change, so of a timeline it takes only blockIcmp at 0s");
    }

    private static ScenarioSpec withTimeline(ScenarioSpec spec, java.util.List<TimelineEvent> timeline) {
        return new ScenarioSpec(spec.name(), spec.description(), spec.seed(), spec.network(), spec.underlay(), spec.nodes(),
                spec.costs(), spec.traffic(), timeline, spec.expect(), spec.compare(), spec.machine());
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
    void largeOrTimedTcpFlowsRunUnderLoadAndRequestFlowsAreRefusedSayingWhy() {
        ScenarioSpec spec = ScenarioLoader.load(Path.of("examples", "seed-vxlan.yaml"));
        var c2 = new dev.overlaysim.scenarios.model.FlowTarget.Container("container-2");
        ScenarioSpec tcp = new ScenarioSpec(spec.name(), spec.description(), spec.seed(), spec.network(), spec.underlay(), spec.nodes(),
                spec.costs(), java.util.List.of(spec.traffic().get(0),
                        new dev.overlaysim.scenarios.model.FlowSpec.Tcp("bulk", "container-1", c2, 5201, java.util.OptionalLong.of(1_000_000),
                                0, 10_000_000_000L, "cubic", 0),
                        new dev.overlaysim.scenarios.model.FlowSpec.Tcp("timed", "container-1", c2, 5202, java.util.OptionalLong.empty(),
                                1_000_000_000L, 0, "cubic", 0),
                        new dev.overlaysim.scenarios.model.FlowSpec.Tcp("small", "container-1", c2, 5203, java.util.OptionalLong.of(64_000),
                                0, 10_000_000_000L, "cubic", 0),
                        new dev.overlaysim.scenarios.model.FlowSpec.Request("web", "container-1", c2, 80, 100, 2_000_000, 1, 0,
                                10_000_000_000L, "cubic", 0)),
                spec.timeline(), java.util.List.of(), java.util.Optional.empty(), spec.machine());
        // Beyond 64 kB, or for a duration, a tcp flow is iperf3's (TwinLoad): compared by goodput, not refused.
        assertThat(TwinLoad.bulkTcpFlows(tcp)).extracting(dev.overlaysim.scenarios.model.FlowSpec::name).containsExactly("bulk", "timed");
        assertThat(TwinLoad.loadedFlows(tcp)).extracting(dev.overlaysim.scenarios.model.FlowSpec::name).containsExactly("bulk", "timed");
        assertThatThrownBy(() -> Twin.checkMirrorable(tcp))
                .isInstanceOf(TwinException.class)
                .hasMessage("the twin cannot mirror scenario seed-vxlan: flow web is a request flow: the twin has no curl step yet");
    }
}
