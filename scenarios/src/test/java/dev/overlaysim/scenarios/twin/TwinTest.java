package dev.overlaysim.scenarios.twin;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The kernel twin on the shipped examples, for real: namespaces, iproute2, ping, tcpdump. Needs
 * root and the tools; without them the tests are aborted with what is missing — except in CI
 * ({@code CI=true}), where a missing tool is a failure, since CI runs as root and installs them.
 */
@Isolated("builds network namespaces and measures timing; nothing else should run meanwhile")
class TwinTest {
    private static final Path EXAMPLES = Path.of("examples");

    private static LabCheck lab;

    @BeforeAll
    static void machineCanRunATwin() {
        lab = new LabCheck("kernel twin tests", Prerequisites.missing(true));
    }

    @BeforeEach
    void labReady() { lab.assumeReady(); }

    private static TwinReport twin(String example) {
        StringWriter progress = new StringWriter();
        TwinReport r = Twin.run(EXAMPLES.resolve(example + ".yaml"),
                new Twin.Options(Optional.empty(), false, OptionalLong.empty(), 200, new PrintWriter(progress)));
        System.out.println(r.text());
        return r;
    }

    private static void assertAllEqual(TwinReport r) {
        assertThat(TwinReport.differencesOf(r)).as(r.text()).isEmpty();
        assertThat(r.interfaces()).as(r.text()).allSatisfy(i -> {
            assertThat(i.equal()).isTrue();
            assertThat(i.kernelFrames()).as(i.iface() + " carried frames on the kernel").isPositive();
        });
        assertThat(r.tables()).as(r.text()).allSatisfy(t -> assertThat(t.equal()).as(t.namespace() + ": " + t.command()).isTrue());
        assertThat(r.equal()).isTrue();
        assertThat(r.timing().kernelMeanNanos()).isPositive();
        assertThat(NetnsTestbed.ourNamespaces(new Shell()).keySet()).as("namespaces left behind").noneMatch(n -> n.startsWith(NetnsTestbed.prefixForThisProcess()));
    }

    @Test
    void seedVxlanIsByteForByteTheKernel() { assertAllEqual(twin("seed-vxlan")); }

    @Test
    void seedUdpIsByteForByteTheKernel() { assertAllEqual(twin("seed-udp")); }

    @Test
    void hostGwIsByteForByteTheKernel() { assertAllEqual(twin("host-gw")); }

    /** Frag needed from node1, the path MTU the container learns, its own fragments: all as the kernel does them. */
    @Test
    void dockerWithoutMtuLearnsThePathMtuAsTheKernelDoes() { assertAllEqual(twin("docker-mtu")); }

    /**
     * TCP both ways between a container at MTU 1500 and one at 1450 over VXLAN: every segment of
     * both connections (SYN with its options, SYN-ACK, the three 1398-byte segments, the ACKs and
     * their windows, FIN) equals the kernel's on every interface, ISNs, timestamps and IP IDs
     * masked; and so does the ARP, which TCP's ACKs keep confirmed along the path.
     */
    @Test
    void tcpBothWaysAcrossTheOverlayIsTheKernelsSegmentForSegment() { assertAllEqual(twin("tcp-mss")); }

    /**
     * blockIcmp on node1 at 0 s, built into the lab as policy routing: the kernel's node1 sends no
     * frag-needed either, so container-1 learns nothing and every big datagram is lost, frame for
     * frame as in the model. Interfaces on the far side of the drops carry only the small flow, so
     * each is checked to be equal, not to carry frames; the round trip is not measured (ping -f
     * would hear nothing through node1).
     */
    @Test
    void anIcmpBlackHoleIsTheKernelsToo() {
        TwinReport r = twin("icmp-black-hole");
        assertThat(TwinReport.differencesOf(r)).as(r.text()).isEmpty();
        assertThat(r.interfaces()).as(r.text()).allSatisfy(i -> assertThat(i.equal()).as(i.iface()).isTrue());
        assertThat(r.interfaces()).as(r.text()).filteredOn(i -> i.iface().equals("container-1-eth0"))
                .singleElement().satisfies(i -> assertThat(i.kernelFrames()).as("ARP, 3 small and 3 big datagrams, 1 echo request")
                        .isGreaterThanOrEqualTo(7));
        assertThat(r.tables()).as(r.text()).allSatisfy(t -> assertThat(t.equal()).as(t.namespace() + ": " + t.command()).isTrue());
        assertThat(r.equal()).isTrue();
        assertThat(r.timing()).isNull();
        assertThat(r.timingSkipped()).contains("ICMP is blocked on node1 (blockIcmp), so ping -f would hear no replies");
        assertThat(NetnsTestbed.ourNamespaces(new Shell()).keySet()).as("namespaces left behind").noneMatch(n -> n.startsWith(NetnsTestbed.prefixForThisProcess()));
    }

    /**
     * A TUN's capture (flannel0 of the UDP backend) keeps every frame while its tcpdump gets no
     * CPU: tcpdump with the twin's options is stopped (SIGSTOP) while 40 echo requests are sent
     * into a TUN, then continued; all 40 are in its pcap and it reports none dropped by kernel.
     * With the twin's former {@code -s 0} libpcap's ring had 8 slots on a TUN and kept 8: on a
     * busy machine node1-flannel0 of tcp-mss over the UDP backend lost a frame that way.
     */
    @Test
    void aTunCaptureLosesNothingWhileTcpdumpWaitsForACpu(@TempDir Path dir) throws Exception {
        Shell sh = new Shell();
        String ns = NetnsTestbed.prefixForThisProcess() + "ring";
        Path helper = Twin.compileHelper(sh, dir);
        List<Process> started = new ArrayList<>();
        try {
            sh.run("ip", "netns", "add", ns);
            for (String s : NetnsTestbed.SYSCTLS.keySet()) sh.run("ip", "netns", "exec", ns, "sysctl", "-q", "-w", s);
            sh.run("ip", "-n", ns, "link", "set", "lo", "up");
            sh.run("ip", "-n", ns, "tuntap", "add", "dev", "flannel0", "mode", "tun");
            sh.run("ip", "-n", ns, "addr", "add", "10.9.0.1/24", "dev", "flannel0");
            sh.run("ip", "-n", ns, "link", "set", "flannel0", "up");
            // The forwarder holds the TUN open (without a reader it has no carrier); it drops echo requests it has no lease for.
            Path fwdLog = dir.resolve("forward.log");
            Process fwd = new ProcessBuilder("ip", "netns", "exec", ns, helper.toString(), "forward", "flannel0", "127.0.0.1", "8285", "10.9.0.1")
                    .redirectErrorStream(true).redirectOutput(fwdLog.toFile()).start();
            started.add(fwd);
            NetnsTestbed.awaitLine(fwd, fwdLog, "ready", "the forwarder");
            dev.overlaysim.linux.device.TunDevice tun = new dev.overlaysim.linux.device.TunDevice(
                    new dev.overlaysim.linux.World(1).addHost("n").root(), "flannel0", 1500); // ip tuntap's MTU
            Path pcap = dir.resolve("flannel0.pcap");
            Path log = dir.resolve("tcpdump.log");
            Process dump = new ProcessBuilder(Twin.tcpdumpCommand(ns, tun, 1500, 40, pcap)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            started.add(dump);
            NetnsTestbed.awaitLine(dump, log, "listening on", "tcpdump");
            sh.run("kill", "-STOP", Long.toString(dump.pid()));
            try {
                sh.tryRun("ip", "netns", "exec", ns, "ping", "-q", "-n", "-c", "40", "-i", "0.001", "-W", "0.01", "10.9.0.2");
            } finally {
                sh.run("kill", "-CONT", Long.toString(dump.pid()));
            }
            Thread.sleep(300);
            NetnsTestbed.end(dump);
            String stats = NetnsTestbed.read(log);
            assertThat(Twin.droppedByKernel(stats)).as(stats).isZero();
            long requests = dev.overlaysim.protocols.pcap.PcapReader.read(pcap).records().stream()
                    .filter(r -> r.bytes().length >= 28 && r.bytes()[9] == 1 && r.bytes()[20] == 8).count();
            assertThat(requests).as(stats).isEqualTo(40);
        } finally {
            for (Process p : started) NetnsTestbed.end(p);
            NetnsTestbed.deleteNetns(sh, ns);
        }
    }

    /** A twin in a child JVM, started and waited for until its namespaces exist. */
    private static Process startChildTwinAndAwaitNamespaces() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), TwinCommand.class.getName(),
                EXAMPLES.resolve("host-gw.yaml").toString(), "--flood-count", "0")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String prefix = NetnsTestbed.PREFIX + p.pid() + "-";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            // wait until the lab is well under way: the containers' namespaces exist too
            if (NetnsTestbed.ourNamespaces(new Shell()).keySet().stream().filter(n -> n.startsWith(prefix)).count() >= 4) return p;
            if (!p.isAlive()) fail("the child twin exited (" + p.exitValue() + ") before it made its namespaces");
            Thread.sleep(20);
        }
        p.destroyForcibly();
        fail("the child twin made no namespaces in 60 s");
        return p;
    }

    private static long left(Process p) {
        String prefix = NetnsTestbed.PREFIX + p.pid() + "-";
        return NetnsTestbed.ourNamespaces(new Shell()).keySet().stream().filter(n -> n.startsWith(prefix)).count();
    }

    @Test
    void aTwinKilledWithSigkillIsSweptByTheNextRun() throws Exception {
        Process p = startChildTwinAndAwaitNamespaces();
        p.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(left(p)).as("a SIGKILLed twin cannot clean up after itself").isPositive();
        List<String> swept = NetnsTestbed.sweepStale(new Shell());
        assertThat(swept).isNotEmpty();
        assertThat(left(p)).as("namespaces left after the sweep").isZero();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<String> stray;
        do {
            stray = ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                    .map(h -> h.info().commandLine().orElse(""))
                    .filter(c -> c.contains("osim-twin-") && c.contains("tcpdump"))
                    .toList();
            if (!stray.isEmpty()) Thread.sleep(50);
        } while (!stray.isEmpty() && System.nanoTime() < deadline);
        assertThat(stray).as("tcpdump processes of the killed twin").isEmpty();
    }

    @Test
    void aTwinStoppedWithSigtermCleansUpItself() throws Exception {
        Process p = startChildTwinAndAwaitNamespaces();
        p.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the JVM runs its shutdown hooks
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(left(p)).as("namespaces left after SIGTERM").isZero();
    }
}
