package dev.overlaysim.scenarios.report;

import dev.overlaysim.trace.Drop;
import dev.overlaysim.scenarios.run.FlowResult;
import dev.overlaysim.scenarios.run.Scenario;
import dev.overlaysim.scenarios.run.ScenarioResult;
import dev.overlaysim.trace.Hop;
import dev.overlaysim.trace.HopAction;
import dev.overlaysim.trace.PacketContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every hop a walk prints belongs to the packet its block is about, by the packet's id, whatever
 * else was in flight at the same instant: the request's own hops, the reply or ICMP error it caused,
 * and the ARP exchange of the resolution it waited for.
 */
class WalkIdentityTest {

    private static ScenarioResult run(String path) {
        return Scenario.load(Path.of(path)).run();
    }

    private static String text(ScenarioResult r) {
        StringWriter out = new StringWriter();
        new WalkPrinter(r, Style.PLAIN, false).print(new PrintWriter(out, true));
        return out.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"examples/node-join.yaml", "examples/l2-question.yaml", "src/test/resources/walks/four-at-once.yaml",
            "examples/seed-udp.yaml", "examples/mtu-trouble.yaml", "examples/three-backends.yaml"})
    void everyHopBelongsToItsOwnPacket(String scenario) {
        ScenarioResult r = run(scenario);
        WalkPrinter printer = new WalkPrinter(r, Style.PLAIN, false);
        // What each ARP packet exists because of, from the run's own record.
        Map<Long, Long> arpCause = new HashMap<>();
        for (Hop h : r.hops()) if (h.kind().startsWith("arp-")) arpCause.put(h.packetId(), h.causeId());

        List<WalkPrinter.Block> blocks = printer.blocks();
        assertThat(blocks).isNotEmpty();
        for (WalkPrinter.Block b : blocks) {
            long first = r.world().flow(b.flow()).firstSentPacketId();
            if (b.packetId() == first) {
                assertThat(b.title()).as(b.title()).contains("first");
            } else {
                // An answer block: its packet exists because of the flow's first packet.
                assertThat(b.hops()).as(b.title()).allSatisfy(h -> assertThat(h.causeId()).isEqualTo(first));
                assertThat(b.hops().get(0).kind()).isIn(PacketContext.ECHO_REPLY, PacketContext.ICMP_ERROR);
            }
            long previous = Long.MIN_VALUE;
            for (int i = 0; i < b.hops().size(); i++) {
                Hop h = b.hops().get(i);
                assertThat(h.packetId()).as(b.title() + ": " + h).isEqualTo(b.packetId());
                assertThat(h.time()).as(b.title() + ": hops in time order").isGreaterThanOrEqualTo(previous);
                previous = h.time();
                if (h.action() != HopAction.ARP_QUEUED) continue;
                for (Hop arp : printer.arpExchange(b, i)) {
                    // Follow the ARP packet back to the packet whose resolution it served.
                    long root = arp.packetId();
                    while (arpCause.containsKey(root)) root = arpCause.get(root);
                    assertThat(root).as(b.title() + ": ARP note " + arp + " answers " + h).isEqualTo(h.causeId());
                }
            }
        }
    }

    @Test
    void aDroppedRequestHasNoReplyButItsIcmpError() {
        ScenarioResult r = run("examples/node-join.yaml");
        String w = text(r);

        assertThat(w).doesNotContain("to-node3: its echo reply");
        assertThat(w).contains("to-node3: the ICMP error it caused, node1 → container-1");
        String error = w.substring(w.indexOf("ICMP error: Destination unreachable"), w.indexOf("to-node2: first echo request"));
        assertThat(error).contains("ICMP error: Destination unreachable (Host unreachable) to 10.1.1.2")
                .contains("container-1 ping   recvmsg() error: Destination Host Unreachable")
                .doesNotContain("container-2").doesNotContain("node2");
    }

    @Test
    void theFailedArpStaysOnItsOwnSegment() {
        String w = text(run("examples/l2-question.yaml"));
        String onLink = w.substring(w.indexOf("sendto(10.1.16.3)"), w.indexOf("DROPPED"));

        // container-1 believes 10.1.16.3 is on its link: its who-has floods node1's docker0 and goes
        // no further. node2 resolving the same address for the routed flow is another exchange.
        assertThat(onLink).contains("┆ node1/docker0  arp who-has 10.1.16.3 tell 10.1.15.2 (not ours)")
                .doesNotContain("container-2").doesNotContain("node2").doesNotContain("arp reply");
    }

    @Test
    void fragmentsAreLabelledAndLostOnce() {
        ScenarioResult r = run("src/test/resources/walks/four-at-once.yaml");
        String w = text(r);

        String frag = w.substring(w.indexOf("frag: first echo request"), w.indexOf("frag: its echo reply"));
        assertThat(frag).contains("fragmented: 3028 bytes into fragments of at most 1444 for mtu 1450")
                .contains("[frag 1/3, offset 0, MF] transmitted")
                .contains("[frag 2/3, offset 1424, MF] transmitted")
                .contains("[frag 3/3, offset 2848] transmitted");

        FlowResult nowhere = r.flows().stream().filter(f -> f.name().equals("nowhere")).findFirst().orElseThrow();
        // Both fragments were dropped at node2's docker0, but ping lost one packet.
        assertThat(nowhere.sent()).isEqualTo(1);
        assertThat(nowhere.dropped()).isEqualTo(1);
        assertThat(nowhere.drops()).containsExactly(Map.entry(Drop.parse("neigh-failed at node2/docker0"), 1L));
        String lost = w.substring(w.indexOf("nowhere: first echo request"));
        assertThat(lost).contains("node2/docker0      [frag 1/2, offset 0, MF] DROPPED: neigh-failed")
                .contains("node2/docker0      [frag 2/2, offset 1424] DROPPED: neigh-failed");
        // The error is about the first fragment only (icmp_send ignores the others), and ping read it;
        // its source is node2's address on the way back (flannel.1), as icmp_send picks it.
        assertThat(nowhere.icmpErrors()).containsExactly("From 10.1.16.0: Destination unreachable (Host unreachable)");
        assertThat(nowhere.output()).contains("From 10.1.16.0 icmp_seq=1 Destination Host Unreachable");
    }

    @Test
    void theUdpWalkSaysFlanneldDecrementsTheTtl() {
        String w = text(run("examples/seed-udp.yaml"));

        assertThat(w).containsPattern("node1 flanneld +TTL 63 → 62 \\(proxy\\.c decrement_ttl\\(\\)")
                .containsPattern("node2 flanneld +TTL 62 → 61 \\(proxy\\.c decrement_ttl\\(\\)")
                .containsPattern("node2 +forward: TTL 61 → 60 out docker0");
    }

    @Test
    void summariesCountOnlyTheIcmpErrorsTheSenderRead() {
        for (String s : List.of("examples/node-join.yaml", "examples/l2-question.yaml", "examples/mtu-trouble.yaml",
                "src/test/resources/walks/four-at-once.yaml")) {
            for (FlowResult f : run(s).flows()) {
                Set<String> printed = f.output().stream().filter(l -> l.startsWith("From ")).collect(Collectors.toSet());
                assertThat(f.icmpErrors()).as(s + " " + f.name()).hasSize(printed.size());
            }
        }
    }
}
