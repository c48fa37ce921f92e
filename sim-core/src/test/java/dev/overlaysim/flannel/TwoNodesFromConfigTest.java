package dev.overlaysim.flannel;

import dev.overlaysim.trace.Cost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.overlaysim.flannel.LanCluster.MS;
import static dev.overlaysim.flannel.LanCluster.S;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's two-node lab for each backend, built from the network config alone: no table is set
 * by hand, only the subnets (and VTEP MACs) are pinned to the seed's so that the tables print the
 * seed's lines. node1 is 10.168.0.2, node2 10.168.0.3, both on 10.168.0.0/24 behind 10.168.0.1.
 */
class TwoNodesFromConfigTest {

    /** One backend's version of the seed: its addresses and what node1 must print. */
    record Seed(String type, String network, String subnet1, String subnet2, String container1, String container2,
                String node1IpRoute, String subnetEnv, int copies, int sendSyscalls, int receiveSyscalls,
                int sendWakeups, int receiveWakeups) {
        @Override public String toString() { return type; }
    }

    static Stream<Seed> backends() {
        return Stream.of(
                // The seed's UDP example: Network 100.96.0.0/16, container-1 100.96.1.2, container-2 100.96.2.3.
                new Seed("udp", "100.96.0.0/16", "100.96.1.0/24", "100.96.2.0/24", "100.96.1.2", "100.96.2.3",
                        "default via 10.168.0.1 dev eth0 \n"
                                + "10.168.0.0/24 dev eth0 proto kernel scope link src 10.168.0.2 \n"
                                + "100.96.0.0/16 dev flannel0 proto kernel scope link src 100.96.1.0 \n"
                                + "100.96.1.0/24 dev docker0 proto kernel scope link src 100.96.1.1 \n",
                        "FLANNEL_NETWORK=100.96.0.0/16\nFLANNEL_SUBNET=100.96.1.1/24\nFLANNEL_MTU=1472\nFLANNEL_IPMASQ=false\n",
                        // Copies 3/3, the seed's three crossings each way. Send: ping's sendto (1), flanneld's
                        // read of flannel0 (2), flanneld's sendto on :8285 (3). Receive (the reply on node1):
                        // flanneld's recvfrom (1), its write into flannel0 (2), ping's recvmsg (3).
                        // Syscalls 4/4: the same calls plus the return of flanneld's poll() on each side.
                        // Wake-ups 1/2: flanneld is woken by flannel0 on the way out; on the way back
                        // flanneld is woken by its socket, then ping by its own.
                        3, 4, 4, 1, 2),
                // The seed's VXLAN example: container-1 10.1.15.2, container-2 10.1.16.3.
                new Seed("vxlan", "10.1.0.0/16", "10.1.15.0/24", "10.1.16.0/24", "10.1.15.2", "10.1.16.3",
                        "default via 10.168.0.1 dev eth0 \n"
                                + "10.1.15.0/24 dev docker0 proto kernel scope link src 10.1.15.1 \n"
                                + "10.1.16.0/24 via 10.1.16.0 dev flannel.1 onlink \n"
                                + "10.168.0.0/24 dev eth0 proto kernel scope link src 10.168.0.2 \n",
                        "FLANNEL_NETWORK=10.1.0.0/16\nFLANNEL_SUBNET=10.1.15.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=false\n",
                        // Only ping's own copies: the kernel encapsulates in headroom. Ping's sendto is
                        // the only syscall on the way out and nothing is woken; on the way back ping is
                        // woken once and makes one recvmsg.
                        1, 1, 1, 0, 1),
                new Seed("host-gw", "10.1.0.0/16", "10.1.15.0/24", "10.1.16.0/24", "10.1.15.2", "10.1.16.3",
                        "default via 10.168.0.1 dev eth0 \n"
                                + "10.1.15.0/24 dev docker0 proto kernel scope link src 10.1.15.1 \n"
                                + "10.1.16.0/24 via 10.168.0.3 dev eth0 \n"
                                + "10.168.0.0/24 dev eth0 proto kernel scope link src 10.168.0.2 \n",
                        "FLANNEL_NETWORK=10.1.0.0/16\nFLANNEL_SUBNET=10.1.15.1/24\nFLANNEL_MTU=1500\nFLANNEL_IPMASQ=false\n",
                        // Plain routing: the same as VXLAN, without any encapsulation.
                        1, 1, 1, 0, 1));
    }

    private static LanCluster seedCluster(Seed seed) {
        String config = LanCluster.config(seed.type(), seed.network());
        // The seed shows the UDP lease as its older flannel wrote it, {"PublicIP":"10.168.0.3"}.
        LanCluster lab = seed.type().equals("udp") ? LanCluster.legacy(1, config) : LanCluster.of(1, config);
        ClusterNode n1 = lab.node("node1", "10.168.0.2", LanCluster.pinned(seed.subnet1(), LanCluster.NODE1_VTEP_MAC), 0);
        ClusterNode n2 = lab.node("node2", "10.168.0.3", LanCluster.pinned(seed.subnet2(), LanCluster.NODE2_VTEP_MAC), 0);
        n1.addContainer("container-1", LanCluster.ip(seed.container1()), 0);
        n2.addContainer("container-2", LanCluster.ip(seed.container2()), 0);
        lab.runUntil(100 * MS);
        return lab;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void containersPingEachOther(Seed seed) {
        LanCluster lab = seedCluster(seed);
        LanCluster.Pinging there = lab.ping("container-1", seed.container2(), 3, S, S);
        LanCluster.Pinging back = lab.ping("container-2", seed.container1(), 3, S, S + 500 * MS);
        lab.runUntil(5 * S);

        TraceFlowAssert.assertThat(there.flow).sent(3).delivered(3).noDrops();
        TraceFlowAssert.assertThat(back.flow).sent(3).delivered(3).noDrops();
        // UDP mode: TTL 64 − 4 (two kernel forwards, two flanneld decrements); otherwise two forwards.
        String ttl = seed.type().equals("udp") ? "ttl=60" : "ttl=62";
        assertThat(there.output().get(1)).startsWith("64 bytes from " + seed.container2() + ": icmp_seq=1 " + ttl + " time=");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void node1PrintsTheSeedsRoutes(Seed seed) {
        LanCluster lab = seedCluster(seed);

        assertThat(lab.ipRoute("node1")).isEqualTo(seed.node1IpRoute());
    }

    @Test
    void vxlanNode1HasTheSeedsNeighbourAndFdbEntries() {
        LanCluster lab = seedCluster(backends().filter(s -> s.type().equals("vxlan")).findFirst().orElseThrow());

        // $ ip neigh show dev flannel.1 ; $ bridge fdb show dev flannel.1 (iproute2 6.1 trailing spaces kept)
        assertThat(lab.ipNeighShowDev("node1", "flannel.1")).isEqualTo("10.1.16.0 lladdr 5e:f8:4f:00:e3:37 PERMANENT \n");
        assertThat(lab.bridgeFdbShowDev("node1", "flannel.1")).isEqualTo("5e:f8:4f:00:e3:37 dst 10.168.0.3 self permanent\n");
        // $ bridge fdb show | grep 5e:f8:4f:00:e3:37 — the seed's line
        assertThat(dev.overlaysim.linux.render.Iproute2.bridgeFdbShow(lab.root("node1")).lines())
                .filteredOn(l -> l.contains("5e:f8:4f:00:e3:37"))
                .containsExactly("5e:f8:4f:00:e3:37 dev flannel.1 dst 10.168.0.3 self permanent");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void etcdctlGetOfNode2sSubnetShowsItsPublicIp(Seed seed) {
        LanCluster lab = seedCluster(seed);
        String key = "/coreos.com/network/subnets/" + seed.subnet2().replace('/', '-');

        assertThat(lab.etcdctl().getV3(key, false).stdout())
                .startsWith(key + "\n")
                .contains("\"PublicIP\":\"10.168.0.3\"");
        if (seed.type().equals("udp")) {
            // The seed's own commands, as etcdctl v2 printed them.
            assertThat(lab.etcdctl().getV2(key).stdout()).isEqualTo("{\"PublicIP\":\"10.168.0.3\"}\n");
            assertThat(lab.etcdctl().lsV2("/coreos.com/network/subnets").stdout())
                    .isEqualTo("/coreos.com/network/subnets/100.96.1.0-24\n/coreos.com/network/subnets/100.96.2.0-24\n");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void subnetEnvCarriesTheBackendsMtu(Seed seed) {
        LanCluster lab = seedCluster(seed);

        assertThat(lab.node("node1").host().file(Flanneld.SUBNET_ENV)).contains(seed.subnetEnv());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void perPacketCostsOnTheLedger(Seed seed) {
        LanCluster lab = seedCluster(seed);
        LanCluster.Pinging p = lab.ping("container-1", seed.container2(), 4, S, S);
        lab.runUntil(6 * S);

        TraceFlowAssert.assertThat(p.flow).delivered(4)
                .perPacketSend(Cost.COPIES, seed.copies()).perPacketReceive(Cost.COPIES, seed.copies())
                .perPacketSend(Cost.SYSCALLS, seed.sendSyscalls()).perPacketReceive(Cost.SYSCALLS, seed.receiveSyscalls())
                // one entry and one return per syscall
                .perPacketSend(Cost.MODE_SWITCHES, 2 * seed.sendSyscalls()).perPacketReceive(Cost.MODE_SWITCHES, 2 * seed.receiveSyscalls())
                .perPacketSend(Cost.WAKEUPS, seed.sendWakeups()).perPacketReceive(Cost.WAKEUPS, seed.receiveWakeups())
                // udp: flanneld wraps the packet in a datagram; vxlan: the kernel; host-gw: nobody
                .perPacketSend(Cost.ENCAPSULATIONS, seed.type().equals("host-gw") ? 0 : 1)
                .perPacketReceive(Cost.DECAPSULATIONS, seed.type().equals("host-gw") ? 0 : 1);
    }
}
