package dev.overlaysim.scenarios.twin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The kernel's side of one point run several times ({@code twin --repeat N}), made one: every real
 * figure the median of the runs, each taken on its own (so the median delivered rate and the
 * median CPU per packet may come from different runs), the simulated figures as they are (the
 * simulator is deterministic: every run carries the same ones). The kernel's figures move from
 * run to run far more than the model's (on the development VM the same iperf3 -b 0 gave 83–111
 * kpps over host-gw within minutes); a median of a few runs is what a target can be held to.
 */
final class Medians {
    private Medians() {}

    /** Runs of one offered rate, in the order they ran. */
    static LoadReport.Point point(List<LoadReport.Point> runs) {
        LoadReport.Point first = runs.get(0);
        if (runs.size() == 1) return first;
        LoadReport.Side real = new LoadReport.Side(median(runs, p -> p.real().offeredPps()), median(runs, p -> p.real().deliveredPps()),
                median(runs, p -> p.real().deliveredMbits()), median(runs, p -> p.real().lossPercent()));
        List<LoadReport.Proxy> proxies = new ArrayList<>();
        for (int i = 0; i < first.proxies().size(); i++) proxies.add(proxy(runs.stream().map(p -> p.proxies()).toList(), i));
        List<LoadReport.Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < first.endpoints().size(); i++) {
            int k = i;
            LoadReport.Endpoint e = first.endpoints().get(i);
            // -1: iperf3 gave no CPU figure in a run; the median of those that have one
            double[] v = runs.stream().mapToDouble(p -> p.endpoints().get(k).realCpuMicrosPerPacket()).filter(x -> x >= 0).toArray();
            endpoints.add(new LoadReport.Endpoint(e.process(), e.simCpuMicrosPerPacket(), v.length == 0 ? -1 : median(v)));
        }
        return new LoadReport.Point(first.rate(), first.max(), first.sim(), real, proxies, endpoints,
                runs.stream().map(p -> p.real().deliveredPps()).toList());
    }

    /** Runs of one bulk tcp flow over one backend. */
    static LoadReport.TcpPoint tcpPoint(List<LoadReport.TcpPoint> runs) {
        LoadReport.TcpPoint first = runs.get(0);
        if (runs.size() == 1) return first;
        double[] rtt = runs.stream().mapToDouble(p -> p.real().rttMicros()).filter(x -> x >= 0).toArray();
        LoadReport.TcpSide real = new LoadReport.TcpSide(Math.round(median(runs, p -> p.real().bytes())), median(runs, p -> p.real().goodputBits()),
                Math.round(median(runs, p -> p.real().retransmits())), rtt.length == 0 ? -1 : Math.round(median(rtt)));
        List<LoadReport.Proxy> proxies = new ArrayList<>();
        for (int i = 0; i < first.proxies().size(); i++) proxies.add(proxy(runs.stream().map(p -> p.proxies()).toList(), i));
        return new LoadReport.TcpPoint(first.backend(), first.sim(), real, proxies, runs.stream().map(p -> p.real().goodputBits()).toList());
    }

    /** Node {@code i}'s proxy over the runs: its simulated figures, the median of each real one. */
    private static LoadReport.Proxy proxy(List<List<LoadReport.Proxy>> runs, int i) {
        List<LoadReport.Proxy> of = runs.stream().map(r -> r.get(i)).toList();
        LoadReport.Proxy x = of.get(0);
        return new LoadReport.Proxy(x.node(), x.simPackets(), x.simSwitchesPerPacket(), x.simNonvoluntaryPerPacket(), x.simCpuMicrosPerPacket(),
                Math.round(median(of, p -> p.realPackets())), median(of, LoadReport.Proxy::realSwitchesPerPacket),
                median(of, LoadReport.Proxy::realNonvoluntaryPerPacket), median(of, LoadReport.Proxy::realCpuMicrosPerPacket),
                of.stream().map(LoadReport.Proxy::realSwitchesPerPacket).toList());
    }

    private static <T> double median(List<T> runs, ToDoubleFunction<T> f) {
        return median(runs.stream().mapToDouble(f).toArray());
    }

    /** The middle value; of an even count, the mean of the two middle ones. */
    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
