package dev.overlaysim.scenarios.twin;

import dev.overlaysim.docker.Container;
import dev.overlaysim.flannel.ClusterNode;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.scenarios.model.CompareSpec;
import dev.overlaysim.scenarios.model.FlowSpec;
import dev.overlaysim.scenarios.model.FlowTarget;
import dev.overlaysim.scenarios.model.MachineSpec;
import dev.overlaysim.scenarios.model.SegmentSpec;
import dev.overlaysim.scenarios.model.UnderlaySpec;
import dev.overlaysim.scenarios.model.ScenarioSpec;
import dev.overlaysim.scenarios.run.HostLoad;
import dev.overlaysim.scenarios.run.RunOptions;
import dev.overlaysim.scenarios.run.Scenario;
import dev.overlaysim.scenarios.run.ScenarioResult;
import dev.overlaysim.scenarios.run.TcpResult;
import dev.overlaysim.scenarios.run.Throughput;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The twin under load: every flow sent at a rate, per backend ({@code compare: backends:}, else
 * the file's) and per offered rate, once in the simulator and once on the kernel, where iperf3
 * sends it ({@code iperf3 -u -l SIZE -b BITS -t SECONDS} in the sender's namespace, a one-off
 * {@code iperf3 -s} in the receiver's) through the lab {@link NetnsTestbed} builds from the
 * simulated world — for the UDP backend through its flanneld-like forwarder, whose CPU time and
 * context switches are read from {@code /proc} before and after ({@link ProcFiles}). One lab per
 * backend serves all its rates; it is removed when they are done, on failure and on SIGTERM/SIGINT
 * (the lab's shutdown hook), and every iperf3 runs under {@code timeout}, so it ends by itself.
 */
final class TwinLoad {
    /**
     * @param rates   the offered rates ({@code --rates}); empty: each flow's own
     * @param seconds how long each rate is sent, in the simulator and by iperf3 ({@code --seconds})
     * @param repeat  how many times the kernel's side runs each rate and each bulk tcp flow, one
     *                after another ({@code --repeat}): each of its figures is then the median of the runs
     */
    record Options(List<CompareSpec.SweepRate> rates, int seconds, OptionalLong seed, PrintWriter progress, int repeat) {
        Options {
            rates = List.copyOf(rates);
            if (repeat < 1) throw new IllegalArgumentException("repeat " + repeat + " < 1");
        }

        Options(List<CompareSpec.SweepRate> rates, int seconds, OptionalLong seed, PrintWriter progress) {
            this(rates, seconds, seed, progress, 1);
        }
    }

    /** The seconds iperf3 may take beyond its -t before {@code timeout} ends it (connecting, the results exchange). */
    private static final int IPERF3_GRACE_SECONDS = 15;

    private final Shell shell = new Shell();
    private final Options options;

    /** This machine's CPUs: every namespace of the lab runs on them, so the simulation gets as many, shared. */
    private final int cpus = Runtime.getRuntime().availableProcessors();

    private TwinLoad(Options options) { this.options = options; }

    /** The flows of a scenario sent at a rate (rate, bitrate or max), in file order. */
    static List<FlowSpec.Udp> ratedFlows(ScenarioSpec spec) {
        List<FlowSpec.Udp> out = new ArrayList<>();
        for (FlowSpec f : spec.traffic()) if (f instanceof FlowSpec.Udp u && u.rate().isPresent()) out.add(u);
        return out;
    }

    /**
     * The bulk tcp flows: those with a duration, or with more bytes than the twin compares frame by
     * frame ({@link Twin#MAX_TCP_BYTES}). iperf3 sends them ({@code -t}, {@code -n}); they are
     * compared by goodput, retransmits and RTT, not by frames.
     */
    static List<FlowSpec.Tcp> bulkTcpFlows(ScenarioSpec spec) {
        List<FlowSpec.Tcp> out = new ArrayList<>();
        for (FlowSpec f : spec.traffic()) {
            if (f instanceof FlowSpec.Tcp t && (t.bytes().isEmpty() || t.bytes().getAsLong() > Twin.MAX_TCP_BYTES)) out.add(t);
        }
        return out;
    }

    /** Every flow the twin runs under load rather than frame by frame: the rated udp flows and the bulk tcp flows. */
    static List<FlowSpec> loadedFlows(ScenarioSpec spec) {
        List<FlowSpec> out = new ArrayList<>(ratedFlows(spec));
        out.addAll(bulkTcpFlows(spec));
        return out;
    }

    /** The backends a twin under load runs: {@code compare: backends:}, else the file's own. */
    static List<String> backends(ScenarioSpec spec) {
        return spec.compare().map(CompareSpec::backends).filter(b -> !b.isEmpty()).orElse(List.of(spec.network().backend().type()));
    }

    /** Runs every rated udp flow and bulk tcp flow of {@code scenario} (its costs already chosen) under load. */
    static LoadReport run(Scenario scenario, String costsLine, Options options) {
        return new TwinLoad(options).run(scenario.spec(), costsLine);
    }

    /**
     * The scenario one point of the comparison simulates: {@code backend}, only {@code flow}, sent at
     * {@code rate} for {@code seconds}; no checks, no compare; placed as the lab is
     * ({@link #asTheLabIs}) on a machine of {@code cpus} CPUs.
     */
    static ScenarioSpec pointSpec(ScenarioSpec spec, String backend, FlowSpec.Udp flow, CompareSpec.SweepRate rate, int seconds, int cpus) {
        ScenarioSpec b = Scenario.withBackend(spec, backend);
        FlowSpec.Udp f = new FlowSpec.Udp(flow.name(), flow.from(), flow.to(), flow.port(), flow.count(), flow.size(), flow.intervalNanos(),
                flow.startNanos(), Optional.of(new FlowSpec.Rate(rate.packetsPerSecond(), seconds * 1_000_000_000L, rate.text())));
        return asTheLabIs(new ScenarioSpec(b.name(), b.description(), b.seed(), b.network(), b.underlay(), b.nodes(), b.costs(), List.of(f),
                b.timeline(), List.of(), Optional.empty(), b.machine()), cpus);
    }

    /**
     * The scenario one backend of a bulk tcp flow simulates: {@code backend}, only {@code flow}, sent
     * for {@code seconds} when it has a duration (as iperf3's -t), its bytes otherwise; placed as the lab is.
     */
    static ScenarioSpec pointSpec(ScenarioSpec spec, String backend, FlowSpec.Tcp flow, int seconds, int cpus) {
        ScenarioSpec b = Scenario.withBackend(spec, backend);
        FlowSpec.Tcp f = new FlowSpec.Tcp(flow.name(), flow.from(), flow.to(), flow.port(), flow.bytes(),
                flow.bytes().isPresent() ? flow.durationNanos() : seconds * 1_000_000_000L, flow.timeoutNanos(), flow.congestion(),
                flow.startNanos());
        return asTheLabIs(new ScenarioSpec(b.name(), b.description(), b.seed(), b.network(), b.underlay(), b.nodes(), b.costs(), List.of(f),
                b.timeline(), List.of(), Optional.empty(), b.machine()), cpus);
    }

    /**
     * The scenario placed as the lab runs it: every node a set of network namespaces on this one
     * machine of {@code cpus} CPUs ({@code machine:}), each segment a bridge reached through veths
     * (no latency, no bandwidth limit; its loss kept). Simulated with the nodes on machines of their
     * own, the comparison would set two machines' worth of CPUs against the lab's one.
     */
    static ScenarioSpec asTheLabIs(ScenarioSpec spec, int cpus) {
        List<SegmentSpec> segments = new ArrayList<>();
        for (SegmentSpec s : spec.underlay().segments()) {
            segments.add(new SegmentSpec(s.name(), s.cidr(), s.gateway(), s.mtu(), 0, 0, s.loss()));
        }
        return new ScenarioSpec(spec.name(), spec.description(), spec.seed(), spec.network(),
                new UnderlaySpec(segments, spec.underlay().routers()), spec.nodes(), spec.costs(), spec.traffic(),
                spec.timeline(), spec.expect(), spec.compare(), Optional.of(new MachineSpec(cpus)));
    }

    /** iperf3's -b: the payload bits per second of {@code rate} datagrams of {@code size} bytes; 0 (unlimited) for max. */
    static long iperf3Bits(CompareSpec.SweepRate rate, int size) {
        return Double.isInfinite(rate.packetsPerSecond()) ? 0 : Math.max(1, Math.round(rate.packetsPerSecond() * size * 8));
    }

    private void say(String s) {
        if (options.progress() != null) {
            options.progress().println(s);
            options.progress().flush();
        }
    }

    private LoadReport run(ScenarioSpec spec, String costsLine) {
        List<String> backends = backends(spec);
        boolean udp = backends.contains("udp");
        List<String> missing = new ArrayList<>(Prerequisites.missing(udp));
        missing.addAll(Prerequisites.missingForLoad());
        if (!missing.isEmpty()) {
            throw new TwinException(TwinException.Kind.MISSING, "the twin under load needs: " + String.join("; ", missing));
        }
        List<String> swept = NetnsTestbed.sweepStale(shell);
        if (!swept.isEmpty()) say("removed " + swept.size() + " namespaces left by a killed twin run: " + String.join(", ", swept));
        long ticks = ProcFiles.clockTicksPerSecond(shell);
        String iperf3 = shell.tryRun("iperf3", "--version").out().lines().findFirst().orElse("iperf3").replaceFirst(" \\(.*", "").strip();
        Path work;
        try {
            work = Files.createTempDirectory("osim-twin-load-");
        } catch (IOException e) {
            throw new TwinException(TwinException.Kind.INTERNAL, "cannot create a work directory: " + e.getMessage(), e);
        }
        try {
            Path helper = udp ? Twin.compileHelper(shell, work) : null;
            List<LoadReport.Flow> flows = new ArrayList<>();
            for (FlowSpec.Udp f : ratedFlows(spec)) {
                List<CompareSpec.SweepRate> rates = options.rates().isEmpty()
                        ? List.of(new CompareSpec.SweepRate(f.rate().get().text(), f.rate().get().packetsPerSecond())) : options.rates();
                List<LoadReport.Backend> bs = new ArrayList<>();
                for (String type : backends) bs.add(backend(spec, type, f, rates, helper, work, ticks));
                flows.add(new LoadReport.Flow(f.name(), f.from(), ((FlowTarget.Container) f.to()).container(), f.size(), bs));
            }
            List<LoadReport.TcpFlow> tcpFlows = new ArrayList<>();
            for (FlowSpec.Tcp f : bulkTcpFlows(spec)) {
                List<LoadReport.TcpPoint> points = new ArrayList<>();
                for (String type : backends) points.add(tcpBackend(spec, type, f, helper, work, ticks));
                String amount = f.bytes().isPresent() ? "-n " + f.bytes().getAsLong() : "-t " + options.seconds();
                tcpFlows.add(new LoadReport.TcpFlow(f.name(), f.from(), ((FlowTarget.Container) f.to()).container(), f.congestion(), amount,
                        points));
            }
            return new LoadReport(options.seconds(), cpus, iperf3, costsLine, flows, tcpFlows, options.repeat(),
                    CacheTopology.line(CacheTopology.ofThisMachine(cpus)));
        } finally {
            Twin.deleteTree(work);
        }
    }

    /** One backend at every rate: a lab built from the first rate's simulated world serves them all. */
    private LoadReport.Backend backend(ScenarioSpec spec, String type, FlowSpec.Udp flow, List<CompareSpec.SweepRate> rates, Path helper,
                                       Path work, long ticks) {
        List<LoadReport.Point> points = new ArrayList<>();
        Lab lab = new Lab(type, helper, work);
        try {
            for (CompareSpec.SweepRate rate : rates) {
                say(String.format(Locale.ROOT, "under load: %s, flow %s at %s: simulating %d s ...", type, flow.name(), rate.text(), options.seconds()));
                ScenarioResult sim = Scenario.of(pointSpec(spec, type, flow, rate, options.seconds(), cpus)).run(runOptions());
                NetnsTestbed testbed = lab.buildFor(sim);
                say(String.format(Locale.ROOT, "under load: %s, flow %s at %s: iperf3 for %d s ...", type, flow.name(), rate.text(), options.seconds()));
                points.add(point(sim, testbed, flow, rate, work, ticks, type));
            }
        } finally {
            lab.close();
        }
        return new LoadReport.Backend(type, points);
    }

    /** One backend of a bulk tcp flow: the simulation, then iperf3 -c (TCP) through a lab built from its world. */
    private LoadReport.TcpPoint tcpBackend(ScenarioSpec spec, String type, FlowSpec.Tcp flow, Path helper, Path work, long ticks) {
        Lab lab = new Lab(type, helper, work);
        try {
            String what = flow.bytes().isPresent() ? flow.bytes().getAsLong() + " bytes" : options.seconds() + " s";
            say(String.format(Locale.ROOT, "under load: %s, tcp flow %s (%s): simulating ...", type, flow.name(), what));
            ScenarioResult sim = Scenario.of(pointSpec(spec, type, flow, options.seconds(), cpus)).run(runOptions());
            NetnsTestbed testbed = lab.buildFor(sim);
            say(String.format(Locale.ROOT, "under load: %s, tcp flow %s (%s): iperf3 -c ...", type, flow.name(), what));
            return tcpPoint(sim, testbed, flow, work, ticks, type);
        } finally {
            lab.close();
        }
    }

    private RunOptions runOptions() {
        RunOptions ro = RunOptions.DEFAULT;
        return options.seed().isPresent() ? ro.withSeed(options.seed().getAsLong()) : ro;
    }

    /**
     * One backend's lab, built from the first simulated world it is given and serving the points
     * after it; removed by {@link #close} and, should the JVM be stopped meanwhile, by a shutdown hook.
     */
    private final class Lab implements AutoCloseable {
        private final String type;
        private final Path helper;
        private final Path work;
        private NetnsTestbed testbed;
        private Thread hook;

        Lab(String type, Path helper, Path work) {
            this.type = type;
            this.helper = helper;
            this.work = work;
        }

        NetnsTestbed buildFor(ScenarioResult sim) {
            if (testbed != null) return testbed;
            testbed = new NetnsTestbed(shell, NetnsTestbed.prefixForThisProcess(), type.equals("udp") ? helper : null, sim.world(), work, false);
            hook = new Thread(testbed::close, "osim-twin-load-cleanup");
            Runtime.getRuntime().addShutdownHook(hook);
            say("building the " + type + " lab " + testbed.prefix() + "* ...");
            testbed.build();
            return testbed;
        }

        @Override public void close() {
            if (testbed != null) testbed.close();
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // the JVM is shutting down: the hook runs (and NetnsTestbed.close() is idempotent)
                }
            }
        }
    }

    private static Container container(ScenarioResult sim, String name) {
        for (ClusterNode n : sim.cluster().nodes()) for (Container c : n.containers()) if (c.name().equals(name)) return c;
        throw new TwinException(TwinException.Kind.BAD_INPUT, "container " + name + " is not running at the end of the simulation");
    }

    private LoadReport.Point point(ScenarioResult sim, NetnsTestbed lab, FlowSpec.Udp flow, CompareSpec.SweepRate rate, Path work, long ticks,
                                   String type) {
        Throughput t = sim.flow(flow.name()).throughput().orElseThrow();
        LoadReport.Side simSide = new LoadReport.Side(t.offeredPps(), t.deliveredPps(), t.deliveredMbits(), t.lossPercent());
        Container from = container(sim, flow.from());
        Container to = container(sim, ((FlowTarget.Container) flow.to()).container());
        double simClient = process(sim, "udp-sender", from.name()).cpuNanosPerPacket() / 1e3;
        double simServer = process(sim, "udp-server", to.name()).cpuNanosPerPacket() / 1e3;
        List<LoadReport.Point> runs = new ArrayList<>();
        for (int run = 1; run <= options.repeat(); run++) {
            if (options.repeat() > 1) {
                say(String.format(Locale.ROOT, "under load: %s, flow %s at %s: iperf3 run %d of %d ...", type, flow.name(), rate.text(), run,
                        options.repeat()));
            }
            runs.add(realRun(sim, lab, flow, rate, work, ticks, type, run, simSide, simClient, simServer));
        }
        return Medians.point(runs);
    }

    /** The kernel's side of one offered rate, run once (the {@code run}-th time), beside the simulation's. */
    private LoadReport.Point realRun(ScenarioResult sim, NetnsTestbed lab, FlowSpec.Udp flow, CompareSpec.SweepRate rate, Path work, long ticks,
                                     String type, int run, LoadReport.Side simSide, double simClient, double simServer) {
        Container from = container(sim, flow.from());
        Container to = container(sim, ((FlowTarget.Container) flow.to()).container());
        String tag = type + "-" + flow.name() + "-" + rate.text() + "-" + run;
        int s = options.seconds();
        String port = Integer.toString(flow.port());
        Process server = startServer(lab, to, port, s, work.resolve("iperf3-server-" + tag + ".json"));

        ProxyMeter proxies = new ProxyMeter(lab, ticks);
        Path clientLog = work.resolve("iperf3-client-" + tag + ".json");
        Process client = lab.startBackground(List.of("ip", "netns", "exec", lab.netns(from.namespace()),
                "timeout", "-k", "2", Integer.toString(s + IPERF3_GRACE_SECONDS), "iperf3", "-c", Ipv4Address.toString(to.ip()), "-p", port,
                "-u", "-l", Integer.toString(flow.size()), "-b", Long.toString(iperf3Bits(rate, flow.size())), "-t", Integer.toString(s),
                "-J", "--connect-timeout", "3000"), clientLog, false);
        await(client, s + IPERF3_GRACE_SECONDS + 5, "iperf3 -c");
        List<LoadReport.Proxy> measured = proxies.read(sim);
        endServer(server);
        Iperf3Json.Udp real = Iperf3Json.read(NetnsTestbed.read(clientLog));
        LoadReport.Side realSide = new LoadReport.Side(real.sentPackets() / (double) s, real.receivedPackets() / (double) s,
                real.receivedBytes() * 8.0 / s / 1e6, real.lossPercent());
        double seconds = real.seconds() > 0 ? real.seconds() : s;
        List<LoadReport.Endpoint> endpoints = List.of(
                new LoadReport.Endpoint("client", simClient, perPacket(real.clientCpuPercent(), seconds, real.sentPackets())),
                new LoadReport.Endpoint("server", simServer, perPacket(real.serverCpuPercent(), seconds, real.receivedPackets())));
        return new LoadReport.Point(rate.text(), Double.isInfinite(rate.packetsPerSecond()), simSide, realSide, measured, endpoints);
    }

    private LoadReport.TcpPoint tcpPoint(ScenarioResult sim, NetnsTestbed lab, FlowSpec.Tcp flow, Path work, long ticks, String type) {
        List<LoadReport.TcpPoint> runs = new ArrayList<>();
        for (int run = 1; run <= options.repeat(); run++) {
            if (options.repeat() > 1) say(String.format(Locale.ROOT, "under load: %s, tcp flow %s: iperf3 run %d of %d ...", type, flow.name(),
                    run, options.repeat()));
            runs.add(tcpRun(sim, lab, flow, work, ticks, type, run));
        }
        return Medians.tcpPoint(runs);
    }

    private LoadReport.TcpPoint tcpRun(ScenarioResult sim, NetnsTestbed lab, FlowSpec.Tcp flow, Path work, long ticks, String type, int run) {
        Container from = container(sim, flow.from());
        Container to = container(sim, ((FlowTarget.Container) flow.to()).container());
        String tag = type + "-" + flow.name() + "-" + run;
        // As long as the simulation lets the flow send: its duration (here --seconds) or its timeout.
        int s = flow.bytes().isPresent() ? (int) Math.max(1, (flow.timeoutNanos() + 999_999_999L) / 1_000_000_000L) : options.seconds();
        String port = Integer.toString(flow.port());
        Process server = startServer(lab, to, port, s, work.resolve("iperf3-server-" + tag + ".json"));
        ProxyMeter proxies = new ProxyMeter(lab, ticks);
        Path clientLog = work.resolve("iperf3-client-" + tag + ".json");
        List<String> client = new ArrayList<>(List.of("ip", "netns", "exec", lab.netns(from.namespace()),
                "timeout", "-k", "2", Integer.toString(s + IPERF3_GRACE_SECONDS), "iperf3", "-c", Ipv4Address.toString(to.ip()), "-p", port,
                // -C: the flow's congestion control, set on the socket (TCP_CONGESTION); the namespace's default may be another (bbr)
                "-C", flow.congestion()));
        if (flow.bytes().isPresent()) client.addAll(List.of("-n", Long.toString(flow.bytes().getAsLong())));
        else client.addAll(List.of("-t", Integer.toString(s)));
        client.addAll(List.of("-J", "--connect-timeout", "3000"));
        Process c = lab.startBackground(client, clientLog, false);
        await(c, s + IPERF3_GRACE_SECONDS + 5, "iperf3 -c");
        List<LoadReport.Proxy> measured = proxies.read(sim);
        endServer(server);
        Iperf3Json.Tcp real = Iperf3Json.readTcp(NetnsTestbed.read(clientLog));
        if (!real.congestion().isEmpty() && !real.congestion().equals(flow.congestion())) {
            throw new TwinException(TwinException.Kind.INTERNAL, "iperf3 -C " + flow.congestion() + " sent with " + real.congestion()
                    + ": this kernel would not set the flow's congestion control");
        }
        TcpResult t = sim.flow(flow.name()).tcp().orElseThrow();
        TcpResult.Transfer x = t.transfer().orElseThrow();
        LoadReport.TcpSide simSide = new LoadReport.TcpSide(x.bytes(), x.bitsPerSecond(), t.retransmits(),
                t.info().map(i -> i.rttMicros()).orElse(-1L));
        LoadReport.TcpSide realSide = new LoadReport.TcpSide(real.receivedBytes(), real.receivedBits(), real.retransmits(), real.rttMicros());
        return new LoadReport.TcpPoint(type, simSide, realSide, measured);
    }

    /**
     * The UDP backend's forwarders, one per node, counted from when it is made to when it is
     * {@link #read}: CPU time from /proc/PID/schedstat (exact; /proc/PID/stat's ticks where it is
     * missing), context switches from /proc/PID/status, and the packets
     * it carried either way from its TUN's counters; set beside the simulated flanneld's.
     */
    private static final class ProxyMeter {
        private final List<NetnsTestbed.Forwarder> forwarders;
        private final long ticks;
        private final List<ProcFiles.ProcessCounters> before = new ArrayList<>();
        private final List<Long> cpuBefore = new ArrayList<>();
        private final List<ProcFiles.DevPackets> devBefore = new ArrayList<>();

        ProxyMeter(NetnsTestbed lab, long ticks) {
            this.forwarders = lab.forwarders();
            this.ticks = ticks;
            for (NetnsTestbed.Forwarder fw : forwarders) {
                before.add(ProcFiles.read(fw.process().pid()));
                cpuBefore.add(ProcFiles.cpuNanos(fw.process().pid(), ticks));
                devBefore.add(ProcFiles.devPackets(fw.process().pid(), fw.tun()));
            }
        }

        List<LoadReport.Proxy> read(ScenarioResult sim) {
            List<LoadReport.Proxy> proxies = new ArrayList<>();
            for (int i = 0; i < forwarders.size(); i++) {
                NetnsTestbed.Forwarder fw = forwarders.get(i);
                ProcFiles.ProcessCounters d = ProcFiles.read(fw.process().pid()).minus(before.get(i));
                long cpu = ProcFiles.cpuNanos(fw.process().pid(), ticks) - cpuBefore.get(i);
                ProcFiles.DevPackets dev = ProcFiles.devPackets(fw.process().pid(), fw.tun());
                long packets = dev.rxPackets() - devBefore.get(i).rxPackets() + dev.txPackets() - devBefore.get(i).txPackets();
                HostLoad.ProcessLoad simProxy = flanneld(sim, fw.host());
                proxies.add(new LoadReport.Proxy(fw.host(),
                        simProxy == null ? 0 : simProxy.packets(), simProxy == null ? 0 : simProxy.switchesPerPacket(),
                        simProxy == null ? 0 : simProxy.nonvoluntaryPerPacket(), simProxy == null ? 0 : simProxy.cpuNanosPerPacket() / 1e3,
                        packets, packets == 0 ? 0 : d.switches() / (double) packets,
                        packets == 0 ? 0 : d.nonvoluntarySwitches() / (double) packets,
                        packets == 0 ? 0 : cpu / 1e3 / packets));
            }
            return proxies;
        }
    }

    /** µs per packet of a CPU share in % of one CPU over {@code seconds}; -1 when iperf3 gave none. */
    private static double perPacket(double cpuPercent, double seconds, long packets) {
        return cpuPercent < 0 || packets == 0 ? -1 : cpuPercent / 100 * seconds * 1e6 / packets;
    }

    /** The simulated process {@code name} in namespace {@code namespace}, over the load window (all zero if it did not run). */
    private static HostLoad.ProcessLoad process(ScenarioResult sim, String name, String namespace) {
        for (HostLoad h : sim.hosts()) {
            for (HostLoad.ProcessLoad p : h.processes()) if (p.name().equals(name) && p.namespace().equals(namespace)) return p;
        }
        return new HostLoad.ProcessLoad(name, namespace, 0, 0, 0, 0, 0);
    }

    private static HostLoad.ProcessLoad flanneld(ScenarioResult sim, String host) {
        for (HostLoad h : sim.hosts()) {
            if (!h.host().equals(host)) continue;
            for (HostLoad.ProcessLoad p : h.processes()) if (p.name().equals("flanneld")) return p;
        }
        return null;
    }

    /** A one-off {@code iperf3 -s -1 -J} in {@code to}'s namespace on {@code port}, under timeout, once it listens. */
    private Process startServer(NetnsTestbed lab, Container to, String port, int seconds, Path log) {
        Process server = lab.startBackground(List.of("ip", "netns", "exec", lab.netns(to.namespace()),
                "timeout", "-k", "2", Integer.toString(seconds + IPERF3_GRACE_SECONDS + 5), "iperf3", "-s", "-1", "-J", "-p", port), log, false);
        awaitListening(server, lab.netns(to.namespace()), port, log);
        return server;
    }

    /** A one-off server ends once it has sent the client its results: waits 5 s for that, then ends it in any case. */
    private static void endServer(Process server) {
        try {
            server.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TwinException(TwinException.Kind.INTERNAL, "interrupted while waiting for iperf3 -s", e);
        }
        NetnsTestbed.end(server);
    }

    /** Waits (5 s at most) until iperf3's server listens on its TCP control port. */
    private void awaitListening(Process server, String netns, String port, Path log) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            Shell.Result r = shell.tryRun("ip", "netns", "exec", netns, "ss", "-Hltn", "sport = :" + port);
            if (r.exitCode() == 0 && !r.out().isBlank()) return;
            if (!server.isAlive()) {
                throw new TwinException(TwinException.Kind.INTERNAL, "iperf3 -s in " + netns + " exited (" + server.exitValue() + ") before it listened: "
                        + NetnsTestbed.read(log).strip());
            }
            sleep(20);
        }
        throw new TwinException(TwinException.Kind.INTERNAL, "iperf3 -s in " + netns + " did not listen on port " + port + " within 5 s");
    }

    private static void await(Process p, int seconds, String what) {
        try {
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                NetnsTestbed.end(p);
                throw new TwinException(TwinException.Kind.INTERNAL, what + " did not end within " + seconds + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TwinException(TwinException.Kind.INTERNAL, "interrupted while waiting for " + what, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TwinException(TwinException.Kind.INTERNAL, "interrupted", e);
        }
    }
}
