package dev.overlaysim.scenarios.assertions;

import static dev.overlaysim.scenarios.assertions.ScenarioAssertions.assertThat;

import dev.overlaysim.scenarios.run.Scenario;
import dev.overlaysim.scenarios.run.ScenarioResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Every example of docs/assertions.md, verbatim, one test each: the examples compile and hold.
 * {@link AssertionsDocTest} fails when an example of the page is not here, so edit both together.
 */
class AssertionsDocExamplesTest {
    // The runs the page's examples are written against (tests run in the module's directory).
    static final ScenarioResult vxlan = Scenario.load(Path.of("examples/seed-vxlan.yaml")).run();
    static final ScenarioResult udp = Scenario.load(Path.of("examples/seed-udp.yaml")).run();
    static final ScenarioResult mtu = Scenario.load(Path.of("examples/mtu-trouble.yaml")).run();

    @Test
    void scenarioAssertions_assertThat() {
        assertThat(vxlan).allExpectationsHold();
    }

    @Test
    void scenarioResult_allExpectationsHold() {
        assertThat(mtu).allExpectationsHold();
    }

    @Test
    void scenarioResult_flow() {
        assertThat(vxlan).flow("ping-1").deliveredAll();
    }

    @Test
    void scenarioResult_node() {
        assertThat(vxlan).node("node1").routeTable().holds("10.1.16.0/24 via 10.1.16.0 dev flannel.1 onlink");
    }

    @Test
    void scenarioResult_table() {
        assertThat(vxlan).table("node1", "ip neigh show dev flannel.1").holds("10.1.16.0 lladdr 5e:f8:4f:00:e3:37 PERMANENT");
        assertThat(vxlan).table("node1", "etcdctl ls /coreos.com/network/subnets").holds("/coreos.com/network/subnets/10.1.16.0-24");
    }

    @Test
    void scenarioResult_logged() {
        assertThat(vxlan).logged("node1", "Lease acquired: 10.1.15.0/24")
                .logged("node1", "adding subnet: 10.1.16.0/24 PublicIP: 10.168.0.3 VtepMAC: 5e:f8:4f:00:e3:37");
    }

    @Test
    void flow_and() {
        assertThat(mtu).flow("small").deliveredAll().and().flow("big-from-node2").nothingDelivered();
    }

    @Test
    void flow_delivered() {
        assertThat(vxlan).flow("ping-1").delivered(1);
    }

    @Test
    void flow_deliveredAll() {
        assertThat(vxlan).flow("ping-1").deliveredAll();
    }

    @Test
    void flow_nothingDelivered() {
        assertThat(mtu).flow("big-from-node2").nothingDelivered();
    }

    @Test
    void flow_dropped() {
        assertThat(mtu).flow("big-from-node2").dropped(1);
        assertThat(vxlan).flow("ping-1").dropped(0);
    }

    @Test
    void flow_droppedWith() {
        assertThat(mtu).flow("big-from-node2").droppedWith("rx-length");
    }

    @Test
    void flow_droppedAt() {
        assertThat(mtu).flow("big-from-node2").droppedAt("node1/eth0", "rx-length");
    }

    @Test
    void flow_droppedAt2() {
        assertThat(mtu).flow("big-from-node1").droppedAt("container-1/eth0", "message-too-long", 1);
    }

    @Test
    void flow_copiesOnSend() {
        assertThat(vxlan).flow("ping-1").copiesOnSend(1);   // VXLAN: the kernel encapsulates
        assertThat(udp).flow("ping-1").copiesOnSend(3);     // UDP: flanneld reads and writes the packet
    }

    @Test
    void flow_copiesOnReceive() {
        assertThat(udp).flow("ping-1").copiesOnReceive(3);
    }

    @Test
    void flow_syscallsOnSend() {
        assertThat(vxlan).flow("ping-1").syscallsOnSend(1);
        assertThat(udp).flow("ping-1").syscallsOnSend(4);
    }

    @Test
    void flow_syscallsOnReceive() {
        assertThat(vxlan).flow("ping-1").syscallsOnReceive(1);
    }

    @Test
    void flow_wakeups() {
        assertThat(vxlan).flow("ping-1").wakeups(1);
        assertThat(udp).flow("ping-1").wakeups(3);
    }

    @Test
    void flow_encapsulations() {
        assertThat(vxlan).flow("ping-1").encapsulations(1);
    }

    @Test
    void flow_crossed() {
        assertThat(vxlan).flow("ping-1").crossed("node1/docker0", "node1/flannel.1", "node1/eth0",
                "node2/eth0", "node2/flannel.1", "node2/docker0");
    }

    @Test
    void flow_latencyBetween() {
        assertThat(vxlan).flow("ping-1").latencyBetween(60_000, 70_000);   // 60–70 µs round trip (the run: 64 982 ns)
    }

    @Test
    void flow_printed() {
        assertThat(vxlan).flow("ping-1").printed("64 bytes from 10.1.16.3: icmp_seq=1 ttl=62 time=0.064 ms");
    }

    @Test
    void flow_printedLineContaining() {
        assertThat(vxlan).flow("ping-1").printedLineContaining("ttl=62");
        assertThat(mtu).flow("big-from-node1").printedLineContaining("message too long, mtu=1450");
    }

    @Test
    void table_routeTable() {
        assertThat(vxlan).node("node1").routeTable().holds("10.1.16.0/24 via 10.1.16.0 dev flannel.1 onlink");
    }

    @Test
    void table_neighbours() {
        assertThat(vxlan).node("node1").neighbours().holds("10.1.16.0 dev flannel.1 lladdr 5e:f8:4f:00:e3:37 PERMANENT");
    }

    @Test
    void table_neighboursOn() {
        assertThat(vxlan).node("node1").neighboursOn("flannel.1").holds("10.1.16.0 lladdr 5e:f8:4f:00:e3:37 PERMANENT");
    }

    @Test
    void table_fdb() {
        assertThat(vxlan).node("node1").fdb().holds("5e:f8:4f:00:e3:37 dev flannel.1 dst 10.168.0.3 self permanent");
    }

    @Test
    void table_fdbOn() {
        assertThat(vxlan).node("node1").fdbOn("flannel.1").holds("5e:f8:4f:00:e3:37 dst 10.168.0.3 self permanent");
    }

    @Test
    void table_addresses() {
        assertThat(vxlan).node("node1").addresses().holds("    inet 10.1.15.1/24 brd 10.1.15.255 scope global docker0");
    }

    @Test
    void table_link() {
        assertThat(vxlan).node("node2").link("flannel.1").holds("    link/ether 5e:f8:4f:00:e3:37 brd ff:ff:ff:ff:ff:ff");
    }

    @Test
    void table_subnetEnv() {
        assertThat(vxlan).node("node1").subnetEnv().holds("FLANNEL_SUBNET=10.1.15.1/24").holds("FLANNEL_MTU=1450");
    }

    @Test
    void table_command() {
        assertThat(vxlan).node("node1").command("ip route get 10.1.16.3").holds("10.1.16.3 via 10.1.16.0 dev flannel.1 src 10.1.15.0 uid 0");
    }

    @Test
    void table_and() {
        assertThat(vxlan).node("node1").and().flow("ping-1").deliveredAll();
    }

    @Test
    void tableOutput_holds() {
        assertThat(vxlan).table("node1", "ip route").holds("10.1.16.0/24 via 10.1.16.0 dev flannel.1 onlink");
    }

    @Test
    void tableOutput_lacks() {
        assertThat(vxlan).table("node1", "ip route").lacks("10.1.17.0/24 via 10.1.17.0 dev flannel.1 onlink");
    }

    @Test
    void tableOutput_and() {
        assertThat(vxlan).node("node1").routeTable().holds("10.1.16.0/24 via 10.1.16.0 dev flannel.1 onlink")
                .and().flow("ping-1").deliveredAll();
    }
}
