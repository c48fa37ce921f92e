package dev.overlaysim.scenarios.examples;

import dev.overlaysim.trace.Drop;
import static dev.overlaysim.scenarios.assertions.ScenarioAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.overlaysim.scenarios.report.JsonReport;
import dev.overlaysim.scenarios.report.SweepChart;
import dev.overlaysim.scenarios.run.HostLoad;
import dev.overlaysim.scenarios.run.RunOptions;
import dev.overlaysim.scenarios.run.Scenario;
import dev.overlaysim.scenarios.run.ScenarioResult;
import dev.overlaysim.scenarios.run.Sweep;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code load-three-backends.yaml}: the seed's claim under load. The primary run (udp at 200k
 * datagrams/s) is past what flanneld carries; the load curve runs each backend at each offered rate.
 */
class LoadThreeBackendsExampleTest {
    static Scenario scenario;
    static ScenarioResult primary;
    static Sweep sweep;

    @BeforeAll
    static void run() {
        scenario = Scenario.load(Examples.DIRECTORY.resolve("load-three-backends.yaml"));
        primary = scenario.run();
        sweep = scenario.runSweep(RunOptions.DEFAULT);
    }

    @Test
    void thePrimaryRunsExpectationsHold() {
        assertThat(primary).allExpectationsHold();
        assertThat(primary).flow("flood").copiesOnSend(3).copiesOnReceive(3);
    }

    @Test
    void flanneldFallsBehindAndTheTunQueueDropsWhatItCannotHoldCountedAsLinuxCountsIt() {
        long tunDrops = primary.flow("flood").drops().getOrDefault(Drop.parse("tun-queue-full at node1/flannel0"), 0L);
        assertThat(tunDrops).isPositive();
        var flannel0 = primary.world().namespace("node1").device("flannel0");
        assertThat(flannel0.stats().txDropped()).as("flannel0 tx_dropped").isEqualTo(tunDrops);
        assertThat(flannel0.stats().txQueueMax()).as("txqueuelen 500 is the most that waits").isEqualTo(500);
        // tun_put_user() counts tx_packets when flanneld reads: what it read, not what was offered.
        long sent = primary.flow("flood").sent();
        assertThat(flannel0.stats().txPackets()).isEqualTo(sent - tunDrops);
        assertThat(primary.show("node1", "ip -s link show flannel0").stdout())
                .as("ip -s link's TX line: bytes packets errors dropped")
                .containsPattern("TX: .*\n +\\d+ +" + (sent - tunDrops) + " +0 +" + tunDrops + " ");
    }

    @Test
    void procFilesCountWhatTheCpusDid() {
        HostLoad node2 = primary.hosts().stream().filter(h -> h.host().equals("node2")).findFirst().orElseThrow();
        List<String> softnet = primary.show("node2", "cat /proc/net/softnet_stat").stdout().lines().toList();
        assertThat(softnet).hasSize(2).allMatch(l -> l.matches("([0-9a-f]{8} ){14}[0-9a-f]{8}"));
        long processed = 0;
        for (String line : softnet) processed += Long.parseLong(line.substring(0, 8), 16);
        assertThat(processed).as("frames NAPI processed: every frame node2's eth0 received").isPositive()
                .isEqualTo(primary.world().namespace("node2").device("eth0").stats().rxPackets());
        assertThat(softnet.get(1).split(" ")[12]).as("13th column: the CPU's index").isEqualTo("00000001");
        assertThat(primary.show("node2", "cat /proc/stat").stdout()).startsWith("cpu  ").contains("\ncpu0 ", "\ncpu1 ");
        assertThat(node2.softirqNanos()).isPositive();
    }

    @Test
    void theCurveSaturatesUdpFarBelowTheKernelBackends() {
        double udp = maxDelivered("udp");
        double vxlan = maxDelivered("vxlan");
        double hostGw = maxDelivered("host-gw");
        assertThat(udp).as("udp's ceiling").isBetween(50_000.0, 150_000.0);
        assertThat(vxlan).as("vxlan carries over 2x udp").isGreaterThan(2 * udp);
        assertThat(hostGw).as("host-gw carries more than vxlan").isGreaterThan(vxlan);
        // Below saturation every backend delivers what is offered.
        for (String b : List.of("udp", "vxlan", "host-gw")) {
            Sweep.Point low = point(b, 0);
            assertThat(low.deliveredPps()).as("%s at %s", b, sweep.rates().get(0).text()).isCloseTo(low.offeredPps(), within(low.offeredPps() * 0.01));
            assertThat(low.lossPercent()).isZero();
        }
    }

    @Test
    void udpLosesAtTheQueuesLinuxDropsAtAndItsLatencyRisesAsTheyFill() {
        List<ScenarioResult> udp = sweep.byBackend().get("udp");
        ScenarioResult top = udp.get(udp.size() - 1);
        assertThat(top.flow("flood").drops()).containsKey(Drop.parse("tun-queue-full at node1/flannel0"));
        // flanneld on node2 cannot keep up either: its UDP socket's receive buffer overflows.
        ScenarioResult mid = udp.get(sweep.rates().indexOf(sweep.rates().stream().filter(r -> r.text().equals("100kpps")).findFirst().orElseThrow()));
        long rcvbuf = mid.flow("flood").drops().getOrDefault(Drop.parse("socket-queue-full at node2"), 0L);
        assertThat(rcvbuf).isPositive();
        assertThat(mid.show("node2", "nstat -az").stdout())
                .containsPattern("UdpInErrors +" + rcvbuf + " ")
                .containsPattern("UdpRcvbufErrors +" + rcvbuf + " ");
        var socket = mid.world().namespace("node2").stack().udpSocket(8285);
        assertThat(socket.rmemAllocMax()).as("refused only once more than rmem_default (212992) is queued")
                .isGreaterThan(212_992).isLessThanOrEqualTo(212_992 + 2304);
        // p99 latency grows with the offered rate until the queues are full.
        long p99Low = point("udp", 0).p99Nanos();
        long p99High = point("udp", udp.size() - 1).p99Nanos();
        assertThat(p99High).isGreaterThan(50 * p99Low);
        for (int i = 1; i < udp.size(); i++) {
            // Once the queues are full it stays on its plateau (within HdrHistogram's 0.1 %).
            assertThat((double) point("udp", i).p99Nanos()).as("p99 at %s", sweep.rates().get(i).text())
                    .isGreaterThanOrEqualTo(point("udp", i - 1).p99Nanos() * 0.999);
        }
    }

    @Test
    void flanneldsContextSwitchesPerPacketFallAsTheRateRises() {
        double first = point("udp", 0).flanneldSwitchesPerPacket();
        assertThat(first).as("one packet at a time: flanneld sleeps after each, on both nodes").isGreaterThanOrEqualTo(1.9);
        for (int i = 1; i < sweep.rates().size(); i++) {
            // Falls until flanneld never sleeps (a handful of switches over ten thousand packets).
            double before = point("udp", i - 1).flanneldSwitchesPerPacket();
            assertThat(point("udp", i).flanneldSwitchesPerPacket()).as("at %s", sweep.rates().get(i).text())
                    .isLessThanOrEqualTo(Math.max(before, 0.001));
        }
        assertThat(point("udp", sweep.rates().size() - 1).flanneldSwitchesPerPacket()).isLessThan(0.2);
        assertThat(point("vxlan", 0).flanneldSwitchesPerPacket()).as("vxlan's flanneld is off the data path").isZero();
    }

    @Test
    void udpCostsTheMostCpuPerPacketThenVxlanThenHostGw() {
        for (int i = 0; i < sweep.rates().size(); i++) {
            assertThat(point("udp", i).cpuNanosPerPacket()).isGreaterThan(2 * point("vxlan", i).cpuNanosPerPacket());
            assertThat(point("vxlan", i).cpuNanosPerPacket()).isGreaterThan(point("host-gw", i).cpuNanosPerPacket());
        }
        HostLoad node1 = primary.hosts().stream().filter(h -> h.host().equals("node1")).findFirst().orElseThrow();
        HostLoad.ProcessLoad flanneld = node1.processes().stream().filter(p -> p.name().equals("flanneld")).findFirst().orElseThrow();
        assertThat(node1.busyPercent()).isBetween(50.0, 100.0);
        assertThat(flanneld.userNanos() + flanneld.systemNanos()).as("flanneld is one thread: at most one CPU over the window")
                .isLessThanOrEqualTo(node1.windowNanos());
    }

    @Test
    void theSameFileGivesTheSameReportAndChartParallelOrNot() {
        String json = JsonReport.render(primary, java.util.Map.of(), sweep);
        Sweep again = Scenario.load(Examples.DIRECTORY.resolve("load-three-backends.yaml")).runSweep(RunOptions.DEFAULT);
        ScenarioResult primaryAgain = Scenario.load(Examples.DIRECTORY.resolve("load-three-backends.yaml")).run();
        assertThat(JsonReport.render(primaryAgain, java.util.Map.of(), again)).isEqualTo(json);
        assertThat(SweepChart.svg(again, "t")).isEqualTo(SweepChart.svg(sweep, "t"));
        // The sweep runs its points on several threads; each point equals the same run made alone.
        ScenarioResult alone = Scenario.of(Scenario.withRate(Scenario.withBackend(scenario.spec(), "udp"), "flood",
                sweep.rates().get(3))).run();
        assertThat(alone.flow("flood")).isEqualTo(sweep.byBackend().get("udp").get(3).flow("flood"));
    }

    private static double maxDelivered(String backend) {
        double max = 0;
        for (int i = 0; i < sweep.rates().size(); i++) max = Math.max(max, point(backend, i).deliveredPps());
        return max;
    }

    private static Sweep.Point point(String backend, int i) {
        return sweep.point(i, sweep.byBackend().get(backend).get(i));
    }
}
