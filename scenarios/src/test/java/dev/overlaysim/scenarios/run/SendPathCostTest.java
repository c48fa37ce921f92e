package dev.overlaysim.scenarios.run;

import dev.overlaysim.scenarios.load.ScenarioLoader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code costs: sendmsg} and {@code poll}: the send path's kernel work besides its syscall, and a
 * ready select()'s work on its fds. iperf3's client selects before every datagram when its rate is
 * limited and before every tenth at {@code max}; each datagram is one sendmsg().
 */
class SendPathCostTest {
    private static final long SENDMSG = 2_000, POLL = 700;

    private static String scenario(String rate, String costs) {
        return "name: send-path\n"
                + "network:\n  cidr: 10.1.0.0/16\n  backend: {type: host-gw}\n"
                + "underlay:\n  segments:\n    - {name: lan, cidr: 10.168.0.0/24}\n"
                + "nodes:\n"
                + "  - name: node1\n    ip: 10.168.0.2\n    subnet: 10.1.15.0/24\n    cpus: 2\n"
                + "    containers: [{name: container-1, ip: 10.1.15.2}]\n"
                + "  - name: node2\n    ip: 10.168.0.3\n    subnet: 10.1.16.0/24\n    cpus: 2\n"
                + "    containers: [{name: container-2, ip: 10.1.16.3}]\n"
                + costs
                + "traffic:\n  - udp: {name: flood, from: container-1, to: container-2, port: 5201, size: 1400, rate: " + rate
                + ", duration: 50ms, start: 1s}\n";
    }

    private static HostLoad.ProcessLoad sender(String yaml) {
        ScenarioResult r = Scenario.of(ScenarioLoader.fromYaml(yaml, "send-path.yaml")).run();
        return r.hosts().stream().filter(h -> h.host().equals("node1")).findFirst().orElseThrow()
                .processes().stream().filter(p -> p.name().equals("udp-sender")).findFirst().orElseThrow();
    }

    private static double extraPerDatagram(String rate) {
        String without = "costs: {sendmsg: 0ns, poll: 0ns}\n";
        String with = "costs: {sendmsg: " + SENDMSG + "ns, poll: " + POLL + "ns}\n";
        return sender(scenario(rate, with)).cpuNanosPerPacket() - sender(scenario(rate, without)).cpuNanosPerPacket();
    }

    @Test
    void atALimitedRateEachDatagramPaysOneSendmsgAndOneSelect() {
        assertThat(extraPerDatagram("20kpps")).isCloseTo(SENDMSG + POLL, within(20.0));
    }

    @Test
    void atMaxEachDatagramPaysOneSendmsgAndEveryTenthASelect() {
        assertThat(extraPerDatagram("max")).isCloseTo(SENDMSG + POLL / 10.0, within(20.0));
    }

    @Test
    void withoutTheKeysTheDefaultModelChargesNeither() {
        String none = scenario("20kpps", "");
        String zero = scenario("20kpps", "costs: {sendmsg: 0ns, poll: 0ns}\n");
        assertThat(sender(none).cpuNanosPerPacket()).isEqualTo(sender(zero).cpuNanosPerPacket());
    }
}
