package dev.overlaysim.scenarios.run;

import dev.overlaysim.scenarios.model.CompareSpec;

import java.util.List;
import java.util.Map;

/**
 * A load curve: one flow sent at each offered rate over each backend. {@code byBackend} maps a
 * backend type to its results, one per rate in {@link #rates()}'s order.
 */
public record Sweep(String flow, List<CompareSpec.SweepRate> rates, Map<String, List<ScenarioResult>> byBackend) {

    /** One point of the curve: what the flow got, and what it cost, at one offered rate over one backend. */
    public record Point(double offeredPps, double sentPps, double deliveredPps, double lossPercent, long p99Nanos,
                        double cpuNanosPerPacket, double flanneldSwitchesPerPacket) {}

    /**
     * The point of {@code result}: CPU per packet is all the nodes' CPU time (user, system, softirq)
     * over the packets delivered; flanneld's context switches (voluntary and not) over the same
     * packets, 0 for a backend without flanneld on the data path.
     */
    public Point point(int rateIndex, ScenarioResult result) {
        return point(flow, rates.get(rateIndex).packetsPerSecond(), result);
    }

    /** As {@link #point(int, ScenarioResult)}, for flow {@code flow} offered at {@code offeredPps}. */
    public static Point point(String flow, double offeredPps, ScenarioResult result) {
        FlowResult f = result.flow(flow);
        Throughput t = f.throughput().orElseThrow();
        long cpu = 0;
        long switches = 0;
        for (HostLoad h : result.hosts()) {
            cpu += h.userNanos() + h.systemNanos() + h.softirqNanos();
            for (HostLoad.ProcessLoad p : h.processes()) {
                if (p.name().equals("flanneld")) switches += p.voluntarySwitches() + p.nonvoluntarySwitches();
            }
        }
        double delivered = f.delivered();
        return new Point(offeredPps, t.offeredPps(), t.deliveredPps(), t.lossPercent(), t.p99Nanos(),
                delivered == 0 ? 0 : cpu / delivered, delivered == 0 ? 0 : switches / delivered);
    }
}
