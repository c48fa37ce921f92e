package dev.overlaysim.scenarios.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
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
