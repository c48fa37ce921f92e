package dev.overlaysim.bench;

import dev.overlaysim.docker.Container;
import dev.overlaysim.flannel.ClusterNode;
import dev.overlaysim.flannel.FlannelCluster;
import dev.overlaysim.flannel.Flanneld;
import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.World;
import dev.overlaysim.linux.device.L2Segment;
import dev.overlaysim.linux.device.VxlanDevice;
import dev.overlaysim.linux.proc.Ping;
import dev.overlaysim.trace.Flow;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import static dev.overlaysim.protocols.addr.Ipv4Address.parseInt;

/**
 * Scale: N VXLAN nodes start flanneld at once and converge (every node ends up with a route, a
 * neighbour and an FDB entry for each of the N−1 others), then every node's container pings the
 * container on the next node once. Prints wall time, events, peak heap, the heap still in use after
 * a full GC at the end (the live set: the world's tables) and node1's table sizes.
 *
 * <p>{@code java -Xmx8g -cp benchmarks.jar dev.overlaysim.bench.ScaleRun 100 1000 5000}
 */
public final class ScaleRun {
    /** {@code liveHeapBytes}: heap in use after a full GC at the end, with the world still reachable. */
    public record Result(int nodes, double convergeSeconds, double totalSeconds, long events, long peakHeapBytes,
                         long liveHeapBytes, int routes, int neighbours, int fdbEntries, long pingsSent, long pingsDelivered) {}

    public static Result run(int n) {
        resetPeaks();
        long t0 = System.nanoTime();
        World world = new World(1);
        L2Segment lan = world.addSegment("lan", 10_000, 10_000_000_000L);
        // a /16 of subnets holds 255 nodes; use a /8 network with /24 subnets for the big runs
        FlannelCluster c = new FlannelCluster(world, "{\"Network\":\"10.0.0.0/8\",\"SubnetLen\":24,\"Backend\":{\"Type\":\"vxlan\"}}");
        for (int h = 0; h < n; h++) {
            int ip = parseInt("172.16.0.0") + 2 + h;
            ClusterNode node = c.addNode("node" + (h + 1), lan, ip, 12, 0, 1500, Flanneld.Options.NONE);
            node.addContainer("c" + (h + 1), OptionalInt.empty(), 0);
            node.startAt(0);
        }
        world.sim().runUntil(1_000_000_000L);
        double converge = (System.nanoTime() - t0) / 1e9;
        List<Flow> flows = new ArrayList<>();
        List<ClusterNode> nodes = c.nodes();
        for (int h = 0; h < n; h++) {
            Container from = nodes.get(h).containers().get(0);
            Container to = nodes.get((h + 1) % n).containers().get(0);
            Flow f = world.addFlow(new Flow("ping-" + h, "ping", from.name(), to.name()));
            flows.add(f);
            NetNamespace ns = from.namespace();
            ns.host().start(new Ping(ns, to.ip(), 1, 56, 1_000_000_000L, f));
        }
        world.sim().runUntil(world.sim().now() + 5_000_000_000L);
        double total = (System.nanoTime() - t0) / 1e9;
        NetNamespace root1 = nodes.get(0).host().root();
        VxlanDevice vtep = (VxlanDevice) root1.device("flannel.1");
        long sent = flows.stream().mapToLong(Flow::sent).sum();
        long delivered = flows.stream().mapToLong(Flow::delivered).sum();
        long peak = peakHeap();
        long live = liveHeap();
        Result r = new Result(n, converge, total, world.sim().eventsExecuted(), peak, live,
                root1.routes().size(), root1.neighbours().size(), vtep.fdb().size(), sent, delivered);
        java.lang.ref.Reference.reachabilityFence(world); // the live figure is with the world in memory
        return r;
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) p.resetPeakUsage();
    }

    /** Heap used after a full collection: the live set. */
    private static long liveHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
        }
        return sum;
    }

    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[] {100, 1000, 5000} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        for (int n : sizes) {
            Result r = run(n);
            System.out.printf(java.util.Locale.ROOT,
                    "overlaysim scale nodes=%d converge_s=%.2f total_s=%.2f events=%d peak_heap_mb=%d live_heap_mb=%d node1_routes=%d node1_neighbours=%d node1_fdb=%d pings=%d/%d%n",
                    r.nodes(), r.convergeSeconds(), r.totalSeconds(), r.events(), r.peakHeapBytes() / (1024 * 1024),
                    r.liveHeapBytes() / (1024 * 1024),
                    r.routes(), r.neighbours(), r.fdbEntries(), r.pingsDelivered(), r.pingsSent());
        }
    }
}
