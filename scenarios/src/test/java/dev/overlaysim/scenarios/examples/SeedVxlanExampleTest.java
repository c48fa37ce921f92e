package dev.overlaysim.scenarios.examples;

import static dev.overlaysim.scenarios.assertions.ScenarioAssertions.assertThat;

import dev.overlaysim.scenarios.run.ScenarioResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code seed-vxlan.yaml}: the seed document's VXLAN lab, one ping between two nodes. */
class SeedVxlanExampleTest {
    static ScenarioResult result;

    @BeforeAll
    static void run() {
        result = Examples.run("seed-vxlan");
    }

    @Test
    void itsExpectationsHold() {
        assertThat(result).allExpectationsHold();
    }

    @Test
    void thePingGoesThroughTheKernelTunnelWithOneCopyEachWay() {
        assertThat(result).flow("ping-1")
                .delivered(1).dropped(0)
                .copiesOnSend(1).copiesOnReceive(1)
                .syscallsOnSend(1).syscallsOnReceive(1)
                .encapsulations(1)
                .crossed("container-1/eth0", "node1/docker0", "node1/flannel.1", "node1/eth0",
                        "node2/eth0", "node2/flannel.1", "node2/docker0", "container-2/eth0");
    }

    @Test
    void theReplyComesBackTwoRoutersDown() {
        assertThat(result).flow("ping-1")
                .printed("64 bytes from 10.1.16.3: icmp_seq=1 ttl=62 time=0.064 ms")
                .printed("1 packets transmitted, 1 received, 0% packet loss, time 0ms");
    }

    @Test
    void node1HasTheSeedsThreeTableLines() {
        assertThat(result)
                .node("node1").routeTable().holds("10.1.16.0/24 via 10.1.16.0 dev flannel.1 onlink")
                .and().node("node1").neighboursOn("flannel.1").holds("10.1.16.0 lladdr 5e:f8:4f:00:e3:37 PERMANENT")
                .and().node("node1").fdbOn("flannel.1").holds("5e:f8:4f:00:e3:37 dst 10.168.0.3 self permanent")
                .and().node("node1").subnetEnv().holds("FLANNEL_SUBNET=10.1.15.1/24").holds("FLANNEL_MTU=1450");
    }

    @Test
    void flanneldLearnedNode2sVtepFromItsLease() {
        assertThat(result)
                .logged("node1", "Lease acquired: 10.1.15.0/24")
                .logged("node1", "adding subnet: 10.1.16.0/24 PublicIP: 10.168.0.3 VtepMAC: 5e:f8:4f:00:e3:37")
                .table("node1", "etcdctl ls /coreos.com/network/subnets").holds("/coreos.com/network/subnets/10.1.16.0-24");
    }
}
