package dev.overlaysim.scenarios.examples;

import static dev.overlaysim.scenarios.assertions.ScenarioAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.overlaysim.scenarios.model.BackendSpec;
import dev.overlaysim.scenarios.run.RunOptions;
import dev.overlaysim.scenarios.run.Scenario;
import dev.overlaysim.scenarios.run.ScenarioResult;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code three-backends.yaml}: the same lab and traffic over udp, vxlan and host-gw. The primary run
 * (vxlan) carries the expect: checks; {@code compare:} runs each listed backend, side by side.
 */
class ThreeBackendsExampleTest {
    static Scenario scenario;
    static ScenarioResult primary;
    static Map<String, ScenarioResult> compare;

    @BeforeAll
    static void run() {
        scenario = Scenario.load(Examples.DIRECTORY.resolve("three-backends.yaml"));
        primary = scenario.run();
        compare = scenario.runEachBackend(RunOptions.DEFAULT);
    }

    @Test
    void thePrimaryRunIsVxlanAndItsExpectationsHold() {
        assertThat(primary.spec().network().backend().type()).isEqualTo(BackendSpec.Vxlan.TYPE);
        assertThat(primary).allExpectationsHold();
        assertThat(primary)
                .flow("ping-1").delivered(5).copiesOnSend(1).copiesOnReceive(1).encapsulations(1)
                .and().flow("udp-1").delivered(10).copiesOnSend(1).copiesOnReceive(1).encapsulations(1);
    }

    @Test
    void eachBackendRunsInTheListedOrderWithTheSameSeedAndTraffic() {
        assertThat(compare).containsOnlyKeys("udp", "vxlan", "host-gw");
        assertThat(compare.keySet()).containsExactly("udp", "vxlan", "host-gw");
        compare.forEach((type, r) -> {
            assertThat(r.spec().network().backend().type()).as("backend of the %s run", type).isEqualTo(type);
            assertThat(r.seed()).as("seed of the %s run", type).isEqualTo(primary.seed());
            assertThat(r.spec().traffic()).as("traffic of the %s run", type).isEqualTo(primary.spec().traffic());
            assertThat(r.spec().nodes()).extracting(n -> n.subnet().orElseThrow().toString())
                    .containsExactly("10.1.15.0/24", "10.1.16.0/24");
        });
    }

    @Test
    void everyBackendDeliversEverything() {
        compare.forEach((type, r) -> assertThat(r)
                .flow("ping-1").delivered(5)
                .and().flow("udp-1").delivered(10));
    }

    @Test
    void theUdpBackendCopiesThreeTimesEachWayAndTheKernelBackendsOnce() {
        assertThat(compare.get("udp"))
                .flow("ping-1").copiesOnSend(3).copiesOnReceive(3)
                .and().flow("udp-1").copiesOnSend(3).copiesOnReceive(3);
        assertThat(compare.get("vxlan"))
                .flow("ping-1").copiesOnSend(1).copiesOnReceive(1)
                .and().flow("udp-1").copiesOnSend(1).copiesOnReceive(1);
        assertThat(compare.get("host-gw"))
                .flow("ping-1").copiesOnSend(1).copiesOnReceive(1)
                .and().flow("udp-1").copiesOnSend(1).copiesOnReceive(1);
    }

    @Test
    void udpAndVxlanEncapsulateHostGwDoesNot() {
        for (String flow : new String[] {"ping-1", "udp-1"}) {
            assertThat(compare.get("udp")).flow(flow).encapsulations(1);
            assertThat(compare.get("vxlan")).flow(flow).encapsulations(1);
            assertThat(compare.get("host-gw")).flow(flow).encapsulations(0);
        }
    }

    @Test
    void hostGwIsFastestThenVxlanThenUdp() {
        for (String flow : new String[] {"ping-1", "udp-1"}) {
            long hostGw = latency("host-gw", flow);
            long vxlan = latency("vxlan", flow);
            long udp = latency("udp", flow);
            assertThat(hostGw).as("%s: host-gw < vxlan", flow).isPositive().isLessThan(vxlan);
            assertThat(vxlan).as("%s: vxlan < udp", flow).isLessThan(udp);
        }
    }

    @Test
    void theVxlanColumnIsThePrimaryRunAndOnlyItIsChecked() {
        assertThat(compare.get("vxlan").flows()).isEqualTo(primary.flows());
        assertThat(compare.get("vxlan").checks()).hasSameSizeAs(primary.checks());
        assertThat(compare.get("udp").checks()).as("expect: applies to the primary only").isEmpty();
        assertThat(compare.get("host-gw").checks()).as("expect: applies to the primary only").isEmpty();
        assertThat(scenario.runEachBackend(RunOptions.DEFAULT, primary).get("vxlan")).isSameAs(primary);
    }

    @Test
    void thePinnedVtepMacAppliesToVxlanAndIsIgnoredByTheOthers() {
        assertThat(compare.get("vxlan")).node("node1").neighboursOn("flannel.1")
                .holds("10.1.16.0 lladdr 5e:f8:4f:00:e3:37 PERMANENT");
        assertThat(compare.get("udp").spec().nodes()).allSatisfy(n -> assertThat(n.vtepMac()).isEmpty());
        assertThat(compare.get("host-gw").spec().nodes()).allSatisfy(n -> assertThat(n.vtepMac()).isEmpty());
        assertThat(compare.get("host-gw")).node("node1").routeTable().holds("10.1.16.0/24 via 10.168.0.3 dev eth0");
        assertThat(compare.get("udp")).node("node1").routeTable().holds("10.1.0.0/16 dev flannel0 proto kernel scope link src 10.1.15.0");
    }

    private static long latency(String backend, String flow) {
        return compare.get(backend).flow(flow).perPacket().latencyNanos();
    }
}
