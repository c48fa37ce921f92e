package dev.overlaysim.scenarios.examples;

import static dev.overlaysim.scenarios.assertions.ScenarioAssertions.assertThat;

import dev.overlaysim.scenarios.run.ScenarioResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code node-join.yaml}: node3 is up only from 5s to 8s; pings to it get through only then. */
class NodeJoinExampleTest {
    static ScenarioResult result;

    @BeforeAll
    static void run() {
        result = Examples.run("node-join");
    }

    @Test
    void itsExpectationsHold() {
        assertThat(result).allExpectationsHold();
    }

    @Test
    void node2IsReachableThroughout() {
        assertThat(result).flow("to-node2").delivered(10).deliveredAll().dropped(0);
    }

    @Test
    void pingsToNode3GetThroughOnlyWhileItIsUp() {
        // Pings at 6s, 7s and 8s arrive; those at 1s..5s (no lease yet) and 9s, 10s (lease gone) do not.
        assertThat(result).flow("to-node3")
                .delivered(3)
                .dropped(7)
                .printed("64 bytes from 10.1.3.2: icmp_seq=6 ttl=62 time=0.063 ms")
                .printed("64 bytes from 10.1.3.2: icmp_seq=8 ttl=62 time=0.039 ms")
                .printed("10 packets transmitted, 3 received, +7 errors, 70% packet loss, time 9000ms")
                .printed("rtt min/avg/max/mdev = 0.039/0.047/0.063/0.011 ms, pipe 4");
    }

    @Test
    void whileNode3IsAbsentNode1HasNoRouteAndItsGatewayNeverAnswers() {
        // Without node3's route, 10.1.3.2 follows node1's default route to 10.168.0.1, whose ARP
        // nobody answers: docker0's address reports Host Unreachable back to the container.
        assertThat(result).flow("to-node3")
                .droppedAt("node1/eth0", "neigh-failed", 7)
                .printed("From 10.1.1.1 icmp_seq=1 Destination Host Unreachable")
                .printed("From 10.1.1.1 icmp_seq=10 Destination Host Unreachable")
                .and().node("node1").routeTable()
                .holds("default via 10.168.0.1 dev eth0")
                .lacks("10.1.3.0/24 via 10.1.3.0 dev flannel.1 onlink");
    }

    @Test
    void node3LeasedItsSubnetWhenItStarted() {
        assertThat(result)
                .logged("node3", "Lease acquired: 10.1.3.0/24")
                .table("node1", "etcdctl ls /coreos.com/network/subnets")
                .holds("/coreos.com/network/subnets/10.1.2.0-24")
                .lacks("/coreos.com/network/subnets/10.1.3.0-24");
    }
}
