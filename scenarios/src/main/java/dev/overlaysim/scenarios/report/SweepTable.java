package dev.overlaysim.scenarios.report;

import dev.overlaysim.engine.Durations;
import dev.overlaysim.scenarios.run.ScenarioResult;
import dev.overlaysim.scenarios.run.Sweep;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A load curve as a table: one row per offered rate, per backend what the flow got (datagrams per
 * second delivered, loss, p99 latency) and what it cost (CPU per delivered packet on all nodes,
 * flanneld's context switches per packet, and where packets were dropped most).
 */
public final class SweepTable {
    private final Style style;

    public SweepTable(Style style) { this.style = style; }

    public void print(PrintWriter out, Sweep sweep) {
        out.println(style.bold("load curve") + " of flow " + sweep.flow() + ": one run per backend and offered rate (simulated)");
        for (Map.Entry<String, List<ScenarioResult>> e : sweep.byBackend().entrySet()) {
            out.println();
            out.println("  " + style.bold(e.getKey()));
            out.println(String.format(Locale.ROOT, "  %10s %10s %10s %7s %11s %12s %13s  %s", "offered", "sent", "delivered", "loss",
                    "p99", "CPU/packet", "flanneld cs/p", "most drops at"));
            for (int i = 0; i < sweep.rates().size(); i++) {
                ScenarioResult r = e.getValue().get(i);
                Sweep.Point p = sweep.point(i, r);
                String drops = r.flow(sweep.flow()).drops().entrySet().stream().max(Map.Entry.comparingByValue())
                        .map(d -> d.getKey() + " (" + d.getValue() + ")").orElse("-");
                out.println(String.format(Locale.ROOT, "  %10s %10s %10s %6.1f%% %11s %12s %13s  %s",
                        FlowSummary.pps(p.offeredPps()), FlowSummary.pps(p.sentPps()), FlowSummary.pps(p.deliveredPps()), p.lossPercent(),
                        Durations.format(p.p99Nanos()), Durations.format(Math.round(p.cpuNanosPerPacket())),
                        e.getKey().equals("udp") ? String.format(Locale.ROOT, "%.3f", p.flanneldSwitchesPerPacket()) : "-", drops));
            }
        }
    }
}
