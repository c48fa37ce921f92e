package dev.overlaysim.bench;

import dev.overlaysim.scenarios.run.FlowResult;
import dev.overlaysim.scenarios.run.Scenario;
import dev.overlaysim.scenarios.run.ScenarioResult;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Locale;

/**
 * ns-3's flood anchor (shared/anchors/ns3/flood.cc) as a scenario, run through the same path as
 * {@code overlaysim run FILE}: the YAML text goes through {@link Scenario#fromYaml(String)} (the strict
 * loader and binder) and {@link Scenario#run()} (world, flanneld, Docker, traffic, checks, results).
 * Two nodes on one 10 Gbit/s LAN with 10 µs latency, one container each, host-gw by default; the
 * container on node1 sends 1,000,000 UDP datagrams of 1400 bytes, one every 20 µs, starting at 1 s,
 * to the container on node2. Prints packets per second of wall time like ns-3's program, so
 * {@code bench/compare-ns3.sh} can divide one by the other.
 *
 * <p>{@code java -cp benchmarks.jar dev.overlaysim.bench.RunnerFlood [udp|vxlan|host-gw] [packets] [count|rate]}
 *
 * <p>A udp flow's {@code count} is at most 1,000,000 in the scenario format, so beyond that (or with
 * {@code rate}) the flow is written as iperf3 would send it, {@code rate: 50kpps} for
 * packets / 50,000 seconds: the same mean rate, sent in bursts on iperf3's 1 ms pacing timer.
 * {@code -Doverlaysim.warmup=N} sets the packets of the warm-up run (default 100,000; 0: none).
 */
public final class RunnerFlood {
    /** The scenario format's largest udp {@code count} (ScenarioBinder's MAX_COUNT). */
    public static final long MAX_COUNT = 1_000_000;
    /** ns-3's flood: one datagram every 20 µs (50,000 per second) of 1400 bytes. */
    public static final long INTERVAL_NANOS = 20_000;
    public static final int SIZE = 1400;
    static final long DEFAULT_WARMUP = 100_000;

    /**
     * {@code cpuSeconds}: CPU time of the thread that ran the simulation (on a shared machine a steadier
     * figure than wall time); {@code allocatedBytes}: what that thread allocated during {@code run()};
     * {@code liveHeapBytes}: heap in use after a full GC at the end, with the result (and its world) still reachable.
     */
    public record Result(String backend, String mode, long packets, long sent, long delivered, long events,
                         double loadSeconds, double runSeconds, double cpuSeconds, long allocatedBytes,
                         long peakHeapBytes, long liveHeapBytes) {
        public double packetsPerSecond() { return delivered / runSeconds; }
        public double eventsPerSecond() { return events / runSeconds; }
    }

    /**
     * The scenario: ns-3's topology with Flannel's addressing (node subnets 10.1.15.0/24 and
     * 10.1.16.0/24 pinned, as in the examples), fixed seed. {@code rate} false writes
     * {@code count}/{@code interval} (at most {@link #MAX_COUNT} packets), true writes
     * {@code rate}/{@code duration}.
     */
    public static String yaml(String backend, long packets, boolean rate) {
        if (!List.of("udp", "vxlan", "host-gw").contains(backend)) {
            throw new IllegalArgumentException("unknown backend '" + backend + "'; expected one of: udp, vxlan, host-gw");
        }
        if (packets < 1) throw new IllegalArgumentException("packets must be at least 1, found " + packets);
        if (!rate && packets > MAX_COUNT) {
            throw new IllegalArgumentException("a udp count is at most " + MAX_COUNT + " in the scenario format; use the rate form for " + packets);
        }
        String send = rate
                // duration = packets × 20 µs, written in µs so it is an exact number of nanoseconds
                ? "rate: 50kpps, duration: " + packets * (INTERVAL_NANOS / 1000) + "us"
                : "count: " + packets + ", interval: 20us";
        return String.join("\n",
                "name: runner-flood",
                "description: ns-3's flood anchor (shared/anchors/ns3/flood.cc), one-way UDP container to container.",
                "seed: 1",
                "network:",
                "  cidr: 10.1.0.0/16",
                "  subnetLen: 24",
                "  backend: {type: " + backend + "}",
                "underlay:",
                "  segments:",
                "    - {name: lan, cidr: 10.168.0.0/16, latency: 10us, bandwidth: 10Gbit}",
                "nodes:",
                "  - name: node1",
                "    ip: 10.168.0.2",
                "    subnet: 10.1.15.0/24",
                "    containers:",
                "      - {name: container-1, ip: 10.1.15.2}",
                "  - name: node2",
                "    ip: 10.168.0.3",
                "    subnet: 10.1.16.0/24",
                "    containers:",
                "      - {name: container-2, ip: 10.1.16.2}",
                "traffic:",
                "  - udp: {name: flood, from: container-1, to: container-2, port: 5201, size: " + SIZE + ", " + send + ", start: 1s}",
                "expect:",
                "  - delivered: {flow: flood}",
                "");
    }

    /** Loads and runs the scenario once; fails loudly unless every datagram sent was delivered. */
    public static Result run(String backend, long packets, boolean rate) {
        resetPeaks();
        String text = yaml(backend, packets, rate);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long t0 = System.nanoTime();
        Scenario scenario = Scenario.fromYaml(text, "runner-flood.yaml");
        long t1 = System.nanoTime();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long alloc0 = threads.getCurrentThreadAllocatedBytes();
        ScenarioResult result = scenario.run();
        long t2 = System.nanoTime();
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        long allocated = threads.getCurrentThreadAllocatedBytes() - alloc0;
        FlowResult flow = result.flow("flood");
        // The count form must send exactly what it says; the rate form sends what the pacing allows
        // in its duration. Either way every datagram sent must arrive, or the figure means nothing.
        if (flow.sent() == 0 || flow.delivered() != flow.sent() || (!rate && flow.sent() != packets) || !result.passed()) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "RunnerFlood %s: sent %d of %d, delivered %d, drops %s, checks %s", backend, flow.sent(), packets,
                    flow.delivered(), flow.drops(), result.checks()));
        }
        long peak = peakHeap();
        long live = liveHeap();
        Result r = new Result(backend, rate ? "rate" : "count", packets, flow.sent(), flow.delivered(), result.eventsExecuted(),
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, cpu / 1e9, allocated, peak, live);
        java.lang.ref.Reference.reachabilityFence(result); // the live figure is with the result in memory
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

    /** Sum of the heap pools' peaks since {@link #resetPeaks}: includes garbage not yet collected. */
    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
        }
        return sum;
    }

    public static void main(String[] args) {
        String backend = args.length > 0 ? args[0] : "host-gw";
        long packets = args.length > 1 ? Long.parseLong(args[1]) : MAX_COUNT;
        boolean rate = args.length > 2 ? switch (args[2]) {
            case "rate" -> true;
            case "count" -> false;
            default -> throw new IllegalArgumentException("expected count or rate, found '" + args[2] + "'");
        } : packets > MAX_COUNT;
        long warmup = Long.getLong("overlaysim.warmup", DEFAULT_WARMUP);
        // Warm-up: the JIT compiles the loader and the packet path first (ns-3 is compiled ahead of time).
        if (warmup > 0) run(backend, Math.min(packets, warmup), rate);
        Result r = run(backend, packets, rate);
        System.out.printf(Locale.ROOT,
                "overlaysim flood backend=%s mode=%s packets=%d size=%d load_s=%.3f run_s=%.3f cpu_s=%.3f sent=%d received=%d events=%d"
                        + " events_per_s=%.0f packets_per_s=%.0f alloc_bytes_per_packet=%.0f peak_heap_mb=%d live_heap_mb=%d%n",
                r.backend(), r.mode(), r.packets(), SIZE, r.loadSeconds(), r.runSeconds(), r.cpuSeconds(), r.sent(), r.delivered(),
                r.events(), r.eventsPerSecond(), r.packetsPerSecond(), r.allocatedBytes() / (double) r.sent(),
                r.peakHeapBytes() / (1024 * 1024), r.liveHeapBytes() / (1024 * 1024));
    }
}
