package dev.overlaysim.scenarios.twin;

import dev.overlaysim.docker.Container;
import dev.overlaysim.flannel.ClusterNode;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.scenarios.load.CostsFile;
import dev.overlaysim.scenarios.model.CostsSpec;
import dev.overlaysim.scenarios.model.FlowSpec;
import dev.overlaysim.scenarios.model.FlowTarget;
import dev.overlaysim.scenarios.model.ScenarioSpec;
import dev.overlaysim.scenarios.run.RunOptions;
import dev.overlaysim.scenarios.run.Scenario;
import dev.overlaysim.scenarios.run.ScenarioResult;
import dev.overlaysim.trace.Flow;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code overlaysim calibrate}: measures this machine's kernel for each key of a scenario's
 * {@code costs:}, in the model's meaning of that key, so that a twin run compares the model with
 * the same machine.
 *
 * <p>Five figures are timed directly by the C helper with clock_gettime: a syscall (getppid() in
 * a loop), a copy per KiB (pipe write + read of 64 KiB less 1 KiB), what a wake-up costs the waker
 * and the woken in CPU time ({@code wakeupCpu}: a pipe write to a blocked reader less one to
 * nobody; {@code contextSwitch}: the woken reader's CPU per read less the read, its CPU idle
 * 100 µs before each write; {@code wakeupCpuWarm}, {@code contextSwitchWarm}: the same with 3 µs;
 * {@code haltPoll}: the idle time from which a write costs the full figures, found by trying
 * 2–50 µs; {@code wakeupLocal}: the same round trip as below with both processes pinned to one
 * CPU, less its syscalls and the switches back in, halved), and the wake-up's
 * latency (a byte's round trip between two processes over two pipes, less its four syscalls,
 * halved, less those two CPU figures). Two more time the send path, in a namespace of their own
 * whose route leads to a veth with its peer down (each datagram is dropped at the device's
 * queue), the writer pinned to CPU 0: {@code poll} is a pselect() for writability before each
 * write() less the write alone and a syscall; {@code sendmsg} is the write() alone less a syscall,
 * its copy and the IP output hop ({@code forward}, fitted below). The others come from
 * round trips of ICMP echoes (as ping prints them: send to the reply's kernel receive stamp) in a
 * probe lab ({@code /calibrate/probe.yaml}) built in network namespaces exactly as the twin builds
 * a scenario, once per backend. The same probe lab is simulated, and since a ping's round trip in
 * the model is a sum of costs (so many syscalls, wake-ups, stack hops, encapsulations, proxy
 * passes: found by running the model with one cost at a time), each remaining figure is a
 * difference of two measured round trips less what the known figures explain, divided by how many
 * more of that cost the longer path pays in the model:
 * <ul>
 *   <li>{@code forward} (a stack hop): container-1 → container-2 across both nodes less container-1 →
 *       container-1b on one bridge, host-gw;</li>
 *   <li>{@code encap}, {@code decap}: VXLAN less host-gw across the nodes, split evenly (a round trip
 *       cannot tell the two apart);</li>
 *   <li>{@code proxy}: the UDP backend (the C forwarder shaped like flanneld's proxy) less host-gw.</li>
 * </ul>
 * Every probe is repeated; a figure is the median of the runs and its spread the lowest and highest.
 * Namespaces are {@code osim-<pid>-calN-*}, removed at the end as a twin's are.
 */
public final class Calibration {
    /** How calibrate runs: {@code runs} repetitions of each probe, {@code echoes} pings per RTT probe. */
    public record Options(int runs, int echoes, PrintWriter progress) {}

    /** One measured key: its median, the runs' lowest and highest, and how it was found. */
    public record Figure(String key, long nanos, long low, long high, String how) {}

    /** What calibrate found: every figure, the header lines, and the model's prediction for each probe against the kernel. */
    public record Result(List<Figure> figures, List<String> header, List<String> probes) {
        public CostsSpec costs() {
            return new CostsSpec(of("syscall"), of("copyPerKiB"), of("wakeup"), of("encap"), of("decap"), of("forward"), of("proxy"),
                    of("wakeupCpu"), of("contextSwitch"), of("proxyCold"), of("haltPoll"), of("wakeupCpuWarm"), of("contextSwitchWarm"),
                    of("wakeupLocal"), of("sendmsg"), of("poll"));
        }

        private OptionalLong of(String key) {
            return figures.stream().filter(f -> f.key().equals(key)).mapToLong(Figure::nanos).findFirst();
        }

        /** The costs file's text: the header, then each key with its spread and method as a comment. */
        public String yaml() {
            List<CostsFile.Entry> entries = new ArrayList<>();
            for (Figure f : figures) {
                entries.add(new CostsFile.Entry(f.key(), f.nanos(), "spread " + f.low() + "-" + f.high() + " ns: " + f.how()));
            }
            List<String> lines = new ArrayList<>(header);
            lines.addAll(probes);
            return CostsFile.write(lines, entries);
        }
    }

    /** The keys of costs in the order the file lists them; also the order of the model's coefficients below. */
    static final List<String> KEYS = List.of("syscall", "copyPerKiB", "wakeup", "encap", "decap", "forward", "proxy", "wakeupCpu",
            "contextSwitch", "proxyCold", "haltPoll", "wakeupCpuWarm", "contextSwitchWarm", "wakeupLocal", "sendmsg", "poll");
    /** The loaded forwarder probe: datagrams osim-helper udp-send sends back to back through the UDP backend, and their size. */
    static final int FLOOD_DATAGRAMS = 30_000, FLOOD_SIZE = 1400;
    private static final int FLOOD_PORT = 5599;
    /** The reader's idle time between a wake-up probe's writes for the full figures: its CPU is halted by then. */
    static final long WAKECOST_GAP_NANOS = 100_000;
    /** ... for the warm figures: its CPU went idle a moment ago. */
    static final long WARM_GAP_NANOS = 3_000;
    /** The CPU the local wake-up probe pins both processes to, and the send-path probe its writer (every machine has a CPU 0). */
    static final int PINNED_CPU = 0;
    /** The send-path probe: datagrams written per run, and where they go (a documentation address, TEST-NET-2, on a veth whose peer is down). */
    static final int SEND_LOOPS = 100_000;
    private static final String SEND_LOCAL = "198.51.100.1", SEND_SINK = "198.51.100.2";
    /** The idle times tried, in order, for where a wake-up turns dear (haltPoll). */
    static final long[] HALT_POLL_GAPS = {2_000, 3_000, 4_000, 5_000, 6_000, 7_000, 8_000, 9_000, 10_000, 11_000, 12_000, 14_000,
            16_000, 18_000, 20_000, 25_000, 30_000, 40_000, 50_000};
    private static final Pattern STAMPED = Pattern.compile("stamped_mean (\\d+)");
    private static final Pattern WAKECOST = Pattern.compile("waker (-?\\d+) reader (\\d+)");
    private static final String FROM = "container-1", NEAR = "container-1b", FAR = "container-2";

    private final Shell shell = new Shell();
    private final Options options;

    private Calibration(Options options) { this.options = options; }

    /** Measures this machine. Throws {@link TwinException} (MISSING: not root, no compiler, ...) for what stops it. */
    public static Result run(Options options) {
        if (options.runs() < 1 || options.echoes() < 10) {
            throw new TwinException(TwinException.Kind.BAD_INPUT, "calibrate needs at least 1 run and 10 echoes");
        }
        List<String> missing = Prerequisites.missing(true);
        if (!missing.isEmpty()) throw new TwinException(TwinException.Kind.MISSING, "calibrate needs: " + String.join("; ", missing));
        return new Calibration(options).measure();
    }

    private void say(String s) {
        if (options.progress() != null) {
            options.progress().println(s);
            options.progress().flush();
        }
    }

    private Result measure() {
        List<String> swept = NetnsTestbed.sweepStale(shell);
        if (!swept.isEmpty()) say("removed " + swept.size() + " namespaces left by a killed run: " + String.join(", ", swept));
        Path work;
        try {
            work = Files.createTempDirectory("osim-calibrate-");
        } catch (IOException e) {
            throw new TwinException(TwinException.Kind.INTERNAL, "cannot create a work directory: " + e.getMessage(), e);
        }
        try {
            Path helper = Twin.compileHelper(shell, work);
            return measure(helper, work);
        } finally {
            Twin.deleteTree(work);
        }
    }

    private Result measure(Path helper, Path work) {
        int runs = options.runs();
        say("micro-probes: syscall, copy, wake-up (" + runs + " runs each) ...");
        long[] syscall = new long[runs], copy = new long[runs], roundTrip = new long[runs], pinnedRoundTrip = new long[runs];
        long[][] cold = new long[runs][], warmCost = new long[runs][];
        long[] haltPoll = new long[runs];
        for (int r = 0; r < runs; r++) {
            syscall[r] = number(shell.run(helper.toString(), "syscall", "300000"));
            copy[r] = number(shell.run(helper.toString(), "copy", "20000"));
            roundTrip[r] = number(shell.run(helper.toString(), "wakeup", "30000"));
            pinnedRoundTrip[r] = number(shell.run(helper.toString(), "wakeup", "30000", Integer.toString(PINNED_CPU)));
            cold[r] = wakecost(helper, 5000, WAKECOST_GAP_NANOS);
            warmCost[r] = wakecost(helper, 5000, WARM_GAP_NANOS);
            haltPoll[r] = haltPoll(helper, warmCost[r][0], cold[r][0]);
        }
        long sc = median(syscall);
        long[] wakeupCpu = new long[runs], contextSwitch = new long[runs], wakeupCpuWarm = new long[runs], contextSwitchWarm = new long[runs];
        for (int r = 0; r < runs; r++) {
            wakeupCpu[r] = Math.max(0, cold[r][0]);
            contextSwitch[r] = Math.max(0, cold[r][1] - sc); // the woken reader's CPU per read, less the read itself
            wakeupCpuWarm[r] = Math.max(0, warmCost[r][0]);
            contextSwitchWarm[r] = Math.max(0, warmCost[r][1] - sc);
        }
        long wc = median(wakeupCpu), cs = median(contextSwitch);
        long hp = median(haltPoll), wcw = median(wakeupCpuWarm), csw = median(contextSwitchWarm);
        // The pipe round trip is 4 syscalls and 2 wake-ups, each the waker's CPU, the latency, and the wakee's switch:
        // the latency is what is left once the CPU both pay is taken out.
        long[] wakeup = new long[runs];
        for (int r = 0; r < runs; r++) wakeup[r] = Math.max(0, (roundTrip[r] - 4 * sc) / 2 - wc - cs);
        // Pinned to one CPU, each half of the round trip is a write that wakes the other onto the
        // writer's own CPU, a read, and the other's switch back in on a CPU that was busy: what is
        // left of the half once the syscalls and that switch are out is the local wake-up.
        long busySwitch = hp > 0 ? csw : cs;
        long[] wakeupLocal = new long[runs];
        for (int r = 0; r < runs; r++) wakeupLocal[r] = Math.max(1, (pinnedRoundTrip[r] - 4 * sc) / 2 - busySwitch);
        long wl = median(wakeupLocal);
        long[][] send = sendPath(helper);
        long[] sendWrite = send[0], sendSelect = send[1];

        ScenarioSpec probe = probeSpec();
        long[] near = new long[runs], far = new long[runs], vxlan = new long[runs], udp = new long[runs];
        measureLab(probe, "host-gw", helper, work, 1, new String[] {NEAR, FAR}, new long[][] {near, far}, null);
        measureLab(probe, "vxlan", helper, work, 2, new String[] {FAR}, new long[][] {vxlan}, null);
        long[] forwarderCpu = new long[runs], loadedForwarderCpu = new long[runs];
        measureLab(probe, "udp", helper, work, 3, new String[] {FAR}, new long[][] {udp}, new long[][] {forwarderCpu, loadedForwarderCpu});

        say("the probe lab in the model: its round trips, one cost at a time ...");
        Linear mNear = linear(Scenario.withBackend(probe, "host-gw"), NEAR);
        Linear mFar = linear(Scenario.withBackend(probe, "host-gw"), FAR);
        Linear mVxlan = linear(Scenario.withBackend(probe, "vxlan"), FAR);
        Linear mUdp = linear(Scenario.withBackend(probe, "udp"), FAR);

        double cp = median(copy), wk = median(wakeup);
        // Each derived figure per run (run r of one probe with run r of the other), then their median.
        long[] forward = new long[runs], encap = new long[runs], proxy = new long[runs];
        // poll: a pselect() that finds the socket writable, less the bare syscall (each run's write-only loop is the rest).
        long[] poll = new long[runs];
        for (int r = 0; r < runs; r++) poll[r] = Math.max(0, sendSelect[r] - sendWrite[r] - sc);
        long pl = median(poll);
        // A round trip across the nodes and one on a bridge each pay one ping sendto(): sendmsg is
        // not in their difference, so forward is fitted before it.
        double[] known = {sc, cp, wk, 0, 0, 0, 0, wc, cs, 0, hp, wcw, csw, wl, 0, pl};
        for (int r = 0; r < runs; r++) {
            forward[r] = solve(far[r] - near[r], mFar.minus(mNear), known, 5);
        }
        double hop = median(forward);
        // sendmsg: a write() of the flood's datagram, less its syscall, its copy and the IP output
        // hop the model charges every locally sent packet (the datagram is dropped at the device's
        // queue: no receiver's work is in it).
        long copy1400 = Math.round(FLOOD_SIZE * Math.floor(cp * 1000 / 1024) / 1000);
        long[] sendmsg = new long[runs];
        for (int r = 0; r < runs; r++) sendmsg[r] = Math.max(0, Math.round(sendWrite[r] - sc - copy1400 - hop));
        long sm = median(sendmsg);
        double[] withHop = {sc, cp, wk, 0, 0, hop, 0, wc, cs, 0, hp, wcw, csw, wl, sm, pl};
        for (int r = 0; r < runs; r++) {
            Linear d = mVxlan.minus(mFar);
            // encap and decap are paid as often on a round trip: one unknown, split evenly.
            double both = d.coef[3] + d.coef[4];
            double rest = vxlan[r] - far[r] - d.at(withHop);
            encap[r] = Math.max(0, Math.round(rest / both));
        }
        double ed = median(encap);
        double[] withEncap = {sc, cp, wk, ed, ed, hop, 0, wc, cs, 0, hp, wcw, csw, wl, sm, pl};
        // proxy: what the forwarder spent per packet it carried (its CPU time over the echoes, from the
        // scheduler), less what the model charges it per packet besides proxy (its syscalls, copies,
        // switches and the kernel work its sendto()/write() carry). A round trip would also count the
        // waits between CPUs, and a proxy taken from it would cost the model's CPUs under load what
        // the kernel's do not spend.
        // Under load (the flood) a forwarder handles many packets per wake-up and its caches stay warm:
        // that gives proxy. One echo at a time it is woken for every packet: what it spends beyond the
        // model's figure then is proxyCold, per wake-up.
        ScenarioSpec udpProbe = Scenario.withBackend(probe, "udp");
        ForwarderModel loadedModel = loadedForwarder(udpProbe, withEncap);
        long[] proxyCold = new long[runs];
        for (int r = 0; r < runs; r++) proxy[r] = Math.max(0, Math.round(loadedForwarderCpu[r] - loadedModel.cpuPerPacket()));
        double warm = median(proxy);
        double[] withProxy = withEncap.clone();
        withProxy[KEYS.indexOf("proxy")] = warm;
        ForwarderModel echoModel = forwarderCpuPerPacket(udpProbe, FAR, withProxy);
        for (int r = 0; r < runs; r++) {
            proxyCold[r] = Math.max(0, Math.round((forwarderCpu[r] - echoModel.cpuPerPacket()) / Math.max(1e-9, echoModel.wakeupsPerPacket())));
        }

        List<Figure> figures = new ArrayList<>();
        figures.add(figure("syscall", syscall, "getppid() in a loop (clock_gettime around 300000 calls)"));
        figures.add(figure("copyPerKiB", copy, "pipe write + read of 64 KiB less of 1 KiB, per KiB and per copy"));
        figures.add(figure("wakeup", wakeup, "a byte's round trip between two unpinned processes over two pipes ("
                + median(roundTrip) + " ns), less 4 syscalls, halved, less wakeupCpu and contextSwitch"));
        figures.add(figure("encap", encap, "VXLAN less host-gw round trip across the nodes, less the model's extra stack hops, "
                + "split evenly with decap"));
        figures.add(figure("decap", encap, "the same measurement as encap: a round trip pays one of each per packet"));
        figures.add(figure("forward", forward, "a stack hop: host-gw round trip across the nodes (" + median(far)
                + " ns) less on one bridge (" + median(near) + " ns), over the model's " + fmt(mFar.minus(mNear).coef[5]) + " more hops"));
        figures.add(figure("proxy", proxy, "the C forwarders' CPU time per packet they carried while osim-helper udp-send sent "
                + FLOOD_DATAGRAMS + " datagrams of " + FLOOD_SIZE + " bytes back to back (" + median(loadedForwarderCpu)
                + " ns, /proc/PID/schedstat), less the " + Math.round(loadedModel.cpuPerPacket())
                + " ns the model's flanneld spends per packet besides proxy on the same flood"));

        figures.add(figure("wakeupCpu", wakeupCpu, "a pipe write whose reader is blocked, less one nobody waits for, in the"
                + " writer's CPU time (the reader's CPU idle " + WAKECOST_GAP_NANOS / 1000 + " us before each)"));
        figures.add(figure("contextSwitch", contextSwitch, "the CPU time of a pipe reader woken for each byte, per read ("
                + median(column(cold, 1)) + " ns), less one syscall"));
        figures.add(figure("proxyCold", proxyCold, "the C forwarders' CPU time per packet during the UDP backend's echoes, one in"
                + " flight (" + median(forwarderCpu) + " ns), less the model's with proxy (" + Math.round(echoModel.cpuPerPacket())
                + " ns), per wake-up (the model's " + fmt(echoModel.wakeupsPerPacket()) + " a packet)"));

        figures.add(figure("haltPoll", haltPoll, "the shortest idle time of the reader's CPU (tried "
                + HALT_POLL_GAPS[0] / 1000 + "-" + HALT_POLL_GAPS[HALT_POLL_GAPS.length - 1] / 1000
                + " us) at which the waker's CPU per write is nearer wakeupCpu than wakeupCpuWarm; 0: no such step here"));
        figures.add(figure("wakeupCpuWarm", wakeupCpuWarm, "as wakeupCpu, the reader's CPU idle " + WARM_GAP_NANOS / 1000
                + " us before each write"));
        figures.add(figure("contextSwitchWarm", contextSwitchWarm, "as contextSwitch, the reader's CPU idle " + WARM_GAP_NANOS / 1000
                + " us before each write (" + median(column(warmCost, 1)) + " ns a read), less one syscall"));
        figures.add(figure("wakeupLocal", wakeupLocal, "a byte's round trip between two processes pinned to CPU " + PINNED_CPU
                + " over two pipes (" + median(pinnedRoundTrip) + " ns), less 4 syscalls, halved, less "
                + (hp > 0 ? "contextSwitchWarm" : "contextSwitch") + ": a wake-up onto the waker's own CPU, no IPI"));
        figures.add(figure("sendmsg", sendmsg, "a write() of " + FLOOD_SIZE + " bytes on a connected UDP socket, back to back on CPU "
                + PINNED_CPU + " (" + median(sendWrite) + " ns of CPU), out a veth whose peer is down, less a syscall, the copy ("
                + copy1400 + " ns) and forward"));
        figures.add(figure("poll", poll, "the same write() after a pselect() for writability (" + median(sendSelect)
                + " ns), less the write alone and a syscall"));

        CostsSpec measured = new Result(figures, List.of(), List.of()).costs();
        List<String> probes = new ArrayList<>();
        probes.add("probe round trips, kernel median vs the model with these costs (to the reply's receive stamp, as ping prints it):");
        probes.add(probeLine("host-gw " + FROM + " -> " + NEAR, median(near), Scenario.withBackend(probe, "host-gw"), NEAR, measured));
        probes.add(probeLine("host-gw " + FROM + " -> " + FAR, median(far), Scenario.withBackend(probe, "host-gw"), FAR, measured));
        probes.add(probeLine("vxlan   " + FROM + " -> " + FAR, median(vxlan), Scenario.withBackend(probe, "vxlan"), FAR, measured));
        probes.add(probeLine("udp     " + FROM + " -> " + FAR, median(udp), Scenario.withBackend(probe, "udp"), FAR, measured));
        probeWarning(probes).ifPresent(probes::add);

        List<String> header = List.of(
                "overlaysim calibrate, " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ", " + uname() + ", "
                        + Runtime.getRuntime().availableProcessors() + " CPUs",
                "Each figure: the median of " + runs + " runs (spread: the lowest and highest run), in the model's meaning of its key",
                "(docs/scenario-format.md, costs). Include it in a scenario with costs: {include: THIS_FILE}, or pass --costs THIS_FILE.");
        return new Result(figures, header, probes);
    }

    /** The probe lab with one backend, built, its round trips measured {@code runs} times, and removed. */
    /**
     * @param forwarderCpu when not null, per run the UDP forwarders' CPU nanoseconds per packet
     *                     they carried (read or written on their TUN): [0] over that run's echoes,
     *                     [1] over a flood of {@link #FLOOD_DATAGRAMS} datagrams after them
     */
    private void measureLab(ScenarioSpec probe, String backend, Path helper, Path work, int index, String[] targets, long[][] into,
                            long[][] forwarderCpu) {
        ScenarioSpec spec = Scenario.withBackend(probe, backend);
        ScenarioResult sim = Scenario.of(spec).run(RunOptions.DEFAULT.withCapture(false));
        String prefix = NetnsTestbed.prefixForThisProcess() + "cal" + index + "-";
        NetnsTestbed lab = new NetnsTestbed(shell, prefix, helper, sim.world(), work, false);
        Thread hook = new Thread(lab::close, "osim-calibrate-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            say("probe lab " + backend + " (" + prefix + "*): building ...");
            lab.build();
            Container from = container(sim, FROM);
            for (int r = 0; r < options.runs(); r++) {
                long[] before = forwarderCounters(lab);
                for (int t = 0; t < targets.length; t++) {
                    String out = shell.run("ip", "netns", "exec", lab.netns(from.namespace()), helper.toString(), "echo",
                            Ipv4Address.toString(container(sim, targets[t]).ip()), Integer.toString(options.echoes()));
                    Matcher m = STAMPED.matcher(out);
                    if (!m.find()) throw new TwinException(TwinException.Kind.INTERNAL, "the echo probe printed no round trip: " + out.strip());
                    into[t][r] = Long.parseLong(m.group(1));
                }
                if (forwarderCpu != null) {
                    forwarderCpu[0][r] = cpuPerPacket(before, forwarderCounters(lab), "echoes");
                    before = forwarderCounters(lab);
                    flood(lab, helper, work, container(sim, FROM), container(sim, FAR));
                    forwarderCpu[1][r] = cpuPerPacket(before, forwarderCounters(lab), "flood");
                }
            }
            for (int t = 0; t < targets.length; t++) {
                say(String.format(Locale.ROOT, "  %s -> %s: %.1f us (median of %d runs of %d echoes)", FROM, targets[t],
                        median(into[t]) / 1e3, options.runs(), options.echoes()));
            }
        } finally {
            lab.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs (and lab.close() is idempotent)
            }
        }
    }

    /**
     * The send-path probe, {@code runs} times: [0] a write() of {@link #FLOOD_SIZE} bytes on a
     * connected UDP socket, [1] the same after a pselect(), CPU nanoseconds each. The writer runs in
     * a namespace of its own whose route to the sink leads to a veth with its peer down: each
     * datagram goes down the whole output path and is dropped at the device's queue.
     */
    private long[][] sendPath(Path helper) {
        int runs = options.runs();
        String ns = NetnsTestbed.prefixForThisProcess() + "cal0-send";
        say("send-path probe (" + ns + "): " + runs + " runs of " + SEND_LOOPS + " writes ...");
        Thread hook = new Thread(() -> NetnsTestbed.deleteNetns(shell, ns), "osim-calibrate-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            shell.run("ip", "netns", "add", ns);
            shell.run("ip", "-n", ns, "link", "add", "snd0", "type", "veth", "peer", "name", "snd1");
            shell.run("ip", "-n", ns, "addr", "add", SEND_LOCAL + "/30", "dev", "snd0");
            shell.run("ip", "-n", ns, "link", "set", "snd0", "up");
            shell.run("ip", "-n", ns, "neigh", "add", SEND_SINK, "lladdr", "02:00:00:00:00:02", "dev", "snd0", "nud", "permanent");
            long[] write = new long[runs], select = new long[runs];
            for (int r = 0; r < runs; r++) {
                write[r] = sendcost(helper, ns, "write");
                select[r] = sendcost(helper, ns, "select");
            }
            return new long[][] {write, select};
        } finally {
            NetnsTestbed.deleteNetns(shell, ns);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs (deleting a namespace twice is harmless)
            }
        }
    }

    private long sendcost(Path helper, String ns, String mode) {
        return number(shell.run("ip", "netns", "exec", ns, helper.toString(), "sendcost", Integer.toString(SEND_LOOPS), SEND_SINK,
                Integer.toString(FLOOD_SIZE), mode, Integer.toString(PINNED_CPU)));
    }

    private static Container container(ScenarioResult sim, String name) {
        for (ClusterNode n : sim.cluster().nodes()) {
            for (Container c : n.containers()) if (c.name().equals(name)) return c;
        }
        throw new TwinException(TwinException.Kind.INTERNAL, "the probe lab has no container " + name);
    }

    static ScenarioSpec probeSpec() {
        try (InputStream in = Calibration.class.getResourceAsStream("/calibrate/probe.yaml")) {
            if (in == null) throw new TwinException(TwinException.Kind.INTERNAL, "resource /calibrate/probe.yaml is missing from the jar");
            return Scenario.fromYaml(new String(in.readAllBytes(), StandardCharsets.UTF_8), "calibrate/probe.yaml").spec();
        } catch (IOException e) {
            throw new TwinException(TwinException.Kind.INTERNAL, "cannot read /calibrate/probe.yaml: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------ the model's side

    /**
     * A ping's round trip in the model as a function of the costs: {@code base + Σ coef[i] × cost[i]}
     * (nanoseconds per nanosecond of each key, in {@link #KEYS} order). It is linear because one
     * echo in flight never waits for a CPU: each cost is paid a fixed number of times.
     */
    record Linear(double base, double[] coef) {
        Linear minus(Linear o) {
            double[] c = new double[coef.length];
            for (int i = 0; i < c.length; i++) c[i] = coef[i] - o.coef[i];
            return new Linear(base - o.base, c);
        }

        double at(double[] costs) {
            double v = base;
            for (int i = 0; i < coef.length; i++) v += coef[i] * costs[i];
            return v;
        }
    }

    /** Runs the probe in the model once with every cost 0 and once per key with only that one set. */
    static Linear linear(ScenarioSpec spec, String to) {
        long[] zero = new long[KEYS.size()];
        double base = modelRtt(spec, to, zero);
        double[] coef = new double[KEYS.size()];
        for (int i = 0; i < KEYS.size(); i++) {
            long[] one = new long[KEYS.size()];
            // copyPerKiB becomes picoseconds per byte (× 1000 / 1024): 102400 ns/KiB is exactly 100 ns a byte.
            one[i] = KEYS.get(i).equals("copyPerKiB") ? 102_400 : 10_000;
            coef[i] = (modelRtt(spec, to, one) - base) / one[i];
        }
        return new Linear(base, coef);
    }

    /** The forwarders' CPU nanoseconds (schedstat) and packets carried, summed over the lab's nodes. */
    private static long[] forwarderCounters(NetnsTestbed lab) {
        long cpu = 0, packets = 0;
        for (NetnsTestbed.Forwarder fw : lab.forwarders()) {
            cpu += ProcFiles.cpuNanos(fw.process().pid());
            ProcFiles.DevPackets d = ProcFiles.devPackets(fw.process().pid(), fw.tun());
            packets += d.rxPackets() + d.txPackets();
        }
        return new long[] {cpu, packets};
    }

    private static long cpuPerPacket(long[] before, long[] after, String what) {
        long packets = after[1] - before[1];
        if (packets <= 0) throw new TwinException(TwinException.Kind.INTERNAL, "the UDP probe's forwarders carried no packet during the " + what);
        return (after[0] - before[0]) / packets;
    }

    /** osim-helper udp-send's datagrams back to back from {@code from} to osim-helper udp-recv on {@code to}. */
    private void flood(NetnsTestbed lab, Path helper, Path work, Container from, Container to) {
        Path log = work.resolve("calibrate-flood-recv.log");
        Process recv = lab.startBackground(List.of("ip", "netns", "exec", lab.netns(to.namespace()), helper.toString(), "udp-recv",
                Integer.toString(FLOOD_PORT), "10"), log, false);
        try {
            shell.run("ip", "netns", "exec", lab.netns(from.namespace()), "timeout", "20", helper.toString(), "udp-send",
                    Integer.toString(FLOOD_PORT + 1), Ipv4Address.toString(to.ip()), Integer.toString(FLOOD_PORT),
                    Integer.toString(FLOOD_DATAGRAMS), Integer.toString(FLOOD_SIZE), "0");
        } finally {
            NetnsTestbed.end(recv);
        }
    }

    /** What the model's flanneld spends per packet it carried, and how often it is woken per packet. */
    record ForwarderModel(double cpuPerPacket, double wakeupsPerPacket) {}

    /** The model's flanneld over the echoes to {@code to}, with {@code known} costs (proxyCold 0). */
    static ForwarderModel forwarderCpuPerPacket(ScenarioSpec spec, String to, double[] known) {
        return forwarders(Twin.modelPingRun(spec, spec.seed(), FROM, to, 50, costsOf(withoutCold(known))));
    }

    /** The model's flanneld over the same flood as the kernel's ({@link #flood}), the probe's nodes sharing this machine's CPUs, proxy 0. */
    static ForwarderModel loadedForwarder(ScenarioSpec spec, double[] known) {
        double[] k = known.clone();
        k[KEYS.indexOf("proxy")] = 0;
        FlowSpec.Udp flood = new FlowSpec.Udp("calibrate-flood", FROM, new FlowTarget.Container(FAR), FLOOD_PORT, FLOOD_DATAGRAMS, FLOOD_SIZE,
                0, 100_000_000L);
        ScenarioSpec s = TwinLoad.asTheLabIs(new ScenarioSpec(spec.name(), spec.description(), spec.seed(), spec.network(), spec.underlay(),
                spec.nodes(), costsOf(withoutCold(k)), List.of(flood), List.of(), List.of(), Optional.empty(), spec.machine()),
                Runtime.getRuntime().availableProcessors());
        return forwarders(Scenario.of(s).run(RunOptions.DEFAULT.withCapture(false)));
    }

    private static long[] withoutCold(double[] known) {
        long[] c = new long[KEYS.size()];
        for (int i = 0; i < c.length; i++) c[i] = Math.round(known[i]);
        c[KEYS.indexOf("proxyCold")] = 0;
        return c;
    }

    private static ForwarderModel forwarders(ScenarioResult r) {
        long cpu = 0, packets = 0, wakeups = 0;
        for (var h : r.world().hosts()) {
            for (var p : h.processes()) {
                if (!p.name().equals("flanneld")) continue;
                cpu += p.userNanos() + p.systemNanos();
                packets += p.packets();
                wakeups += p.voluntarySwitches();
            }
        }
        if (packets == 0) throw new TwinException(TwinException.Kind.INTERNAL, "the model's UDP probe has no flanneld that carried a packet");
        return new ForwarderModel(cpu / (double) packets, wakeups / (double) packets);
    }

    static long modelRtt(ScenarioSpec spec, String to, long[] costs) {
        Flow f = Twin.modelPings(spec, spec.seed(), FROM, to, 50, costsOf(costs));
        return f.meanTimestampedLatency();
    }

    private static CostsSpec costsOf(long[] c) {
        return new CostsSpec(OptionalLong.of(c[0]), OptionalLong.of(c[1]), OptionalLong.of(c[2]), OptionalLong.of(c[3]),
                OptionalLong.of(c[4]), OptionalLong.of(c[5]), OptionalLong.of(c[6]), OptionalLong.of(c[7]), OptionalLong.of(c[8]),
                OptionalLong.of(c[9]), OptionalLong.of(c[10]), OptionalLong.of(c[11]), OptionalLong.of(c[12]), OptionalLong.of(c[13]),
                OptionalLong.of(c[14]), OptionalLong.of(c[15]));
    }

    /** The one unknown {@code key} of a measured difference: (measured − what the known costs explain) / its coefficient, at least 0. */
    private static long solve(long measuredDifference, Linear modelDifference, double[] known, int key) {
        double[] k = known.clone();
        k[key] = 0;
        double rest = measuredDifference - modelDifference.at(k);
        double per = modelDifference.coef[key];
        if (per <= 0) throw new TwinException(TwinException.Kind.INTERNAL, "the probe lab pays no more " + KEYS.get(key) + " on its longer path");
        return Math.max(0, Math.round(rest / per));
    }

    private String probeLine(String what, long kernel, ScenarioSpec spec, String to, CostsSpec costs) {
        long model = Twin.modelPings(spec, spec.seed(), FROM, to, 50, costs).meanTimestampedLatency();
        double ratio = model / (double) kernel;
        return String.format(Locale.ROOT, "  %-34s kernel %7.1f us   model %7.1f us   sim/real %.2f", what, kernel / 1e3, model / 1e3, ratio)
                + (ratio < 1 / PROBE_TOLERANCE || ratio > PROBE_TOLERANCE ? "   OFF" : "");
    }

    /** How far the model with the fitted costs may be from a probe's kernel round trip before calibrate says so. */
    static final double PROBE_TOLERANCE = 1.25;

    /**
     * The line calibrate adds when a probe's round trip in the model is more than 25% from the
     * kernel's: the figures reproduce their own probes unless the machine was disturbed while they
     * were taken (another tenant on the host, a CPU stolen), so the file is then not to be trusted.
     */
    static Optional<String> probeWarning(List<String> probeLines) {
        long off = probeLines.stream().filter(l -> l.endsWith("   OFF")).count();
        if (off == 0) return Optional.empty();
        return Optional.of("warning: " + off + " probe round trip" + (off == 1 ? " is" : "s are") + " more than 25% from the model with these"
                + " costs (OFF): the machine was probably disturbed while they were measured; run calibrate again (more --runs steady it)");
    }

    // ------------------------------------------------------------ numbers

    /** osim-helper wakecost: {waker's CPU per write, reader's CPU per read}, the reader's CPU idle {@code gap} before each write. */
    private long[] wakecost(Path helper, int loops, long gap) {
        Matcher m = WAKECOST.matcher(shell.run(helper.toString(), "wakecost", Integer.toString(loops), Long.toString(gap)));
        if (!m.find()) throw new TwinException(TwinException.Kind.INTERNAL, "the wake-up cost probe printed no figures");
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    /**
     * Where a wake-up turns dear: the first of {@link #HALT_POLL_GAPS} at which the waker's CPU per
     * write is past halfway from {@code warm} to {@code cold}. 0 when there is no step (the two
     * within 25% of each other) or none of the idle times reaches it.
     */
    private long haltPoll(Path helper, long warm, long cold) {
        return haltPollOf(HALT_POLL_GAPS, gap -> wakecost(helper, 1000, gap)[0], warm, cold);
    }

    static long haltPollOf(long[] gaps, java.util.function.LongUnaryOperator wakerAt, long warm, long cold) {
        if (cold <= 0 || warm >= cold * 0.75) return 0;
        double half = (warm + cold) / 2.0;
        for (long gap : gaps) if (wakerAt.applyAsLong(gap) >= half) return gap;
        return 0;
    }

    private static long[] column(long[][] rows, int i) {
        long[] c = new long[rows.length];
        for (int r = 0; r < rows.length; r++) c[r] = rows[r][i];
        return c;
    }

    private static Figure figure(String key, long[] runs, String how) {
        long[] s = runs.clone();
        Arrays.sort(s);
        return new Figure(key, median(runs), s[0], s[s.length - 1], how);
    }

    static long median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static long number(String out) {
        try {
            return Long.parseLong(out.strip());
        } catch (NumberFormatException e) {
            throw new TwinException(TwinException.Kind.INTERNAL, "a calibrate probe printed '" + out.strip() + "', not a number of nanoseconds", e);
        }
    }

    private static String fmt(double v) {
        return Math.abs(v - Math.rint(v)) < 1e-6 ? Long.toString(Math.round(v)) : String.format(Locale.ROOT, "%.2f", v);
    }

    private String uname() {
        Shell.Result r = shell.tryRun("uname", "-sr");
        return r.exitCode() == 0 ? r.out().strip() : "Linux";
    }
}
