package dev.overlaysim.scenarios.examples;

import static dev.overlaysim.scenarios.assertions.ScenarioAssertions.assertThat;

import dev.overlaysim.scenarios.run.ScenarioResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code l2-question.yaml}: Flannel gives L3 connectivity, not L2; ARP across nodes goes unanswered. */
class L2QuestionExampleTest {
    static ScenarioResult result;

    @BeforeAll
    static void run() {
        result = Examples.run("l2-question");
    }

    @Test
    void itsExpectationsHold() {
        assertThat(result).allExpectationsHold();
    }

    @Test
    void theContainerThatThinksTheSlash16IsOnLinkNeverGetsAnArpAnswer() {
        assertThat(result).flow("on-link")
                .nothingDelivered()
                .droppedAt("container-1/eth0", "neigh-failed", 1)
                .printed("From 10.1.15.2 icmp_seq=1 Destination Host Unreachable")
                .and().node("container-1").routeTable()
                .holds("10.1.0.0/16 dev eth0 proto kernel scope link src 10.1.15.2");
    }

    @Test
    void theSameTargetIsReachableWhenRouted() {
        assertThat(result).flow("routed")
                .deliveredAll()
                .crossed("container-3/eth0", "node1/docker0", "node1/flannel.1", "node1/eth0",
                        "node2/eth0", "node2/flannel.1", "node2/docker0", "container-2/eth0")
                .printedLineContaining("ttl=62");
    }
}
