package dev.overlaysim.scenarios.examples;

import static dev.overlaysim.scenarios.assertions.ScenarioAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overlaysim.linux.Tracer;
import dev.overlaysim.protocols.codec.EthernetHeader;
import dev.overlaysim.protocols.codec.Ipv4Header;
import dev.overlaysim.scenarios.run.RunOptions;
import dev.overlaysim.scenarios.run.Scenario;
import dev.overlaysim.scenarios.run.ScenarioResult;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docker-mtu.yaml}: Docker without flannel's --mtu on node1. The first big ping learns the
 * path MTU from node1's frag-needed, the second is fragmented by the container, a ping -M do is
 * refused by sendto().
 */
class DockerMtuExampleTest {
    static ScenarioResult result;

    @BeforeAll
    static void run() {
        result = Scenario.load(Examples.DIRECTORY.resolve("docker-mtu.yaml")).run(RunOptions.DEFAULT.withCapture(true));
    }

    @Test
    void itsExpectationsHold() {
        assertThat(result).allExpectationsHold();
    }

    @Test
    void dockerMtuSetsDocker0AndTheContainersButNotTheOtherNode() {
        assertThat(result.show("node1", "ip link show docker0").stdout()).contains(" mtu 1500 ");
        assertThat(result.show("container-2", "ip link show eth0").stdout()).contains(" mtu 1450 ");
    }

    @Test
    void theFirstPingGetsFragNeededTheSecondIsAnswered() {
        assertThat(result).flow("big")
                .droppedAt("node1/flannel.1", "frag-needed", 1)
                .printed("From 10.1.15.1 icmp_seq=1 Frag needed and DF set (mtu = 1450)")
                .printed("1438 bytes from 10.1.16.3: icmp_seq=2 ttl=62 time=0.073 ms")
                .printed("2 packets transmitted, 1 received, +1 errors, 50% packet loss, time 1000ms");
        assertThat(result).flow("big-df")
                .printed("ping: local error: message too long, mtu=1450")
                .printed("1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms");
    }

    @Test
    void theContainerSendsTheSecondRequestAsTwoFragmentsWithoutDf() {
        List<byte[]> ipv4 = result.captures().stream().filter(c -> c.name().equals("container-1-eth0")).findFirst().orElseThrow()
                .frames().stream().map(Tracer.Frame::bytes)
                .filter(a -> new EthernetHeader().wrap(a, 0).etherType() == EthernetHeader.TYPE_IPV4)
                .filter(a -> new Ipv4Header().wrap(a, EthernetHeader.LENGTH).src() == 0x0a010f02) // from 10.1.15.2
                .toList();
        assertThat(ipv4).hasSize(3);
        Ipv4Header first = new Ipv4Header().wrap(ipv4.get(0), EthernetHeader.LENGTH);
        assertThat(first.totalLength()).isEqualTo(1458);
        assertThat(first.dontFragment()).as("fits eth0's 1500: DF set (IP_PMTUDISC_WANT)").isTrue();
        Ipv4Header a = new Ipv4Header().wrap(ipv4.get(1), EthernetHeader.LENGTH);
        Ipv4Header b = new Ipv4Header().wrap(ipv4.get(2), EthernetHeader.LENGTH);
        assertThat(a.totalLength()).isEqualTo(1444);
        assertThat(a.moreFragments()).isTrue();
        assertThat(a.dontFragment()).isFalse();
        assertThat(b.totalLength()).isEqualTo(34);
        assertThat(b.fragmentOffset()).isEqualTo(1424);
        assertThat(a.identification()).isEqualTo(b.identification());
    }

    @Test
    void ipRouteGetShowsTheCachedPathMtu() {
        assertThat(result.show("container-1", "ip route get 10.1.16.3").stdout()).isEqualTo(
                "10.1.16.3 via 10.1.15.1 dev eth0 src 10.1.15.2 uid 0 \n    cache expires 592sec mtu 1450 \n");
        assertThat(result.show("container-2", "ip route get 10.1.15.2").stdout()).isEqualTo(
                "10.1.15.2 via 10.1.16.1 dev eth0 src 10.1.16.3 uid 0 \n    cache \n");
    }
}
