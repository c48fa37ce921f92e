package dev.overlaysim.scenarios.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RunCommandTest {

    @Test
    void noFileRunsTheBuiltInSeedVxlanDemo() {
        Cli r = Cli.run("run");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains("scenario seed-vxlan  (built-in demo seed-vxlan.yaml)")
                .contains("backend: vxlan (VNI 1, UDP port 8472)")
                .contains("nodes: node1 10.168.0.2 (10.1.15.0/24), node2 10.168.0.3 (10.1.16.0/24)")
                .contains("seed: 1;")
                .contains("ping-1: first echo request, container-1 → container-2, sent at 1 s")
                .contains("ping-1: its echo reply, container-2 → container-1")
                .contains("copies: send 1, receive 1 per packet")
                .contains("all 7 checks passed")
                .doesNotContain("\u001b[");
        assertThat(r.out()).containsPattern("container-1 ping +sendto\\(10\\.1\\.16\\.3\\) echo request .*\\[user → kernel copy #1 on node1]");
        assertThat(r.out()).containsPattern("node1/docker0 +bridge: 02:42:[0-9a-f:]+ dev docker0 master docker0 permanent \\(local\\) → up to node1's stack");
        assertThat(r.out()).containsPattern("node1 +route: 10\\.1\\.16\\.0/24 via 10\\.1\\.16\\.0 dev flannel\\.1 onlink");
        assertThat(r.out()).containsPattern("node1/flannel\\.1 +neighbour: 10\\.1\\.16\\.0 lladdr 5e:f8:4f:00:e3:37 PERMANENT");
        assertThat(r.out()).containsPattern("node1/flannel\\.1 +FDB: 5e:f8:4f:00:e3:37 dst 10\\.168\\.0\\.3 self permanent");
        assertThat(r.out()).containsPattern("node1/flannel\\.1 +encapsulated VXLAN VNI 1, UDP 10\\.168\\.0\\.2:\\d+ → 10\\.168\\.0\\.3:8472");
        assertThat(r.out()).containsPattern("\\[log 0\\.000000000 s] node1 flanneld: Lease acquired: 10\\.1\\.15\\.0/24");
        // The request leaves by docker0, then flannel.1, then eth0, in that order.
        String walk = r.out().substring(r.out().indexOf("ping-1: first echo request"), r.out().indexOf("ping-1: its echo reply"));
        assertThat(walk.indexOf("node1/docker0")).isPositive()
                .isLessThan(walk.indexOf("node1/flannel.1"));
        assertThat(walk.indexOf("node1/flannel.1")).isLessThan(walk.indexOf("node1/eth0"));
        // Only ping's own sendto and recvmsg cross the user/kernel boundary.
        assertThat(r.out()).containsOnlyOnce("user → kernel copy").containsOnlyOnce("kernel → user copy");
    }

    @Test
    void seedUdpShowsThreeCopiesOnTheSendPath() {
        Cli r = Cli.run("run", "examples/seed-udp.yaml");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("copies: send 3, receive 3 per packet");
        String request = r.out().substring(r.out().indexOf("ping-1: first echo request"), r.out().indexOf("ping-1: its echo reply"));
        assertThat(request)
                .containsPattern("container-1 ping +sendto.*\\[user → kernel copy #1 on node1]")
                .containsPattern("node1 flanneld +read\\(flannel0\\) 84 bytes +\\[kernel → user copy #2 on node1]")
                .containsPattern("node1 flanneld +subnet lookup: 100\\.96\\.2\\.3 matches lease 100\\.96\\.2\\.0/24 → PublicIP 10\\.168\\.0\\.3.*\\[user → kernel copy #3 on node1]")
                .doesNotContain("copy #4 on node1");
    }

    @Test
    void aBuiltInExampleRunsByItsBareName() {
        Cli r = Cli.run("run", "--trace", "summary", "seed-udp.yaml");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("scenario seed-udp  (built-in example seed-udp.yaml)");
    }

    @Test
    void summaryLeavesOutTheWalkAndTheLog() {
        Cli r = Cli.run("run", "--trace", "summary");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("scenario seed-vxlan", "summary", "copies: send 1", "expect", "PASS")
                .doesNotContain("first echo request").doesNotContain("[log ");
    }

    @Test
    void fullDissectsTheBytesAtEachHop() {
        Cli r = Cli.run("run", "--trace", "full");

        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .contains("│ Internet Control Message Protocol, Echo (ping) request")
                .contains("│ Virtual eXtensible Local Area Network")
                .containsPattern("│ 0000  [0-9a-f]{2} ");
        assertThat(r.out()).doesNotContain("[incorrect]").doesNotContain("Malformed");
    }

    @Test
    void colourOnlyWhenAskedOrOnATerminal() {
        assertThat(Cli.run("run", "--trace", "summary").out()).doesNotContain("\u001b[");
        assertThat(Cli.run("run", "--trace", "summary", "--color", "always").out()).contains("\u001b[32mPASS\u001b[0m");
        assertThat(Cli.run("run", "--trace", "summary", "--color", "never").out()).doesNotContain("\u001b[");
    }

    @Test
    void aFailingExpectExitsOneWithExpectedAgainstActual(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("wrong-copies.yaml");
        Files.writeString(file, FAILING);

        Cli r = Cli.run("run", file.toString());

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.EXPECT_FAILED);
        assertThat(r.out())
                .contains("PASS  delivered: flow ping-1")
                .contains("FAIL  copies: flow ping-1")
                .contains("expected: send 3 per packet")
                .contains("actual:   send 1, receive 1 per packet (over 1 delivered)")
                .contains("1 of 2 checks failed");
        assertThat(r.all()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void seedAndUntilOverrideTheFile() {
        Cli r = Cli.run("run", "--trace", "summary", "--seed", "42", "--until", "500ms");

        assertThat(r.out()).contains("seed: 42; simulated 500 ms");
        // Stopped before the ping's start at 1 s: nothing sent, so "delivered" fails.
        assertThat(r.exit()).isEqualTo(ExitCodes.EXPECT_FAILED);
        assertThat(r.out()).contains("packets: 0 sent, 0 delivered, 0 dropped");
    }

    @Test
    void aMissingFileIsBadInputWithoutAStackTrace() {
        Cli r = Cli.run("run", "no/such/file.yaml");

        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("no/such/file.yaml").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void badOptionValuesAreBadInputWithUsage() {
        Cli trace = Cli.run("run", "--trace", "loud");
        assertThat(trace.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(trace.err()).contains("expected summary, walk or full, found 'loud'").contains("Usage: overlaysim run");

        Cli until = Cli.run("run", "--until", "5");
        assertThat(until.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(until.err()).contains("duration '5' has no unit");

        Cli seed = Cli.run("run", "--seed", "x");
        assertThat(seed.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(seed.err()).contains("--seed");
    }

    @Test
    void aPcapDirThatIsAFileIsRefusedBeforeRunning(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "x");

        Cli r = Cli.run("run", "--pcap", file.toString());

        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).isEqualTo("overlaysim: --pcap " + file + " is a file; expected a directory (created if missing)\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aJsonFileInAMissingDirectoryIsRefusedBeforeRunning(@TempDir Path dir) {
        Path json = dir.resolve("missing").resolve("out.json");

        Cli r = Cli.run("run", "--json", json.toString());

        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("cannot write " + json + ": the directory " + json.getParent() + " does not exist");
    }

    static final String FAILING = """
            name: wrong-copies
            network:
              cidr: 10.1.0.0/16
              subnetLen: 24
              backend: {type: vxlan}
            underlay:
              segments:
                - {name: lan, cidr: 10.168.0.0/24, gateway: 10.168.0.1}
            nodes:
              - name: node1
                ip: 10.168.0.2
                subnet: 10.1.15.0/24
                containers: [{name: container-1, ip: 10.1.15.2}]
              - name: node2
                ip: 10.168.0.3
                subnet: 10.1.16.0/24
                containers: [{name: container-2, ip: 10.1.16.3}]
            traffic:
              - ping: {name: ping-1, from: container-1, to: container-2, count: 1, start: 1s}
            expect:
              - delivered: {flow: ping-1}
              # VXLAN copies once, not three times: this check must fail.
              - copies: {flow: ping-1, send: 3}
            """;
}
