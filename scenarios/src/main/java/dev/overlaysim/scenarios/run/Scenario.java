package dev.overlaysim.scenarios.run;

import dev.overlaysim.flannel.ClusterNode;
import dev.overlaysim.flannel.FlannelCluster;
import dev.overlaysim.flannel.Flanneld;
import dev.overlaysim.linux.CostModel;
import dev.overlaysim.linux.Host;
import dev.overlaysim.linux.Machine;
import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.World;
import dev.overlaysim.linux.device.L2Segment;
import dev.overlaysim.linux.proc.Ping;
import dev.overlaysim.linux.proc.RequestClient;
import dev.overlaysim.linux.proc.RequestServer;
import dev.overlaysim.linux.proc.TcpBulkSender;
import dev.overlaysim.linux.proc.TcpSink;
import dev.overlaysim.linux.proc.UdpSender;
import dev.overlaysim.linux.proc.UdpServer;
import dev.overlaysim.scenarios.load.ScenarioLoader;
import dev.overlaysim.scenarios.model.BackendSpec;
import dev.overlaysim.scenarios.model.CompareSpec;
import dev.overlaysim.scenarios.model.ContainerSpec;
import dev.overlaysim.scenarios.model.CostsSpec;
import dev.overlaysim.scenarios.model.FlowSpec;
import dev.overlaysim.scenarios.model.FlowTarget;
import dev.overlaysim.scenarios.model.NetworkSpec;
import dev.overlaysim.scenarios.model.NodeSpec;
import dev.overlaysim.scenarios.model.RouterSpec;
import dev.overlaysim.scenarios.model.ScenarioSpec;
import dev.overlaysim.scenarios.model.SegmentSpec;
import dev.overlaysim.scenarios.model.TimelineEvent;
import dev.overlaysim.trace.Flow;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A loaded scenario, ready to run: {@code Scenario.load(path).run()} builds the world the file
 * describes (underlay, nodes with flanneld and Docker, containers, traffic, the timeline of
 * faults), runs it to the end, and returns what happened, with every {@code expect:} checked.
 */
public final class Scenario {
    /** Time left after the last traffic or timeline event for packets, ARP retries and ICMP errors to settle. */
    public static final long SETTLE_NANOS = 5_000_000_000L;
    /** How often, in simulated time, a run with a progress listener reports. */
    public static final long PROGRESS_STEP_NANOS = 10_000_000L;

    private final ScenarioSpec spec;

    private final List<dev.overlaysim.scenarios.load.Problem> warnings;

    private Scenario(ScenarioSpec spec) { this(spec, List.of()); }

    private Scenario(ScenarioSpec spec, List<dev.overlaysim.scenarios.load.Problem> warnings) {
        this.spec = spec;
        this.warnings = List.copyOf(warnings);
    }

    private Scenario(ScenarioLoader.Checked checked) { this(checked.spec(), checked.warnings()); }

    public static Scenario load(Path path) {
        java.util.Objects.requireNonNull(path, "Scenario.load: the path is null");
        return new Scenario(ScenarioLoader.check(path));
    }
    public static Scenario fromYaml(String yaml) { return fromYaml(yaml, "<string>"); }
    public static Scenario fromYaml(String yaml, String sourceName) {
        java.util.Objects.requireNonNull(yaml, "Scenario.fromYaml: the YAML text is null; pass the scenario's text (or use Scenario.load(path))");
        return new Scenario(ScenarioLoader.checkYaml(yaml, sourceName == null ? "<string>" : sourceName));
    }
    public static Scenario of(ScenarioSpec spec) { return new Scenario(spec); }

    public ScenarioSpec spec() { return spec; }

    /** The same scenario (and warnings) with another {@code costs:}: what {@code --costs FILE} does. */
    public Scenario withCosts(CostsSpec costs) { return new Scenario(spec.withCosts(costs), warnings); }

    /**
     * What the loader warned about ({@code file:line:column: message}, sorted): the file is valid
     * but will likely not do what was meant, such as host-gw nodes on segments joined by a router.
     * Empty for a scenario made with {@link #of}.
     */
    public List<dev.overlaysim.scenarios.load.Problem> warnings() { return warnings; }

    public ScenarioResult run() { return run(RunOptions.DEFAULT); }

    public ScenarioResult run(RunOptions options) {
        long seed = options.seed().orElse(spec.seed());
        World world = new World(seed, costs(spec.costs()));
        // Checks on crossed devices read the walk, so a scenario run always records at least the hops.
        world.tracer().level(max(options.trace()));
        // A scenario shows each flow's first packet (the walk, the crossed checks): keep only those hops.
        world.tracer().walkedOnly(true);
        world.tracer().capturing(options.capture());
        world.tracer().captureTo(options.captureTo());
        Map<String, L2Segment> segments = new LinkedHashMap<>();
        for (SegmentSpec s : spec.underlay().segments()) {
            L2Segment seg = world.addSegment(s.name(), s.latencyNanos(), s.bandwidthBitsPerSecond());
            seg.loss(s.loss());
            seg.throughVeths(spec.machine().isPresent());
            segments.put(s.name(), seg);
        }
        FlannelCluster cluster = new FlannelCluster(world, spec.network().flannelConfigJson(), spec.network().legacyLeases());
        for (RouterSpec r : spec.underlay().routers()) {
            List<FlannelCluster.RouterInterface> ifs = new ArrayList<>();
            for (RouterSpec.Interface i : r.interfaces()) {
                SegmentSpec s = spec.underlay().segment(i.segment()).orElseThrow();
                ifs.add(new FlannelCluster.RouterInterface(segments.get(s.name()), i.ip().value(), s.cidr().length(), s.mtu()));
            }
            cluster.addRouter(r.name(), ifs);
        }
        for (NodeSpec n : spec.nodes()) {
            SegmentSpec s = spec.underlay().segment(n.segment()).orElseThrow();
            Flanneld.Options opts = new Flanneld.Options(n.subnet(), n.vtepMac());
            ClusterNode node = cluster.addNode(n.name(), segments.get(s.name()), n.ip().value(), s.cidr().length(),
                    s.gateway().map(g -> g.value()).orElse(0), n.mtu().orElse(s.mtu()), opts);
            if (spec.machine().isEmpty()) node.host().cpus(n.cpus());
            n.dockerMtu().ifPresent(node::dockerMtu);
            for (ContainerSpec c : n.containers()) {
                node.addContainer(c.name(), c.ip().map(ip -> OptionalInt.of(ip.value())).orElse(OptionalInt.empty()), c.prefixLength());
            }
            node.startAt(n.startNanos());
        }
        if (spec.machine().isPresent()) {
            // Every node (and router) is a set of namespaces on one machine: they share its CPUs.
            Machine machine = world.addMachine("machine", spec.machine().get().cpus());
            for (Host h : world.hosts()) h.placeOn(machine);
        }
        Map<String, List<String>> outputs = new LinkedHashMap<>();
        Map<String, Ping> pings = new LinkedHashMap<>();
        List<TcpBulkSender> senders = new ArrayList<>();
        List<RequestServer> servers = new ArrayList<>();
        LoadWindow window = LoadWindow.open(spec, world);
        for (FlowSpec f : spec.traffic()) {
            Flow flow = world.addFlow(new Flow(f.name(), f.kind(), f.from(), targetText(f.to())));
            outputs.put(f.name(), new ArrayList<>());
            world.sim().at(f.startNanos(), () -> startFlow(spec, world, cluster, f, flow, outputs.get(f.name()), pings, senders, servers));
        }
        for (TimelineEvent e : spec.timeline()) {
            world.sim().at(e.atNanos(), () -> apply(cluster, e));
        }
        long end = options.until().orElse(naturalEnd(spec));
        if (options.progress() == null) {
            world.sim().runUntil(end);
        } else {
            // Slices for the progress line, but simulated time with nothing to do costs no wall
            // time: a slice ends no earlier than the next event (a start 10 years out is one step).
            long t = 0;
            do {
                t = Math.min(end, Math.max(t + PROGRESS_STEP_NANOS, world.sim().nextEventTime()));
                world.sim().runUntil(t);
                options.progress().at(t, end);
            } while (t < end);
        }
        // a connection still open when the run ends (a stalled transfer): ss -ti as it stands
        for (TcpBulkSender s : senders) if (s.socket() != null && s.socket().state() != dev.overlaysim.linux.tcp.TcpSocket.State.CLOSED
                && s.socket().state() != dev.overlaysim.linux.tcp.TcpSocket.State.TIME_WAIT) s.report();
        for (RequestServer s : servers) s.report();
        for (Map.Entry<String, Ping> p : pings.entrySet()) {
            List<String> out = outputs.get(p.getKey());
            out.addAll(p.getValue().output());
            out.add("");
            out.addAll(p.getValue().summary());
        }
        return new ScenarioResult(spec, seed, world, cluster, outputs, window);
    }

    /**
     * Runs the scenario once per backend of its {@code compare:} section, in the section's order,
     * each with the same seed, underlay, nodes, traffic and timeline and {@code network.backend}
     * replaced ({@link #withBackend}). Empty when the file has no {@code compare:}.
     */
    public Map<String, ScenarioResult> runEachBackend(RunOptions options) {
        return runEachBackend(options, null);
    }

    /**
     * As {@link #runEachBackend(RunOptions)}, reusing {@code primary} (a result of {@link #run(RunOptions)}
     * of this scenario with the same seed and end) for the primary backend's entry instead of running
     * it again; null runs it.
     */
    public Map<String, ScenarioResult> runEachBackend(RunOptions options, ScenarioResult primary) {
        Map<String, ScenarioResult> results = new LinkedHashMap<>();
        if (spec.compare().isEmpty() || spec.compare().get().isSweep()) return results;
        RunOptions quiet = options.withProgress(null);
        for (String type : spec.compare().get().backends()) {
            boolean isPrimary = type.equals(spec.network().backend().type());
            if (isPrimary && primary != null && primary.spec() == spec) {
                results.put(type, primary);
            } else {
                results.put(type, new Scenario(withBackend(spec, type)).run(quiet));
            }
        }
        return results;
    }

    /**
     * A load curve: the scenario once per backend × offered rate of its {@code compare:} section
     * (with {@code rates:}), the rated flow sent at each rate, without {@code expect:} checks. Runs
     * side by side on this machine's cores (each world is independent), so the result is the same
     * as one after another. Null when the file has no load curve.
     */
    public Sweep runSweep(RunOptions options) {
        if (spec.compare().isEmpty() || !spec.compare().get().isSweep()) return null;
        CompareSpec c = spec.compare().get();
        String flow = sweepFlow(spec);
        RunOptions quiet = options.withProgress(null).withCapture(false);
        List<ScenarioSpec> variants = new ArrayList<>();
        for (String type : c.backends()) {
            for (CompareSpec.SweepRate r : c.rates()) variants.add(withRate(withBackend(spec, type), flow, r));
        }
        List<ScenarioResult> results = Parallel.map(variants, Parallel.availableJobs(), v -> new Scenario(v).run(quiet), "the load curve");
        Map<String, List<ScenarioResult>> byBackend = new LinkedHashMap<>();
        int i = 0;
        for (String type : c.backends()) {
            byBackend.put(type, List.copyOf(results.subList(i, i + c.rates().size())));
            i += c.rates().size();
        }
        return new Sweep(flow, c.rates(), byBackend);
    }

    /** The flow a load curve varies the rate of: {@code compare.flow}, or the scenario's only flow with a rate. */
    static String sweepFlow(ScenarioSpec spec) {
        return spec.compare().orElseThrow().flow().orElseGet(() -> spec.traffic().stream()
                .filter(x -> x instanceof FlowSpec.Udp u && u.rate().isPresent()).findFirst().orElseThrow().name());
    }

    /** The scenario with flow {@code flow} sent at {@code rate} (its duration unchanged), without checks or compare. */
    public static ScenarioSpec withRate(ScenarioSpec spec, String flow, CompareSpec.SweepRate rate) {
        List<FlowSpec> traffic = new ArrayList<>();
        for (FlowSpec f : spec.traffic()) {
            if (f.name().equals(flow) && f instanceof FlowSpec.Udp u && u.rate().isPresent()) {
                traffic.add(new FlowSpec.Udp(u.name(), u.from(), u.to(), u.port(), u.count(), u.size(), u.intervalNanos(), u.startNanos(),
                        Optional.of(new FlowSpec.Rate(rate.packetsPerSecond(), u.rate().get().durationNanos(), rate.text()))));
            } else {
                traffic.add(f);
            }
        }
        return new ScenarioSpec(spec.name(), spec.description(), spec.seed(), spec.network(), spec.underlay(), spec.nodes(), spec.costs(),
                traffic, spec.timeline(), List.of(), Optional.empty(), spec.machine());
    }

    /**
     * The scenario with another backend, as a {@code compare:} run sees it. For the file's own backend
     * type: the spec unchanged (the primary run, with its options and {@code expect:} checks). For
     * another type: that backend with its defaults; no {@code expect:} checks (they are written for
     * the primary); and, unless the type is vxlan, without the vxlan-only settings (pinned
     * {@code vtepMac}s, {@code vtepMacChange} events), which are ignored. Always without {@code compare:}
     * (except for the unchanged primary).
     */
    public static ScenarioSpec withBackend(ScenarioSpec spec, String type) {
        if (type.equals(spec.network().backend().type())) return spec;
        BackendSpec backend = switch (type) {
            case BackendSpec.Udp.TYPE -> new BackendSpec.Udp(BackendSpec.Udp.DEFAULT_PORT);
            case BackendSpec.Vxlan.TYPE -> new BackendSpec.Vxlan(BackendSpec.Vxlan.DEFAULT_VNI, BackendSpec.Vxlan.DEFAULT_PORT, false);
            case BackendSpec.HostGw.TYPE -> new BackendSpec.HostGw();
            default -> throw new IllegalArgumentException("unknown backend type '" + type + "'; expected one of: udp, vxlan, host-gw");
        };
        boolean vxlan = backend instanceof BackendSpec.Vxlan;
        var n = spec.network();
        NetworkSpec network = new NetworkSpec(n.cidr(), n.subnetLen(), n.subnetMin(), n.subnetMax(), backend, n.legacyLeases());
        List<NodeSpec> nodes = vxlan ? spec.nodes() : spec.nodes().stream()
                .map(x -> new NodeSpec(x.name(), x.ip(), x.segment(), x.subnet(), Optional.empty(), x.startNanos(), x.mtu(), x.containers(), x.cpus(), x.dockerMtu()))
                .toList();
        List<TimelineEvent> timeline = vxlan ? spec.timeline()
                : spec.timeline().stream().filter(e -> !(e instanceof TimelineEvent.VtepMacChange)).toList();
        return new ScenarioSpec(spec.name(), spec.description(), spec.seed(), network, spec.underlay(), nodes, spec.costs(),
                spec.traffic(), timeline, List.of(), Optional.empty(), spec.machine());
    }

    private static dev.overlaysim.linux.Tracer.Level max(dev.overlaysim.linux.Tracer.Level l) {
        return l == dev.overlaysim.linux.Tracer.Level.SUMMARY ? dev.overlaysim.linux.Tracer.Level.WALK : l;
    }

    /**
     * When, after its start, a flow sends its last packet: for a tcp flow when its sender stops (its
     * duration, or a flow with bytes its timeout at the latest), for a request flow when its last
     * request has ended at the latest ({@link FlowSpec.Request#lastEndNanos}: each request's slot is
     * the interval or its timeout, whichever is longer). These are bounds: a transfer that ends
     * sooner leaves the run idle until then, which costs no events.
     */
    private static long lastSendOffset(FlowSpec f) {
        if (f instanceof FlowSpec.Udp u && u.rate().isPresent()) return u.rate().get().durationNanos();
        if (f instanceof FlowSpec.Tcp t) return t.sendsForNanos();
        if (f instanceof FlowSpec.Request r) return r.lastEndNanos();
        return Math.max(0, f.count() - 1) * f.intervalNanos();
    }

    /** The scenario's own end: its last traffic or timeline event, plus time to settle. */
    public static long naturalEnd(ScenarioSpec spec) {
        long last = 0;
        for (FlowSpec f : spec.traffic()) last = Math.max(last, f.startNanos() + lastSendOffset(f));
        for (TimelineEvent e : spec.timeline()) last = Math.max(last, e.atNanos());
        for (NodeSpec n : spec.nodes()) last = Math.max(last, n.startNanos());
        return last + SETTLE_NANOS;
    }

    /** The timing model a scenario's {@code costs:} asks for: each key given replaces the model's default. */
    public static CostModel costs(CostsSpec c) {
        CostModel d = CostModel.DEFAULT;
        return new CostModel(
                c.syscall().orElse(d.syscallNanos()),
                c.copyPerKiB().isPresent() ? c.copyPerKiB().getAsLong() * 1000 / 1024 : d.copyPicosPerByte(),
                c.wakeup().orElse(d.wakeupNanos()),
                c.forward().orElse(d.stackHopNanos()),
                c.encap().orElse(d.encapNanos()),
                c.decap().orElse(d.decapNanos()),
                c.proxy().orElse(d.userProcessingNanos()),
                c.wakeupCpu().orElse(d.wakeupCpuNanos()),
                c.contextSwitch().orElse(d.contextSwitchNanos()),
                c.proxyCold().orElse(d.proxyColdNanos()),
                c.haltPoll().orElse(d.haltPollNanos()),
                c.wakeupCpuWarm().orElse(d.wakeupCpuWarmNanos()),
                c.contextSwitchWarm().orElse(d.contextSwitchWarmNanos()),
                c.wakeupLocal().orElse(d.wakeupLocalNanos()),
                c.sendmsg().orElse(d.sendmsgNanos()),
                c.poll().orElse(d.pollNanos()));
    }

    private static String targetText(FlowTarget t) {
        return t instanceof FlowTarget.Container c ? c.container() : ((FlowTarget.Address) t).ip().toString();
    }

    private static Optional<dev.overlaysim.docker.Container> container(FlannelCluster cluster, String name) {
        for (ClusterNode n : cluster.nodes()) {
            Optional<dev.overlaysim.docker.Container> c = n.container(name);
            if (c.isPresent()) return c;
        }
        return Optional.empty();
    }

    private static void startFlow(ScenarioSpec spec, World world, FlannelCluster cluster, FlowSpec f, Flow flow, List<String> out,
                                  Map<String, Ping> pings, List<TcpBulkSender> senders, List<RequestServer> servers) {
        Optional<dev.overlaysim.docker.Container> from = container(cluster, f.from());
        if (from.isEmpty()) {
            out.add("overlaysim: " + f.from() + " is not running at " + dev.overlaysim.engine.Durations.format(f.startNanos())
                    + ": flow " + f.name() + " not started");
            return;
        }
        int dst;
        Optional<dev.overlaysim.docker.Container> to = Optional.empty();
        if (f.to() instanceof FlowTarget.Container c) {
            to = container(cluster, c.container());
            if (to.isPresent()) {
                dst = to.get().ip();
            } else {
                // Not running (yet, or any more): its address is still known when the file pins it,
                // and packets go wherever the tables send them.
                OptionalInt pinned = pinnedIp(spec, c.container());
                if (pinned.isEmpty()) {
                    out.add("overlaysim: " + c.container() + " is not running at " + dev.overlaysim.engine.Durations.format(f.startNanos())
                            + " and has no fixed ip: flow " + f.name() + " not started");
                    return;
                }
                dst = pinned.getAsInt();
            }
        } else {
            dst = ((FlowTarget.Address) f.to()).ip().value();
        }
        NetNamespace ns = from.get().namespace();
        if (f instanceof FlowSpec.Ping p) {
            pings.put(f.name(), ns.host().start(new Ping(ns, dst, p.count(), p.size(), p.intervalNanos(), 64, p.dontFragment(), flow)));
        } else if (f instanceof FlowSpec.Udp u) {
            if (to.isPresent()) {
                NetNamespace dns = to.get().namespace();
                // A flow with a rate is iperf3's (-u -b): its server selects before each read.
                dns.host().start(new UdpServer(dns, u.port(), false, u.rate().isPresent()));
            }
            if (u.rate().isPresent()) {
                FlowSpec.Rate r = u.rate().get();
                ns.host().start(new UdpSender(ns, dst, u.port(), u.size(),
                        new UdpSender.Pacing(r.packetsPerSecond(), r.durationNanos()), flow));
            } else {
                ns.host().start(new UdpSender(ns, dst, u.port(), u.count(), u.size(), u.intervalNanos(), flow));
            }
        } else if (f instanceof FlowSpec.Tcp t) {
            // iperf3 -s -1 on the destination, iperf3 -c on the source
            if (to.isPresent()) {
                NetNamespace dns = to.get().namespace();
                dns.host().start(new TcpSink(dns, t.port(), flow));
            }
            senders.add(ns.host().start(new TcpBulkSender(ns, dst, t.port(), t.bytes().orElse(-1), t.sendsForNanos(), t.congestion(), flow)));
        } else if (f instanceof FlowSpec.Request r) {
            if (to.isPresent()) {
                NetNamespace dns = to.get().namespace();
                servers.add(dns.host().start(new RequestServer(dns, r.port(), r.send(), r.receive(), r.congestion(), flow)));
            }
            ns.host().start(new RequestClient(ns, dst, r.port(), r.send(), r.receive(), r.count(), r.intervalNanos(), r.timeoutNanos(),
                    r.congestion(), flow));
        }
    }

    private static OptionalInt pinnedIp(ScenarioSpec spec, String container) {
        for (NodeSpec n : spec.nodes()) {
            for (ContainerSpec c : n.containers()) {
                if (c.name().equals(container) && c.ip().isPresent()) return OptionalInt.of(c.ip().get().value());
            }
        }
        return OptionalInt.empty();
    }

    private static void apply(FlannelCluster cluster, TimelineEvent e) {
        ClusterNode n = cluster.node(e.node());
        if (e instanceof TimelineEvent.NodeJoin) n.flanneld().start();
        else if (e instanceof TimelineEvent.NodeLeave) n.leave();
        else if (e instanceof TimelineEvent.FlanneldRestart) n.restartFlanneld();
        else if (e instanceof TimelineEvent.LeaseExpire) n.expireLease();
        else if (e instanceof TimelineEvent.LinkDown) n.linkDown();
        else if (e instanceof TimelineEvent.LinkUp) n.linkUp();
        else if (e instanceof TimelineEvent.LinkLoss l) n.linkLoss(l.loss());
        else if (e instanceof TimelineEvent.BlockUdpPort b) n.blockUdpPort(b.port());
        else if (e instanceof TimelineEvent.UnblockUdpPort b) n.unblockUdpPort(b.port());
        else if (e instanceof TimelineEvent.BlockIcmp) n.blockIcmp();
        else if (e instanceof TimelineEvent.UnblockIcmp) n.unblockIcmp();
        else if (e instanceof TimelineEvent.VtepMacChange m) n.changeVtepMac(m.mac());
        else if (e instanceof TimelineEvent.ForwardPolicyDrop) n.forwardPolicyDrop(true);
        else if (e instanceof TimelineEvent.ForwardPolicyAccept) n.forwardPolicyDrop(false);
        else throw new IllegalStateException("unhandled timeline event " + e.key());
    }
}
