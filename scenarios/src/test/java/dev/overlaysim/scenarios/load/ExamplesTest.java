package dev.overlaysim.scenarios.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.Ipv4Prefix;
import dev.overlaysim.protocols.addr.MacAddress;
import dev.overlaysim.scenarios.model.BackendSpec;
import dev.overlaysim.scenarios.model.DeviceRef;
import dev.overlaysim.scenarios.model.Expectation;
import dev.overlaysim.scenarios.model.FlowSpec;
import dev.overlaysim.scenarios.model.FlowTarget;
import dev.overlaysim.scenarios.model.NodeSpec;
import dev.overlaysim.scenarios.model.ScenarioSpec;
import dev.overlaysim.scenarios.model.SegmentSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shipped example loads without problems, and the seed examples mean what they say. */
class ExamplesTest {

    static final Path EXAMPLES = Path.of("examples");

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void loadsWithoutProblems(Path example) {
        ScenarioSpec spec = ScenarioLoader.load(example);

        String fileName = example.getFileName().toString();
        assertThat(spec.name()).isEqualTo(fileName.substring(0, fileName.length() - ".yaml".length()));
    }

    @Test
    void theExpectedExamplesAreShipped() throws IOException {
        assertThat(examples().map(p -> p.getFileName().toString())).contains(
                "seed-vxlan.yaml", "seed-udp.yaml", "host-gw.yaml", "node-join.yaml", "mtu-trouble.yaml",
                "l2-question.yaml");
    }

    @Test
    void seedVxlanIsTheSeedDocumentsLab() {
        ScenarioSpec spec = ScenarioLoader.load(EXAMPLES.resolve("seed-vxlan.yaml"));

        assertThat(spec.seed()).isEqualTo(1);
        assertThat(spec.network().cidr()).isEqualTo(Ipv4Prefix.parse("10.1.0.0/16"));
        assertThat(spec.network().effectiveSubnetLen()).isEqualTo(24);
        assertThat(spec.network().backend()).isEqualTo(new BackendSpec.Vxlan(1, 8472, false));
        SegmentSpec lan = spec.underlay().segments().get(0);
        assertThat(lan).isEqualTo(new SegmentSpec("lan", Ipv4Prefix.parse("10.168.0.0/24"),
                Optional.of(Ipv4Address.parse("10.168.0.1")), 1500, 10_000, 10_000_000_000L, 0.0));
        NodeSpec node1 = spec.nodes().get(0);
        assertThat(node1.name()).isEqualTo("node1");
        assertThat(node1.ip()).isEqualTo(Ipv4Address.parse("10.168.0.2"));
        assertThat(node1.segment()).isEqualTo("lan");
        assertThat(node1.subnet()).contains(Ipv4Prefix.parse("10.1.15.0/24"));
        assertThat(node1.vtepMac()).contains(MacAddress.parse("5e:f8:4f:00:0f:00"));
        assertThat(node1.startNanos()).isZero();
        assertThat(node1.mtu()).isEmpty();
        assertThat(node1.containers().get(0).name()).isEqualTo("container-1");
        assertThat(node1.containers().get(0).ip()).contains(Ipv4Address.parse("10.1.15.2"));
        assertThat(node1.containers().get(0).prefixLength()).isEqualTo(24);
        assertThat(spec.node("node2").orElseThrow().vtepMac()).contains(MacAddress.parse("5e:f8:4f:00:e3:37"));
        assertThat(spec.traffic()).containsExactly(new FlowSpec.Ping("ping-1", "container-1",
                new FlowTarget.Container("container-2"), 1, 56, 1_000_000_000L, 1_000_000_000L, false));
        assertThat(spec.expect()).contains(
                new Expectation.Delivered("ping-1", OptionalInt.empty()),
                new Expectation.Copies("ping-1", OptionalInt.of(1), OptionalInt.of(1)),
                new Expectation.Table("node1", "ip route", "10.1.16.0/24 via 10.1.16.0 dev flannel.1 onlink", true),
                new Expectation.Crossed("ping-1", List.of(
                        DeviceRef.parse("node1/docker0"), DeviceRef.parse("node1/flannel.1"),
                        DeviceRef.parse("node1/eth0"), DeviceRef.parse("node2/eth0"),
                        DeviceRef.parse("node2/flannel.1"), DeviceRef.parse("node2/docker0"))));
    }

    @Test
    void seedUdpCopiesThreeTimesOnEachSide() {
        ScenarioSpec spec = ScenarioLoader.load(EXAMPLES.resolve("seed-udp.yaml"));

        assertThat(spec.network().backend()).isEqualTo(new BackendSpec.Udp(8285));
        assertThat(spec.network().cidr()).hasToString("100.96.0.0/16");
        assertThat(spec.nodes()).extracting(NodeSpec::ip).extracting(Ipv4Address::toString)
                .containsExactly("10.168.0.2", "10.168.0.3");
        assertThat(spec.expect()).contains(new Expectation.Copies("ping-1", OptionalInt.of(3), OptionalInt.of(3)));
    }

    @Test
    void nodeJoinStartsNode3AtFiveSeconds() {
        ScenarioSpec spec = ScenarioLoader.load(EXAMPLES.resolve("node-join.yaml"));

        assertThat(spec.node("node3").orElseThrow().startNanos()).isEqualTo(5_000_000_000L);
    }

    @Test
    void l2QuestionGivesContainerOneASlash16() {
        ScenarioSpec spec = ScenarioLoader.load(EXAMPLES.resolve("l2-question.yaml"));

        assertThat(spec.node("node1").orElseThrow().containers())
                .extracting(c -> c.name() + "/" + c.prefixLength())
                .containsExactly("container-1/16", "container-3/24");
    }
}
