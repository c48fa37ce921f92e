package dev.overlaysim.flannel;

import dev.overlaysim.linux.World;
import dev.overlaysim.linux.device.L2Segment;
import dev.overlaysim.protocols.addr.Ipv4Prefix;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import static dev.overlaysim.protocols.addr.Ipv4Address.parseInt;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Network 10.1.0.0/16 with SubnetLen 24 holds 256 subnets, but flannel skips the first: SubnetMin
 * defaults to 10.1.1.0 and SubnetMax to 10.1.255.0, so 255 nodes can have one. 256 nodes start at
 * once on one /16 underlay; no containers, so Docker only makes docker0.
 */
class SubnetExhaustionTest {
    private static final int NODES = 256;

    @Test
    void theFirst255NodesShareSubnetMinToSubnetMaxAndThe256thIsOutOfSubnets() {
        World world = new World(7);
        L2Segment lan = world.addSegment("lan", 1_000, 10_000_000_000L);
        FlannelCluster cluster = new FlannelCluster(world, "{\"Network\":\"10.1.0.0/16\",\"SubnetLen\":24,\"Backend\":{\"Type\":\"host-gw\"}}");
        List<ClusterNode> nodes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            ClusterNode n = cluster.addNode("node" + (i + 1), lan, parseInt("10.168.1.1") + i, 16, 0, 1500, Flanneld.Options.NONE);
            n.startAt(0);
            nodes.add(n);
        }
        world.sim().runUntil(1_000_000_000L);

        TreeSet<Ipv4Prefix> subnets = new TreeSet<>(java.util.Comparator.comparingLong(p -> p.address() & 0xFFFF_FFFFL));
        for (ClusterNode n : nodes.subList(0, NODES - 1)) {
            assertThat(n.flanneld().running()).as(n.name() + " running").isTrue();
            subnets.add(n.flanneld().lease().orElseThrow().subnet());
        }
        // 255 distinct subnets: every /24 from SubnetMin 10.1.1.0 to SubnetMax 10.1.255.0, none outside.
        assertThat(subnets).hasSize(255);
        assertThat(subnets.first()).isEqualTo(Ipv4Prefix.parse("10.1.1.0/24"));
        assertThat(subnets.last()).isEqualTo(Ipv4Prefix.parse("10.1.255.0/24"));
        assertThat(subnets).allSatisfy(s -> assertThat(s.length()).isEqualTo(24));
        assertThat(subnets).doesNotContain(Ipv4Prefix.parse("10.1.0.0/24"));
        assertThat(cluster.subnets().leases()).hasSize(255);

        ClusterNode last = nodes.get(NODES - 1);
        assertThat(last.flanneld().running()).isFalse();
        assertThat(last.flanneld().lease()).isEmpty();
        assertThat(world.host("node256").logLines()).anySatisfy(l -> assertThat(l)
                .contains("flanneld: Error registering network: failed to acquire lease: out of subnets"));
        // It wrote no subnet.env, so Docker never started.
        assertThat(last.host().file(Flanneld.SUBNET_ENV)).isEqualTo(Optional.empty());
        assertThat(last.docker().docker0()).isNull();
    }
}
