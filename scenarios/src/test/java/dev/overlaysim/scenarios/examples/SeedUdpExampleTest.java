package dev.overlaysim.scenarios.examples;

import static dev.overlaysim.scenarios.assertions.ScenarioAssertions.assertThat;

import dev.overlaysim.scenarios.run.ScenarioResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code seed-udp.yaml}: the seed document's UDP lab, where flanneld carries every packet through user space. */
class SeedUdpExampleTest {
    static ScenarioResult result;

    @BeforeAll
    static void run() {
        result = Examples.run("seed-udp");
    }

    @Test
    void itsExpectationsHold() {
        assertThat(result).allExpectationsHold();
    }

    @Test
    void everyPacketCrossesUserSpaceThreeTimesOnEachSide() {
        assertThat(result).flow("ping-1")
                .deliveredAll()
                .copiesOnSend(3).copiesOnReceive(3)
                .encapsulations(1)
                .crossed("node1/docker0", "node1/flannel0", "node1/eth0", "node2/eth0", "node2/flannel0", "node2/docker0");
    }

    @Test
    void theReplyArrivesWithTtl60() {
        // The TUN device and flanneld's user-space hop take the TTL down further than VXLAN's 62.
        assertThat(result).flow("ping-1")
                .printed("64 bytes from 100.96.2.3: icmp_seq=1 ttl=60 time=0.102 ms");
    }

    @Test
    void theRouteTablesAreTheSeeds() {
        assertThat(result)
                .node("node1").routeTable()
                .holds("100.96.0.0/16 dev flannel0 proto kernel scope link src 100.96.1.0")
                .holds("100.96.1.0/24 dev docker0 proto kernel scope link src 100.96.1.1")
                .lacks("100.96.2.0/24 via 100.96.2.0 dev flannel.1 onlink")
                .and().node("node2").routeTable()
                .holds("100.96.0.0/16 dev flannel0 proto kernel scope link src 100.96.2.0")
                .holds("100.96.2.0/24 dev docker0 proto kernel scope link src 100.96.2.1");
    }
}
