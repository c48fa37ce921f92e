package dev.overlaysim.scenarios.examples;

import static dev.overlaysim.scenarios.assertions.ScenarioAssertions.assertThat;

import dev.overlaysim.scenarios.run.ScenarioResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code mtu-trouble.yaml}: node2's eth0 claims 9000 bytes on a 1500-byte LAN. */
class MtuTroubleExampleTest {
    static ScenarioResult result;

    @BeforeAll
    static void run() {
        result = Examples.run("mtu-trouble");
    }

    @Test
    void itsExpectationsHold() {
        assertThat(result).allExpectationsHold();
    }

    @Test
    void smallPingsAreFine() {
        assertThat(result).flow("small").deliveredAll().encapsulations(1);
    }

    @Test
    void node2sJumboFrameIsLostAtNode1sEth0() {
        assertThat(result).flow("big-from-node2")
                .nothingDelivered()
                .droppedAt("node1/eth0", "rx-length", 1)
                .crossed("container-2/eth0", "node2/docker0", "node2/flannel.1", "node2/eth0")
                .printed("1 packets transmitted, 0 received, 100% packet loss, time 0ms");
    }

    @Test
    void container1RefusesTheBigPingLocally() {
        assertThat(result).flow("big-from-node1")
                .nothingDelivered()
                .droppedWith("message-too-long")
                .droppedAt("container-1/eth0", "message-too-long", 1)
                .printed("ping: local error: message too long, mtu=1450");
    }

    @Test
    void node2DerivedItsMtusFromTheWrongEth0() {
        assertThat(result)
                .node("node2").link("flannel.1")
                .holds("3: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 8950 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000")
                .and().logged("node2", "docker0 --bip=10.1.16.1/24 --mtu=8950")
                .logged("node1", "docker0 --bip=10.1.15.1/24 --mtu=1450");
    }
}
