package dev.overlaysim.scenarios.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlaysim.scenarios.run.CheckResult;
import dev.overlaysim.scenarios.run.RunOptions;
import dev.overlaysim.scenarios.run.Scenario;
import dev.overlaysim.scenarios.run.ScenarioResult;
import dev.overlaysim.scenarios.run.TcpResult;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * tcp-three-backends.yaml: bulk TCP under the load model gets the least goodput through UDP mode,
 * where flanneld's proxy copies every segment (and every ACK) through user space twice per node,
 * and more through VXLAN and host-gw, which stay in the kernel.
 */
class TcpThreeBackendsExampleTest {
    private static final Scenario SCENARIO = Scenario.load(Path.of("examples", "tcp-three-backends.yaml"));
    private static final ScenarioResult PRIMARY = SCENARIO.run(RunOptions.DEFAULT);

    private static double goodput(ScenarioResult r) {
        TcpResult t = r.flow("bulk").tcp().orElseThrow();
        return t.transfer().orElseThrow().bitsPerSecond();
    }

    @Test
    void everyCheckOfTheExamplePasses() {
        assertThat(PRIMARY.checks()).allMatch(CheckResult::passed, "passed");
    }

    @Test
    void udpModeIsTheSlowestBackendAndCopiesThreeTimes() {
        Map<String, ScenarioResult> each = SCENARIO.runEachBackend(RunOptions.DEFAULT, PRIMARY);
        double udp = goodput(each.get("udp"));
        double vxlan = goodput(each.get("vxlan"));
        double hostGw = goodput(each.get("host-gw"));
        assertThat(udp).isLessThan(vxlan);
        assertThat(vxlan).isLessThanOrEqualTo(hostGw);
        assertThat(each.get("udp").flow("bulk").perPacket().copiesSend()).isBetween(2.9, 3.1);
        assertThat(each.get("vxlan").flow("bulk").perPacket().copiesSend()).isBetween(0.9, 1.1);
    }
}
