package dev.overlaysim.bench;

import dev.overlaysim.docker.Container;
import dev.overlaysim.flannel.ClusterNode;
import dev.overlaysim.flannel.FlannelCluster;
import dev.overlaysim.flannel.Flanneld;
import dev.overlaysim.linux.World;
import dev.overlaysim.linux.device.L2Segment;
import dev.overlaysim.linux.proc.Ping;
import dev.overlaysim.trace.Flow;

import java.util.OptionalInt;

import static dev.overlaysim.protocols.addr.Ipv4Address.parseInt;

/**
 * The timing model against the real kernel: the mean simulated RTT of container-to-container pings
 * per backend, on an underlay as fast as the veth-and-bridge lab the reference figures come from
 * (LINUX-FACTS.md: host-gw 13–15 µs, VXLAN 19–20 µs, UDP 49–53 µs with ping -f).
 */
public final class Calibration {
    public static long meanRttNanos(String backend, long underlayLatencyNanos, int pings) {
        World world = new World(1);
        L2Segment lan = world.addSegment("lan", underlayLatencyNanos, 10_000_000_000L);
        FlannelCluster c = new FlannelCluster(world, Topologies.config(backend));
        ClusterNode n1 = c.addNode("node1", lan, parseInt("10.168.0.2"), 24, 0, 1500, Flanneld.Options.NONE);
        ClusterNode n2 = c.addNode("node2", lan, parseInt("10.168.0.3"), 24, 0, 1500, Flanneld.Options.NONE);
        n1.addContainer("c1", OptionalInt.empty(), 0);
        n2.addContainer("c2", OptionalInt.empty(), 0);
        n1.startAt(0);
        n2.startAt(0);
        world.sim().runUntil(1_000_000_000L);
        Container from = n1.containers().get(0);
        Container to = n2.containers().get(0);
        // Warm the ARP caches first, as a flood ping's RTT is dominated by warm paths.
        Flow warm = world.addFlow(new Flow("warm", "ping", "c1", "c2"));
        from.namespace().host().start(new Ping(from.namespace(), to.ip(), 1, 56, 1_000_000L, warm));
        world.sim().runUntil(world.sim().now() + 10_000_000L);
        Flow flow = world.addFlow(new Flow("ping", "ping", "c1", "c2"));
        from.namespace().host().start(new Ping(from.namespace(), to.ip(), pings, 56, 1_000_000L, flow));
        world.sim().runUntil(world.sim().now() + pings * 1_000_000L + 1_000_000_000L);
        return flow.meanLatency();
    }

    public static void main(String[] args) {
        long latency = args.length > 0 ? Long.parseLong(args[0]) : 0;
        for (String b : new String[] {"host-gw", "vxlan", "udp"}) {
            System.out.printf(java.util.Locale.ROOT, "backend=%s underlay_latency_ns=%d mean_rtt_us=%.2f%n", b, latency,
                    meanRttNanos(b, latency, 100) / 1000.0);
        }
    }
}
