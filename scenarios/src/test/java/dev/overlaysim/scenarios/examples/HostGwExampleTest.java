package dev.overlaysim.scenarios.examples;

import static dev.overlaysim.scenarios.assertions.ScenarioAssertions.assertThat;

import dev.overlaysim.scenarios.run.ScenarioResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code host-gw.yaml}: plain routing via the peer node, no tunnel. */
class HostGwExampleTest {
    static ScenarioResult result;

    @BeforeAll
    static void run() {
        result = Examples.run("host-gw");
    }

    @Test
    void itsExpectationsHold() {
        assertThat(result).allExpectationsHold();
    }

    @Test
    void nothingIsEncapsulated() {
        assertThat(result)
                .flow("ping-1").delivered(3).copiesOnSend(1).copiesOnReceive(1).encapsulations(0)
                .crossed("node1/docker0", "node1/eth0", "node2/eth0", "node2/docker0")
                .printedLineContaining("ttl=62")
                .and().flow("udp-1").delivered(10).copiesOnSend(1).copiesOnReceive(1).encapsulations(0);
    }

    @Test
    void node1RoutesTheOtherSubnetViaNode2() {
        assertThat(result)
                .node("node1").routeTable()
                .holds("10.1.16.0/24 via 10.168.0.3 dev eth0")
                .lacks("10.1.16.0/24 via 10.1.16.0 dev flannel.1 onlink")
                .and().logged("node1", "Subnet added: 10.1.16.0/24 via 10.168.0.3");
    }
}
