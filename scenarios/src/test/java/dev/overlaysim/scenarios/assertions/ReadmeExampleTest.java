package dev.overlaysim.scenarios.assertions;

import static dev.overlaysim.scenarios.assertions.ScenarioAssertions.assertThat;

import dev.overlaysim.scenarios.run.Scenario;
import dev.overlaysim.scenarios.run.ScenarioResult;
import org.junit.jupiter.api.Test;

// The README's JUnit example, kept here so it always compiles and passes. Edit both together.
class ReadmeExampleTest {

    static final String YAML = """
            name: two-nodes
            network:
              cidr: 10.1.0.0/16
              backend: {type: vxlan}
            underlay:
              segments:
                - {name: lan, cidr: 10.168.0.0/24, gateway: 10.168.0.1}
            nodes:
              - name: node1
                ip: 10.168.0.2
                subnet: 10.1.15.0/24
                containers: [{name: container-1, ip: 10.1.15.2}]
              - name: node2
                ip: 10.168.0.3
                subnet: 10.1.16.0/24
                containers: [{name: container-2, ip: 10.1.16.3}]
            traffic:
              - ping: {name: ping-1, from: container-1, to: container-2, count: 3, start: 1s}
            expect:
              - delivered: {flow: ping-1}
            """;

    @Test
    void vxlanCarriesAPingBetweenNodesInTheKernel() {
        ScenarioResult result = Scenario.fromYaml(YAML).run();

        assertThat(result)
                .allExpectationsHold()
                .flow("ping-1")
                    .deliveredAll()
                    .copiesOnSend(1).copiesOnReceive(1)
                    .crossed("node1/docker0", "node1/flannel.1", "node1/eth0",
                             "node2/eth0", "node2/flannel.1", "node2/docker0")
                    .printedLineContaining("ttl=62")
                .and()
                .node("node1").routeTable()
                    .holds("10.1.16.0/24 via 10.1.16.0 dev flannel.1 onlink");
    }
}
