package dev.overlaysim.scenarios.examples;

import static dev.overlaysim.scenarios.assertions.ScenarioAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overlaysim.scenarios.run.RunOptions;
import dev.overlaysim.scenarios.run.Scenario;
import dev.overlaysim.scenarios.run.ScenarioResult;
import dev.overlaysim.trace.HopAction;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code blockIcmp} makes the path-MTU black hole: docker-mtu.yaml's lab (container-1's eth0 1500,
 * flannel.1 1450) with a 1430-byte {@code ping -M do} from container-1. Without the block node1
 * answers it with frag-needed; with node1 blocking ICMP from 0 s the request still dies at
 * flannel.1 but its answer dies on node1's OUTPUT chain, and ping hears nothing; unblockIcmp
 * brings the answer back. Then the shipped example, where UDP shows what TCP would suffer.
 */
class IcmpBlackHoleExampleTest {
    /** docker-mtu.yaml's lab; one DF ping at 1 s and one at 5 s, then TIMELINE. */
    private static ScenarioResult run(String timeline) {
        String yaml = """
                name: black-hole
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
                    docker: {mtu: 1500}
                    containers:
                      - {name: container-1, ip: 10.1.15.2}
                  - name: node2
                    ip: 10.168.0.3
                    subnet: 10.1.16.0/24
                    containers:
                      - {name: container-2, ip: 10.1.16.3}
                traffic:
                  - ping: {name: first, from: container-1, to: container-2, size: 1430, df: true, start: 1s}
                  - ping: {name: second, from: container-1, to: container-2, size: 1430, df: true, start: 5s}
                """ + timeline;
        return Scenario.fromYaml(yaml, "black-hole.yaml").run(RunOptions.DEFAULT);
    }

    private static final String FRAG_NEEDED = "From 10.1.15.1 icmp_seq=1 Frag needed and DF set (mtu = 1450)";

    @Test
    void withoutTheBlockTheDfPingIsAnsweredWithFragNeeded() {
        ScenarioResult r = run("");
        assertThat(r).flow("first")
                .droppedAt("node1/flannel.1", "frag-needed", 1)
                .printed(FRAG_NEEDED)
                .printed("1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms");
        // container-1 learned the path MTU: the second ping -M do fails in its own sendto()
        assertThat(r).flow("second").printed("ping: local error: message too long, mtu=1450");
    }

    @Test
    void withIcmpBlockedOnNode1TheFragNeededNeverReachesTheContainer() {
        ScenarioResult r = run("""
                timeline:
                  - at: 0s
                    blockIcmp: {node: node1}
                """);
        assertThat(r).flow("first")
                .droppedAt("node1/flannel.1", "frag-needed", 1)
                .droppedAt("node1", "netfilter-drop", 1)
                .nothingDelivered()
                .printed("1 packets transmitted, 0 received, 100% packet loss, time 0ms");
        assertThat(r.flow("first").output()).noneMatch(l -> l.startsWith("From "));
        // nothing learned: the second one goes out at full size and meets the same fate
        assertThat(r).flow("second").droppedAt("node1/flannel.1", "frag-needed", 1).droppedAt("node1", "netfilter-drop", 1);
        assertThat(r.flow("second").output()).noneMatch(l -> l.startsWith("ping: local error") || l.startsWith("From "));
        assertThat(r.show("container-1", "ip route get 10.1.16.3").stdout())
                .isEqualTo("10.1.16.3 via 10.1.15.1 dev eth0 src 10.1.15.2 uid 0 \n    cache \n");
        assertThat(r.show("node1", "iptables -S").stdout()).isEqualTo("-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n"
                + "-A FORWARD -p icmp -j DROP\n-A OUTPUT -p icmp -j DROP\n");
        assertThat(r).logged("node1", "-A OUTPUT -p icmp -j DROP");
    }

    @Test
    void theWalkShowsTheErrorMadeAndDroppedOnOutput() {
        ScenarioResult r = Scenario.fromYaml(String.join("\n", List.of(
                "name: black-hole", "network: {cidr: 10.1.0.0/16, backend: {type: vxlan}}",
                "underlay: {segments: [{name: lan, cidr: 10.168.0.0/24}]}",
                "nodes:",
                "  - {name: node1, ip: 10.168.0.2, subnet: 10.1.15.0/24, docker: {mtu: 1500}, containers: [{name: container-1, ip: 10.1.15.2}]}",
                "  - {name: node2, ip: 10.168.0.3, subnet: 10.1.16.0/24, containers: [{name: container-2, ip: 10.1.16.3}]}",
                "traffic: [{ping: {name: p, from: container-1, to: container-2, size: 1430, df: true, start: 1s}}]",
                "timeline: [{at: 0s, blockIcmp: {node: node1}}]")), "walk.yaml").run(RunOptions.DEFAULT.withTrace(
                dev.overlaysim.linux.Tracer.Level.WALK));
        List<String> node1 = r.hops().stream().filter(h -> h.namespace().equals("node1")
                && (h.action() == HopAction.ICMP_ERROR || h.action() == HopAction.DROPPED)).map(h -> h.detail()).toList();
        assertThat(node1).containsExactly(
                "frag-needed: 1458 > mtu 1450 of flannel.1",
                "Destination unreachable (Fragmentation needed) mtu 1450 to 10.1.15.2",
                "netfilter-drop: iptables -A OUTPUT -p icmp -j DROP: Destination unreachable (Fragmentation needed) 10.1.15.1 > 10.1.15.2");
    }

    @Test
    void unblockIcmpBringsTheFragNeededBack() {
        ScenarioResult r = run("""
                timeline:
                  - {at: 0s, blockIcmp: {node: node1}}
                  - {at: 3s, unblockIcmp: {node: node1}}
                """);
        assertThat(r.flow("first").output()).noneMatch(l -> l.startsWith("From "));
        assertThat(r).flow("second").droppedAt("node1/flannel.1", "frag-needed", 1).printed(FRAG_NEEDED);
        assertThat(r.flow("second").dropped(Optional.of("netfilter-drop"), Optional.empty(), Optional.empty())).isZero();
        assertThat(r.show("node1", "iptables -S").stdout()).isEqualTo("-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n");
        assertThat(r).logged("node1", "-D OUTPUT -p icmp -j DROP");
    }

    @Test
    void theShippedExampleLosesEveryBigDatagramAndNoSmallOne() {
        ScenarioResult r = Scenario.load(Examples.DIRECTORY.resolve("icmp-black-hole.yaml")).run(RunOptions.DEFAULT);
        assertThat(r).allExpectationsHold();
        assertThat(r).flow("small").delivered(3);
        assertThat(r).flow("big").nothingDelivered().droppedAt("node1/flannel.1", "frag-needed", 3).droppedAt("node1", "netfilter-drop", 3);
        assertThat(r).flow("big-ping").nothingDelivered()
                .printed("1 packets transmitted, 0 received, 100% packet loss, time 0ms");
    }
}
