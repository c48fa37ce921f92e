package dev.overlaysim.scenarios.assertions;

import static dev.overlaysim.scenarios.assertions.ScenarioAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overlaysim.scenarios.run.Scenario;
import dev.overlaysim.scenarios.run.ScenarioResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every assertion passes on a real run when right, and fails with a readable account when wrong. */
class ScenarioAssertionsTest {

    static final Path EXAMPLES = Path.of("examples");
    static ScenarioResult vxlan;
    static ScenarioResult l2;

    @BeforeAll
    static void run() {
        vxlan = Scenario.load(EXAMPLES.resolve("seed-vxlan.yaml")).run();
        l2 = Scenario.load(EXAMPLES.resolve("l2-question.yaml")).run();
    }

    @Nested
    class Expectations {
        @Test
        void holdWhenEveryExpectItemHolds() {
            assertThat(vxlan).allExpectationsHold();
        }

        @Test
        void listEveryFailedItemWithExpectedAndActual() throws IOException {
            String yaml = Files.readString(EXAMPLES.resolve("seed-vxlan.yaml"))
                    .replace("copies: {flow: ping-1, send: 1, receive: 1}", "copies: {flow: ping-1, send: 3, receive: 1}")
                    .replace("holds: \"10.1.16.0/24 via 10.1.16.0 dev flannel.1 onlink\"", "holds: \"10.1.17.0/24 via 10.1.17.0 dev flannel.1 onlink\"");
            ScenarioResult broken = Scenario.fromYaml(yaml, "broken.yaml").run();

            assertThatThrownBy(() -> assertThat(broken).allExpectationsHold())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Expected every expect: item of scenario <seed-vxlan> to hold but <2> of <7> failed:")
                    .hasMessageContaining("#2 copies: flow ping-1\n    expected: send 3, receive 1 per packet\n    actual:   send 1, receive 1 per packet")
                    .hasMessageContaining("#3 table: node1 `ip route` holds \"10.1.17.0/24 via 10.1.17.0 dev flannel.1 onlink\"")
                    .hasMessageContaining("10.1.16.0/24 via 10.1.16.0 dev flannel.1 onlink");
        }

        @Test
        void rejectANullResult() {
            assertThatThrownBy(() -> assertThat(null).allExpectationsHold())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Expecting actual not to be null");
        }
    }

    @Nested
    class Delivery {
        @Test
        void passWhenRight() {
            assertThat(vxlan).flow("ping-1").delivered(1).deliveredAll().dropped(0);
            assertThat(l2).flow("on-link").nothingDelivered().dropped(1)
                    .and().flow("routed").deliveredAll();
        }

        @Test
        void unknownFlowNamesTheFlowsThereAre() {
            assertThatThrownBy(() -> assertThat(l2).flow("ping-1"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expected a flow named <ping-1> but the flows were <[on-link, routed]>");
        }

        @Test
        void deliveredFailsWithTheDrops() {
            assertThatThrownBy(() -> assertThat(l2).flow("on-link").delivered(1))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expected flow <on-link> to deliver <1> packets but it delivered <0> of <1> sent;"
                            + " drops: <{neigh-failed at container-1/eth0=1}>");
        }

        @Test
        void deliveredAllFailsWithTheDrops() {
            assertThatThrownBy(() -> assertThat(l2).flow("on-link").deliveredAll())
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expected flow <on-link> to deliver all it sent but it delivered <0> of <1> sent;"
                            + " drops: <{neigh-failed at container-1/eth0=1}>");
        }

        @Test
        void nothingDeliveredFailsWhenSomethingArrived() {
            assertThatThrownBy(() -> assertThat(vxlan).flow("ping-1").nothingDelivered())
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expected flow <ping-1> to deliver nothing of what it sent but it delivered <1> of <1> sent; drops: <{}>");
        }
    }

    @Nested
    class Drops {
        @Test
        void passWhenRight() {
            assertThat(l2).flow("on-link")
                    .droppedWith("neigh-failed")
                    .droppedAt("container-1/eth0", "neigh-failed")
                    .droppedAt("container-1/eth0", "neigh-failed", 1);
        }

        @Test
        void droppedCountFails() {
            assertThatThrownBy(() -> assertThat(l2).flow("on-link").dropped(2))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expected flow <on-link> to have <2> packets dropped but it had <1>;"
                            + " drops: <{neigh-failed at container-1/eth0=1}>");
        }

        @Test
        void droppedWithAnotherReasonFails() {
            assertThatThrownBy(() -> assertThat(l2).flow("on-link").droppedWith("rx-length"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expected flow <on-link> to have packets dropped with reason <rx-length>"
                            + " but the drops were <{neigh-failed at container-1/eth0=1}>");
        }

        @Test
        void droppedAtAnotherPlaceFails() {
            assertThatThrownBy(() -> assertThat(l2).flow("on-link").droppedAt("node1/docker0", "neigh-failed"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expected flow <on-link> to have packets dropped with reason <neigh-failed> at <node1/docker0>"
                            + " but the drops were <{neigh-failed at container-1/eth0=1}>");
        }

        @Test
        void droppedAtWithAnotherCountFails() {
            assertThatThrownBy(() -> assertThat(l2).flow("on-link").droppedAt("container-1/eth0", "neigh-failed", 3))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expected flow <on-link> to have <3> packets dropped with reason <neigh-failed> at <container-1/eth0>"
                            + " but it had <1>; all drops: <{neigh-failed at container-1/eth0=1}>");
        }
    }

    @Nested
    class CostsPerPacket {
        @Test
        void passWhenRight() {
            assertThat(vxlan).flow("ping-1")
                    .copiesOnSend(1).copiesOnReceive(1)
                    .syscallsOnSend(1).syscallsOnReceive(1)
                    .wakeups(1).encapsulations(1);
        }

        @Test
        void copiesOnSendFails() {
            assertThatThrownBy(() -> assertThat(vxlan).flow("ping-1").copiesOnSend(3))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expected flow <ping-1> to have <3> copies on the send path per packet but was <1> (over 1 delivered)");
        }

        @Test
        void copiesOnReceiveFails() {
            assertThatThrownBy(() -> assertThat(vxlan).flow("ping-1").copiesOnReceive(3))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expected flow <ping-1> to have <3> copies on the receive path per packet but was <1> (over 1 delivered)");
        }

        @Test
        void syscallsOnSendFails() {
            assertThatThrownBy(() -> assertThat(vxlan).flow("ping-1").syscallsOnSend(4))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expected flow <ping-1> to have <4> syscalls on the send path per packet but was <1> (over 1 delivered)");
        }

        @Test
        void syscallsOnReceiveFails() {
            assertThatThrownBy(() -> assertThat(vxlan).flow("ping-1").syscallsOnReceive(4))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expected flow <ping-1> to have <4> syscalls on the receive path per packet but was <1> (over 1 delivered)");
        }

        @Test
        void wakeupsFails() {
            assertThatThrownBy(() -> assertThat(vxlan).flow("ping-1").wakeups(3))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expected flow <ping-1> to have <3> wake-ups per packet but was <1> (over 1 delivered)");
        }

        @Test
        void encapsulationsFails() {
            assertThatThrownBy(() -> assertThat(vxlan).flow("ping-1").encapsulations(0))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expected flow <ping-1> to have <0> encapsulations per packet but was <1> (over 1 delivered)");
        }

        @Test
        void needSomethingDelivered() {
            assertThatThrownBy(() -> assertThat(l2).flow("on-link").copiesOnSend(0))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expected flow <on-link> to have copies on the send path per packet but nothing was delivered"
                            + " (<1> sent); drops: <{neigh-failed at container-1/eth0=1}>");
        }
    }

    @Nested
    class Path_ {
        @Test
        void crossedPassesForASubsequenceInOrder() {
            assertThat(vxlan).flow("ping-1")
                    .crossed("node1/docker0", "node1/flannel.1", "node1/eth0", "node2/eth0", "node2/flannel.1", "node2/docker0")
                    .crossed("container-1/eth0", "container-2/eth0");
        }

        @Test
        void crossedFailsOutOfOrderWithTheWholePath() {
            assertThatThrownBy(() -> assertThat(vxlan).flow("ping-1").crossed("node1/eth0", "node1/flannel.1"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expected flow <ping-1> to cross <node1/eth0 → node1/flannel.1> in this order but it crossed"
                            + " <container-1/eth0 → node1/vethb593bc1 → node1/docker0 → node1/flannel.1 → node1/eth0 → node2/eth0"
                            + " → node2/flannel.1 → node2/docker0 → node2/veth1813e3e → container-2/eth0>,"
                            + " where <node1/flannel.1> is missing after <node1/eth0>");
        }

        @Test
        void crossedFailsWhenNothingWasTraced() {
            assertThatThrownBy(() -> assertThat(l2).flow("on-link").crossed("node1/docker0"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expected flow <on-link> to cross <node1/docker0> in this order but it crossed"
                            + " <nothing (no packet traced)>, where <node1/docker0> is missing");
        }

        @Test
        void latencyBetweenPassesInsideTheRange() {
            assertThat(vxlan).flow("ping-1").latencyBetween(64_982, 64_982).latencyBetween(1, 1_000_000);
        }

        @Test
        void latencyBetweenFailsOutsideTheRange() {
            assertThatThrownBy(() -> assertThat(vxlan).flow("ping-1").latencyBetween(1, 1000))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expected flow <ping-1> to have a latency between <1> and <1000> ns but was <64982> ns");
        }
    }

    @Nested
    class Output {
        @Test
        void printedPassesForAWholeLine() {
            assertThat(vxlan).flow("ping-1")
                    .printed("64 bytes from 10.1.16.3: icmp_seq=1 ttl=62 time=0.064 ms")
                    .printed("1 packets transmitted, 1 received, 0% packet loss, time 0ms   ")
                    .printedLineContaining("ttl=62");
        }

        @Test
        void printedFailsWithEverythingPrinted() {
            assertThatThrownBy(() -> assertThat(vxlan).flow("ping-1").printed("ttl=62"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expected flow <ping-1> to have printed the line\n  <ttl=62>\nbut it printed:\n"
                            + "  PING 10.1.16.3 (10.1.16.3) 56(84) bytes of data.\n"
                            + "  64 bytes from 10.1.16.3: icmp_seq=1 ttl=62 time=0.064 ms\n"
                            + "\n"
                            + "  --- 10.1.16.3 ping statistics ---\n"
                            + "  1 packets transmitted, 1 received, 0% packet loss, time 0ms\n"
                            + "  rtt min/avg/max/mdev = 0.064/0.064/0.064/0.000 ms");
        }

        @Test
        void printedLineContainingFails() {
            assertThatThrownBy(() -> assertThat(vxlan).flow("ping-1").printedLineContaining("ttl=60"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("Expected flow <ping-1> to have printed a line containing <ttl=60> but it printed:\n"
                            + "  PING 10.1.16.3");
        }
    }

    @Nested
    class Tables {
        @Test
        void holdAndLackPassWhenRight() {
            assertThat(vxlan)
                    .node("node1").routeTable().holds("10.1.16.0/24 via 10.1.16.0 dev flannel.1 onlink")
                    .lacks("10.1.17.0/24 via 10.1.17.0 dev flannel.1 onlink")
                    .and().node("node1").neighbours().holds("10.1.16.0 dev flannel.1 lladdr 5e:f8:4f:00:e3:37 PERMANENT")
                    .and().node("node1").neighboursOn("flannel.1").holds("10.1.16.0 lladdr 5e:f8:4f:00:e3:37 PERMANENT")
                    .and().node("node1").fdb().holds("5e:f8:4f:00:e3:37 dev flannel.1 dst 10.168.0.3 self permanent")
                    .and().node("node1").fdbOn("flannel.1").holds("5e:f8:4f:00:e3:37 dst 10.168.0.3 self permanent")
                    .and().node("node1").addresses().holds("    inet 10.1.15.1/24 brd 10.1.15.255 scope global docker0")
                    .and().node("node1").link("flannel.1")
                    .holds("3: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000")
                    .and().node("node1").subnetEnv().holds("FLANNEL_SUBNET=10.1.15.1/24")
                    .and().node("node1").command("ip route get 10.1.16.3").holds("10.1.16.3 via 10.1.16.0 dev flannel.1 src 10.1.15.0 uid 0")
                    .and().node("node1").and()
                    .table("container-1", "ip route").holds("default via 10.1.15.1 dev eth0")
                    .and().table("node1", "etcdctl ls /coreos.com/network/subnets").holds("/coreos.com/network/subnets/10.1.16.0-24");
        }

        @Test
        void holdsFailsWithTheWholeTable() {
            assertThatThrownBy(() -> assertThat(vxlan).node("node1").routeTable().holds("10.1.16.0/24 dev flannel.1"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expected node1 `ip route` to hold the line\n  <10.1.16.0/24 dev flannel.1>\nbut it printed:\n"
                            + "  default via 10.168.0.1 dev eth0\n"
                            + "  10.1.15.0/24 dev docker0 proto kernel scope link src 10.1.15.1\n"
                            + "  10.1.16.0/24 via 10.1.16.0 dev flannel.1 onlink\n"
                            + "  10.168.0.0/24 dev eth0 proto kernel scope link src 10.168.0.2");
        }

        @Test
        void lacksFailsWithTheWholeTable() {
            assertThatThrownBy(() -> assertThat(vxlan).table("node1", "ip neigh show dev flannel.1")
                    .lacks("10.1.16.0 lladdr 5e:f8:4f:00:e3:37 PERMANENT"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expected node1 `ip neigh show dev flannel.1` to lack the line\n"
                            + "  <10.1.16.0 lladdr 5e:f8:4f:00:e3:37 PERMANENT>\nbut it printed:\n"
                            + "  10.1.16.0 lladdr 5e:f8:4f:00:e3:37 PERMANENT");
        }

        @Test
        void anUnknownCommandFailsNamingWhatIsKnown() {
            assertThatThrownBy(() -> assertThat(vxlan).table("node1", "iptables -L"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("Expected <iptables -L> to be a command overlaysim can show on <node1>"
                            + " but it was refused: unsupported command 'iptables -L'; expected one of: ip route,");
        }

        @Test
        void anUnknownPlaceFails() {
            assertThatThrownBy(() -> assertThat(vxlan).node("node9").routeTable())
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expected <ip route> to be a command overlaysim can show on <node9>"
                            + " but it was refused: no node, router or container named 'node9'");
        }
    }

    @Nested
    class Logs {
        @Test
        void loggedPassesForAFragmentOfALine() {
            assertThat(vxlan).logged("node1", "Lease acquired: 10.1.15.0/24")
                    .logged("node2", "VtepMAC: 5e:f8:4f:00:0f:00");
        }

        @Test
        void loggedFailsWithTheHostsLog() {
            assertThatThrownBy(() -> assertThat(vxlan).logged("node1", "Lease acquired: 10.1.16.0/24"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("Expected <node1> to have logged a line containing <Lease acquired: 10.1.16.0/24>"
                            + " but its log was:\n  flanneld: Using interface with name eth0 and address 10.168.0.2\n"
                            + "  flanneld: Lease acquired: 10.1.15.0/24\n");
        }

        @Test
        void loggedFailsForAHostThatLoggedNothing() {
            assertThatThrownBy(() -> assertThat(vxlan).logged("container-1", "anything"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("Expected <container-1> to have logged a line containing <anything> but its log was:\n"
                            + "(no log lines from container-1; hosts that logged: [node1, node2])");
        }
    }
}
