package dev.overlaysim.scenarios.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.MacAddress;
import dev.overlaysim.scenarios.model.BackendSpec;
import dev.overlaysim.scenarios.model.CostsSpec;
import dev.overlaysim.scenarios.model.Expectation;
import dev.overlaysim.scenarios.model.FlowSpec;
import dev.overlaysim.scenarios.model.FlowTarget;
import dev.overlaysim.scenarios.model.ScenarioSpec;
import dev.overlaysim.scenarios.model.TimelineEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioLoaderTest {

    /** A safety net against a hang, not a performance target. */
    private static final Duration NET = Duration.ofSeconds(10);

    static final String MINIMAL = """
            name: minimal
            network:
              cidr: 10.1.0.0/16
              backend: {type: vxlan}
            underlay:
              segments:
                - {name: lan, cidr: 10.168.0.0/24}
            nodes:
              - name: node1
                ip: 10.168.0.2
                containers:
                  - name: c1
            """;

    @Test
    void reportsEveryProblemOfAFileInLineOrder() throws IOException {
        ScenarioException e = catchThrowableOfType(() -> ScenarioLoader.fromBytes(
                BrokenScenariosTest.class.getResourceAsStream("/multi-error.yaml").readAllBytes(),
                "multi-error.yaml"), ScenarioException.class);

        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "multi-error.yaml:1:7: expected a name of lowercase letters, digits and '-' (like node-1, at most 63 characters), found 'Multi_Error'",
                "multi-error.yaml:2:7: expected an integer, found '1.5'",
                "multi-error.yaml:6:24: option 'directRouting' belongs to backend vxlan, not udp",
                "multi-error.yaml:9:45: expected an integer from 68 to 65535, found 20",
                "multi-error.yaml:17:9: duplicate IP 10.168.0.2: node 'node2' and node 'node1' (at 12:9)",
                "multi-error.yaml:18:13: subnet 10.1.15.0/24 of node 'node2' overlaps subnet 10.1.15.0/24 of node 'node1' (at 13:13)",
                "multi-error.yaml:19:12: expected a duration of zero or more, found '-1s'",
                "multi-error.yaml:21:33: duplicate IP 10.1.15.2: container 'container-2' and container 'container-1' (at 15:33)",
                "multi-error.yaml:23:35: unknown container 'container-9' (did you mean 'container-1'?); expected one of: container-1, container-2 (or an IPv4 address)",
                "multi-error.yaml:23:55: expected an integer from 1 to 1000000, found 0",
                "multi-error.yaml:25:24: unknown node 'node7' (did you mean 'node1'?); expected one of: node1, node2",
                "multi-error.yaml:27:23: unknown flow 'ping-9' (did you mean 'ping-1'?); expected one of: ping-1",
                "multi-error.yaml:28:37: unknown drop reason 'FDB miss' (did you mean 'fdb-miss'?); expected one of: malformed, ip-checksum,"
                        + " udp-checksum, tcp-checksum, otherhost, unhandled-protocol, no-route, ip-forward-disabled, ttl-expired, frag-needed,"
                        + " neigh-failed, neigh-queue-full, ... (32 in all) (docs/scenario-format.md lists what each means)");
        assertThat(e.getMessage()).startsWith("multi-error.yaml:1:7: ").contains("\nmulti-error.yaml:2:7: ");
    }

    @Test
    void fillsInTheDefaults() {
        ScenarioSpec spec = ScenarioLoader.fromYaml(MINIMAL, "minimal.yaml");

        assertThat(spec.seed()).isEqualTo(1);
        assertThat(spec.description()).isEmpty();
        assertThat(spec.network().subnetLen()).isEmpty();
        assertThat(spec.network().effectiveSubnetLen()).isEqualTo(24);
        assertThat(spec.network().backend()).isEqualTo(new BackendSpec.Vxlan(1, 8472, false));
        assertThat(spec.underlay().segments().get(0).mtu()).isEqualTo(1500);
        assertThat(spec.underlay().segments().get(0).latencyNanos()).isEqualTo(10_000);
        assertThat(spec.underlay().segments().get(0).bandwidthBitsPerSecond()).isEqualTo(10_000_000_000L);
        assertThat(spec.underlay().segments().get(0).gateway()).isEmpty();
        assertThat(spec.underlay().routers()).isEmpty();
        assertThat(spec.nodes().get(0).segment()).isEqualTo("lan");
        assertThat(spec.nodes().get(0).containers().get(0).ip()).isEmpty();
        assertThat(spec.nodes().get(0).containers().get(0).prefixLength()).isEqualTo(24);
        assertThat(spec.costs()).isEqualTo(CostsSpec.DEFAULTS);
        assertThat(spec.traffic()).isEmpty();
        assertThat(spec.timeline()).isEmpty();
        assertThat(spec.expect()).isEmpty();
    }

    @Test
    void udpBackendDefaultsToPort8285() {
        ScenarioSpec spec = ScenarioLoader.fromYaml(MINIMAL.replace("{type: vxlan}", "{type: udp}"), "m.yaml");

        assertThat(spec.network().backend()).isEqualTo(new BackendSpec.Udp(8285));
    }

    @Test
    void readsEveryTimelineEventCostAndFlowKind() {
        String yaml = MINIMAL + """
                  - name: node2
                    ip: 10.168.0.3
                    containers: [{name: c2}]
                costs: {syscall: 200ns, copyPerKiB: 15ns, wakeup: 2.8us, encap: 150ns, decap: 150ns, forward: 1us}
                traffic:
                  - udp: {from: c1, to: 10.1.99.9, port: 5000, count: 10, interval: 10ms, start: 1s}
                  - ping: {from: c1, to: c2, df: true}
                timeline:
                  - {at: 1s, nodeLeave: node2}
                  - {at: 2s, nodeJoin: node2}
                  - {at: 3s, flanneldRestart: node1}
                  - {at: 3s, leaseExpire: node2}
                  - {at: 2s, linkDown: node2}
                  - {at: 4s, linkUp: node2}
                  - {at: 2s, linkLoss: {node: node2, loss: 0.5}}
                  - {at: 2s, blockUdpPort: {node: node2, port: 8472}}
                  - {at: 5s, unblockUdpPort: {node: node2, port: 8472}}
                  - {at: 2s, vtepMacChange: {node: node2, mac: 5E:F8:4F:00:00:99}}
                  - {at: 2s, forwardPolicyDrop: node1}
                  - {at: 1.5ms, forwardPolicyAccept: node1}
                  - {at: 0s, blockIcmp: {node: node1}}
                  - {at: 6s, unblockIcmp: {node: node1}}
                expect:
                  - syscalls: {flow: udp-1, send: 2}
                  - dropped: {flow: ping-2, count: 1, reason: fdb-miss, at: node1/flannel.1}
                  - table: {node: node1, command: "bridge  fdb   show", lacks: "x "}
                """;

        ScenarioSpec spec = ScenarioLoader.fromYaml(yaml, "all.yaml");

        assertThat(spec.costs().syscall()).isEqualTo(OptionalLong.of(200));
        assertThat(spec.costs().wakeup()).isEqualTo(OptionalLong.of(2_800));
        assertThat(spec.costs().forward()).isEqualTo(OptionalLong.of(1_000));
        assertThat(spec.traffic()).containsExactly(
                new FlowSpec.Udp("udp-1", "c1", new FlowTarget.Address(Ipv4Address.parse("10.1.99.9")), 5000, 10, 100,
                        10_000_000, 1_000_000_000),
                new FlowSpec.Ping("ping-2", "c1", new FlowTarget.Container("c2"), 1, 56, 1_000_000_000, 0, true));
        assertThat(spec.timeline()).extracting(TimelineEvent::key).containsExactly(
                "nodeLeave", "nodeJoin", "flanneldRestart", "leaseExpire", "linkDown", "linkUp", "linkLoss",
                "blockUdpPort", "unblockUdpPort", "vtepMacChange", "forwardPolicyDrop", "forwardPolicyAccept", "blockIcmp",
                "unblockIcmp");
        assertThat(spec.timeline().get(6)).isEqualTo(new TimelineEvent.LinkLoss(2_000_000_000, "node2", 0.5));
        assertThat(spec.timeline().get(9)).isEqualTo(
                new TimelineEvent.VtepMacChange(2_000_000_000, "node2", MacAddress.parse("5e:f8:4f:00:00:99")));
        assertThat(spec.timeline().get(11).atNanos()).isEqualTo(1_500_000);
        assertThat(spec.timeline().get(12)).isEqualTo(new TimelineEvent.BlockIcmp(0, "node1"));
        assertThat(spec.timeline().get(13)).isEqualTo(new TimelineEvent.UnblockIcmp(6_000_000_000L, "node1"));
        assertThat(spec.expect().get(2)).isEqualTo(new Expectation.Table("node1", "bridge fdb show", "x", false));
    }

    @Test
    void acceptsAByteOrderMarkAndCrLfLineEnds() {
        byte[] bytes = ("\uFEFF" + MINIMAL.replace("\n", "\r\n")).getBytes(StandardCharsets.UTF_8);

        assertThat(ScenarioLoader.fromBytes(bytes, "bom.yaml").name()).isEqualTo("minimal");
    }

    @Test
    void resolvesAnchorsAndAliases() {
        String yaml = MINIMAL + """
                timeline:
                  - {at: &t 2s, linkDown: node1}
                  - {at: *t, linkUp: node1}
                """;

        ScenarioSpec spec = ScenarioLoader.fromYaml(yaml, "alias.yaml");

        assertThat(spec.timeline()).extracting(TimelineEvent::atNanos).containsExactly(2_000_000_000L, 2_000_000_000L);
    }

    @Test
    void reportsAMissingFileAgainstItsPath(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> ScenarioLoader.load(missing)).isInstanceOf(ScenarioException.class)
                .hasMessage(missing + ":1:1: no such file");
    }

    @Test
    void loadsFromAPathAndNamesTheFileInProblems(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, MINIMAL.replace("name: minimal", "name: minimal\nseed: x"));

        assertThatThrownBy(() -> ScenarioLoader.load(file))
                .hasMessage(file + ":2:7: expected an integer, found 'x'");
    }

    // ---- hostile input -------------------------------------------------------------------------

    @Test
    void refusesAFileOverOneMebibyteWithoutParsingIt(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.yaml");
        byte[] bytes = new byte[2 << 20];
        java.util.Arrays.fill(bytes, (byte) '#');
        Files.write(big, bytes);

        ScenarioException e = refused(() -> ScenarioLoader.load(big));

        assertThat(e).hasMessage(big + ":1:1: the file is 2097152 bytes; the limit is 1048576 bytes (1 MiB)");
    }

    @Test
    void refusesOversizedText() {
        String text = "#".repeat(2 << 20);

        ScenarioException e = refused(() -> ScenarioLoader.fromYaml(text, "big.yaml"));

        assertThat(e).hasMessage("big.yaml:1:1: the text is more than 1048576 bytes of UTF-8; the limit is 1 MiB");
    }

    @Test
    void refusesNulBytes() {
        byte[] bytes = "name: x\nseed: 1\u0000\u0001\u0002".getBytes(StandardCharsets.UTF_8);

        ScenarioException e = refused(() -> ScenarioLoader.fromBytes(bytes, "bin.yaml"));

        assertThat(e).hasMessage(
                "bin.yaml:2:8: the file contains a NUL byte at offset 15; expected a YAML text file, not binary data");
    }

    @Test
    void refusesInvalidUtf8() {
        byte[] bytes = {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'};

        ScenarioException e = refused(() -> ScenarioLoader.fromBytes(bytes, "latin.yaml"));

        assertThat(e).hasMessage("latin.yaml:1:7: invalid UTF-8 (byte 0xc3 at offset 6); expected a UTF-8 text file");
    }

    @Test
    void refusesControlCharacters() {
        ScenarioException e = refused(() -> ScenarioLoader.fromYaml("name: a\u0007b\n", "bell.yaml"));

        assertThat(e).hasMessage("bell.yaml:1:8: the file contains the control character U+0007; expected printable text");
    }

    @Test
    void refusesABillionLaughsAliasBomb() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 9; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            yaml.append("]\n");
        }

        ScenarioException e = refused(() -> ScenarioLoader.fromYaml(yaml.toString(), "lol.yaml"));

        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().get(0).message()).isEqualTo(
                "the YAML document has more than 100000 YAML values (keys, scalars, lists and mappings, counting each alias as a copy of what it names); refusing the file (a scenario has at most 5000 nodes)");
    }

    @Test
    void refusesMoreThanFiftyAliases() {
        StringBuilder yaml = new StringBuilder("a: &a x\nb: [");
        for (int i = 0; i < 51; i++) {
            yaml.append(i == 0 ? "" : ", ").append("*a");
        }
        yaml.append("]\n");

        ScenarioException e = refused(() -> ScenarioLoader.fromYaml(yaml.toString(), "many.yaml"));

        assertThat(e).hasMessage(
                "many.yaml:2:205: more than 50 aliases; refusing the file (alias bombs are expanded exponentially)");
    }

    @Test
    void refusesARecursiveAlias() {
        ScenarioException e = refused(() -> ScenarioLoader.fromYaml("a: &a [x, *a]\n", "loop.yaml"));

        assertThat(e).hasMessage("loop.yaml:1:11: alias '*a' refers to a node that contains it (a recursive alias)");
    }

    @Test
    void refusesNestingDeeperThan64Levels() {
        String yaml = "a: " + "[".repeat(200) + "]".repeat(200) + "\n";

        ScenarioException e = refused(() -> ScenarioLoader.fromYaml(yaml, "deep.yaml"));

        assertThat(e).hasMessage("deep.yaml:1:67: nesting is deeper than 64 levels; a scenario never needs that many");
    }

    @Test
    void refusesDeepBlockNesting() {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            yaml.append(" ".repeat(i)).append("k").append(i).append(":\n");
        }

        ScenarioException e = refused(() -> ScenarioLoader.fromYaml(yaml.toString(), "deep.yaml"));

        assertThat(e.problems()).extracting(Problem::message)
                .containsExactly("nesting is deeper than 64 levels; a scenario never needs that many");
    }

    @Test
    void refusesTooManyNodes() {
        String yaml = "a: [" + "1,".repeat(150_000) + "1]\n";

        ScenarioException e = refused(() -> ScenarioLoader.fromYaml(yaml, "wide.yaml"));

        assertThat(e.problems()).extracting(Problem::message).containsExactly(
                "the YAML document has more than 100000 YAML values (keys, scalars, lists and mappings, counting each alias as a copy of what it names); refusing the file (a scenario has at most 5000 nodes)");
    }

    private static ScenarioException refused(Supplier<ScenarioSpec> load) {
        return assertTimeoutPreemptively(NET, () -> catchThrowableOfType(load::get, ScenarioException.class));
    }

    @Test
    void problemsPrintAsFileLineColumnMessage() {
        Problem problem = new Problem("seed-vxlan.yaml", 12, 11, "unknown key 'subnetlen' in network");

        assertThat(problem).hasToString("seed-vxlan.yaml:12:11: unknown key 'subnetlen' in network");
        assertThat(new ScenarioException(List.of(problem, new Problem("f", 1, 2, "m"))).problems())
                .extracting(Problem::line).containsExactly(1, 12);
    }

    @Test
    void compareListsBackendTypesInFileOrder() {
        ScenarioSpec spec = ScenarioLoader.fromYaml(MINIMAL + "compare: {backends: [host-gw, udp]}\n", "compare.yaml");

        assertThat(spec.compare()).isPresent();
        assertThat(spec.compare().get().backends()).containsExactly("host-gw", "udp");
        assertThat(ScenarioLoader.fromYaml(MINIMAL, "plain.yaml").compare()).isEmpty();
    }

    @Test
    void compareNeedsTwoOrThreeDistinctBackendTypesWithoutOptions() {
        ScenarioException e = refused(() -> ScenarioLoader.fromYaml(MINIMAL
                + "compare: {backends: [vxlan], vni: 3}\n", "one.yaml"));
        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "one.yaml:13:21: compare lists only one backend ('vxlan'); expected 2 or 3 distinct backend types (udp, vxlan, host-gw)",
                "one.yaml:13:30: unknown key 'vni' in compare; expected one of: backends, rates, flow, seeds");

        e = refused(() -> ScenarioLoader.fromYaml(MINIMAL + "compare: {backends: []}\n", "empty.yaml"));
        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "empty.yaml:13:21: compare backends is empty; expected 2 or 3 distinct backend types (udp, vxlan, host-gw)");

        e = refused(() -> ScenarioLoader.fromYaml(MINIMAL + "compare: {backends: [{type: udp}, [vxlan], UDP]}\n", "items.yaml"));
        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "items.yaml:13:22: expected a backend type (udp, vxlan, host-gw), found a mapping; write just 'udp'",
                "items.yaml:13:35: expected a backend type (udp, vxlan, host-gw), found a list",
                "items.yaml:13:44: unknown backend type 'UDP' (did you mean 'udp'?); expected one of: udp, vxlan, host-gw");

        e = refused(() -> ScenarioLoader.fromYaml(MINIMAL + "compare: {}\n", "missing.yaml"));
        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "missing.yaml:13:10: missing required key 'backends' in compare");
    }
}
