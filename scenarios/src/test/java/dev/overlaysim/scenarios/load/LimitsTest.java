package dev.overlaysim.scenarios.load;

import dev.overlaysim.trace.Drop;
import dev.overlaysim.scenarios.run.Scenario;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every limit the format accepts is one the simulator can run: values that used to overflow the
 * clock or a rate (the hostile-input issue's rows) are refused at their line and column, saying what
 * is allowed, and the largest accepted values run.
 */
class LimitsTest {

    private static String seed() throws Exception {
        return Files.readString(Path.of("examples", "seed-vxlan.yaml"));
    }

    private static List<String> refused(String yaml) {
        return catchThrowableOfType(() -> ScenarioLoader.fromYaml(yaml, "s.yaml"), ScenarioException.class).problems()
                .stream().map(Object::toString).toList();
    }

    @Test
    void dockerMtuOutsideLinuxsRangeOrAnUnknownDockerKeyIsRefused() throws Exception {
        String y = seed().replace("    vtepMac: 5e:f8:4f:00:0f:00\n", "    vtepMac: 5e:f8:4f:00:0f:00\n    docker: {mtu: 67}\n");
        assertThat(refused(y)).singleElement().asString().matches("s\\.yaml:\\d+:19: .*68.*65535.*found '?67'?.*");
        String bad = seed().replace("    vtepMac: 5e:f8:4f:00:0f:00\n", "    vtepMac: 5e:f8:4f:00:0f:00\n    docker: {mtus: 1500}\n");
        assertThat(refused(bad)).singleElement().asString().contains(":14: ").contains("mtus").contains("mtu");
        String ok = seed().replace("    vtepMac: 5e:f8:4f:00:0f:00\n", "    vtepMac: 5e:f8:4f:00:0f:00\n    docker: {mtu: 65535}\n");
        assertThat(ScenarioLoader.fromYaml(ok, "s.yaml").nodes().get(0).dockerMtu()).hasValue(65535);
    }

    @Test
    void anOverflowingBandwidthIsRefused() throws Exception {
        String y = seed().replace("      gateway: 10.168.0.1\n", "      gateway: 10.168.0.1\n      bandwidth: 99999999999Gbit\n");
        assertThat(refused(y)).singleElement().asString()
                .matches("s\\.yaml:\\d+:18: expected a bandwidth of at most 10000Gbit \\(10 Tbit/s\\), found '99999999999Gbit'");
    }

    @Test
    void aLatencyBeyondTenSecondsIsRefused() throws Exception {
        String y = seed().replace("      gateway: 10.168.0.1\n", "      gateway: 10.168.0.1\n      latency: 9223372036854775807ns\n");
        assertThat(refused(y)).singleElement().asString().contains(":16: expected a duration of at most 10s, found '9223372036854775807ns'");
    }

    @Test
    void aCostBeyondOneSecondIsRefused() throws Exception {
        String y = seed().replace("seed: 1\n", "seed: 1\ncosts: {syscall: 9223372036854775807ns}\n");
        assertThat(refused(y)).singleElement().asString().isEqualTo("s.yaml:9:18: expected a duration of at most 1s, found '9223372036854775807ns'");
    }

    @Test
    void timesBeyondAHundredYearsAreRefused() throws Exception {
        String y = seed().replace("start: 1s}", "start: 9223372036854775807ns}");
        assertThat(refused(y)).singleElement().asString().contains("expected a duration of at most 100 years (3153600000s), found '9223372036854775807ns'");
    }

    @Test
    void aFlowWhoseLastPacketLeavesTooLateIsRefused() throws Exception {
        String y = seed().replace("count: 1, size: 56, start: 1s}", "count: 3, size: 56, start: 1s, interval: 3000000000s}");
        assertThat(refused(y)).singleElement().asString()
                .contains("the flow's last packet would be sent at 6000000001000000000 ns (start + (count − 1) × interval);"
                        + " expected at most 100 years (3153600000s) of simulated time");
    }

    @Test
    void theLargestAcceptedTimesRun() throws Exception {
        // The last packet exactly at the limit: it runs and delivers.
        String y = seed().replace("count: 1, size: 56, start: 1s}", "count: 2, size: 56, start: 3153599000s, interval: 1000s}");
        var r = Scenario.fromYaml(y).run();
        assertThat(r.flows().get(0).sent()).isEqualTo(2);
        assertThat(r.flows().get(0).delivered()).isEqualTo(2);
    }

    @Test
    void theSlowestLinkAndTheDearestCostsRun() throws Exception {
        String y = seed().replace("      gateway: 10.168.0.1\n", "      gateway: 10.168.0.1\n      latency: 10s\n      bandwidth: 10000Gbit\n")
                .replace("seed: 1\n", "seed: 1\ncosts: {syscall: 1s, copyPerKiB: 1s, wakeup: 1s, encap: 1s, decap: 1s, forward: 1s}\n");
        var r = Scenario.fromYaml(y).run();
        // It runs to the end without overflowing. ARP across a 10 s link cannot finish within its
        // three 1 s retries, so, as on Linux, the neighbour entry fails and the ping is lost there.
        assertThat(r.flows().get(0).sent()).isEqualTo(1);
        assertThat(r.flows().get(0).drops()).containsOnlyKeys(Drop.parse("neigh-failed at node1/eth0"));
    }

    @Test
    void moreHostsThanRunAreRefusedWithTheLimitNamed() {
        StringBuilder y = new StringBuilder("name: mesh\nnetwork:\n  cidr: 10.0.0.0/8\n  backend: {type: vxlan}\nunderlay:\n"
                + "  segments:\n    - {name: lan, cidr: 172.16.0.0/16, gateway: 172.16.0.1}\nnodes:\n");
        for (int i = 0; i <= ScenarioChecks.MAX_HOSTS; i++) {
            y.append("  - {name: n").append(i).append(", ip: 172.16.").append((i + 2) / 256).append('.').append((i + 2) % 256).append("}\n");
        }
        assertThat(refused(y.toString())).singleElement().asString()
                .isEqualTo("s.yaml:5009:12: node 5001 of 5001: a scenario has at most 5000 nodes (every node holds an entry for"
                        + " every other: memory grows with the square of the count)");
    }

    @Test
    void escapesThatMakeControlOrInvisibleCharactersAreRefusedAndNeverEchoed() throws Exception {
        String esc = seed().replaceFirst("description: >-\n[^\n]*\n", "description: \"\\\\e[2J\\\\e[31mowned\"\n");
        assertThat(refused(esc)).singleElement().asString()
                .isEqualTo("s.yaml:6:14: the value contains the control character U+001B (written as an escape); expected printable text");

        List<String> zw = refused(seed().replace("name: container-1\n", "name: \"container\\u200b-1\"\n"));
        assertThat(zw).anySatisfy(p -> assertThat(p).endsWith("the value contains the invisible character U+200B (written as an escape); expected printable text"));
        // Where a message quotes the value, the character is shown escaped, not raw.
        assertThat(zw).allSatisfy(p -> assertThat(p).doesNotContain("\u200b").doesNotContain("\u001b"));
        assertThat(zw).anySatisfy(p -> assertThat(p).contains("\"container\\u200b-1\""));
    }

    /**
     * The documented maximum count runs to the end in a 1 GiB heap: a separate JVM with
     * {@code -Xmx1g} runs a 1,000,000-packet ping through the command line (its output to a file),
     * and every echo is answered. Memory must not grow with the packets for this to hold.
     */
    @Test
    void theDocumentedMaximumPingCountRunsInOneGibibyte(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("ping-max.yaml");
        Files.writeString(file, seed().replace("count: 1, size: 56, start: 1s}", "count: 1000000, size: 56, start: 1s, interval: 1ms}"));
        Path out = tmp.resolve("out.txt");
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(javaBin.toString(), "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                "dev.overlaysim.scenarios.cli.Main", "run", file.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)).as("finished").isTrue();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).noneMatch(l -> l.contains("OutOfMemoryError") || l.contains("\tat "));
        assertThat(p.exitValue()).as(String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()))).isZero();
        assertThat(lines).contains("  packets: 1000000 sent, 1000000 delivered, 0 dropped");
        // ping's sequence numbers are 16 bits: the last of 1,000,000 is 1000000 mod 65536.
        assertThat(lines).anyMatch(l -> l.contains("icmp_seq=16960 "));
    }
}
