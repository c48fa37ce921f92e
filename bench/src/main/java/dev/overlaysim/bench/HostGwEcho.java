package dev.overlaysim.bench;

import dev.overlaysim.docker.Container;
import dev.overlaysim.flannel.ClusterNode;
import dev.overlaysim.flannel.FlannelCluster;
import dev.overlaysim.linux.World;
import dev.overlaysim.linux.proc.UdpSender;
import dev.overlaysim.linux.proc.UdpServer;
import dev.overlaysim.trace.Flow;

import java.util.ArrayList;
import java.util.List;

/**
 * The topology of ns-3's anchor (shared/anchors/ns3/hostgw.cc): H hosts on one LAN, C containers
 * each, host-gw routing; every container sends K UDP echoes of SIZE bytes, one per millisecond,
 * to the same container slot on the next host. Prints echoes per second of wall time.
 */
public final class HostGwEcho {
    public record Result(long echoes, long events, double runSeconds) {
        double echoesPerSecond() { return echoes / runSeconds; }
    }

    public static Result run(int hosts, int containers, int packets, int size) {
        FlannelCluster c = Topologies.cluster("host-gw", hosts, containers);
        World world = c.world();
        List<UdpSender> senders = new ArrayList<>();
        List<ClusterNode> nodes = c.nodes();
        for (int h = 0; h < hosts; h++) {
            ClusterNode me = nodes.get(h);
            ClusterNode peer = nodes.get((h + 1) % hosts);
            for (int k = 0; k < containers; k++) {
                Container from = me.containers().get(k);
                Container to = peer.containers().get(k);
                to.namespace().host().start(new UdpServer(to.namespace(), 9000 + k, true));
                Flow flow = world.addFlow(new Flow("echo-" + h + "-" + k, "udp", from.name(), to.name()));
                senders.add(from.namespace().host().start(new UdpSender(from.namespace(), to.ip(), 9000 + k, packets, size, 1_000_000L, flow)));
            }
        }
        long eventsBefore = world.sim().eventsExecuted();
        long t0 = System.nanoTime();
        world.sim().runUntil(world.sim().now() + packets * 1_000_000L + 2_000_000_000L);
        double s = (System.nanoTime() - t0) / 1e9;
        long echoes = senders.stream().mapToLong(UdpSender::received).sum();
        return new Result(echoes, world.sim().eventsExecuted() - eventsBefore, s);
    }

    /** {@code java -cp benchmarks.jar dev.overlaysim.bench.HostGwEcho [packets]}: prints echoes_per_s like ns-3's program. */
    public static void main(String[] args) {
        int packets = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        for (int i = 0; i < 5; i++) run(2, 1, packets, 56); // warm-up: the JIT compiles the packet path first
        Result r = run(2, 1, packets, 56);
        System.out.printf(java.util.Locale.ROOT, "overlaysim hosts=2 containers=1 packets=%d run_s=%.3f echoes=%d events=%d events_per_s=%.0f echoes_per_s=%.0f%n",
                packets, r.runSeconds(), r.echoes(), r.events(), r.events() / r.runSeconds(), r.echoesPerSecond());
    }
}
