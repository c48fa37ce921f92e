package dev.overlaysim.scenarios.run;

import dev.overlaysim.scenarios.load.ScenarioLoader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A udp flow with a rate is iperf3's: its client selects before each datagram when the rate is
 * limited and before every 10 at max (iperf3's multisend), its server before each read; a flow
 * with a count (osim-helper udp-send / udp-recv in the twin) does neither.
 */
class Iperf3SyscallsTest {
    private static PerPacket perPacket(String traffic) {
        String yaml = "name: iperf3-syscalls\n"
                + "network:\n  cidr: 10.1.0.0/16\n  backend: {type: host-gw}\n"
                + "underlay:\n  segments:\n    - {name: lan, cidr: 10.168.0.0/24}\n"
                + "nodes:\n"
                + "  - name: node1\n    ip: 10.168.0.2\n    subnet: 10.1.15.0/24\n"
                + "    containers: [{name: container-1, ip: 10.1.15.2}]\n"
                + "  - name: node2\n    ip: 10.168.0.3\n    subnet: 10.1.16.0/24\n"
                + "    containers: [{name: container-2, ip: 10.1.16.3}]\n"
                + "traffic:\n  - udp: {name: f, from: container-1, to: container-2, port: 5201, size: 1400, " + traffic + ", start: 1s}\n";
        return Scenario.of(ScenarioLoader.fromYaml(yaml, "iperf3-syscalls.yaml")).run().flow("f").perPacket();
    }

    @Test
    void atALimitedRateEachDatagramIsASelectAndASendtoAndASelectAndARecvfrom() {
        PerPacket p = perPacket("rate: 10kpps, duration: 20ms");
        assertThat(p.syscallsSend()).isEqualTo(2.0);
        assertThat(p.syscallsReceive()).isEqualTo(2.0);
    }

    @Test
    void atMaxOneSelectCoversTenSends() {
        PerPacket p = perPacket("rate: max, duration: 5ms");
        assertThat(p.syscallsSend()).isCloseTo(1.1, within(0.01));
        assertThat(p.syscallsReceive()).isEqualTo(2.0);
    }

    @Test
    void aCountFlowIsOneSendtoAndOneRecvfrom() {
        PerPacket p = perPacket("count: 20, interval: 1ms");
        assertThat(p.syscallsSend()).isEqualTo(1.0);
        assertThat(p.syscallsReceive()).isEqualTo(1.0);
    }
}
