package dev.overlaysim.bench;

import dev.overlaysim.flannel.ClusterNode;
import dev.overlaysim.flannel.FlannelCluster;
import dev.overlaysim.flannel.Flanneld;
import dev.overlaysim.linux.World;
import dev.overlaysim.linux.device.L2Segment;

import java.util.OptionalInt;

import static dev.overlaysim.protocols.addr.Ipv4Address.parseInt;

/** Clusters the benchmarks run on, built from flannel's config as a scenario would build them. */
final class Topologies {
    private Topologies() {}

    static String config(String backend) {
        return "{\"Network\":\"10.1.0.0/16\",\"SubnetLen\":24,\"Backend\":{\"Type\":\"" + backend + "\"}}";
    }

    /**
     * {@code hosts} nodes on one LAN (10.168.0.0/16, 10 µs latency, 10 Gbit/s, like ns-3's anchor),
     * each with {@code containers} containers, flanneld converged (the run advanced to 1 s).
     */
    static FlannelCluster cluster(String backend, int hosts, int containers) {
        World world = new World(1);
        L2Segment lan = world.addSegment("lan", 10_000, 10_000_000_000L);
        FlannelCluster c = new FlannelCluster(world, config(backend));
        for (int h = 0; h < hosts; h++) {
            int ip = parseInt("10.168.0.0") + 2 + h;
            ClusterNode n = c.addNode("node" + (h + 1), lan, ip, 16, 0, 1500, Flanneld.Options.NONE);
            for (int k = 0; k < containers; k++) n.addContainer("c" + (h + 1) + "-" + (k + 1), OptionalInt.empty(), 0);
            n.startAt(0);
        }
        world.sim().runUntil(1_000_000_000L);
        return c;
    }
}
