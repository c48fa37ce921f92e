package dev.overlaysim.scenarios.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlaysim.flannel.FlannelCluster;
import dev.overlaysim.linux.World;
import dev.overlaysim.scenarios.load.ScenarioLoader;
import dev.overlaysim.scenarios.model.Expectation;
import dev.overlaysim.scenarios.model.FlowSpec;
import dev.overlaysim.scenarios.model.FlowTarget;
import dev.overlaysim.scenarios.model.ScenarioSpec;
import dev.overlaysim.trace.Flow;
import dev.overlaysim.trace.TcpInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * What a tcp or request flow's result holds and how its checks decide, from trace flows filled by
 * hand as the TCP processes will fill them (countDeliveredBytes, countRetransmit, tcpInfo,
 * countExchange): the result is read and the checks evaluated by the very code a run uses
 * ({@link ScenarioResult}, {@link Checks}), on a world that is built but never run.
 */
class TcpChecksTest {

    private static final String BASE = """
            name: tcp-checks
            network:
              cidr: 10.1.0.0/16
              backend: {type: vxlan}
            underlay:
              segments:
                - {name: lan, cidr: 10.168.0.0/24}
            nodes:
              - name: node1
                ip: 10.168.0.2
                containers: [{name: c1}]
              - name: node2
                ip: 10.168.0.3
                containers: [{name: c2}]
            """;

    private static final FlowTarget C2 = new FlowTarget.Container("c2");
    private static final long S = 1_000_000_000L;
    private static final TcpInfo BULK_SS = new TcpInfo("cubic", 79, 39, 201, 10, Integer.MAX_VALUE, 1448, 1500, 3,
            10_004_344, 10_000_000, 0, "ESTAB");

    /** The flows of the run, as the loader would give them (the loader refuses these kinds until they are simulated). */
    private static final List<FlowSpec> TRAFFIC = List.of(
            new FlowSpec.Tcp("bulk", "c1", C2, 5201, OptionalLong.of(10_000_000), 0, 10 * S, "cubic", S),
            new FlowSpec.Tcp("short", "c1", C2, 5201, OptionalLong.of(10_000_000), 0, 10 * S, "cubic", S),
            new FlowSpec.Tcp("timed", "c1", C2, 5201, OptionalLong.empty(), 2 * S, 0, "reno", 0),
            new FlowSpec.Tcp("silent", "c1", C2, 5201, OptionalLong.of(1_000), 0, 10 * S, "cubic", 0),
            new FlowSpec.Request("web", "c1", C2, 80, 100, 2_000_000, 3, 0, 10 * S, "cubic", 0),
            new FlowSpec.Request("cut", "c1", C2, 80, 100, 1_000, 3, 0, 10 * S, "cubic", 0),
            new FlowSpec.Ping("ping-7", "c1", C2, 1, 56, S, 0, false));

    /** A run whose trace flows hold what the TCP processes would have counted; its checks are {@code expect}. */
    private static ScenarioResult result(List<Expectation> expect) {
        ScenarioSpec base = ScenarioLoader.fromYaml(BASE, "base.yaml");
        ScenarioSpec spec = new ScenarioSpec(base.name(), base.description(), base.seed(), base.network(), base.underlay(),
                base.nodes(), base.costs(), TRAFFIC, List.of(), expect, Optional.empty(), Optional.empty());
        World world = new World(1);
        for (FlowSpec f : TRAFFIC) world.addFlow(new Flow(f.name(), f.kind(), f.from(), f.to().toString()));

        // bulk: 10 MB read from 1.001 s to 1.8 s after a connect() at 1 s: 0.8 s, 100 Mbit/s; 3 segments sent again.
        Flow bulk = world.flow("bulk");
        for (long t : new long[] {1_001_000_000L, 1_200_000_000L, 1_500_000_000L, 1_800_000_000L}) bulk.countDeliveredBytes(2_500_000, t);
        for (int i = 0; i < 3; i++) bulk.countRetransmit();
        bulk.tcpInfo(BULK_SS);
        // short: 3.2 MB of its 10 MB by the timeout.
        world.flow("short").countDeliveredBytes(3_200_000, 5 * S);
        // timed: 2 s of sending, the last byte read at 2.000125 s.
        world.flow("timed").countDeliveredBytes(250_000_000, 1 * S);
        world.flow("timed").countDeliveredBytes(250_000_000, 2_000_125_000L);
        // silent: nothing arrived (no connection: no ss line either).
        Flow web = world.flow("web");
        web.countExchange(new Flow.Exchange(120_000, 450_000, 900_000));
        web.countExchange(new Flow.Exchange(-1, -1, -1));
        web.countExchange(new Flow.Exchange(130_000, -1, -1));
        web.countRetransmit();
        Flow cut = world.flow("cut");
        cut.countExchange(new Flow.Exchange(100_000, 200_000, 300_000));
        cut.countExchange(new Flow.Exchange(100_000, 200_000, -1));
        return new ScenarioResult(spec, 1, world, new FlannelCluster(world, spec.network().flannelConfigJson()), Map.of(), null);
    }

    private static CheckResult check(Expectation e) {
        return result(List.of(e)).checks().get(0);
    }

    @Test
    void aTcpFlowReportsWhatItsReceiverReadAndItsSendersSocket() {
        ScenarioResult r = result(List.of());
        TcpResult bulk = r.flow("bulk").tcp().orElseThrow();

        assertThat(bulk.retransmits()).isEqualTo(3);
        assertThat(bulk.info()).contains(BULK_SS);
        assertThat(bulk.requests()).isEmpty();
        TcpResult.Transfer t = bulk.transfer().orElseThrow();
        assertThat(t.bytes()).isEqualTo(10_000_000);
        assertThat(t.startNanos()).as("connect()").isEqualTo(S);
        assertThat(t.endNanos()).as("the last byte read").isEqualTo(1_800_000_000L);
        assertThat(t.nanos()).isEqualTo(800_000_000L);
        assertThat(t.bitsPerSecond()).isEqualTo(100e6);
        assertThat(t.bytesAsked()).hasValue(10_000_000);
        assertThat(t.complete()).isTrue();

        assertThat(r.flow("short").tcp().orElseThrow().transfer().orElseThrow().complete()).isFalse();
        TcpResult.Transfer timed = r.flow("timed").tcp().orElseThrow().transfer().orElseThrow();
        assertThat(timed.bytesAsked()).isEmpty();
        assertThat(timed.timeoutNanos()).isZero();
        assertThat(timed.bitsPerSecond()).isEqualTo(500_000_000 * 8.0 * 1e9 / 2_000_125_000L);
        TcpResult silent = r.flow("silent").tcp().orElseThrow();
        assertThat(silent.info()).isEmpty();
        assertThat(silent.transfer().orElseThrow().nanos()).isZero();
        assertThat(silent.transfer().orElseThrow().bitsPerSecond()).isZero();
        assertThat(r.flow("ping-7").tcp()).isEmpty();
    }

    @Test
    void aRequestFlowReportsEachExchangeAsCurlTimesIt() {
        TcpResult web = result(List.of()).flow("web").tcp().orElseThrow();

        assertThat(web.transfer()).isEmpty();
        TcpResult.Requests q = web.requests().orElseThrow();
        assertThat(q.asked()).isEqualTo(3);
        assertThat(q.exchanges()).containsExactly(new Flow.Exchange(120_000, 450_000, 900_000), new Flow.Exchange(-1, -1, -1),
                new Flow.Exchange(130_000, -1, -1));
        assertThat(q.completed()).isEqualTo(1);
        assertThat(q.timeoutNanos()).isEqualTo(10 * S);
        assertThat(web.retransmits()).isEqualTo(1);
    }

    private static Expectation.Throughput throughput(String flow, double min, double max) {
        return new Expectation.Throughput(flow, OptionalDouble.of(min), OptionalDouble.of(max), true, "");
    }

    @Test
    void throughputOfATcpFlowIsItsGoodput() {
        CheckResult ok = check(throughput("bulk", 90e6, 110e6));
        assertThat(ok.passed()).isTrue();
        assertThat(ok.expected()).isEqualTo("between 90.0 Mbit/s and 110.0 Mbit/s");
        assertThat(ok.actual()).isEqualTo("100.0 Mbit/s goodput (10000000 bytes read in 800 ms)");

        CheckResult low = check(throughput("bulk", 200e6, 1e9));
        assertThat(low.passed()).isFalse();
        assertThat(low.actual()).isEqualTo("100.0 Mbit/s goodput (10000000 bytes read in 800 ms)");
        assertThat(check(throughput("silent", 1, 1e9)).actual()).isEqualTo("0.0 Mbit/s goodput (0 bytes read in 0)");
    }

    @Test
    void retransmitsAreBounded() {
        CheckResult three = check(new Expectation.Retransmits("bulk", OptionalInt.of(3), OptionalInt.of(3)));
        assertThat(three.passed()).isTrue();
        assertThat(three.check()).isEqualTo("retransmits: flow bulk");
        assertThat(three.expected()).isEqualTo("between 3 and 3");
        assertThat(three.actual()).isEqualTo("3 segments sent again (TcpRetransSegs)");

        CheckResult none = check(new Expectation.Retransmits("bulk", OptionalInt.empty(), OptionalInt.of(0)));
        assertThat(none.passed()).isFalse();
        assertThat(none.expected()).isEqualTo("at most 0");
        assertThat(check(new Expectation.Retransmits("silent", OptionalInt.empty(), OptionalInt.of(0))).passed()).isTrue();
        assertThat(check(new Expectation.Retransmits("web", OptionalInt.of(1), OptionalInt.empty())).passed()).isTrue();
    }

    @Test
    void aTcpFlowWithBytesCompletesOnceOrNotAtAll() {
        CheckResult bulk = check(new Expectation.Completed("bulk", OptionalInt.empty()));
        assertThat(bulk.passed()).isTrue();
        assertThat(bulk.check()).isEqualTo("completed: flow bulk (all)");
        assertThat(bulk.expected()).isEqualTo("1 of 1 completed");
        assertThat(bulk.actual()).isEqualTo("1 of 1 completed: 10000000 of 10000000 bytes read");

        CheckResult shortOne = check(new Expectation.Completed("short", OptionalInt.empty()));
        assertThat(shortOne.passed()).isFalse();
        assertThat(shortOne.actual()).isEqualTo("0 of 1 completed: 3200000 of 10000000 bytes read by the 10 s timeout");
        assertThat(check(new Expectation.Completed("short", OptionalInt.of(0))).passed()).as("expected to stall").isTrue();
    }

    @Test
    void requestsCompleteAndTheIncompleteOnesSayHowFarTheyGot() {
        CheckResult all = check(new Expectation.Completed("web", OptionalInt.empty()));
        assertThat(all.passed()).isFalse();
        assertThat(all.expected()).isEqualTo("3 of 3 completed");
        assertThat(all.actual()).isEqualTo("1 of 3 completed; #2 not connected; #3 connected, no response byte");

        CheckResult one = check(new Expectation.Completed("web", OptionalInt.of(1)));
        assertThat(one.passed()).isTrue();
        assertThat(one.check()).isEqualTo("completed: flow web, count 1");
        assertThat(check(new Expectation.Completed("web", OptionalInt.of(2))).passed()).as("exactly, as delivered: counts").isFalse();

        assertThat(check(new Expectation.Completed("cut", OptionalInt.empty())).actual())
                .isEqualTo("1 of 3 completed; 1 not made by the end of the run; #2 response incomplete");
    }

    /** A spec made in code runs its tcp flow: the bytes arrive and the completed check reads them off the receiver. */
    @Test
    void aTcpFlowInASpecMadeInCodeRunsAndIsChecked() {
        ScenarioSpec base = ScenarioLoader.load(java.nio.file.Path.of("examples", "seed-vxlan.yaml"));
        // at 1 s, as the file's ping: the containers exist once flanneld has its lease
        FlowSpec bulk = new FlowSpec.Tcp("bulk", "container-1", new FlowTarget.Container("container-2"), 5201, OptionalLong.of(1_000),
                0, S, "cubic", S);
        ScenarioSpec spec = new ScenarioSpec(base.name(), base.description(), base.seed(), base.network(), base.underlay(),
                base.nodes(), base.costs(), List.of(bulk), List.of(), List.of(new Expectation.Completed("bulk", OptionalInt.empty())),
                Optional.empty(), base.machine());

        ScenarioResult r = Scenario.of(spec).run();

        assertThat(r.flow("bulk").output()).isEmpty();
        assertThat(r.flow("bulk").tcp().orElseThrow().transfer().orElseThrow().bytes()).isEqualTo(1_000);
        assertThat(r.endTime()).as("start + timeout + settle").isEqualTo(2 * S + Scenario.SETTLE_NANOS);
        assertThat(r.checks().get(0).passed()).as(r.checks().get(0).actual()).isTrue();
    }
}
