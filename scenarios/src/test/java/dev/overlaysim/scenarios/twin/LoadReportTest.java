package dev.overlaysim.scenarios.twin;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The twin under load's table: ratios simulated ÷ real, and the saturation and order lines. */
class LoadReportTest {
    private static LoadReport.Side side(double offered, double delivered, double mbits, double loss) {
        return new LoadReport.Side(offered, delivered, mbits, loss);
    }

    private static LoadReport.Backend backend(String type, double simMax, double realMax) {
        return new LoadReport.Backend(type, List.of(
                new LoadReport.Point("20kpps", false, side(20_000, 20_000, 224, 0), side(20_000, 19_900, 222.9, 0.5), List.of()),
                new LoadReport.Point("max", true, side(400_000, simMax, simMax * 1400 * 8 / 1e6, 10), side(100_000, realMax, realMax * 1400 * 8 / 1e6, 20),
                        List.of())));
    }

    @Test
    void ratiosAreSimulatedOverRealAndDashWhenRealIsZero() {
        assertThat(LoadReport.ratio(65.9, 29.6)).isEqualTo(65.9 / 29.6);
        assertThat(LoadReport.ratioText(65.9, 29.6)).isEqualTo("2.23");
        assertThat(LoadReport.ratioText(0, 0)).isEqualTo("-");
        assertThat(LoadReport.ratioText(1, 0)).isEqualTo("-");
    }

    @Test
    void aBackendPrintsOneRowPerRateAndTheProxyPerNode() {
        LoadReport.Proxy p = new LoadReport.Proxy("node1", 40_000, 0.5, 0.25, 8.9, 40_100, 1.0, 0.125, 12.5);
        LoadReport r = new LoadReport(2, 2, "iperf 3.12", "the scenario's (the model's defaults)", List.of(new LoadReport.Flow("flood",
                "container-1", "container-2", 1400, List.of(new LoadReport.Backend("udp", List.of(
                        new LoadReport.Point("20kpps", false, side(20_000, 19_500, 218.4, 2.5), side(20_000, 19_000, 212.8, 5), List.of(p))))))));

        assertThat(r.text()).isEqualTo("""
                under load: iperf 3.12, 2 s per offered rate; the simulator runs the same flow at the same rate for the same duration
                  placement: every node is network namespaces on this one 2-CPU machine, in the lab and in the simulation (machine: {cpus: 2})
                  costs: the scenario's (the model's defaults)

                flow flood: container-1 -> container-2, 1400-byte UDP datagrams (iperf3 -u -l 1400 -b RATE -t 2)

                  udp            offered kpps              delivered kpps            delivered Mbit/s                    loss %
                  rate           sim     real       sim     real sim/real       sim     real sim/real      sim    real sim/real
                  20kpps        20.0     20.0      19.5     19.0     1.03     218.4    212.8     1.03      2.5     5.0     0.50
                  proxy: flanneld (sim) / osim-helper forward (real), per packet it carried either way
                                              packets      context switches/packet      non-voluntary                CPU us/packet
                  rate      node         sim     real       sim     real sim/real       sim     real       sim     real sim/real
                  20kpps    node1      40000    40100     0.500    1.000     0.50     0.250    0.125      8.90    12.50     0.71
                  switches/packet within ±30% of the kernel's: 0 of 1

                  saturation: not measured (give max among --rates)
                """);
    }

    @Test
    void withSeveralKernelRunsEachProxyRowGivesTheRunsSpreadAndTheTargetIsCountedBothWays() {
        // node1: 0.182 against a median of 0.150 (1.21, met) but above every run; node2: 0.016
        // against 0.455 (missed, and below every run); node2 at max: 0.30 against 0.45 (0.67,
        // missed) but within the runs.
        LoadReport.Proxy n1 = new LoadReport.Proxy("node1", 190_150, 0.182, 0.180, 8.79, 155_637, 0.150, 0.144, 7.63, List.of(0.150, 0.031, 0.160));
        LoadReport.Proxy n2 = new LoadReport.Proxy("node2", 111_982, 0.016, 0.012, 9.40, 58_895, 0.455, 0.052, 11.39, List.of(0.470, 0.455, 0.210));
        LoadReport.Proxy m2 = new LoadReport.Proxy("node2", 57_202, 0.300, 0.002, 15.43, 59_785, 0.450, 0.096, 11.35, List.of(0.280, 0.450, 0.500));
        LoadReport r = new LoadReport(2, 2, "iperf 3.12", "", List.of(new LoadReport.Flow("flood", "container-1", "container-2", 1400,
                List.of(new LoadReport.Backend("udp", List.of(
                        new LoadReport.Point("100kpps", false, side(99_900, 43_700, 489.1, 56.3), side(98_500, 26_400, 295.2, 73.3), List.of(n1, n2)),
                        new LoadReport.Point("max", true, side(197_500, 27_400, 306.9, 86.1), side(160_300, 26_200, 293.1, 83.1), List.of(m2))))))), List.of(), 3);

        assertThat(r.text()).contains("""
                                              packets      context switches/packet      non-voluntary                CPU us/packet   switches, real runs
                  rate      node         sim     real       sim     real sim/real       sim     real       sim     real sim/real   lowest-highest
                  100kpps   node1     190150   155637     0.182    0.150     1.21     0.180    0.144      8.79     7.63     1.15   0.031-0.160
                  100kpps   node2     111982    58895     0.016    0.455     0.04     0.012    0.052      9.40    11.39     0.83   0.210-0.470
                  max       node2      57202    59785     0.300    0.450     0.67     0.002    0.096     15.43    11.35     1.36   0.280-0.500
                  switches/packet within ±30% of the kernel's: 1 of 3; within its runs' lowest-highest: 1 of 3
                """);
    }

    @Test
    void saturationAndOrderCompareTheBackendsAtMax() {
        // The lost attempt's figures, kpps: sim 65.9 / 249.2 / 267.6, real 29.6 / 55.3 / 97.8.
        LoadReport r = new LoadReport(2, 2, "iperf 3.12", "", List.of(new LoadReport.Flow("flood", "container-1", "container-2", 1400,
                List.of(backend("udp", 65_900, 29_600), backend("vxlan", 249_200, 55_300), backend("host-gw", 267_600, 97_800)))));

        assertThat(r.text()).contains("""
                  saturation (delivered at max)        sim     real sim/real
                  udp                                 65.9     29.6     2.23   kpps
                  vxlan                              249.2     55.3     4.51   kpps
                  host-gw                            267.6     97.8     2.74   kpps
                  order by saturation: sim udp < vxlan < host-gw; kernel udp < vxlan < host-gw: the same
                  expected udp < vxlan <= host-gw: sim yes, kernel yes
                """);
    }

    @Test
    void anotherOrderIsSaidToBeDifferent() {
        List<LoadReport.Backend> bs = List.of(backend("udp", 65_900, 29_600), backend("vxlan", 249_200, 99_000), backend("host-gw", 267_600, 97_800));

        assertThat(LoadReport.rank(bs, true)).containsExactly("udp", "vxlan", "host-gw");
        assertThat(LoadReport.rank(bs, false)).containsExactly("udp", "host-gw", "vxlan");
        assertThat(LoadReport.holds(bs, true)).isTrue();
        assertThat(LoadReport.holds(bs, false)).isFalse();
        String text = new LoadReport(1, 2, "iperf 3.12", "", List.of(new LoadReport.Flow("f", "a", "b", 1400, bs))).text();
        assertThat(text).contains("order by saturation: sim udp < vxlan < host-gw; kernel udp < host-gw < vxlan: DIFFERENT\n")
                .contains("expected udp < vxlan <= host-gw: sim yes, kernel no\n");
    }

    @Test
    void aTcpFlowPrintsOneRowPerBackendItsProxiesAndTheOrderByGoodput() {
        LoadReport.Proxy p = new LoadReport.Proxy("node1", 177_009, 0.003, 0.002, 11.31, 140_514, 0.033, 0.020, 9.04);
        LoadReport r = new LoadReport(2, 2, "iperf 3.12", "", List.of(), List.of(new LoadReport.TcpFlow("bulk", "container-1", "container-2",
                "cubic", "-t 2", List.of(
                        new LoadReport.TcpPoint("udp", new LoadReport.TcpSide(164_000_000, 658.8e6, 3660, 6969),
                                new LoadReport.TcpSide(163_000_000, 655.4e6, 176, 2027), List.of(p)),
                        new LoadReport.TcpPoint("vxlan", new LoadReport.TcpSide(510_000_000, 2039e6, 0, 268),
                                new LoadReport.TcpSide(844_000_000, 3377.2e6, 94, -1), List.of()),
                        new LoadReport.TcpPoint("host-gw", new LoadReport.TcpSide(656_000_000, 2624.5e6, 8, 162),
                                new LoadReport.TcpSide(1_188_000_000, 4754.9e6, 390, 154), List.of())))));

        assertThat(r.text()).isEqualTo("""
                under load: iperf 3.12, 2 s per bulk tcp flow with a duration; the simulator runs the same flow for the same duration
                  placement: every node is network namespaces on this one 2-CPU machine, in the lab and in the simulation (machine: {cpus: 2})

                flow bulk: container-1 -> container-2, bulk TCP (cubic), iperf3 -c -C cubic -t 2; goodput as iperf3's receiver reports it

                                        goodput Mbit/s                retransmits    rtt ms (ss, at the end)
                  backend        sim     real sim/real       sim     real sim/real       sim     real sim/real
                  udp          658.8    655.4     1.01      3660      176    20.80     6.969    2.027     3.44
                  vxlan       2039.0   3377.2     0.60         0       94     0.00     0.268        -        -
                  host-gw     2624.5   4754.9     0.55         8      390     0.02     0.162    0.154     1.05
                  proxy: flanneld (sim) / osim-helper forward (real), per packet it carried either way
                                              packets      context switches/packet      non-voluntary                CPU us/packet
                  backend   node         sim     real       sim     real sim/real       sim     real       sim     real sim/real
                  udp       node1     177009   140514     0.003    0.033     0.09     0.002    0.020     11.31     9.04     1.25
                  switches/packet within ±30% of the kernel's: 0 of 1
                  order by goodput: sim udp < vxlan < host-gw; kernel udp < vxlan < host-gw: the same
                  expected udp < vxlan <= host-gw: sim yes, kernel yes
                """);
    }

    @Test
    void aTcpFlowWhoseKernelRanksOtherwiseIsSaidToBeDifferent() {
        LoadReport r = new LoadReport(2, 2, "iperf 3.12", "", List.of(), List.of(new LoadReport.TcpFlow("bulk", "a", "b", "reno", "-n 1000000",
                List.of(new LoadReport.TcpPoint("vxlan", new LoadReport.TcpSide(1, 2e9, 0, 1), new LoadReport.TcpSide(1, 1e9, 0, 1), List.of()),
                        new LoadReport.TcpPoint("host-gw", new LoadReport.TcpSide(1, 3e9, 0, 1), new LoadReport.TcpSide(1, 0.5e9, 0, 1), List.of())))));
        assertThat(r.text()).contains("iperf3 -c -C reno -n 1000000")
                .contains("  order by goodput: sim vxlan < host-gw; kernel host-gw < vxlan: DIFFERENT\n")
                .doesNotContain("expected udp < vxlan");
    }

    @Test
    void iperf3sOwnCpuPerDatagramIsSetBesideTheModelsSenderAndServer() {
        LoadReport r = new LoadReport(2, 2, "iperf 3.12", "", List.of(new LoadReport.Flow("flood", "container-1", "container-2", 1000,
                List.of(new LoadReport.Backend("udp", List.of(new LoadReport.Point("max", true, side(342_700, 38_000, 303.9, 88.9),
                        side(147_400, 27_700, 221.6, 81.2), List.of(),
                        List.of(new LoadReport.Endpoint("client", 2.92, 4.83), new LoadReport.Endpoint("server", 1.03, -1)))))))));
        assertThat(r.text()).contains("""
                  iperf3: CPU us per datagram (the client's per datagram sent, the server's per datagram read)
                  rate      process      sim     real sim/real
                  max       client      2.92     4.83     0.60
                  max       server      1.03        -        -
                """);
    }

    @Test
    void withRepeatTheHeaderSaysSoAndSaturationGivesTheKernelRunsLowestAndHighest() {
        LoadReport.Side sim = side(155_200, 45_400, 508.6, 70.7);
        LoadReport.Point max = new LoadReport.Point("max", true, sim, side(145_300, 30_700, 344.2, 78), List.of(), List.of(),
                List.of(30_400.0, 33_100.0, 30_700.0));
        LoadReport r = new LoadReport(2, 2, "iperf 3.12", "", List.of(new LoadReport.Flow("flood", "container-1", "container-2", 1400,
                List.of(new LoadReport.Backend("udp", List.of(max))))), List.of(), 3);
        assertThat(r.text()).contains("  kernel: iperf3 run 3 times per point, one after another; each real figure is the median of the 3 runs"
                + " (the simulator is deterministic: it runs once)\n");
        assertThat(r.text()).contains("""
                  saturation (delivered at max)        sim     real sim/real          real runs: lowest-highest, sim/real at each
                  udp                                 45.4     30.7     1.48   kpps     30.4-33.1   1.37-1.49
                """);
        LoadReport once = new LoadReport(2, 2, "iperf 3.12", "", List.of(new LoadReport.Flow("flood", "container-1", "container-2", 1400,
                List.of(new LoadReport.Backend("udp", List.of(new LoadReport.Point("max", true, sim, side(145_300, 30_700, 344.2, 78), List.of())))))));
        assertThat(once.text()).doesNotContain("kernel: iperf3 run").doesNotContain("lowest-highest")
                .contains("  udp                                 45.4     30.7     1.48   kpps\n");
    }
}
