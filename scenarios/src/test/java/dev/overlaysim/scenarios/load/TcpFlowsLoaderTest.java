package dev.overlaysim.scenarios.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.overlaysim.scenarios.model.Expectation;
import dev.overlaysim.scenarios.model.FlowSpec;
import dev.overlaysim.scenarios.model.FlowTarget;
import dev.overlaysim.scenarios.model.ScenarioSpec;
import dev.overlaysim.scenarios.run.Scenario;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code tcp} and {@code request} traffic kinds and the {@code retransmits} and {@code completed}
 * checks: what the loader reads, its defaults, and each refusal at its {@code file:line:column}.
 */
class TcpFlowsLoaderTest {

    /** Two containers, c1 and c2; {@code traffic:} is the last line (15), so a flow given after it is on line 16. */
    static final String BASE = """
            name: tcp
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
            traffic:
            """;

    private static ScenarioSpec load(String rest) {
        return ScenarioLoader.fromYaml(BASE + rest, "t.yaml");
    }

    private static List<String> refused(String rest) {
        ScenarioException e = catchThrowableOfType(() -> load(rest), ScenarioException.class);
        assertThat(e).as("the file must be refused:\n%s", rest).isNotNull();
        return e.problems().stream().map(Problem::toString).toList();
    }

    private static final FlowTarget C2 = new FlowTarget.Container("c2");

    @Test
    void tcpDefaultsToOneSecondOfCubicToIperf3sPort() {
        ScenarioSpec spec = load("""
                  - tcp: {from: c1, to: c2}
                  - tcp: {from: c1, to: 10.1.99.9, bytes: 10MB}
                """);

        assertThat(spec.traffic()).containsExactly(
                new FlowSpec.Tcp("tcp-1", "c1", C2, 5201, OptionalLong.empty(), 1_000_000_000L, 0, "cubic", 0),
                new FlowSpec.Tcp("tcp-2", "c1", new FlowTarget.Address(Values.ipv4("10.1.99.9")), 5201,
                        OptionalLong.of(10_000_000), 0, 10_000_000_000L, "cubic", 0));
        FlowSpec.Tcp tcp = (FlowSpec.Tcp) spec.traffic().get(0);
        assertThat(tcp.kind()).isEqualTo("tcp");
        assertThat(tcp.count()).isEqualTo(1);
        assertThat(tcp.size()).isZero();
        assertThat(tcp.intervalNanos()).isZero();
        assertThat(tcp.sendsForNanos()).isEqualTo(1_000_000_000L);
        assertThat(((FlowSpec.Tcp) spec.traffic().get(1)).sendsForNanos()).isEqualTo(10_000_000_000L);
    }

    @Test
    void tcpReadsEveryKey() {
        ScenarioSpec spec = load("""
                  - tcp: {name: bulk, from: c1, to: c2, port: 5000, bytes: 64KiB, timeout: 30s, congestion: reno, start: 2s}
                  - tcp: {name: timed, from: c1, to: c2, duration: 5s}
                """);

        assertThat(spec.traffic()).containsExactly(
                new FlowSpec.Tcp("bulk", "c1", C2, 5000, OptionalLong.of(65_536), 0, 30_000_000_000L, "reno", 2_000_000_000L),
                new FlowSpec.Tcp("timed", "c1", C2, 5201, OptionalLong.empty(), 5_000_000_000L, 0, "cubic", 0));
    }

    @Test
    void requestDefaultsToOneCurlToPort80() {
        FlowSpec.Request r = (FlowSpec.Request) load("""
                  - request: {from: c1, to: c2, receive: 2MB}
                """).traffic().get(0);

        assertThat(r).isEqualTo(new FlowSpec.Request("request-1", "c1", C2, 80, 100, 2_000_000, 1, 0, 10_000_000_000L, "cubic", 0));
        assertThat(r.kind()).isEqualTo("request");
        assertThat(r.size()).isEqualTo(100);
        assertThat(r.lastEndNanos()).isEqualTo(10_000_000_000L);
    }

    @Test
    void requestReadsEveryKey() {
        FlowSpec.Request r = (FlowSpec.Request) load("""
                  - request: {name: web, from: c1, to: c2, port: 8080, send: 200, receive: 1KiB, count: 10, interval: 100ms,
                              timeout: 2s, congestion: reno, start: 1s}
                """).traffic().get(0);

        assertThat(r).isEqualTo(new FlowSpec.Request("web", "c1", C2, 8080, 200, 1024, 10, 100_000_000L, 2_000_000_000L, "reno",
                1_000_000_000L));
        assertThat(r.count()).isEqualTo(10);
        assertThat(r.intervalNanos()).isEqualTo(100_000_000L);
        // Each slot is the longer of interval and timeout; the last request ends by its timeout.
        assertThat(r.lastEndNanos()).isEqualTo(9 * 2_000_000_000L + 2_000_000_000L);
    }

    @Test
    void theRunLastsUntilEveryTcpFlowCouldHaveEnded() {
        ScenarioSpec spec = load("""
                  - tcp: {from: c1, to: c2, duration: 2s, start: 1s}
                """);
        assertThat(Scenario.naturalEnd(spec)).isEqualTo(3_000_000_000L + Scenario.SETTLE_NANOS);

        spec = load("""
                  - tcp: {from: c1, to: c2, bytes: 1MB, start: 1s}
                """);
        assertThat(Scenario.naturalEnd(spec)).as("a flow with bytes: by its timeout").isEqualTo(11_000_000_000L + Scenario.SETTLE_NANOS);

        spec = load("""
                  - request: {from: c1, to: c2, receive: 1kB, count: 3, interval: 1s, timeout: 2s}
                  - request: {from: c1, to: c2, receive: 1kB, count: 3, interval: 5s, timeout: 2s}
                """);
        // (3 − 1) × max(5s, 2s) + 2s = 12s for the second, more than the first's 6s.
        assertThat(Scenario.naturalEnd(spec)).isEqualTo(12_000_000_000L + Scenario.SETTLE_NANOS);
    }

    @Test
    void refusesBytesWithDurationNamingBoth() {
        assertThat(refused("""
                  - tcp: {from: c1, to: c2, bytes: 10MB, duration: 2s}
                  - tcp: {from: c1, to: c2, duration: 2s, bytes: 10MB}
                """)).containsExactly(
                "t.yaml:16:42: tcp flow has both 'bytes' and 'duration'; expected one of them: a flow sends bytes (like iperf3 -n)"
                        + " or for a duration (like iperf3 -t)",
                "t.yaml:17:43: tcp flow has both 'bytes' and 'duration'; expected one of them: a flow sends bytes (like iperf3 -n)"
                        + " or for a duration (like iperf3 -t)");
    }

    @Test
    void refusesATimeoutWithoutBytes() {
        assertThat(refused("""
                  - tcp: {from: c1, to: c2, duration: 2s, timeout: 5s}
                  - tcp: {from: c1, to: c2, timeout: 5s}
                """)).containsExactly(
                "t.yaml:16:43: 'timeout' needs 'bytes': a tcp flow without them sends for its duration (2s) and stops then",
                "t.yaml:17:29: 'timeout' needs 'bytes': a tcp flow without them sends for its duration (1s by default) and stops then");
    }

    @Test
    void refusesBadTcpValues() {
        assertThat(refused("""
                  - tcp: {from: c1, to: c2, byte: 10MB}
                  - tcp: {from: c1, to: c2, bytes: 10KB}
                  - tcp: {from: c1, to: c2, bytes: 2GB}
                  - tcp: {from: c1, to: c2, duration: 0}
                  - tcp: {from: c1, to: c2, duration: 101s}
                  - tcp: {from: c1, to: c2, bytes: 1MB, timeout: 0s}
                  - tcp: {from: c1, to: c2, congestion: bbr}
                  - tcp: {from: c1, to: c2, congestion: Cubic}
                  - tcp: {from: c1, to: c2, port: 0}
                  - tcp: {from: c1, to: c3}
                """)).containsExactly(
                "t.yaml:16:29: unknown key 'byte' in tcp flow (did you mean 'bytes'?); expected one of: name, from, to, port, bytes,"
                        + " duration, timeout, congestion, start",
                "t.yaml:17:36: unknown unit 'KB' in size '10KB' (did you mean 'kB'?); expected one of: B, kB, MB, GB, KiB, MiB, GiB"
                        + " (the B may be left out; 1 kB = 1000 bytes, 1 KiB = 1024)",
                "t.yaml:18:36: expected a size of at most 1GiB (1073741824 bytes), found '2GB'",
                "t.yaml:19:39: expected a duration of more than 0s, found '0'",
                "t.yaml:20:39: expected a duration of at most 100s, found '101s'",
                "t.yaml:21:50: expected a duration of more than 0s, found '0s'",
                "t.yaml:22:41: unknown congestion control 'bbr'; expected one of: cubic, reno (as net.ipv4.tcp_congestion_control"
                        + " names them)",
                "t.yaml:23:41: unknown congestion control 'Cubic' (did you mean 'cubic'?); expected one of: cubic, reno (as"
                        + " net.ipv4.tcp_congestion_control names them)",
                "t.yaml:24:35: expected an integer from 1 to 65535, found 0",
                "t.yaml:25:25: unknown container 'c3' (did you mean 'c1'?); expected one of: c1, c2 (or an IPv4 address)");
    }

    @Test
    void refusesBadRequestValues() {
        assertThat(refused("""
                  - request: {from: c1, to: c2}
                  - request: {from: c1, to: c2, receive: 2MB, count: 0}
                  - request: {from: c1, to: c2, receive: 2MB, count: 100001}
                  - request: {from: c1, to: c2, receive: 2MB, send: 0}
                  - request: {from: c1, to: c2, receive: 2MB, timeout: 0s}
                  - request: {from: c1, to: c2, receive: 2MB, count: 1000}
                  - request: {from: c1, to: c2, receive: 2MB, intervall: 1s}
                  - request: {from: c9, to: c2, receive: 2MB}
                """)).containsExactly(
                "t.yaml:16:14: missing required key 'receive' in request flow",
                "t.yaml:17:54: expected an integer from 1 to 100000, found 0",
                "t.yaml:18:54: expected an integer from 1 to 100000, found 100001",
                "t.yaml:19:53: expected a size of at least 1 byte, found '0'",
                "t.yaml:20:56: expected a duration of more than 0s, found '0s'",
                "t.yaml:21:54: 1000 requests of 2000000 bytes received is 2000000000 bytes; a flow moves at most 1GiB (1073741824"
                        + " bytes) each way: fewer requests or smaller responses",
                "t.yaml:22:47: unknown key 'intervall' in request flow (did you mean 'interval'?); expected one of: name, from, to,"
                        + " port, send, receive, count, interval, timeout, congestion, start",
                "t.yaml:23:21: unknown container 'c9' (did you mean 'c1'?); expected one of: c1, c2");
    }

    @Test
    void boundsWhenTheLastRequestOrTransferCouldEnd() {
        assertThat(refused("""
                  - request: {from: c1, to: c2, receive: 1kB, count: 100000, timeout: 3153600000s}
                  - tcp: {from: c1, to: c2, bytes: 1kB, start: 3153600000s, timeout: 1s}
                """)).containsExactly(
                "t.yaml:16:54: the flow's last request could end at 315360000000000000000000 ns (start + (count − 1) × max(interval,"
                        + " timeout) + timeout); expected at most 100 years (3153600000s) of simulated time: fewer requests or a"
                        + " shorter interval or timeout",
                "t.yaml:17:70: the flow could end at 3153600001000000000 ns (start + timeout); expected at most 100 years"
                        + " (3153600000s) of simulated time: an earlier start or a shorter timeout");
    }

    private static final String FLOWS = """
              - ping: {from: c1, to: c2}
              - udp: {from: c1, to: c2, port: 5000, rate: 10kpps}
              - tcp: {name: bulk, from: c1, to: c2, bytes: 10MB}
              - tcp: {name: timed, from: c1, to: c2, duration: 2s}
              - request: {name: web, from: c1, to: c2, receive: 2MB, count: 10}
            expect:
            """;

    @Test
    void readsTheTcpChecks() {
        ScenarioSpec spec = load(FLOWS + """
                  - retransmits: {flow: bulk, max: 0}
                  - retransmits: {flow: web, min: 1, max: 20}
                  - completed: {flow: web}
                  - completed: {flow: web, count: 7}
                  - completed: {flow: bulk}
                  - completed: {flow: bulk, count: 0}
                  - throughput: {flow: timed, min: 500Mbit}
                  - delivered: {flow: bulk, count: 5000}
                """);

        assertThat(spec.expect()).containsExactly(
                new Expectation.Retransmits("bulk", OptionalInt.empty(), OptionalInt.of(0)),
                new Expectation.Retransmits("web", OptionalInt.of(1), OptionalInt.of(20)),
                new Expectation.Completed("web", OptionalInt.empty()),
                new Expectation.Completed("web", OptionalInt.of(7)),
                new Expectation.Completed("bulk", OptionalInt.empty()),
                new Expectation.Completed("bulk", OptionalInt.of(0)),
                new Expectation.Throughput("timed", java.util.OptionalDouble.of(500e6), java.util.OptionalDouble.empty(), true,
                        "min 500Mbit"),
                // A tcp flow's packets are segments, as many as TCP needs: no count bounds them.
                new Expectation.Delivered("bulk", OptionalInt.of(5000)));
    }

    @Test
    void refusesTcpChecksOnFlowsThatCannotHoldThem() {
        assertThat(refused(FLOWS + """
                  - retransmits: {flow: ping-1, max: 0}
                  - retransmits: {flow: bulk}
                  - retransmits: {flow: bulk, max: -1}
                  - completed: {flow: web, count: 11}
                  - completed: {flow: bulk, count: 2}
                  - completed: {flow: timed}
                  - completed: {flow: udp-2}
                  - throughput: {flow: bulk, min: 10kpps}
                  - throughput: {flow: web, min: 1Mbit}
                  - latency: {flow: bulk, max: 1ms}
                """)).containsExactly(
                "t.yaml:22:25: a retransmits check needs a tcp or request flow; flow 'ping-1' sends pings, and only TCP sends"
                        + " segments again",
                "t.yaml:23:18: retransmits needs 'min', 'max' or both",
                "t.yaml:24:36: expected an integer from 0 to 2147483647, found -1",
                "t.yaml:25:35: count 11 is more than the 10 requests that flow 'web' makes (declared at 20:14)",
                "t.yaml:26:36: count 2 is more than the 1 transfer of flow 'bulk' (declared at 18:10): a tcp flow with bytes"
                        + " completes once or not at all",
                "t.yaml:27:23: a completed check on a tcp flow needs 'bytes': flow 'timed' sends for a duration, and stops when it"
                        + " is up; check its throughput instead",
                "t.yaml:28:23: a completed check needs a request flow, or a tcp flow with 'bytes'; flow 'udp-2' sends udp datagrams"
                        + " at a rate",
                "t.yaml:29:35: a tcp flow's throughput is its goodput in bits per second, as iperf3 reports it: expected a bitrate"
                        + " like 500Mbit, not a packet rate (TCP's segments are not sent at a rate)",
                "t.yaml:30:24: a throughput check needs a udp flow with 'rate' or 'bitrate', or a tcp flow; flow 'web' sends requests",
                "t.yaml:31:21: a latency check needs a udp flow with 'rate' or 'bitrate'; flow 'bulk' sends bytes over tcp");
    }
}
