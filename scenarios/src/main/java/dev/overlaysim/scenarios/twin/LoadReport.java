package dev.overlaysim.scenarios.twin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;

/**
 * The twin under load, side by side: per flow, backend and offered rate what the simulator and
 * the kernel (iperf3) delivered, and for the UDP backend what each node's proxy spent per packet,
 * each with the ratio simulated ÷ real; then each backend's saturation (delivered at {@code max})
 * and whether the backends rank the same way on both sides. A bulk tcp flow has no offered rate:
 * per backend its goodput, retransmits and RTT, and the backends ranked by goodput.
 */
public final class LoadReport {
    /** What one side delivered at one offered rate: per second of the flow's duration, as iperf3 reports. */
    public record Side(double offeredPps, double deliveredPps, double deliveredMbits, double lossPercent) {}

    /**
     * One node's UDP proxy at one rate: the simulated flanneld and the real forwarder
     * ({@code osim-helper forward}), each divided by the packets it carried either way. Of the
     * context switches, the non-voluntary ones (preempted while it could run) are also given on
     * their own: they tell a proxy that is switched out by others from one that runs dry and blocks.
     * With {@code --repeat N}, {@code realSwitchesRuns} is each run's switches per packet, in the
     * order they ran: the kernel's own spread, which a target for the model can be no tighter than.
     */
    public record Proxy(String node, long simPackets, double simSwitchesPerPacket, double simNonvoluntaryPerPacket,
                        double simCpuMicrosPerPacket, long realPackets, double realSwitchesPerPacket,
                        double realNonvoluntaryPerPacket, double realCpuMicrosPerPacket, List<Double> realSwitchesRuns) {
        public Proxy {
            realSwitchesRuns = List.copyOf(realSwitchesRuns);
        }

        /** One run. */
        public Proxy(String node, long simPackets, double simSwitchesPerPacket, double simNonvoluntaryPerPacket,
                     double simCpuMicrosPerPacket, long realPackets, double realSwitchesPerPacket,
                     double realNonvoluntaryPerPacket, double realCpuMicrosPerPacket) {
            this(node, simPackets, simSwitchesPerPacket, simNonvoluntaryPerPacket, simCpuMicrosPerPacket, realPackets,
                    realSwitchesPerPacket, realNonvoluntaryPerPacket, realCpuMicrosPerPacket, List.of(realSwitchesPerPacket));
        }

        /** The simulated switches per packet within {@code tolerance} (0.3: ±30%) of the real median. */
        boolean switchesWithin(double tolerance) {
            double r = ratio(simSwitchesPerPacket, realSwitchesPerPacket);
            return !Double.isNaN(r) && Math.abs(r - 1) <= tolerance;
        }

        /** The simulated switches per packet between the lowest and the highest real run. */
        boolean switchesWithinRuns() {
            double lo = realSwitchesRuns.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
            double hi = realSwitchesRuns.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            return simSwitchesPerPacket >= lo && simSwitchesPerPacket <= hi;
        }
    }

    /** The target for the proxy's context switches per packet: within ±30% of the kernel's, at each rate. */
    static final double SWITCHES_TOLERANCE = 0.30;

    /**
     * iperf3's own CPU at one rate, per datagram: the client's per datagram it sent, the server's
     * per datagram it read; the model's sender and server process beside them. In the lab a
     * client's sendto() carries the datagram as far as a queue another CPU drains (the receiver's
     * socket with host-gw or VXLAN, the TUN device in UDP mode) in its own softirq, so this is where
     * the kernel's per-packet path cost shows.
     *
     * @param process {@code client} or {@code server}
     */
    public record Endpoint(String process, double simCpuMicrosPerPacket, double realCpuMicrosPerPacket) {}

    /**
     * One offered rate ({@code max}: as fast as the sender can) of one backend. With
     * {@code --repeat N} every real figure is the median of the N runs, and
     * {@code realDeliveredRuns} is what each run delivered, in the order they ran.
     */
    public record Point(String rate, boolean max, Side sim, Side real, List<Proxy> proxies, List<Endpoint> endpoints,
                        List<Double> realDeliveredRuns) {
        public Point {
            proxies = List.copyOf(proxies);
            endpoints = List.copyOf(endpoints);
            realDeliveredRuns = List.copyOf(realDeliveredRuns);
        }

        public Point(String rate, boolean max, Side sim, Side real, List<Proxy> proxies, List<Endpoint> endpoints) {
            this(rate, max, sim, real, proxies, endpoints, List.of(real.deliveredPps()));
        }

        public Point(String rate, boolean max, Side sim, Side real, List<Proxy> proxies) {
            this(rate, max, sim, real, proxies, List.of());
        }
    }

    /** Every offered rate of one backend, in the order given. */
    public record Backend(String type, List<Point> points) {
        public Backend {
            points = List.copyOf(points);
        }

        /** The point sent at {@code max}, if one was. */
        public Optional<Point> saturation() { return points.stream().filter(Point::max).findFirst(); }
    }

    /** One flow with a rate, and what each backend made of it. */
    public record Flow(String name, String from, String to, int size, List<Backend> backends) {
        public Flow {
            backends = List.copyOf(backends);
        }
    }

    /**
     * What one side's connection did over one backend: the receiver's goodput as iperf3 reports it,
     * the segments the sender sent again, and its smoothed RTT at the end ({@code ss -ti}'s rtt).
     *
     * @param rttMicros -1 when not known
     */
    public record TcpSide(long bytes, double goodputBits, long retransmits, long rttMicros) {}

    /** One backend of a tcp flow: both sides, and for the UDP backend what each node's proxy spent per packet. */
    public record TcpPoint(String backend, TcpSide sim, TcpSide real, List<Proxy> proxies, List<Double> realGoodputRuns) {
        public TcpPoint {
            proxies = List.copyOf(proxies);
            realGoodputRuns = List.copyOf(realGoodputRuns);
        }

        public TcpPoint(String backend, TcpSide sim, TcpSide real, List<Proxy> proxies) {
            this(backend, sim, real, proxies, List.of(real.goodputBits()));
        }
    }

    /**
     * A bulk tcp flow (a duration, or more bytes than the twin compares frame by frame) and what each
     * backend made of it. TCP has no offered rate: it sends as fast as its window and the slowest
     * stage let it, so each backend is one point.
     *
     * @param amount what iperf3 was told to send: {@code -t 2} or {@code -n 10000000}
     */
    public record TcpFlow(String name, String from, String to, String congestion, String amount, List<TcpPoint> points) {
        public TcpFlow {
            points = List.copyOf(points);
        }
    }

    /** The order the issue expects: flanneld's user-space copies make udp slowest, host-gw (no encapsulation) at least as fast as vxlan. */
    static final List<String> EXPECTED_ORDER = List.of("udp", "vxlan", "host-gw");

    private final int seconds;
    private final int cpus;
    private final String iperf3;
    private final String costsLine;
    private final List<Flow> flows;
    private final List<TcpFlow> tcpFlows;
    private final int repeat;
    private final String cacheLine;

    /** @param cpus the CPUs of this machine, which every node of the lab shares and the simulation gives its one machine */
    public LoadReport(int seconds, int cpus, String iperf3, String costsLine, List<Flow> flows) {
        this(seconds, cpus, iperf3, costsLine, flows, List.of());
    }

    public LoadReport(int seconds, int cpus, String iperf3, String costsLine, List<Flow> flows, List<TcpFlow> tcpFlows) {
        this(seconds, cpus, iperf3, costsLine, flows, tcpFlows, 1);
    }

    /** @param repeat the kernel's runs per point ({@code --repeat}): each real figure is their median */
    public LoadReport(int seconds, int cpus, String iperf3, String costsLine, List<Flow> flows, List<TcpFlow> tcpFlows, int repeat) {
        this(seconds, cpus, iperf3, costsLine, flows, tcpFlows, repeat, "");
    }

    /** @param cacheLine whether this machine's CPUs share a last-level cache ({@link CacheTopology#line}); empty: not said */
    public LoadReport(int seconds, int cpus, String iperf3, String costsLine, List<Flow> flows, List<TcpFlow> tcpFlows, int repeat,
                      String cacheLine) {
        this.cacheLine = cacheLine;
        this.repeat = repeat;
        this.seconds = seconds;
        this.cpus = cpus;
        this.iperf3 = iperf3;
        this.costsLine = costsLine;
        this.flows = List.copyOf(flows);
        this.tcpFlows = List.copyOf(tcpFlows);
    }

    /** The flows sent at a rate (UDP). */
    public List<Flow> flows() { return flows; }

    /** The bulk tcp flows. */
    public List<TcpFlow> tcpFlows() { return tcpFlows; }

    /** sim ÷ real; NaN when the real figure is 0 (no ratio to give). */
    static double ratio(double sim, double real) {
        return real == 0 ? Double.NaN : sim / real;
    }

    static String ratioText(double sim, double real) {
        double r = ratio(sim, real);
        return Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%.2f", r);
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        String per = flows.isEmpty() ? "per bulk tcp flow with a duration" : tcpFlows.isEmpty() ? "per offered rate"
                : "per offered rate and per bulk tcp flow with a duration";
        sb.append(String.format(Locale.ROOT, "under load: %s, %d s %s; the simulator runs the same flow%s for the same duration%n",
                iperf3, seconds, per, flows.isEmpty() ? "" : " at the same rate"));
        sb.append(String.format(Locale.ROOT, "  placement: every node is network namespaces on this one %d-CPU machine, in the lab and"
                + " in the simulation (machine: {cpus: %d})%n", cpus, cpus));
        if (!cacheLine.isEmpty()) sb.append("  caches: ").append(cacheLine).append('\n');
        if (!costsLine.isEmpty()) sb.append("  costs: ").append(costsLine).append('\n');
        if (repeat > 1) {
            sb.append(String.format(Locale.ROOT, "  kernel: iperf3 run %d times per point, one after another; each real figure is the median of"
                    + " the %d runs (the simulator is deterministic: it runs once)%n", repeat, repeat));
        }
        for (Flow f : flows) {
            sb.append(String.format(Locale.ROOT, "%nflow %s: %s -> %s, %d-byte UDP datagrams (iperf3 -u -l %d -b RATE -t %d)%n",
                    f.name(), f.from(), f.to(), f.size(), f.size(), seconds));
            for (Backend b : f.backends()) backend(sb, b);
            saturation(sb, f);
        }
        for (TcpFlow f : tcpFlows) tcpFlow(sb, f);
        return sb.toString();
    }

    private static void tcpFlow(StringBuilder sb, TcpFlow f) {
        sb.append(String.format(Locale.ROOT, "%nflow %s: %s -> %s, bulk TCP (%s), iperf3 -c -C %s %s; goodput as iperf3's receiver reports it%n",
                f.name(), f.from(), f.to(), f.congestion(), f.congestion(), f.amount()));
        sb.append(String.format(Locale.ROOT, "%n  %-9s %26s %26s %26s%n", "", "goodput Mbit/s", "retransmits", "rtt ms (ss, at the end)"));
        sb.append(String.format(Locale.ROOT, "  %-9s %8s %8s %8s  %8s %8s %8s  %8s %8s %8s%n", "backend",
                "sim", "real", "sim/real", "sim", "real", "sim/real", "sim", "real", "sim/real"));
        for (TcpPoint p : f.points()) {
            TcpSide s = p.sim(), r = p.real();
            sb.append(String.format(Locale.ROOT, "  %-9s %8.1f %8.1f %8s  %8d %8d %8s  %8s %8s %8s%n", p.backend(),
                    s.goodputBits() / 1e6, r.goodputBits() / 1e6, ratioText(s.goodputBits(), r.goodputBits()),
                    s.retransmits(), r.retransmits(), ratioText(s.retransmits(), r.retransmits()),
                    rttText(s.rttMicros()), rttText(r.rttMicros()),
                    s.rttMicros() < 0 || r.rttMicros() < 0 ? "-" : ratioText(s.rttMicros(), r.rttMicros())));
        }
        List<Map.Entry<String, List<Proxy>>> proxies = new ArrayList<>();
        for (TcpPoint p : f.points()) if (!p.proxies().isEmpty()) proxies.add(Map.entry(p.backend(), p.proxies()));
        proxyTable(sb, "backend", proxies);
        if (f.points().size() < 2) return;
        Map<String, Double> sim = new LinkedHashMap<>(), real = new LinkedHashMap<>();
        for (TcpPoint p : f.points()) {
            sim.put(p.backend(), p.sim().goodputBits());
            real.put(p.backend(), p.real().goodputBits());
        }
        orderLines(sb, "goodput", sim, real);
    }

    private static String rttText(long micros) {
        return micros < 0 ? "-" : String.format(Locale.ROOT, "%.3f", micros / 1e3);
    }

    private static void backend(StringBuilder sb, Backend b) {
        sb.append(String.format(Locale.ROOT, "%n  %-9s %17s %27s %27s %25s%n", b.type(), "offered kpps", "delivered kpps",
                "delivered Mbit/s", "loss %"));
        sb.append(String.format(Locale.ROOT, "  %-9s %8s %8s  %8s %8s %8s  %8s %8s %8s  %7s %7s %8s%n", "rate",
                "sim", "real", "sim", "real", "sim/real", "sim", "real", "sim/real", "sim", "real", "sim/real"));
        for (Point p : b.points()) {
            Side s = p.sim(), r = p.real();
            sb.append(String.format(Locale.ROOT, "  %-9s %8.1f %8.1f  %8.1f %8.1f %8s  %8.1f %8.1f %8s  %7.1f %7.1f %8s%n", p.rate(),
                    s.offeredPps() / 1e3, r.offeredPps() / 1e3,
                    s.deliveredPps() / 1e3, r.deliveredPps() / 1e3, ratioText(s.deliveredPps(), r.deliveredPps()),
                    s.deliveredMbits(), r.deliveredMbits(), ratioText(s.deliveredMbits(), r.deliveredMbits()),
                    s.lossPercent(), r.lossPercent(), ratioText(s.lossPercent(), r.lossPercent())));
        }
        List<Map.Entry<String, List<Proxy>>> proxies = new ArrayList<>();
        for (Point p : b.points()) if (!p.proxies().isEmpty()) proxies.add(Map.entry(p.rate(), p.proxies()));
        proxyTable(sb, "rate", proxies);
        if (b.points().stream().allMatch(p -> p.endpoints().isEmpty())) return;
        sb.append(String.format(Locale.ROOT, "  iperf3: CPU us per datagram (the client's per datagram sent, the server's per datagram read)%n"));
        sb.append(String.format(Locale.ROOT, "  %-9s %-7s %8s %8s %8s%n", "rate", "process", "sim", "real", "sim/real"));
        for (Point p : b.points()) {
            for (Endpoint e : p.endpoints()) {
                sb.append(String.format(Locale.ROOT, "  %-9s %-7s %8.2f %8s %8s%n", p.rate(), e.process(), e.simCpuMicrosPerPacket(),
                        e.realCpuMicrosPerPacket() < 0 ? "-" : String.format(Locale.ROOT, "%.2f", e.realCpuMicrosPerPacket()),
                        e.realCpuMicrosPerPacket() < 0 ? "-" : ratioText(e.simCpuMicrosPerPacket(), e.realCpuMicrosPerPacket())));
            }
        }
    }

    /**
     * The proxies' table: per row label (an offered rate, or a backend), one line per node; with
     * several kernel runs the lowest and highest run's switches per packet too; then how many rows
     * meet the target on switches per packet ({@link #SWITCHES_TOLERANCE} of the kernel's median),
     * and, with several runs, how many fall within the kernel's own spread.
     */
    private static void proxyTable(StringBuilder sb, String label, List<Map.Entry<String, List<Proxy>>> rows) {
        if (rows.isEmpty()) return;
        boolean runs = rows.stream().anyMatch(r -> r.getValue().stream().anyMatch(x -> x.realSwitchesRuns().size() > 1));
        sb.append(String.format(Locale.ROOT, "  proxy: flanneld (sim) / osim-helper forward (real), per packet it carried either way%n"));
        sb.append(String.format(Locale.ROOT, "  %-9s %-7s %17s %28s %18s %28s%s%n", "", "", "packets", "context switches/packet",
                "non-voluntary", "CPU us/packet", runs ? "   switches, real runs" : ""));
        sb.append(String.format(Locale.ROOT, "  %-9s %-7s %8s %8s  %8s %8s %8s  %8s %8s  %8s %8s %8s%s%n", label, "node",
                "sim", "real", "sim", "real", "sim/real", "sim", "real", "sim", "real", "sim/real", runs ? "   lowest-highest" : ""));
        int rowsAll = 0, met = 0, inRuns = 0;
        for (Map.Entry<String, List<Proxy>> row : rows) {
            for (Proxy x : row.getValue()) {
                String spread = "";
                if (runs) {
                    double lo = x.realSwitchesRuns().stream().mapToDouble(Double::doubleValue).min().orElse(0);
                    double hi = x.realSwitchesRuns().stream().mapToDouble(Double::doubleValue).max().orElse(0);
                    spread = String.format(Locale.ROOT, "   %.3f-%.3f", lo, hi);
                }
                sb.append(String.format(Locale.ROOT, "  %-9s %-7s %8d %8d  %8.3f %8.3f %8s  %8.3f %8.3f  %8.2f %8.2f %8s%s%n", row.getKey(), x.node(),
                        x.simPackets(), x.realPackets(),
                        x.simSwitchesPerPacket(), x.realSwitchesPerPacket(), ratioText(x.simSwitchesPerPacket(), x.realSwitchesPerPacket()),
                        x.simNonvoluntaryPerPacket(), x.realNonvoluntaryPerPacket(),
                        x.simCpuMicrosPerPacket(), x.realCpuMicrosPerPacket(), ratioText(x.simCpuMicrosPerPacket(), x.realCpuMicrosPerPacket()),
                        spread));
                rowsAll++;
                if (x.switchesWithin(SWITCHES_TOLERANCE)) met++;
                if (x.switchesWithinRuns()) inRuns++;
            }
        }
        sb.append(String.format(Locale.ROOT, "  switches/packet within ±%.0f%% of the kernel's: %d of %d%s%n", SWITCHES_TOLERANCE * 100, met, rowsAll,
                runs ? String.format(Locale.ROOT, "; within its runs' lowest-highest: %d of %d", inRuns, rowsAll) : ""));
    }

    private static void saturation(StringBuilder sb, Flow f) {
        List<Backend> saturated = f.backends().stream().filter(b -> b.saturation().isPresent()).toList();
        if (saturated.isEmpty()) {
            sb.append("\n  saturation: not measured (give max among --rates)\n");
            return;
        }
        boolean runs = saturated.stream().anyMatch(b -> b.saturation().get().realDeliveredRuns().size() > 1);
        sb.append(String.format(Locale.ROOT, "%n  saturation (delivered at max)   %8s %8s %8s%s%n", "sim", "real", "sim/real",
                runs ? "          real runs: lowest-highest, sim/real at each" : ""));
        for (Backend b : saturated) {
            Point p = b.saturation().get();
            String spread = "";
            if (runs) {
                double lo = p.realDeliveredRuns().stream().mapToDouble(Double::doubleValue).min().orElse(0);
                double hi = p.realDeliveredRuns().stream().mapToDouble(Double::doubleValue).max().orElse(0);
                spread = String.format(Locale.ROOT, "   %6.1f-%-6.1f %s-%s", lo / 1e3, hi / 1e3, ratioText(p.sim().deliveredPps(), hi),
                        ratioText(p.sim().deliveredPps(), lo));
            }
            sb.append(String.format(Locale.ROOT, "  %-31s %8.1f %8.1f %8s   kpps%s%n", b.type(), p.sim().deliveredPps() / 1e3,
                    p.real().deliveredPps() / 1e3, ratioText(p.sim().deliveredPps(), p.real().deliveredPps()), spread));
        }
        if (saturated.size() < 2) return;
        orderLines(sb, "saturation", values(saturated, true), values(saturated, false));
    }

    /** The order of the backends by {@code what} on each side, whether it is the same, and whether it is the expected one. */
    private static void orderLines(StringBuilder sb, String what, Map<String, Double> sim, Map<String, Double> real) {
        sb.append(String.format(Locale.ROOT, "  order by %s: sim %s; kernel %s: %s%n", what, order(sim), order(real),
                rank(sim).equals(rank(real)) ? "the same" : "DIFFERENT"));
        if (sim.keySet().containsAll(EXPECTED_ORDER)) {
            sb.append(String.format(Locale.ROOT, "  expected udp < vxlan <= host-gw: sim %s, kernel %s%n",
                    holds(sim) ? "yes" : "no", holds(real) ? "yes" : "no"));
        }
    }

    /** Each backend's delivered rate at saturation, on one side, in the order given. */
    private static Map<String, Double> values(List<Backend> backends, boolean sim) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Backend b : backends) {
            Point p = b.saturation().orElseThrow();
            out.put(b.type(), sim ? p.sim().deliveredPps() : p.real().deliveredPps());
        }
        return out;
    }

    /** The backends from slowest to fastest at saturation (ties in the order given). */
    static List<String> rank(List<Backend> backends, boolean sim) { return rank(values(backends, sim)); }

    /** udp < vxlan ≤ host-gw at saturation, on one side. */
    static boolean holds(List<Backend> backends, boolean sim) { return holds(values(backends, sim)); }

    /** The backends from lowest to highest value (ties in the order given). */
    static List<String> rank(Map<String, Double> values) {
        List<Map.Entry<String, Double>> sorted = new ArrayList<>(values.entrySet());
        sorted.sort(Map.Entry.comparingByValue());
        return sorted.stream().map(Map.Entry::getKey).toList();
    }

    /** {@code udp < vxlan = host-gw}: the backends from lowest to highest value. */
    static String order(Map<String, Double> values) {
        List<Map.Entry<String, Double>> sorted = new ArrayList<>(values.entrySet());
        sorted.sort(Map.Entry.comparingByValue());
        StringBuilder sb = new StringBuilder(sorted.get(0).getKey());
        for (int i = 1; i < sorted.size(); i++) {
            sb.append(sorted.get(i).getValue().equals(sorted.get(i - 1).getValue()) ? " = " : " < ").append(sorted.get(i).getKey());
        }
        return sb.toString();
    }

    /** udp < vxlan ≤ host-gw, when all three have a value. */
    static boolean holds(Map<String, Double> values) {
        double[] d = new double[EXPECTED_ORDER.size()];
        for (int i = 0; i < d.length; i++) {
            Double v = values.get(EXPECTED_ORDER.get(i));
            if (v == null) return false;
            d[i] = v;
        }
        return d[0] < d[1] && d[1] <= d[2];
    }

    @Override public String toString() { return text(); }
}
