package dev.overlaysim.scenarios.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlaysim.scenarios.model.BackendSpec;
import dev.overlaysim.scenarios.model.ScenarioSpec;
import dev.overlaysim.scenarios.model.TimelineEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Scenario#runEachBackend} and {@link Scenario#withBackend}: what a compare: run changes, and what it keeps. */
class CompareRunsTest {

    private static final String YAML = """
            name: compare-unit
            seed: 7
            network:
              cidr: 10.1.0.0/16
              backend: {type: vxlan, vni: 42}
            underlay:
              segments:
                - {name: lan, cidr: 10.168.0.0/24}
            nodes:
              - name: node1
                ip: 10.168.0.2
                subnet: 10.1.15.0/24
                vtepMac: 5e:f8:4f:00:0f:00
                containers:
                  - {name: c1, ip: 10.1.15.2}
              - name: node2
                ip: 10.168.0.3
                subnet: 10.1.16.0/24
                containers:
                  - {name: c2, ip: 10.1.16.3}
            traffic:
              - ping: {from: c1, to: c2, start: 1s}
            timeline:
              - {at: 3s, vtepMacChange: {node: node1, mac: "5e:f8:4f:00:0f:01"}}
            compare: {backends: [host-gw, udp]}
            expect:
              - copies: {flow: ping-1, send: 1}
            """;

    @Test
    void anotherBackendRunsWithItsDefaultsAndWithoutVxlanSettingsOrChecks() {
        ScenarioSpec spec = Scenario.fromYaml(YAML).spec();

        ScenarioSpec udp = Scenario.withBackend(spec, "udp");

        assertThat(udp.network().backend()).isEqualTo(new BackendSpec.Udp(BackendSpec.Udp.DEFAULT_PORT));
        assertThat(udp.network().cidr()).isEqualTo(spec.network().cidr());
        assertThat(udp.nodes()).allSatisfy(n -> assertThat(n.vtepMac()).isEmpty());
        assertThat(udp.nodes()).extracting(n -> n.subnet().orElseThrow()).isEqualTo(
                spec.nodes().stream().map(n -> n.subnet().orElseThrow()).toList());
        assertThat(udp.timeline()).noneMatch(e -> e instanceof TimelineEvent.VtepMacChange);
        assertThat(udp.expect()).isEmpty();
        assertThat(udp.compare()).isEmpty();
        assertThat(udp.traffic()).isEqualTo(spec.traffic());
        assertThat(udp.seed()).isEqualTo(7);
    }

    @Test
    void thePrimaryTypeIsTheFileUnchanged() {
        ScenarioSpec spec = Scenario.fromYaml(YAML).spec();

        assertThat(Scenario.withBackend(spec, "vxlan")).isSameAs(spec);
        assertThat(Scenario.withBackend(spec, "host-gw").network().backend()).isEqualTo(new BackendSpec.HostGw());
        ScenarioSpec vxlan = Scenario.withBackend(Scenario.withBackend(spec, "udp"), "vxlan");
        assertThat(vxlan.network().backend()).isEqualTo(new BackendSpec.Vxlan(1, 8472, false));
    }

    @Test
    void runsEachListedBackendInOrderWithTheSameSeed() {
        Scenario scenario = Scenario.fromYaml(YAML);

        Map<String, ScenarioResult> results = scenario.runEachBackend(RunOptions.DEFAULT.withCapture(false));

        assertThat(results.keySet()).containsExactly("host-gw", "udp");
        assertThat(results.values()).allSatisfy(r -> {
            assertThat(r.seed()).isEqualTo(7);
            assertThat(r.flow("ping-1").delivered()).isEqualTo(1);
            assertThat(r.checks()).isEmpty();
        });
        assertThat(results.get("udp").flow("ping-1").perPacket().copiesSend()).isEqualTo(3.0);
        assertThat(results.get("host-gw").flow("ping-1").perPacket().encapsulations()).isZero();
        assertThat(scenario.runEachBackend(RunOptions.DEFAULT.withSeed(9)).values())
                .allSatisfy(r -> assertThat(r.seed()).isEqualTo(9));
    }

    @Test
    void aScenarioWithoutCompareRunsNothingMore() {
        Scenario scenario = Scenario.fromYaml(YAML.replace("compare: {backends: [host-gw, udp]}\n", ""));

        assertThat(scenario.spec().compare()).isEmpty();
        assertThat(scenario.runEachBackend(RunOptions.DEFAULT)).isEmpty();
    }
}
