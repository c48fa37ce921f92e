package dev.overlaysim.scenarios.twin;

import dev.overlaysim.docker.Container;
import dev.overlaysim.flannel.ClusterNode;
import dev.overlaysim.linux.Host;
import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Tracer;
import dev.overlaysim.linux.World;
import dev.overlaysim.linux.device.Loopback;
import dev.overlaysim.linux.device.NetDevice;
import dev.overlaysim.linux.device.Nic;
import dev.overlaysim.linux.device.VxlanDevice;
import dev.overlaysim.linux.render.Iproute2;
import dev.overlaysim.linux.table.Neighbour;
import dev.overlaysim.linux.table.NudState;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.codec.EthernetHeader;
import dev.overlaysim.protocols.codec.IcmpMessage;
import dev.overlaysim.protocols.codec.Ipv4Header;
import dev.overlaysim.protocols.codec.TcpHeader;
import dev.overlaysim.protocols.codec.UdpHeader;
import dev.overlaysim.protocols.pcap.LinkType;
import dev.overlaysim.protocols.pcap.PcapWriter;
import dev.overlaysim.scenarios.load.ScenarioException;
import dev.overlaysim.scenarios.model.BackendSpec;
import dev.overlaysim.scenarios.model.CompareSpec;
import dev.overlaysim.scenarios.model.FlowSpec;
import dev.overlaysim.scenarios.model.FlowTarget;
import dev.overlaysim.scenarios.model.ScenarioSpec;
import dev.overlaysim.scenarios.model.SegmentSpec;
import dev.overlaysim.scenarios.model.TimelineEvent;
import dev.overlaysim.scenarios.model.UnderlaySpec;
import dev.overlaysim.scenarios.run.RunOptions;
import dev.overlaysim.scenarios.run.Scenario;
import dev.overlaysim.scenarios.run.ScenarioResult;
import dev.overlaysim.protocols.pcap.PcapReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel twin: runs a scenario in the simulator with capture on, rebuilds what the simulated
 * world ended up with as real network namespaces ({@link NetnsTestbed}), sends the scenario's traffic with
 * the real {@code ping} and a small UDP sender at the same relative times, captures with
 * {@code tcpdump} on every interface the model has, and compares the two field by field
 * ({@link FrameComparator}). It also measures the kernel's round-trip time with {@code ping -f}
 * next to the simulation's for the same pair. Every namespace and process it made is removed at
 * the end — on success, failure, exception and Ctrl-C — unless {@code keep} asks to leave the lab up.
 */
public final class Twin {
    /**
     * How a twin runs.
     *
     * @param costs     the model's costs instead of the scenario's ({@code --costs FILE})
     * @param calibrate measure this machine first ({@link Calibration}) and simulate with what it found
     * @param repeat    under load: the kernel's runs of each point, their median reported ({@code --repeat})
     */
    public record Options(Optional<Path> pcapDir, boolean keep, OptionalLong seed, int floodCount, PrintWriter progress,
                          Optional<dev.overlaysim.scenarios.model.CostsSpec> costs, boolean calibrate,
                          List<CompareSpec.SweepRate> rates, int seconds, int repeat) {
        /** How long each offered rate is sent under load when {@code --seconds} does not say. */
        public static final int DEFAULT_SECONDS = 2;

        public Options {
            rates = List.copyOf(rates);
        }

        public Options(Optional<Path> pcapDir, boolean keep, OptionalLong seed, int floodCount, PrintWriter progress,
                       Optional<dev.overlaysim.scenarios.model.CostsSpec> costs, boolean calibrate, List<CompareSpec.SweepRate> rates,
                       int seconds) {
            this(pcapDir, keep, seed, floodCount, progress, costs, calibrate, rates, seconds, 1);
        }

        public Options(Optional<Path> pcapDir, boolean keep, OptionalLong seed, int floodCount, PrintWriter progress,
                       Optional<dev.overlaysim.scenarios.model.CostsSpec> costs, boolean calibrate) {
            this(pcapDir, keep, seed, floodCount, progress, costs, calibrate, List.of(), DEFAULT_SECONDS);
        }

        public Options(Optional<Path> pcapDir, boolean keep, OptionalLong seed, int floodCount, PrintWriter progress) {
            this(pcapDir, keep, seed, floodCount, progress, Optional.empty(), false);
        }

        public static Options defaults(PrintWriter progress) {
            return new Options(Optional.empty(), false, OptionalLong.empty(), 2000, progress);
        }
    }

    /** Time after the last tcpdump is listening before the scenario's time 0. */
    private static final long LEAD_NANOS = 300_000_000L;
    /** Time tcpdump keeps running after the scenario's end (frames after the end are not compared). */
    private static final long TAIL_NANOS = 300_000_000L;
    private static final Pattern RTT = Pattern.compile("rtt min/avg/max/mdev = ([0-9.]+)/([0-9.]+)/([0-9.]+)/([0-9.]+) ms");

    private final Shell shell = new Shell();
    private final Options options;
    /** Why the round trip was not measured, when it was not for a reason of the scenario's; else null. */
    private String timingSkipped;

    private Twin(Options options) { this.options = options; }

    /** Runs the twin on a scenario file. Throws {@link TwinException} for what stops it. */
    public static TwinReport run(Path scenarioFile, Options options) {
        Scenario scenario;
        try {
            scenario = Scenario.load(scenarioFile);
        } catch (ScenarioException e) {
            throw new TwinException(TwinException.Kind.BAD_INPUT, e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new TwinException(TwinException.Kind.BAD_INPUT, "cannot read " + scenarioFile + ": " + e.getMessage(), e);
        }
        String costsLine = "the scenario's (" + (scenario.spec().costs().equals(dev.overlaysim.scenarios.model.CostsSpec.DEFAULTS)
                ? "the model's defaults" : "its costs:") + ")";
        if (options.costs().isPresent()) {
            scenario = scenario.withCosts(options.costs().get());
            costsLine = "from --costs";
        }
        if (!options.rates().isEmpty() && TwinLoad.ratedFlows(scenario.spec()).isEmpty()) {
            throw new TwinException(TwinException.Kind.BAD_INPUT, "--rates: scenario " + scenario.spec().name()
                    + " sends no flow at a rate (rate, bitrate or max); --rates sets the offered rates of those flows"
                    + (TwinLoad.bulkTcpFlows(scenario.spec()).isEmpty() ? "" : " (a tcp flow has none: it sends as fast as it can)"));
        }
        // Flows with a rate and bulk tcp flows run under load; the rest is compared frame by frame.
        List<FlowSpec> loaded = TwinLoad.loadedFlows(scenario.spec());
        Twin twin = new Twin(options);
        if (options.calibrate()) {
            // Refuse what cannot be mirrored before spending a minute on probes.
            checkMirrorable(scenario.spec());
            twin.say("calibrating this machine first ...");
            Calibration.Result measured = Calibration.run(new Calibration.Options(5, 2000, options.progress()));
            scenario = scenario.withCosts(measured.costs());
            costsLine = "measured by --calibrate just now: " + costsText(measured.costs());
        } else if (options.costs().isPresent()) {
            costsLine += ": " + costsText(options.costs().get());
        }
        ScenarioSpec spec = scenario.spec();
        TwinReport report;
        if (loaded.size() < spec.traffic().size()) {
            // Pings, count flows and small tcp flows: compared frame by frame, as always; the loaded flows run under load below.
            report = twin.run(loaded.isEmpty() ? scenario : Scenario.of(withoutFlows(spec, loaded)), scenarioFile.toString());
        } else {
            checkMirrorable(spec);
            report = TwinReport.loadOnly(spec.name(), scenarioFile.toString(), options.seed().orElse(spec.seed()), twin.kernelRelease(),
                    NetnsTestbed.prefixForThisProcess());
        }
        if (!loaded.isEmpty()) {
            report.load(TwinLoad.run(scenario, costsLine, new TwinLoad.Options(options.rates(), options.seconds(), options.seed(),
                    options.progress(), options.repeat())));
        }
        report.costsLine(costsLine);
        return report;
    }

    /** The scenario without {@code flows} (and without checks and compare, which may name them). */
    static ScenarioSpec withoutFlows(ScenarioSpec spec, List<? extends FlowSpec> flows) {
        List<FlowSpec> traffic = new ArrayList<>(spec.traffic());
        traffic.removeAll(flows);
        return new ScenarioSpec(spec.name(), spec.description(), spec.seed(), spec.network(), spec.underlay(), spec.nodes(), spec.costs(),
                traffic, spec.timeline(), List.of(), Optional.empty(), spec.machine());
    }

    /** The costs a run used, one line: {@code syscall 936ns, copyPerKiB 49ns, ...} (a key not given: default). */
    static String costsText(dev.overlaysim.scenarios.model.CostsSpec c) {
        var m = Scenario.costs(c);
        return String.format(Locale.ROOT, "syscall %dns, copy %dps/byte, wakeup %dns, encap %dns, decap %dns, forward %dns, proxy %dns, wakeupCpu %dns, contextSwitch %dns, proxyCold %dns, haltPoll %dns, wakeupCpuWarm %dns, contextSwitchWarm %dns, wakeupLocal %dns, sendmsg %dns, poll %dns",
                m.syscallNanos(), m.copyPicosPerByte(), m.wakeupNanos(), m.encapNanos(), m.decapNanos(), m.stackHopNanos(), m.userProcessingNanos(),
                m.wakeupCpuNanos(), m.contextSwitchNanos(), m.proxyColdNanos(), m.haltPollNanos(), m.wakeupCpuWarmNanos(), m.contextSwitchWarmNanos(), m.wakeupLocalNanos(),
                m.sendmsgNanos(), m.pollNanos());
    }

    /** Refuses what a twin cannot mirror: it rebuilds the world's final state, so nothing may change during the run. */
    static void checkMirrorable(ScenarioSpec spec) {
        List<String> why = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        for (TimelineEvent e : spec.timeline()) {
            // blockIcmp at 0 holds from before the first packet to the end: the lab is built with it (NetnsTestbed.blockIcmp)
            if (!(e instanceof TimelineEvent.BlockIcmp) || e.atNanos() != 0) changes.add(e.key() + " at " + e.atNanos() + " ns");
        }
        if (!changes.isEmpty()) why.add("its timeline changes the world while traffic runs (" + String.join(", ", changes)
                + "): the twin mirrors a world that does not change, so of a timeline it takes only blockIcmp at 0s");
        spec.nodes().forEach(n -> { if (n.startNanos() > 0) why.add("node " + n.name() + " starts at " + n.startNanos() + " ns, not at 0"); });
        if (!spec.underlay().routers().isEmpty()) why.add("its underlay has routers: the twin builds one bridge per segment and no routers yet");
        for (SegmentSpec s : spec.underlay().segments()) {
            if (s.loss() > 0) why.add("segment " + s.name() + " loses frames (loss " + s.loss() + "): the twin's veth underlay loses none");
        }
        for (FlowSpec f : spec.traffic()) {
            if (!(f.to() instanceof FlowTarget.Container)) why.add("flow " + f.name() + " targets an address, not a container of the scenario; the twin sends only between its own containers");
            // Else the lab would skip the flow and compare the captures of a run without it.
            if (f instanceof FlowSpec.Request) why.add("flow " + f.name() + " is a request flow: the twin has no curl step yet");
        }
        if (spec.traffic().isEmpty()) why.add("it sends no traffic");
        if (!why.isEmpty()) {
            throw new TwinException(TwinException.Kind.BAD_INPUT, "the twin cannot mirror scenario " + spec.name() + ": " + String.join("; ", why));
        }
    }

    /**
     * The largest tcp flow the twin compares frame by frame: 64 kB, what one window of the
     * handshake's (64240 bytes, 44 segments) carries. Within it each side's segments follow from
     * the rules alone; beyond, delayed ACKs and window updates depend on when things happen, so a
     * larger flow (or one with a duration) runs under load instead ({@link TwinLoad#bulkTcpFlows}).
     */
    static final long MAX_TCP_BYTES = 64_000;

    static boolean needsHelper(ScenarioSpec spec) {
        return spec.network().backend() instanceof BackendSpec.Udp
                || spec.traffic().stream().anyMatch(f -> f instanceof FlowSpec.Udp || f instanceof FlowSpec.Tcp);
    }

    private void say(String s) {
        if (options.progress() != null) {
            options.progress().println(s);
            options.progress().flush();
        }
    }

    private TwinReport run(Scenario scenario, String source) {
        ScenarioSpec spec = scenario.spec();
        checkMirrorable(spec);
        List<String> missing = Prerequisites.missing(needsHelper(spec));
        if (!missing.isEmpty()) {
            throw new TwinException(TwinException.Kind.MISSING, "the twin needs: " + String.join("; ", missing));
        }
        RunOptions ro = RunOptions.DEFAULT.withCapture(true);
        if (options.seed().isPresent()) ro = ro.withSeed(options.seed().getAsLong());
        say("simulating " + spec.name() + " ...");
        ScenarioResult sim = scenario.run(ro);
        List<String> swept = NetnsTestbed.sweepStale(shell);
        if (!swept.isEmpty()) say("removed " + swept.size() + " namespaces left by a killed twin run: " + String.join(", ", swept));

        Path work;
        try {
            work = Files.createTempDirectory("osim-twin-");
        } catch (IOException e) {
            throw new TwinException(TwinException.Kind.INTERNAL, "cannot create a work directory: " + e.getMessage(), e);
        }
        String prefix = options.keep() ? NetnsTestbed.PREFIX + "keep-" + ProcessHandle.current().pid() + "-" : NetnsTestbed.prefixForThisProcess();
        Path helper = needsHelper(spec) ? compileHelper(shell, work) : null;
        NetnsTestbed lab = new NetnsTestbed(shell, prefix, helper, sim.world(), work, options.keep());
        Thread hook = new Thread(lab::close, "osim-twin-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean keepLab = false;
        try {
            say("building the lab " + prefix + "* ...");
            lab.build();
            TwinReport report = captureAndCompare(sim, spec, source, lab, work);
            if (options.keep()) {
                keepLab = true;
                report.keepLines(keepLines(lab, sim.world()));
            }
            return report;
        } finally {
            if (!keepLab) {
                lab.close();
                deleteTree(work);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs (and lab.close() is idempotent)
            }
        }
    }

    private List<String> keepLines(NetnsTestbed lab, World world) {
        List<String> out = new ArrayList<>();
        out.add("The lab is up. Enter a node or a container:");
        for (Host h : world.hosts()) for (NetNamespace ns : h.namespaces()) out.add("  ip netns exec " + lab.netns(ns) + " bash");
        out.add("  ip netns exec " + lab.underlayNetns() + " bash    # the underlay bridge");
        out.add("Remove it when done:");
        out.add("  for n in $(ip netns list | awk '/^" + lab.prefix() + "/{print $1}'); do ip netns pids $n | xargs -r kill; ip netns del $n; done");
        return out;
    }

    /** Writes the C helper's source into {@code work} and compiles it there with the machine's compiler. */
    static Path compileHelper(Shell shell, Path work) {
        Path src = work.resolve("osim-helper.c");
        Path bin = work.resolve("osim-helper");
        try (InputStream in = Twin.class.getResourceAsStream("/twin/osim-helper.c")) {
            if (in == null) throw new TwinException(TwinException.Kind.INTERNAL, "resource /twin/osim-helper.c is missing from the jar");
            Files.copy(in, src);
        } catch (IOException e) {
            throw new TwinException(TwinException.Kind.INTERNAL, "cannot write " + src + ": " + e.getMessage(), e);
        }
        shell.run(Prerequisites.compiler(), "-O2", "-Wall", "-o", bin.toString(), src.toString());
        return bin;
    }

    // ------------------------------------------------------------ the run

    /** One interface mirrored: the simulated device, where its kernel capture goes and tcpdump's log (its exit statistics). */
    private record Mirror(String name, NetDevice device, String netns, Path pcap, Path log) {}

    /** The capture of one interface: tcpdump in its namespace, with {@link #ringOptions}, writing {@code pcap}. */
    static List<String> tcpdumpCommand(String netns, NetDevice d, int l3Mtu, int expectedFrames, Path pcap) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", netns, "tcpdump", "-i", d.name(), "-p", "-n"));
        cmd.addAll(ringOptions(d, l3Mtu, expectedFrames));
        cmd.addAll(List.of("-U", "--immediate-mode", "--time-stamp-precision=nano", "-w", pcap.toString()));
        return cmd;
    }

    /**
     * tcpdump's capture ring for one interface: {@code -s} and {@code -B}, so that the ring holds
     * every frame the interface carries in the whole run (twice over) even if tcpdump never got a
     * CPU while the traffic ran — on this 2-CPU machine ten tcpdumps, two forwarders, the senders
     * and others' work share the CPUs, and a tcpdump waiting for one does not drain its ring.
     *
     * <p>Why a TUN device needs {@code -s}: with {@code --immediate-mode} libpcap uses a
     * TPACKET_V2 ring, whose slots all have the size of the snapshot length. For Ethernet it
     * shrinks a slot to MTU + 18 when the device has no offloads (ours have none: {@link
     * NetnsTestbed} turns them off), but for any other link type, as a TUN's raw IP, it keeps
     * {@code -s 0}'s 262144 bytes: the default 2 MiB buffer is then 8 slots (measured: tcpdump on
     * a TUN stopped while 30 packets pass keeps 8 and reports 22 "dropped by kernel"), and a TCP
     * flow puts 12 frames on flannel0 within 3 ms — one not read in time was lost, in 1 of 3 runs
     * of tcp-mss with the UDP backend. A TUN of the lab carries at most the largest TUN MTU of the
     * world: what the kernel sends into it is at most its own MTU (no GSO: offloads are off), what
     * the forwarder writes into it came out of a peer's TUN. The snapshot is that MTU plus
     * {@link #L3_SNAPLEN_HEADROOM}: libpcap sizes a slot for a link header of 256 bytes, but the
     * kernel (tpacket_rcv) puts a frame without one at least 16 bytes in, after the VLAN reserve,
     * so a slot sized for exactly the MTU keeps 4 bytes less of a full-size frame (measured: 1468
     * of 1472). A frame longer than what a slot keeps is caught as cut ({@link
     * #captureIncomplete}), never compared cut.
     *
     * @param l3Mtu          the largest TUN MTU of the world (only used for an L3 device)
     * @param expectedFrames the frames the simulation captured on this interface
     */
    static List<String> ringOptions(NetDevice d, int l3Mtu, int expectedFrames) {
        List<String> out = new ArrayList<>();
        int slotPayload;
        if (d.isL3()) {
            slotPayload = l3Mtu + L3_SNAPLEN_HEADROOM;
            out.addAll(List.of("-s", Integer.toString(slotPayload)));
        } else {
            slotPayload = d.mtu() + 18; // libpcap's own slot for an Ethernet device without offloads
        }
        // A slot is the payload plus libpcap's tpacket header and link-header gap (under 256 bytes).
        long slots = 2L * expectedFrames + 64;
        long kib = Math.max(DEFAULT_RING_KIB, (slots * (slotPayload + 256) + 1023) / 1024);
        out.addAll(List.of("-B", Long.toString(Math.min(kib, MAX_RING_KIB))));
        return out;
    }

    /** Bytes of snapshot beyond a TUN's MTU, so that a slot keeps a full-size frame whole (see {@link #ringOptions}). */
    static final int L3_SNAPLEN_HEADROOM = 256;
    /** libpcap's default capture buffer (2 MiB), in tcpdump's -B unit (KiB): the ring is never made smaller. */
    static final long DEFAULT_RING_KIB = 2048;
    /** The most a ring is given (64 MiB); beyond, tcpdump must keep up, and a drop is still caught. */
    static final long MAX_RING_KIB = 65536;

    /** The largest MTU of the world's L3 (TUN) devices: the longest frame one of them carries; 0 when there is none. */
    static int l3Mtu(World world) {
        int max = 0;
        for (Host h : world.hosts()) for (NetNamespace ns : h.namespaces()) for (NetDevice d : ns.devices()) {
            if (d.isL3() && !(d instanceof Loopback)) max = Math.max(max, d.mtu());
        }
        return max;
    }

    private static final Pattern DROPPED = Pattern.compile("(\\d+) packets? dropped by kernel");

    /**
     * What tcpdump's exit statistics (printed on SIGTERM) say the kernel dropped because its ring
     * was full: frames that crossed the interface but are not in the pcap. -1 when the log has no
     * statistics (tcpdump was killed).
     */
    static long droppedByKernel(String tcpdumpLog) {
        Matcher m = DROPPED.matcher(tcpdumpLog);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private TwinReport captureAndCompare(ScenarioResult sim, ScenarioSpec spec, String source, NetnsTestbed lab, Path work) {
        World world = sim.world();
        List<Mirror> mirrors = new ArrayList<>();
        for (Host h : world.hosts()) {
            for (NetNamespace ns : h.namespaces()) {
                for (NetDevice d : ns.devices()) {
                    if (d instanceof Loopback) continue;
                    String name = ns.displayName() + "-" + d.name();
                    mirrors.add(new Mirror(name, d, lab.netns(ns), work.resolve(name + ".kernel.pcap"), work.resolve(name + ".tcpdump.log")));
                }
            }
        }
        Map<String, Tracer.Capture> simCaps = new LinkedHashMap<>();
        for (Tracer.Capture c : sim.captures()) simCaps.put(c.name(), c);
        int l3Mtu = l3Mtu(world);
        // tcpdump on each: -p (no promiscuous mode: it would change what a bridge device passes up),
        // -U --immediate-mode so nothing waits in a buffer, nanosecond stamps, and a ring that
        // holds the whole run's frames (ringOptions: a TUN's ring had 8 slots and lost frames).
        List<Process> dumps = new ArrayList<>();
        for (Mirror m : mirrors) {
            Tracer.Capture sc = simCaps.get(m.name());
            Process p = lab.startBackground(tcpdumpCommand(m.netns(), m.device(), l3Mtu, sc == null ? 0 : sc.frames().size(), m.pcap()),
                    m.log(), false);
            dumps.add(p);
            NetnsTestbed.awaitLine(p, m.log(), "listening on", "tcpdump on " + m.name());
        }
        say("capturing on " + mirrors.size() + " interfaces; sending the scenario's traffic ...");
        Map<String, Container> containers = new LinkedHashMap<>();
        for (ClusterNode n : sim.cluster().nodes()) for (Container c : n.containers()) containers.put(c.name(), c);

        // Servers first: a UDP flow's receiver (else the kernel answers port unreachable), a TCP flow's listener (else a reset).
        long end = Scenario.naturalEnd(spec);
        List<Process> traffic = new ArrayList<>();
        for (FlowSpec f : spec.traffic()) {
            if (f instanceof FlowSpec.Udp u) {
                Container to = containers.get(((FlowTarget.Container) u.to()).container());
                Path log = work.resolve("udp-recv-" + u.name() + ".log");
                Process p = lab.startBackground(List.of("ip", "netns", "exec", lab.netns(to.namespace()), lab.helperPath(), "udp-recv",
                        Integer.toString(u.port()), Long.toString(end / 1_000_000_000L + 10)), log, false);
                NetnsTestbed.awaitLine(p, log, "ready", "the UDP receiver of " + u.name());
                traffic.add(p);
            } else if (f instanceof FlowSpec.Tcp t) {
                Container to = containers.get(((FlowTarget.Container) t.to()).container());
                Path log = work.resolve("tcp-recv-" + t.name() + ".log");
                Process p = lab.startBackground(List.of("ip", "netns", "exec", lab.netns(to.namespace()), lab.helperPath(), "tcp-recv",
                        Integer.toString(t.port()), Long.toString(end / 1_000_000_000L + 10)), log, false);
                NetnsTestbed.awaitLine(p, log, "ready", "the TCP receiver of " + t.name());
                traffic.add(p);
            }
        }
        // Time 0 of the scenario: once every capture listens and the lab's setup frames are over.
        long t0 = epochNanos() + LEAD_NANOS;
        List<FlowSpec> flows = new ArrayList<>(spec.traffic());
        flows.sort(Comparator.comparingLong(FlowSpec::startNanos));
        for (FlowSpec f : flows) {
            Container from = containers.get(f.from());
            Container to = containers.get(((FlowTarget.Container) f.to()).container());
            if (from == null || to == null) {
                throw new TwinException(TwinException.Kind.BAD_INPUT, "flow " + f.name() + ": container " + (from == null ? f.from() : f.to()) + " is not running at the end of the simulation");
            }
            List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", lab.netns(from.namespace())));
            if (f instanceof FlowSpec.Ping p) {
                int id = pingIdentifier(sim, from, to.ip());
                // Bounded by timeout(1), not ping -w: with a deadline iputils stops at the first error
                // (ping_common.c: "if (rts->deadline && rts->nerrors) break"), the modelled ping goes on.
                cmd.addAll(List.of("timeout", Long.toString((p.count() * p.intervalNanos()) / 1_000_000_000L + 6),
                        "ping", "-n", "-c", Integer.toString(p.count()), "-s", Integer.toString(p.size()), "-i", seconds(p.intervalNanos())));
                if (id >= 0) cmd.addAll(List.of("-e", Integer.toString(id)));
                if (p.dontFragment()) cmd.addAll(List.of("-M", "do"));
                cmd.add(Ipv4Address.toString(to.ip()));
            } else if (f instanceof FlowSpec.Tcp t) {
                int sport = tcpSourcePort(sim, from, to.ip(), t.port());
                cmd.addAll(List.of(lab.helperPath(), "tcp-send", Integer.toString(sport), Ipv4Address.toString(to.ip()),
                        Integer.toString(t.port()), Long.toString(t.bytes().getAsLong()), t.congestion()));
            } else if (f instanceof FlowSpec.Udp u) {
                int sport = udpSourcePort(sim, from, to.ip(), u.port());
                cmd.addAll(List.of(lab.helperPath(), "udp-send", Integer.toString(sport), Ipv4Address.toString(to.ip()),
                        Integer.toString(u.port()), Integer.toString(u.count()), Integer.toString(u.size()), Long.toString(u.intervalNanos())));
            }
            sleepUntil(t0 + f.startNanos());
            traffic.add(lab.startBackground(cmd, work.resolve("flow-" + f.name() + ".log"), false));
        }
        sleepUntil(t0 + end + TAIL_NANOS);
        for (Process p : dumps) NetnsTestbed.end(p);
        for (Process p : traffic) NetnsTestbed.end(p);

        // Compare.
        int vxlanPort = spec.network().backend() instanceof BackendSpec.Vxlan v ? v.port() : 0;
        int udpPort = spec.network().backend() instanceof BackendSpec.Udp u ? u.port() : 0;
        FrameFields ff = new FrameFields(vxlanPort, udpPort);
        Set<Long> pinned = new HashSet<>();
        for (Host h : world.hosts()) for (NetNamespace ns : h.namespaces()) for (NetDevice d : ns.devices()) pinned.add(d.mac());
        pinned.remove(0L);
        FrameComparator cmp = new FrameComparator(ff, pinned);
        List<FrameComparator.Result> results = new ArrayList<>();
        List<String> incomplete = new ArrayList<>();
        int late = 0;
        List<String> setup = new ArrayList<>();
        for (Mirror m : mirrors) {
            Tracer.Capture sc = simCaps.get(m.name());
            List<byte[]> s = new ArrayList<>();
            if (sc != null) for (Tracer.Frame f : sc.frames()) s.add(f.bytes());
            List<byte[]> k = new ArrayList<>();
            boolean ethernet = !m.device().isL3();
            try {
                PcapReader.Capture kc = PcapReader.read(m.pcap());
                ethernet = kc.linkType() == 1;
                long dropped = droppedByKernel(NetnsTestbed.read(m.log()));
                if (dropped > 0) incomplete.add(m.name() + ": tcpdump reports " + dropped + (dropped == 1 ? " packet" : " packets")
                        + " dropped by kernel (its ring was full while tcpdump waited for a CPU)");
                int index = 0;
                for (PcapReader.Record r : kc.records()) {
                    index++;
                    if (r.originalLength() > r.bytes().length) incomplete.add(m.name() + ": frame #" + index + " cut to "
                            + r.bytes().length + " of its " + r.originalLength() + " bytes (tcpdump's snapshot length)");
                    if (r.timeNanos() > t0 + end) {
                        late++;
                        continue;
                    }
                    if (r.timeNanos() < t0) {
                        setup.add(m.name() + ": " + ff.dissect(r.bytes(), ethernet).summary());
                        continue;
                    }
                    k.add(r.bytes());
                }
            } catch (IOException e) {
                throw new TwinException(TwinException.Kind.INTERNAL, "cannot read the capture of " + m.name() + ": " + e.getMessage(), e);
            }
            results.add(cmp.compare(m.name(), s, k, ethernet, m.device() instanceof Nic));
        }
        options.pcapDir().ifPresent(dir -> writePcaps(dir, sim, mirrors));
        if (!incomplete.isEmpty()) throw captureIncomplete(incomplete);
        List<TwinReport.TableCheck> tables = compareTables(world, lab);
        TwinReport.Timing timing = timing(spec, sim, containers, lab, work);
        TwinReport report = new TwinReport(spec.name(), source, sim.seed(), kernelRelease(), lab.prefix(), results, tables, timing, late, end,
                cmp.macMapping(), setup);
        if (timingSkipped != null) report.timingSkipped(timingSkipped);
        return report;
    }

    /**
     * A kernel capture that lacks frames the interface carried (or holds them cut) cannot be
     * compared: a missing frame would read as the model's difference. The twin stops with an
     * internal error instead of a verdict (the pcaps are written first when --pcap asks).
     */
    static TwinException captureIncomplete(List<String> what) {
        return new TwinException(TwinException.Kind.INTERNAL, "the kernel's capture is incomplete, so it is not compared: "
                + String.join("; ", what));
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.6f", nanos / 1e9);
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static void sleepUntil(long epochNanos) {
        while (true) {
            long left = epochNanos - epochNanos();
            if (left <= 0) return;
            try {
                Thread.sleep(left / 1_000_000L, (int) (left % 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TwinException(TwinException.Kind.INTERNAL, "interrupted", e);
            }
        }
    }

    /** The identifier the simulated ping used (read off its first echo request), so the real ping can use it too ({@code -e}). */
    static int pingIdentifier(ScenarioResult sim, Container from, int dst) {
        for (Tracer.Capture c : sim.captures()) {
            if (!c.name().equals(from.name() + "-" + from.eth0().name())) continue;
            for (Tracer.Frame f : c.frames()) {
                Ipv4Header ip = ipv4To(f.bytes(), dst, Ipv4Header.PROTO_ICMP, IcmpMessage.HEADER_LENGTH);
                if (ip == null) continue;
                IcmpMessage icmp = new IcmpMessage().wrap(f.bytes(), ip.payloadOffset(), ip.payloadLength());
                if (icmp.type() == IcmpMessage.TYPE_ECHO_REQUEST) return icmp.identifier();
            }
        }
        return -1;
    }

    /** The source port the simulated TCP sender drew (read off its SYN); the real sender binds it. */
    static int tcpSourcePort(ScenarioResult sim, Container from, int dst, int dport) {
        for (Tracer.Capture c : sim.captures()) {
            if (!c.name().equals(from.name() + "-" + from.eth0().name())) continue;
            for (Tracer.Frame f : c.frames()) {
                Ipv4Header ip = ipv4To(f.bytes(), dst, Ipv4Header.PROTO_TCP, TcpHeader.MIN_LENGTH);
                if (ip == null) continue;
                TcpHeader tcp = new TcpHeader().wrap(f.bytes(), ip.payloadOffset());
                if (tcp.dstPort() == dport && tcp.has(TcpHeader.SYN)) return tcp.srcPort();
            }
        }
        throw new TwinException(TwinException.Kind.INTERNAL, "the simulation sent no SYN from " + from.name() + " to port " + dport
                + ": nothing to mirror");
    }

    /** The source port the simulated UDP sender drew (read off its first datagram); the real sender binds it. */
    static int udpSourcePort(ScenarioResult sim, Container from, int dst, int dport) {
        for (Tracer.Capture c : sim.captures()) {
            if (!c.name().equals(from.name() + "-" + from.eth0().name())) continue;
            for (Tracer.Frame f : c.frames()) {
                Ipv4Header ip = ipv4To(f.bytes(), dst, Ipv4Header.PROTO_UDP, UdpHeader.LENGTH);
                if (ip == null) continue;
                UdpHeader udp = new UdpHeader().wrap(f.bytes(), ip.payloadOffset());
                if (udp.dstPort() == dport) return udp.srcPort();
            }
        }
        throw new TwinException(TwinException.Kind.INTERNAL, "the simulation sent no UDP datagram from " + from.name() + " to port " + dport
                + ": nothing to mirror");
    }

    /**
     * The IPv4 header of an Ethernet frame to {@code dst} carrying {@code protocol}, unfragmented
     * (or the first fragment) with at least {@code l4Header} bytes of it; else null.
     */
    private static Ipv4Header ipv4To(byte[] a, int dst, int protocol, int l4Header) {
        if (a.length < EthernetHeader.LENGTH + Ipv4Header.MIN_LENGTH
                || new EthernetHeader().wrap(a, 0).etherType() != EthernetHeader.TYPE_IPV4) return null;
        Ipv4Header ip = new Ipv4Header().wrap(a, EthernetHeader.LENGTH);
        if (ip.version() != 4 || ip.headerLength() < Ipv4Header.MIN_LENGTH || ip.protocol() != protocol || ip.dst() != dst
                || ip.fragmentOffset() != 0 || a.length < ip.payloadOffset() + l4Header) return null;
        return ip;
    }

    // ------------------------------------------------------------ tables

    /** ip route, permanent neighbours and the VXLAN FDB of every namespace: the model's rendering against the kernel's output. */
    private List<TwinReport.TableCheck> compareTables(World world, NetnsTestbed lab) {
        List<TwinReport.TableCheck> out = new ArrayList<>();
        for (Host h : world.hosts()) {
            for (NetNamespace ns : h.namespaces()) {
                String n = lab.netns(ns);
                out.add(new TwinReport.TableCheck(ns.displayName(), "ip route", lines(Iproute2.ipRoute(ns)),
                        lines(shell.run("ip", "-n", n, "route"))));
                StringBuilder perm = new StringBuilder();
                for (Neighbour nb : ns.neighbours().list()) if (nb.state() == NudState.PERMANENT) perm.append(nb.format(true)).append('\n');
                out.add(new TwinReport.TableCheck(ns.displayName(), "ip neigh show nud permanent", lines(perm.toString()),
                        lines(shell.run("ip", "-n", n, "neigh", "show", "nud", "permanent"))));
                for (NetDevice d : ns.devices()) {
                    if (d instanceof VxlanDevice) {
                        out.add(new TwinReport.TableCheck(ns.displayName(), "bridge fdb show dev " + d.name(),
                                lines(Iproute2.bridgeFdbShowDev(ns, d.name())), lines(shell.run("bridge", "-n", n, "fdb", "show", "dev", d.name()))));
                    }
                }
            }
        }
        return out;
    }

    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        for (String l : text.split("\n")) if (!l.isBlank()) out.add(l.strip());
        return out;
    }

    // ------------------------------------------------------------ timing

    private TwinReport.Timing timing(ScenarioSpec spec, ScenarioResult sim, Map<String, Container> containers, NetnsTestbed lab, Path work) {
        if (options.floodCount() <= 0) return null;
        List<String> blocked = new ArrayList<>();
        for (Host h : sim.world().hosts()) for (NetNamespace ns : h.namespaces()) if (ns.icmpBlocked()) blocked.add(ns.displayName());
        if (!blocked.isEmpty()) {
            // ping -f between containers needs ICMP through the nodes: a blocking node drops the requests or the replies
            String why = "ICMP is blocked on " + String.join(", ", blocked) + " (blockIcmp), so ping -f would hear no replies";
            say("timing: not measured: " + why);
            timingSkipped = why;
            return null;
        }
        String fromName = null, toName = null;
        for (FlowSpec f : spec.traffic()) {
            if (f instanceof FlowSpec.Ping) {
                fromName = f.from();
                toName = ((FlowTarget.Container) f.to()).container();
                break;
            }
        }
        if (fromName == null) {
            FlowSpec f = spec.traffic().get(0);
            fromName = f.from();
            toName = ((FlowTarget.Container) f.to()).container();
        }
        Container from = containers.get(fromName), to = containers.get(toName);
        say("timing: ping -f -c " + options.floodCount() + " -s 56 " + fromName + " -> " + toName + " ...");
        String out = shell.run("ip", "netns", "exec", lab.netns(from.namespace()), "ping", "-f", "-q", "-n", "-c",
                Integer.toString(options.floodCount()), "-s", "56", "-w", "25", Ipv4Address.toString(to.ip()));
        Matcher m = RTT.matcher(out);
        if (!m.find()) throw new TwinException(TwinException.Kind.INTERNAL, "ping -f printed no rtt line:\n" + out);
        long kernelMean = Math.round(Double.parseDouble(m.group(2)) * 1e6);
        long kernelMin = Math.round(Double.parseDouble(m.group(1)) * 1e6);
        int n = Math.min(options.floodCount(), 500);
        var flow = modelPings(spec, sim.seed(), fromName, toName, n, spec.costs());
        String file = spec.underlay().segments().stream()
                .map(s -> s.name() + " latency " + s.latencyNanos() + " ns, bandwidth " + s.bandwidthBitsPerSecond() + " bit/s")
                .reduce((a, b) -> a + "; " + b).orElse("");
        return new TwinReport.Timing(fromName, toName, options.floodCount(), kernelMean, kernelMin, n, flow.meanTimestampedLatency(),
                flow.minTimestampedLatency(), flow.meanLatency(), file);
    }

    /**
     * {@code count} pings from {@code from} to {@code to} in the model, one in flight (1 ms apart, after
     * a warm-up ping), on the twin's underlay: a veth and a bridge, so no propagation delay and no
     * serialization (the file's latency and bandwidth describe a real link the lab does not have).
     * The flow holds both round trips: to the reply's receive stamp, as {@code ping} prints it, and
     * to the return of recvmsg().
     */
    static dev.overlaysim.trace.Flow modelPings(ScenarioSpec spec, long seed, String from, String to, int count,
                                                 dev.overlaysim.scenarios.model.CostsSpec costs) {
        return modelPingRun(spec, seed, from, to, count, costs).world().flow("twin-rtt");
    }

    /** The run behind {@link #modelPings}: its world holds the processes' CPU time too. */
    static ScenarioResult modelPingRun(ScenarioSpec spec, long seed, String from, String to, int count,
                                       dev.overlaysim.scenarios.model.CostsSpec costs) {
        List<SegmentSpec> segs = new ArrayList<>();
        for (SegmentSpec s : spec.underlay().segments()) segs.add(new SegmentSpec(s.name(), s.cidr(), s.gateway(), s.mtu(), 0, 0, 0));
        List<FlowSpec> traffic = List.of(
                new FlowSpec.Ping("twin-warmup", from, new FlowTarget.Container(to), 1, 56, 1_000_000_000L, 1_000_000_000L, false),
                new FlowSpec.Ping("twin-rtt", from, new FlowTarget.Container(to), count, 56, 1_000_000L, 2_000_000_000L, false));
        ScenarioSpec variant = new ScenarioSpec(spec.name(), spec.description(), seed, spec.network(),
                new UnderlaySpec(segs, spec.underlay().routers()), spec.nodes(), costs, traffic, List.of(), List.of());
        return Scenario.of(variant).run(RunOptions.DEFAULT.withCapture(false).withTrace(Tracer.Level.SUMMARY));
    }

    // ------------------------------------------------------------ output

    private static void writePcaps(Path dir, ScenarioResult sim, List<Mirror> mirrors) {
        try {
            Files.createDirectories(dir);
            Map<String, Tracer.Capture> caps = new LinkedHashMap<>();
            for (Tracer.Capture c : sim.captures()) caps.put(c.name(), c);
            for (Mirror m : mirrors) {
                Tracer.Capture c = caps.get(m.name());
                LinkType lt = m.device().isL3() ? LinkType.RAW : LinkType.ETHERNET;
                try (OutputStream o = Files.newOutputStream(dir.resolve(m.name() + ".sim.pcap"));
                     PcapWriter w = new PcapWriter(o, lt)) {
                    if (c != null) for (Tracer.Frame f : c.frames()) w.write(f.time(), f.bytes(), 0, f.bytes().length);
                }
                if (Files.exists(m.pcap())) {
                    Files.copy(m.pcap(), dir.resolve(m.name() + ".kernel.pcap"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new TwinException(TwinException.Kind.BAD_INPUT, "cannot write pcaps to " + dir + ": " + e.getMessage(), e);
        }
    }

    String kernelRelease() {
        Shell.Result r = shell.tryRun("uname", "-sr");
        return r.exitCode() == 0 ? r.out().strip() : "Linux";
    }

    static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a temp directory
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
