package dev.overlaysim.scenarios.cli;

import dev.overlaysim.linux.Tracer;
import dev.overlaysim.protocols.pcap.PcapWriter;
import dev.overlaysim.scenarios.report.PcapExport;
import dev.overlaysim.scenarios.run.RunOptions;
import dev.overlaysim.scenarios.run.Scenario;
import dev.overlaysim.scenarios.run.ScenarioResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

class PcapExportTest {

    @Test
    void onePcapPerInterfaceWithTheExpectedNames(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("pcaps");

        Cli r = Cli.run("run", "--trace", "summary", "--pcap", out.toString(), "examples/seed-vxlan.yaml");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(names(out)).contains("node1-eth0.pcap", "node1-docker0.pcap", "node1-flannel.1.pcap",
                "node2-eth0.pcap", "node2-flannel.1.pcap", "container-1-eth0.pcap", "container-2-eth0.pcap");
        assertThat(r.out()).contains("pcap files written to " + out);
    }

    @Test
    void theUdpBackendsTunIsRawIp(@TempDir Path dir) throws IOException {
        Cli r = Cli.run("run", "--trace", "summary", "--pcap", dir.toString(), "examples/seed-udp.yaml");

        assertThat(r.exit()).isZero();
        byte[] pcap = Files.readAllBytes(dir.resolve("node1-flannel0.pcap"));
        assertThat(pcap[20] & 0xFF).as("LINKTYPE_RAW").isEqualTo(101);
        assertThat(Files.readAllBytes(dir.resolve("node1-eth0.pcap"))[20]).as("LINKTYPE_ETHERNET").isEqualTo((byte) 1);
    }

    @Test
    void theSameFileAndSeedGiveByteIdenticalPcaps(@TempDir Path dir) throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");

        assertThat(Cli.run("run", "--trace", "summary", "--pcap", a.toString(), "examples/seed-vxlan.yaml").exit()).isZero();
        assertThat(Cli.run("run", "--trace", "summary", "--pcap", b.toString(), "examples/seed-vxlan.yaml").exit()).isZero();

        assertThat(names(a)).isNotEmpty().isEqualTo(names(b));
        for (String n : names(a)) {
            assertThat(Files.readAllBytes(b.resolve(n))).as(n).isEqualTo(Files.readAllBytes(a.resolve(n)));
        }
    }

    /**
     * {@code --pcap} writes while the run goes (nothing kept); its files must hold exactly the frames
     * a run that keeps them holds, in the same order, with the same names: fragments (mtu-trouble),
     * the UDP backend's raw-IP TUN (seed-udp) and devices that appear mid-run (node-join).
     */
    @ParameterizedTest
    @ValueSource(strings = {"examples/seed-udp.yaml", "examples/mtu-trouble.yaml", "examples/node-join.yaml", "examples/across-router.yaml"})
    void streamedPcapsHoldTheFramesOfAKeptCapture(String example, @TempDir Path dir) throws IOException {
        Cli r = Cli.run("run", "--trace", "summary", "--pcap", dir.toString(), example);
        assertThat(r.exit()).as(r.toString()).isZero();

        ScenarioResult kept = Scenario.load(Path.of(example)).run(RunOptions.DEFAULT.withCapture(true));
        List<String> keptNames = new ArrayList<>();
        for (Tracer.Capture c : kept.captures()) {
            keptNames.add(PcapExport.fileName(c));
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            try (PcapWriter w = new PcapWriter(expected, c.linkType())) {
                for (Tracer.Frame f : c.frames()) w.write(f.time(), f.bytes(), 0, f.bytes().length);
            }
            assertThat(Files.readAllBytes(dir.resolve(PcapExport.fileName(c)))).as(c.name()).isEqualTo(expected.toByteArray());
        }
        assertThat(keptNames).hasSizeGreaterThan(5);
        // The note lists the files in the order their devices first saw a frame, as the captures are.
        assertThat(r.out()).contains(keptNames.size() + " pcap files written to " + dir + ": " + String.join(", ", keptNames));
    }

    @Test
    void aStreamedRunKeepsNoFramesAndSaysSo() {
        long[] frames = {0};
        ScenarioResult r = Scenario.load(Path.of("examples/seed-vxlan.yaml"))
                .run(RunOptions.DEFAULT.withCaptureTo((capture, time, frame) -> frames[0]++));
        assertThat(frames[0]).isEqualTo(Scenario.load(Path.of("examples/seed-vxlan.yaml")).run(RunOptions.DEFAULT.withCapture(true))
                .captures().stream().mapToLong(c -> c.frames().size()).sum()).isPositive();
        assertThatThrownBy(r::captures).isInstanceOf(IllegalStateException.class).hasMessageContaining("streamed its frames");
    }

    /**
     * A flow whose frames add up to several times the heap runs with {@code --pcap}: the files are
     * written as the frames are seen, so the run fits in a heap far smaller than what it writes.
     */
    @Test
    void aFlowLargerThanTheHeapIsWrittenWhileItRuns(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("flood.yaml");
        Files.writeString(file, String.join("\n",
                "name: flood", "network: {cidr: 10.1.0.0/16, subnetLen: 24, backend: {type: host-gw}}",
                "underlay: {segments: [{name: lan, cidr: 10.168.0.0/16}]}",
                "nodes:",
                "  - {name: node1, ip: 10.168.0.2, containers: [{name: container-1, ip: 10.1.15.2}], subnet: 10.1.15.0/24}",
                "  - {name: node2, ip: 10.168.0.3, containers: [{name: container-2, ip: 10.1.16.2}], subnet: 10.1.16.0/24}",
                "traffic:",
                "  - udp: {name: flood, from: container-1, to: container-2, port: 5201, size: 1000, count: 40000, interval: 20us, start: 1s}",
                ""));
        Path pcaps = tmp.resolve("pcaps");
        int heapMb = 48;
        Cli r = Cli.fork(heapMb, tmp, "run", "--trace", "summary", "--pcap", pcaps.toString(), file.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        String text = r.out();
        assertThat(text).contains("packets: 40000 sent, 40000 delivered").contains("8 pcap files written to " + pcaps);
        long written = 0;
        for (String n : names(pcaps)) written += Files.size(pcaps.resolve(n));
        assertThat(written).as("bytes written, against a heap of " + heapMb + " MiB").isGreaterThan(4L * heapMb << 20);
    }

    @Test
    void tsharkReadsNode1Eth0AsVxlanEncapsulatedIcmpWithGoodChecksums(@TempDir Path dir) throws Exception {
        boolean onCi = "true".equals(System.getenv("CI"));
        boolean haveTshark = onPath("tshark");
        if (onCi) assertThat(haveTshark).as("tshark must be installed on CI (.ci/run installs it)").isTrue();
        assumeThat(haveTshark).as("tshark on PATH").isTrue();
        assertThat(Cli.run("run", "--trace", "summary", "--pcap", dir.toString(), "examples/seed-vxlan.yaml").exit()).isZero();
        Path pcap = dir.resolve("node1-eth0.pcap");

        String fields = tshark(pcap, "-d", "udp.port==8472,vxlan", "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
                "-T", "fields", "-e", "frame.protocols", "-e", "vxlan.vni", "-e", "icmp.type");
        assertThat(fields.lines().filter(l -> l.contains("vxlan")).toList())
                .as(fields).hasSize(2)
                .allSatisfy(l -> assertThat(l).contains("eth:ethertype:ip:udp:vxlan:eth:ethertype:ip:icmp"))
                .anySatisfy(l -> assertThat(l).endsWith("\t1\t8"))
                .anySatisfy(l -> assertThat(l).endsWith("\t1\t0"));

        String expert = tshark(pcap, "-d", "udp.port==8472,vxlan", "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
                "-z", "expert,note", "-q");
        assertThat(expert).doesNotContainIgnoringCase("bad checksum").doesNotContainIgnoringCase("malformed")
                .doesNotContain("Warns").doesNotContain("Errors");
    }

    private static String tshark(Path pcap, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, program))) return true;
        }
        return false;
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
