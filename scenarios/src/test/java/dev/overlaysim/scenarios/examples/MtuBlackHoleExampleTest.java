package dev.overlaysim.scenarios.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlaysim.scenarios.run.CheckResult;
import dev.overlaysim.scenarios.run.RunOptions;
import dev.overlaysim.scenarios.run.Scenario;
import dev.overlaysim.scenarios.run.ScenarioResult;
import dev.overlaysim.trace.TcpInfo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * mtu-black-hole.yaml: with both containers at MTU 1500 and node2 dropping ICMP, the large
 * response stalls — container-2's full-size segments die at node2's flannel.1, their frag-needed
 * on node2's OUTPUT, and container-2 resends them at full size at each RTO, learning nothing; once
 * ICMP is allowed the next request's first big segment teaches it the path MTU and completes.
 */
class MtuBlackHoleExampleTest {
    private static final ScenarioResult RESULT = Scenario.load(Path.of("examples", "mtu-black-hole.yaml")).run(RunOptions.DEFAULT);

    @Test
    void everyCheckOfTheExamplePasses() {
        assertThat(RESULT.checks()).allMatch(CheckResult::passed, "passed");
        assertThat(RESULT.checks()).hasSize(6);
    }

    @Test
    void theStalledServerLearnedNothingAndBackedOff() {
        TcpInfo ss = RESULT.flow("stalled").tcp().orElseThrow().info().orElseThrow();
        // the black hole's signature as ss -ti shows it: full-size MSS, no path MTU, one segment in flight, RTO backed off
        assertThat(ss.mss()).isEqualTo(1448);
        assertThat(ss.pmtu()).isEqualTo(1500);
        assertThat(ss.cwnd()).isEqualTo(1);
        assertThat(ss.bytesAcked()).isZero();
        assertThat(ss.rtoMillis()).isGreaterThan(10_000);
        assertThat(RESULT.flow("stalled").tcp().orElseThrow().retransmits()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void afterTheBlockTheServerSendsAtTheMssThePathAllows() {
        TcpInfo ss = RESULT.flow("get").tcp().orElseThrow().info().orElseThrow();
        assertThat(ss.mss()).isEqualTo(1398);
        assertThat(ss.pmtu()).isEqualTo(1450);
        assertThat(ss.bytesAcked()).isEqualTo(2_000_000);
        assertThat(RESULT.flow("get").dropped(java.util.Optional.of("frag-needed"), java.util.Optional.of("node2"),
                java.util.Optional.of("flannel.1"))).as("the one segment that taught it").isEqualTo(1);
    }
}
