package dev.overlaysim.scenarios.run;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A scenario keeps the hops of the packets a walk shows, not of every packet: memory does not grow with the flow. */
class WalkedHopsTest {

    private static ScenarioResult run(int count) throws Exception {
        String yaml = Files.readString(Path.of("examples", "seed-udp.yaml"))
                .replace("size: 56, start: 1s}", "size: 56, start: 1s, count: " + count + ", interval: 1ms}")
                .replace("  - delivered: {flow: ping-1, count: 1}", "  - delivered: {flow: ping-1}");
        return Scenario.fromYaml(yaml).run();
    }

    @Test
    void aThousandPingsKeepAboutAsManyHopsAsTwo() throws Exception {
        ScenarioResult two = run(2);
        ScenarioResult thousand = run(1000);
        assertThat(thousand.flows().get(0).delivered()).isEqualTo(1000);
        // The same walk is recorded; only ARP's own later probes may add a few hops.
        assertThat(thousand.walkOfFirstPacket("ping-1")).isEqualTo(two.walkOfFirstPacket("ping-1"));
        assertThat(thousand.hops().size()).isLessThan(two.hops().size() + 50);
        // Costs still cover every packet.
        assertThat(thousand.flows().get(0).perPacket().copiesSend()).isEqualTo(3.0);
    }
}
