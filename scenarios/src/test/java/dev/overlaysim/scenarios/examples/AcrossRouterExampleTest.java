package dev.overlaysim.scenarios.examples;

import static dev.overlaysim.scenarios.assertions.ScenarioAssertions.assertThat;

import dev.overlaysim.scenarios.run.ScenarioResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code across-router.yaml}: VXLAN between two LANs joined by router r1. */
class AcrossRouterExampleTest {
    static ScenarioResult result;

    @BeforeAll
    static void run() {
        result = Examples.run("across-router");
    }

    @Test
    void itsExpectationsHold() {
        assertThat(result).allExpectationsHold();
    }

    @Test
    void theTunnelPacketIsRoutedThroughR1() {
        assertThat(result).flow("ping-1")
                .deliveredAll()
                .encapsulations(1)
                .crossed("node1/docker0", "node1/flannel.1", "node1/eth0", "r1/eth0", "r1/eth1",
                        "node2/eth0", "node2/flannel.1", "node2/docker0");
    }

    @Test
    void theInnerPacketDoesNotSeeTheRouterHop() {
        // r1 decrements the outer header's TTL only: the reply still arrives with 62.
        assertThat(result).flow("ping-1").printedLineContaining("ttl=62");
    }

    @Test
    void lanBsLatencyIsPaidBothWays() {
        // lan-b's 200us one-way latency is crossed by the request and the reply.
        assertThat(result).flow("ping-1").latencyBetween(400_000, 2_000_000);
    }

    @Test
    void node1ReachesNode2sVtepThroughItsGateway() {
        assertThat(result)
                .node("node1").routeTable().holds("default via 10.168.0.1 dev eth0")
                .holds("10.1.16.0/24 via 10.1.16.0 dev flannel.1 onlink")
                .and().logged("node1", "adding subnet: 10.1.16.0/24 PublicIP: 10.168.1.2")
                .logged("node2", "-A INPUT -p udp --dport 8472 -j DROP");
    }
}
