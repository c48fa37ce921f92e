package dev.overlaysim.scenarios.report;

import dev.overlaysim.scenarios.run.Scenario;
import dev.overlaysim.scenarios.run.ScenarioResult;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class WalkPrinterTest {

    private static String walk(String example) {
        ScenarioResult r = Scenario.load(Path.of("examples", example)).run();
        StringWriter out = new StringWriter();
        new WalkPrinter(r, Style.PLAIN, false).print(new PrintWriter(out, true));
        return out.toString();
    }

    @Test
    void hostGwRoutesWithoutATunnel() {
        String w = walk("host-gw.yaml");

        assertThat(w).containsPattern("node1 +route: 10\\.1\\.16\\.0/24 via 10\\.168\\.0\\.3 dev eth0")
                .doesNotContain("encapsulated").doesNotContain("flannel.1").doesNotContain("flannel0");
        assertThat(w).contains("[user → kernel copy #1 on node1]").doesNotContain("copy #2 on node1");
    }

    @Test
    void aTcpFlowWalksItsFirstDataSegmentAtTheMssThePathAllows() {
        String w = walk("tcp-mss.yaml");

        // container-2 announced MSS 1410: container-1's first segment carries 1410 − 12 bytes
        assertThat(w).contains("up: first data segment, container-1 → container-2, sent at 1 s")
                .containsPattern("container-1 +seq 1:1399, 1398 bytes \\(mss 1398, cwnd 10\\) +\\[user → kernel copy #1 on node1]")
                .contains("down: first data segment, container-2 → container-1")
                .doesNotContain("tcp datagram");
    }

    @Test
    void theUdpBackendCrossesIntoFlanneldAndBackOnBothNodes() {
        String w = walk("seed-udp.yaml");

        assertThat(w).containsPattern("node1/flannel0 +TUN: waiting for flanneld to read\\(\\)")
                .containsPattern("node2 +delivered to udp socket 10\\.168\\.0\\.3:8285 of flanneld")
                .containsPattern("node2 flanneld +write\\(flannel0\\) 84 bytes +\\[user → kernel copy #2 on node2]");
    }

    @Test
    void aDropSaysWhyAndTheArpNotesStayOnTheQueuedAddress() {
        String w = walk("l2-question.yaml");
        String onLink = w.substring(w.indexOf("on-link: first echo request"), w.indexOf("DROPPED"));

        assertThat(w).containsPattern("container-1/eth0 +DROPPED: neigh-failed: 10\\.1\\.16\\.3 dev eth0 FAILED");
        assertThat(onLink).contains("┆ node1/docker0  arp who-has 10.1.16.3 tell 10.1.15.2")
                .doesNotContain("who-has 10.168.0.3").doesNotContain("who-has 10.1.15.1");
    }

    @Test
    void relativeMicroseconds() {
        assertThat(WalkPrinter.relative(0)).isEqualTo("+0.000 µs");
        assertThat(WalkPrinter.relative(64_982)).isEqualTo("+64.982 µs");
        assertThat(WalkPrinter.relative(-1_500)).isEqualTo("-1.500 µs");
    }

    @Test
    void plainStyleAddsNothing() {
        assertThat(Style.PLAIN.red(Style.PLAIN.bold("x"))).isEqualTo("x");
        assertThat(Style.ANSI.green("PASS")).isEqualTo("\u001b[32mPASS\u001b[0m");
    }
}
