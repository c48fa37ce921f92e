package dev.overlaysim.scenarios.twin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The twin under load, side by side: per flow, backend and offered rate what the simulator and
 * the kernel (iperf3) delivered, and for the UDP backend what each node's proxy spent per packet,
 * each with the ratio simulated ÷ real; then each backend's saturation (delivered at {@code max})
 * and whether the backends rank the same way on both sides.
 */
public final class LoadReport {
    /** What one side delivered at one offered rate: per second of the flow's duration, as iperf3 reports. */
    public record Side(double offeredPps, double deliveredPps, double deliveredMbits, double lossPercent) {}

    /**
     * One node's UDP proxy at one rate: the simulated flanneld and the real forwarder
     * ({@code osim-helper forward}), each divided by the packets it carried either way. Of the
     * context switches, the non-voluntary ones (preempted while it could run) are also given on
     * their own: they tell a proxy that is switched out by others from one that runs dry and blocks.
     */
    public record Proxy(String node, long simPackets, double simSwitchesPerPacket, double simNonvoluntaryPerPacket,
                        double simCpuMicrosPerPacket, long realPackets, double realSwitchesPerPacket,
                        double realNonvoluntaryPerPacket, double realCpuMicrosPerPacket) {}

    /** One offered rate ({@code max}: as fast as the sender can) of one backend. */
    public record Point(String rate, boolean max, Side sim, Side real, List<Proxy> proxies) {
        public Point {
            proxies = List.copyOf(proxies);
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

    /** The order the issue expects: flanneld's user-space copies make udp slowest, host-gw (no encapsulation) at least as fast as vxlan. */
    static final List<String> EXPECTED_ORDER = List.of("udp", "vxlan", "host-gw");

    private final int seconds;
    private final int cpus;
    private final String iperf3;
    private final String costsLine;
    private final List<Flow> flows;

    /** @param cpus the CPUs of this machine, which every node of the lab shares and the simulation gives its one machine */
    public LoadReport(int seconds, int cpus, String iperf3, String costsLine, List<Flow> flows) {
        this.seconds = seconds;
        this.cpus = cpus;
        this.iperf3 = iperf3;
        this.costsLine = costsLine;
        this.flows = List.copyOf(flows);
    }

    public List<Flow> flows() { return flows; }

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
        sb.append(String.format(Locale.ROOT, "under load: %s, %d s per offered rate; the simulator runs the same flow at the same rate"
                + " for the same duration%n", iperf3, seconds));
        sb.append(String.format(Locale.ROOT, "  placement: every node is network namespaces on this one %d-CPU machine, in the lab and"
                + " in the simulation (machine: {cpus: %d})%n", cpus, cpus));
        if (!costsLine.isEmpty()) sb.append("  costs: ").append(costsLine).append('\n');
        for (Flow f : flows) {
            sb.append(String.format(Locale.ROOT, "%nflow %s: %s -> %s, %d-byte UDP datagrams (iperf3 -u -l %d -b RATE -t %d)%n",
                    f.name(), f.from(), f.to(), f.size(), f.size(), seconds));
            for (Backend b : f.backends()) backend(sb, b);
            saturation(sb, f);
        }
        return sb.toString();
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
        if (b.points().stream().allMatch(p -> p.proxies().isEmpty())) return;
        sb.append(String.format(Locale.ROOT, "  proxy: flanneld (sim) / osim-helper forward (real), per packet it carried either way%n"));
        sb.append(String.format(Locale.ROOT, "  %-9s %-7s %17s %28s %18s %28s%n", "", "", "packets", "context switches/packet",
                "non-voluntary", "CPU us/packet"));
        sb.append(String.format(Locale.ROOT, "  %-9s %-7s %8s %8s  %8s %8s %8s  %8s %8s  %8s %8s %8s%n", "rate", "node",
                "sim", "real", "sim", "real", "sim/real", "sim", "real", "sim", "real", "sim/real"));
        for (Point p : b.points()) {
            for (Proxy x : p.proxies()) {
                sb.append(String.format(Locale.ROOT, "  %-9s %-7s %8d %8d  %8.3f %8.3f %8s  %8.3f %8.3f  %8.2f %8.2f %8s%n", p.rate(), x.node(),
                        x.simPackets(), x.realPackets(),
                        x.simSwitchesPerPacket(), x.realSwitchesPerPacket(), ratioText(x.simSwitchesPerPacket(), x.realSwitchesPerPacket()),
                        x.simNonvoluntaryPerPacket(), x.realNonvoluntaryPerPacket(),
                        x.simCpuMicrosPerPacket(), x.realCpuMicrosPerPacket(), ratioText(x.simCpuMicrosPerPacket(), x.realCpuMicrosPerPacket())));
            }
        }
    }

    private static void saturation(StringBuilder sb, Flow f) {
        List<Backend> saturated = f.backends().stream().filter(b -> b.saturation().isPresent()).toList();
        if (saturated.isEmpty()) {
            sb.append("\n  saturation: not measured (give max among --rates)\n");
            return;
        }
        sb.append(String.format(Locale.ROOT, "%n  saturation (delivered at max)   %8s %8s %8s%n", "sim", "real", "sim/real"));
        for (Backend b : saturated) {
            Point p = b.saturation().get();
            sb.append(String.format(Locale.ROOT, "  %-31s %8.1f %8.1f %8s   kpps%n", b.type(), p.sim().deliveredPps() / 1e3,
                    p.real().deliveredPps() / 1e3, ratioText(p.sim().deliveredPps(), p.real().deliveredPps())));
        }
        if (saturated.size() < 2) return;
        String sim = order(saturated, true), real = order(saturated, false);
        sb.append(String.format(Locale.ROOT, "  order by saturation: sim %s; kernel %s: %s%n", sim, real,
                rank(saturated, true).equals(rank(saturated, false)) ? "the same" : "DIFFERENT"));
        if (saturated.size() == EXPECTED_ORDER.size()) {
            sb.append(String.format(Locale.ROOT, "  expected udp < vxlan <= host-gw: sim %s, kernel %s%n",
                    holds(saturated, true) ? "yes" : "no", holds(saturated, false) ? "yes" : "no"));
        }
    }

    private static double delivered(Backend b, boolean sim) {
        Point p = b.saturation().orElseThrow();
        return sim ? p.sim().deliveredPps() : p.real().deliveredPps();
    }

    /** The backends from slowest to fastest at saturation (ties in the order given). */
    static List<String> rank(List<Backend> backends, boolean sim) {
        List<Backend> sorted = new ArrayList<>(backends);
        sorted.sort(Comparator.comparingDouble(b -> delivered(b, sim)));
        return sorted.stream().map(Backend::type).toList();
    }

    static String order(List<Backend> backends, boolean sim) {
        List<Backend> sorted = new ArrayList<>(backends);
        sorted.sort(Comparator.comparingDouble(b -> delivered(b, sim)));
        StringBuilder sb = new StringBuilder(sorted.get(0).type());
        for (int i = 1; i < sorted.size(); i++) {
            sb.append(delivered(sorted.get(i), sim) == delivered(sorted.get(i - 1), sim) ? " = " : " < ").append(sorted.get(i).type());
        }
        return sb.toString();
    }

    /** udp < vxlan ≤ host-gw at saturation, on one side. */
    static boolean holds(List<Backend> backends, boolean sim) {
        double[] d = new double[EXPECTED_ORDER.size()];
        for (int i = 0; i < d.length; i++) {
            String type = EXPECTED_ORDER.get(i);
            Optional<Backend> b = backends.stream().filter(x -> x.type().equals(type)).findFirst();
            if (b.isEmpty()) return false;
            d[i] = delivered(b.get(), sim);
        }
        return d[0] < d[1] && d[1] <= d[2];
    }

    @Override public String toString() { return text(); }
}
