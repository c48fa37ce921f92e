package dev.overlaysim.scenarios.cli;

import dev.overlaysim.scenarios.load.ScenarioException;
import dev.overlaysim.scenarios.load.ScenarioLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Where {@code run} writes, and what it refuses to write over (the hostile-input rows about outputs). */
class RunOutputsTest {

    private static Path scenario(Path dir) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.copy(Path.of("examples", "seed-vxlan.yaml"), f);
        return f;
    }

    @Test
    void anEndlessStreamIsRefusedAfterOneMebibyte() {
        // /dev/zero has size 0 to Files.size; reading it whole would never end.
        ScenarioException e = catchThrowableOfType(() -> ScenarioLoader.load(Path.of("/dev/zero")), ScenarioException.class);
        assertThat(e.problems()).singleElement().hasToString("/dev/zero:1:1: the file is more than 1048576 bytes; the limit is 1048576 bytes (1 MiB)");
    }

    @Test
    void emptyOutputNamesAreRefused(@TempDir Path tmp) throws Exception {
        Path f = scenario(tmp);
        Cli pcap = Cli.run("run", f.toString(), "--pcap", "");
        assertThat(pcap.exit()).isEqualTo(2);
        assertThat(pcap.err()).contains("--pcap: expected a directory name, found an empty string");
        Cli json = Cli.run("run", f.toString(), "--json", "");
        assertThat(json.exit()).isEqualTo(2);
        assertThat(json.err()).contains("--json: expected a file name or '-', found an empty string");
    }

    @Test
    void theJsonNeverReplacesTheScenario(@TempDir Path tmp) throws Exception {
        Path f = scenario(tmp);
        String before = Files.readString(f);
        Cli r = Cli.run("run", f.toString(), "--json", tmp.resolve(".").resolve("s.yaml").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("is the scenario file itself");
        assertThat(Files.readString(f)).isEqualTo(before);
    }

    @Test
    void aRefusedFileCreatesNoOutputDirectory(@TempDir Path tmp) throws Exception {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "name: bad\nnodes: 3\n");
        Cli r = Cli.run("run", bad.toString(), "--pcap", tmp.resolve("new").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(tmp.resolve("new")).doesNotExist();
    }

    @Test
    void aFailedWriteOfTheJsonIsNotSuccess(@TempDir Path tmp) throws Exception {
        Path f = scenario(tmp);
        // stdout that refuses every write, as a closed pipe or a full disk does
        PrintWriter broken = new PrintWriter(new Writer() {
            @Override public void write(char[] c, int o, int l) throws java.io.IOException { throw new java.io.IOException("EPIPE"); }
            @Override public void flush() { }
            @Override public void close() { }
        });
        picocli.CommandLine cl = new picocli.CommandLine(new Overlaysim());
        cl.setOut(broken);
        java.io.StringWriter err = new java.io.StringWriter();
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute("run", f.toString(), "--json", "-")).isEqualTo(2);
        assertThat(err.toString()).contains("cannot write the JSON result to stdout");
        if (Files.isWritable(Path.of("/dev/full"))) {
            Cli full = Cli.run("run", f.toString(), "--json", "/dev/full");
            assertThat(full.exit()).isEqualTo(2);
            assertThat(full.err()).contains("overlaysim: cannot write /dev/full: No space left on device\n");
        }
        // The reason as strerror(3) words it, once, after the path: not Java's class name or the path again.
        Cli notDir = Cli.run("run", f.toString(), "--pcap", f.resolve("sub").toString());
        assertThat(notDir.exit()).isEqualTo(2);
        assertThat(notDir.err()).isEqualTo("overlaysim: cannot create the pcap directory " + f.resolve("sub") + ": Not a directory\n");
    }

    @Test
    void aMillionDatagramsRunInSixteenMebibytesOfHeap(@TempDir Path tmp) throws Exception {
        // Memory must not grow with the packets: a flow of 1 M datagrams (about 1.4 GB of payload)
        // through the whole `overlaysim run` path in a 16 MiB heap; even 16 bytes kept per packet
        // would not fit. (The 10 M case and its peak heap: bench RunnerFlood, docs/cli.md.)
        Path file = tmp.resolve("flood.yaml");
        Files.writeString(file, String.join("\n",
                "name: flood", "network: {cidr: 10.1.0.0/16, subnetLen: 24, backend: {type: host-gw}}",
                "underlay: {segments: [{name: lan, cidr: 10.168.0.0/16, latency: 10us, bandwidth: 10Gbit}]}",
                "nodes:",
                "  - {name: node1, ip: 10.168.0.2, containers: [{name: container-1, ip: 10.1.15.2}], subnet: 10.1.15.0/24}",
                "  - {name: node2, ip: 10.168.0.3, containers: [{name: container-2, ip: 10.1.16.2}], subnet: 10.1.16.0/24}",
                "traffic:",
                "  - udp: {name: flood, from: container-1, to: container-2, port: 5201, size: 1400, rate: 50kpps, duration: 20s, start: 1s}",
                "expect:", "  - delivered: {flow: flood}", ""));
        Cli r = Cli.fork(16, tmp, "run", "--trace", "summary", file.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("packets: 999958 sent, 999958 delivered, 0 dropped");
    }

    @Test
    void aRunLargerThanTheHeapSaysSoWithExitFourAndNoStackTrace(@TempDir Path tmp) throws Exception {
        // 2000 nodes of a VXLAN mesh: each holds a route, a neighbour and an FDB entry for every
        // other, about 4 M table entries, far more than 32 MiB of heap.
        StringBuilder y = new StringBuilder(String.join("\n", "name: mesh", "network: {cidr: 10.0.0.0/8, subnetLen: 24, backend: {type: vxlan}}",
                "underlay: {segments: [{name: lan, cidr: 172.16.0.0/12}]}", "nodes:", ""));
        for (int i = 0; i < 2000; i++) {
            y.append("  - {name: n").append(i).append(", ip: 172.16.").append(i / 250).append('.').append(i % 250 + 2)
                    .append(", containers: [{name: c").append(i).append("}]}\n");
        }
        y.append("traffic:\n  - ping: {from: c0, to: c1}\n");
        Path file = tmp.resolve("mesh.yaml");
        Files.writeString(file, y);
        Cli r = Cli.fork(32, tmp, "run", file.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.OUT_OF_MEMORY);
        assertThat(r.err()).startsWith("overlaysim: out of memory: this run needs more than the Java heap's limit of ")
                .contains("JAVA_OPTS=-Xmx8g ./overlaysim").doesNotContain("\tat ").doesNotContain("Exception in thread");
    }
}
