package dev.overlaysim.scenarios.run;

import dev.overlaysim.flannel.FlannelCluster;
import dev.overlaysim.linux.Cpu;
import dev.overlaysim.linux.Host;
import dev.overlaysim.linux.Tracer;
import dev.overlaysim.scenarios.model.FlowSpec;
import dev.overlaysim.linux.World;
import dev.overlaysim.scenarios.model.Expectation;
import dev.overlaysim.scenarios.model.ScenarioSpec;
import dev.overlaysim.trace.Cost;
import dev.overlaysim.trace.Flow;
import dev.overlaysim.trace.Hop;
import dev.overlaysim.trace.HopAction;
import dev.overlaysim.trace.PacketContext;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a scenario run produced: the flows' outcomes and costs, the verdict on each
 * {@code expect:} item, the walk (hops), daemons' log lines, captured frames, and the final state
 * of every node, which {@link #show} prints as the real tools would.
 */
public final class ScenarioResult {
    private final ScenarioSpec spec;
    private final long seed;
    private final World world;
    private final FlannelCluster cluster;
    private final Map<String, FlowResult> flows = new LinkedHashMap<>();
    private final List<CheckResult> checks;

    ScenarioResult(ScenarioSpec spec, long seed, World world, FlannelCluster cluster, Map<String, List<String>> outputs,
                   LoadWindow window) {
        this.spec = spec;
        this.seed = seed;
        this.world = world;
        this.cluster = cluster;
        List<Flow> load = new ArrayList<>();
        for (Flow f : world.flows()) {
            Optional<FlowSpec.Rate> rate = rateOf(spec, f.name());
            if (rate.isPresent() || isTcp(spec, f.name())) load.add(f);
            flows.put(f.name(), toResult(f, outputs.getOrDefault(f.name(), List.of()), rate, tcpOf(spec, f)));
        }
        this.hosts = window == null ? List.of() : window.hostLoads(world, load);
        this.checks = new Checks(this).evaluate(spec.expect());
    }

    private final List<HostLoad> hosts;

    private static Optional<FlowSpec.Rate> rateOf(ScenarioSpec spec, String flow) {
        for (FlowSpec f : spec.traffic()) {
            if (f.name().equals(flow) && f instanceof FlowSpec.Udp u) return u.rate();
        }
        return Optional.empty();
    }

    private static boolean isTcp(ScenarioSpec spec, String flow) {
        return spec.traffic().stream().anyMatch(f -> f.name().equals(flow) && f instanceof FlowSpec.Tcp);
    }

    /**
     * What a tcp or request flow's connections reported, read from its trace flow; empty for other
     * kinds. A tcp flow's goodput is over the span from its connect() to the last byte its receiver
     * read: iperf3's receiver counts from the test's start too, which comes before the first byte.
     */
    static Optional<TcpResult> tcpOf(ScenarioSpec spec, Flow f) {
        for (FlowSpec s : spec.traffic()) {
            if (!s.name().equals(f.name())) continue;
            if (s instanceof FlowSpec.Tcp t) {
                return Optional.of(new TcpResult(f.retransmits(), f.tcpInfo(), Optional.of(TcpResult.Transfer.read(
                        f.deliveredBytes(), t.startNanos(), f.lastDeliveredAt(), t.bytes(), t.timeoutNanos())), Optional.empty()));
            }
            if (s instanceof FlowSpec.Request r) {
                return Optional.of(new TcpResult(f.retransmits(), f.tcpInfo(), Optional.empty(),
                        Optional.of(new TcpResult.Requests(r.count(), f.exchanges(), r.timeoutNanos()))));
            }
        }
        return Optional.empty();
    }

    /** Per host, CPU time and per-process costs, when some flow was sent at a rate or was a tcp flow; empty otherwise. */
    public List<HostLoad> hosts() { return hosts; }

    private static FlowResult toResult(Flow f, List<String> output, Optional<FlowSpec.Rate> rate, Optional<TcpResult> tcp) {
        PerPacket pp = new PerPacket(
                f.perPacketSend(Cost.COPIES), f.perPacketReceive(Cost.COPIES),
                f.perPacketSend(Cost.COPY_BYTES), f.perPacketReceive(Cost.COPY_BYTES),
                f.perPacketSend(Cost.SYSCALLS), f.perPacketReceive(Cost.SYSCALLS),
                f.perPacketSend(Cost.MODE_SWITCHES) + f.perPacketReceive(Cost.MODE_SWITCHES),
                f.perPacketSend(Cost.WAKEUPS) + f.perPacketReceive(Cost.WAKEUPS),
                f.perPacketSend(Cost.ENCAPSULATIONS) + f.perPacketReceive(Cost.ENCAPSULATIONS),
                f.perPacketSend(Cost.DECAPSULATIONS) + f.perPacketReceive(Cost.DECAPSULATIONS),
                f.meanLatency());
        // Per second of the flow's duration, as iperf3 reports over its -t: a sender whose CPU kept
        // it below the rate shows it as a lower offered rate.
        Optional<Throughput> t = rate.map(r -> {
            double seconds = r.durationNanos() / 1e9;
            return new Throughput(r.text(), f.sent() / seconds, f.delivered() / seconds, f.sentBytes() * 8 / seconds / 1e6,
                f.deliveredBytes() * 8 / seconds / 1e6, f.sent() == 0 ? 0 : 100.0 * (f.sent() - f.delivered()) / f.sent(),
                f.latencyPercentile(50), f.latencyPercentile(90), f.latencyPercentile(99), f.maxLatency(), f.jitter());
        });
        return new FlowResult(f.name(), f.kind(), f.from(), f.to(), f.sent(), f.delivered(), f.drops(), pp,
                f.icmpErrors(), List.copyOf(output), t, tcp);
    }

    /** The scenario that ran (for a {@code compare:} run, with its backend replaced). */
    public ScenarioSpec spec() { return spec; }
    /** The seed the run used: the file's, or {@link RunOptions#seed()}. */
    public long seed() { return seed; }
    /** The simulated world at the end of the run: hosts, namespaces, devices, tables (for deeper inspection). */
    public World world() { return world; }
    /** The Flannel cluster at the end of the run: nodes, flanneld, the etcd registry. */
    public FlannelCluster cluster() { return cluster; }
    /** The simulated time, in nanoseconds, at which the run stopped. */
    public long endTime() { return world.sim().now(); }
    /** How many simulator events ran. */
    public long eventsExecuted() { return world.sim().eventsExecuted(); }

    /** Every flow of {@code traffic:}, in file order. */
    public List<FlowResult> flows() { return new ArrayList<>(flows.values()); }

    /**
     * The flow of that name.
     *
     * @throws IllegalArgumentException when the scenario has no such flow (the message lists the flows)
     */
    public FlowResult flow(String name) {
        FlowResult f = flows.get(name);
        if (f == null) throw new IllegalArgumentException("no flow named '" + name + "'; flows: " + flows.keySet());
        return f;
    }

    /** The verdict on each {@code expect:} item, in file order. */
    public List<CheckResult> checks() { return Collections.unmodifiableList(checks); }
    /** True when every {@code expect:} item held (also when there are none); the CLI's exit 0 rather than 1. */
    public boolean passed() { return checks.stream().allMatch(CheckResult::passed); }

    /** The recorded hops: each flow's first packet (and its answers), as the walk prints them. */
    public List<Hop> hops() { return world.tracer().hops(); }
    /** The daemons' log lines (flanneld, ...), in time order. */
    public List<Tracer.LogLine> log() { return world.tracer().logLines(); }

    /**
     * Every frame seen on every interface, one capture per interface (what {@code --pcap} writes).
     *
     * @throws IllegalStateException when the run did not capture: run with
     *         {@code RunOptions.DEFAULT.withCapture(true)} (captures are off by default: they keep every frame in memory)
     */
    public List<Tracer.Capture> captures() {
        if (!world.tracer().capturing()) {
            throw new IllegalStateException("this run kept no captures; run it with RunOptions.DEFAULT.withCapture(true)"
                    + " (captures are off by default: they keep every frame of the run in memory)");
        }
        if (world.tracer().streaming()) {
            throw new IllegalStateException("this run streamed its frames to a capture sink as they were seen (RunOptions.withCaptureTo)"
                    + " and kept none; run it with RunOptions.DEFAULT.withCapture(true) to keep them");
        }
        return world.tracer().captures();
    }

    /** Runs a table command on a node, router or container (or etcdctl against the cluster) at the end of the run. */
    public HostCommands.Output show(String where, String command) {
        return HostCommands.run(world, cluster, where, command);
    }

    /** The hops of the flow's first packet (for a ping, its first echo request). */
    public List<Hop> walkOfFirstPacket(String flowName) {
        Flow f = world.flow(flowName);
        if (f == null || f.sent() == 0) return List.of();
        return walkOf(f.firstSentPacketId());
    }

    /**
     * Every hop of one packet (all its fragments), in the order they happened. Hops are recorded as
     * the code runs and a hop's time includes the work the packet has accrued, so fragments sent in
     * one call interleave; the sort is stable, so hops at one instant keep the kernel's order.
     */
    public List<Hop> walkOf(long packetId) {
        List<Hop> out = new ArrayList<>();
        for (Hop h : world.tracer().hops()) if (h.packetId() == packetId) out.add(h);
        out.sort(Comparator.comparingLong(Hop::time));
        return out;
    }

    /**
     * The packets that exist because of packet {@code packetId} and travel back to its sender: its echo
     * reply and the ICMP errors it caused, by id, in the order they were made. ARP is not among them:
     * a walk shows the ARP exchange where its packet waited for it.
     */
    public List<Long> answersTo(long packetId) {
        Set<Long> ids = new LinkedHashSet<>();
        for (Hop h : world.tracer().hops()) {
            if (h.causeId() == packetId && (h.kind().equals(PacketContext.ECHO_REPLY) || h.kind().equals(PacketContext.ICMP_ERROR))) {
                ids.add(h.packetId());
            }
        }
        return new ArrayList<>(ids);
    }

    /**
     * The devices a flow's first packet was received or transmitted on, in order, as {@code place/device}.
     * A fragmented packet's way is its first fragment's: the others take the same routes.
     */
    public List<String> devicesCrossed(String flowName) {
        List<String> out = new ArrayList<>();
        for (Hop h : walkOfFirstPacket(flowName)) {
            if (h.fragment() != null && !h.fragment().startsWith("frag 1/")) continue;
            if (h.action() == HopAction.RECEIVED || h.action() == HopAction.TRANSMITTED) {
                String p = h.namespace() + "/" + h.device();
                if (out.isEmpty() || !out.get(out.size() - 1).equals(p)) out.add(p);
            }
        }
        return out;
    }

    /**
     * The first of {@code placesInOrder} ({@code host/device}) that the flow's first packet did not
     * cross after the ones before it, or -1 when it crossed them all in this order (others may come
     * between): the {@code crossed:} check and the JUnit assertion both match with it.
     */
    public int firstNotCrossed(String flowName, List<String> placesInOrder) {
        int j = 0;
        for (String p : devicesCrossed(flowName)) if (j < placesInOrder.size() && p.equals(placesInOrder.get(j))) j++;
        return j == placesInOrder.size() ? -1 : j;
    }

    /**
     * Evaluates further {@code expect:}-style items against this result, with the same wording as the
     * scenario's own checks (labs use this for their run checks).
     */
    public List<CheckResult> evaluate(List<Expectation> expectations) { return new Checks(this).evaluate(expectations); }

    /** One {@code expect:} item's verdict on this run: the scenario file's checks and the JUnit assertions both decide here. */
    public CheckResult check(Expectation expectation) { return new Checks(this).evaluate(List.of(expectation)).get(0); }
}
