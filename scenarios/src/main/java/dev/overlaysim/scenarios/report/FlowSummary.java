package dev.overlaysim.scenarios.report;

import dev.overlaysim.trace.Drop;
import dev.overlaysim.engine.Durations;
import dev.overlaysim.scenarios.run.FlowResult;
import dev.overlaysim.scenarios.run.PerPacket;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/**
 * What became of a flow, in a few lines: packets sent, delivered and dropped (with reason and
 * place), the costs per delivered packet (copies and syscalls on the send and receive paths,
 * wake-ups, mode switches, encapsulations), the simulated latency, ICMP errors, and the sending
 * program's own output (ping's lines).
 */
public final class FlowSummary {
    private final Style style;

    public FlowSummary(Style style) { this.style = style; }

    public void print(PrintWriter out, FlowResult f) {
        out.println(style.bold(f.name()) + " (" + f.kind() + " " + f.from() + " → " + f.to() + ")");
        String packets = f.sent() + " sent, " + f.delivered() + " delivered, " + f.dropped() + " dropped";
        out.println("  packets: " + (f.delivered() < f.sent() ? style.red(packets) : packets));
        for (Map.Entry<Drop, Long> d : f.drops().entrySet()) {
            out.println("  " + style.red("dropped " + d.getValue() + ": " + d.getKey()));
        }
        PerPacket p = f.perPacket();
        if (f.delivered() == 0) {
            out.println("  per-packet costs: none (nothing was delivered)");
        } else {
            out.println("  copies: send " + num(p.copiesSend()) + ", receive " + num(p.copiesReceive())
                    + " per packet (" + num(p.copiedBytesSend()) + " + " + num(p.copiedBytesReceive()) + " bytes copied)");
            out.println("  syscalls: send " + num(p.syscallsSend()) + ", receive " + num(p.syscallsReceive()) + " per packet");
            out.println("  wake-ups: " + num(p.wakeups()) + ", user/kernel mode switches: " + num(p.modeSwitches()) + " per packet");
            out.println("  encapsulations: " + num(p.encapsulations()) + ", decapsulations: " + num(p.decapsulations()) + " per packet");
            out.println("  latency: " + Durations.format(p.latencyNanos()) + (f.kind().equals("ping") ? " mean round trip" : " mean one way")
                    + " (simulated)");
        }
        f.throughput().ifPresent(t -> {
            out.println("  rate " + t.rate() + ": offered " + pps(t.offeredPps()) + " (" + mbits(t.offeredMbits()) + "), delivered "
                    + pps(t.deliveredPps()) + " (" + mbits(t.deliveredMbits()) + "), loss "
                    + String.format(Locale.ROOT, "%.1f%%", t.lossPercent()));
            if (f.delivered() > 0) {
                out.println("  latency percentiles: p50 " + Durations.format(t.p50Nanos()) + ", p90 " + Durations.format(t.p90Nanos())
                        + ", p99 " + Durations.format(t.p99Nanos()) + ", max " + Durations.format(t.maxNanos())
                        + ", jitter " + Durations.format(t.jitterNanos()));
            }
        });
        for (String e : f.icmpErrors()) out.println("  ICMP error: " + e);
        if (!f.output().isEmpty()) {
            out.println("  " + programName(f) + " printed:");
            for (String l : f.output()) out.println(l.isEmpty() ? "" : "    " + l);
        }
    }

    private static String programName(FlowResult f) {
        return f.kind().equals("ping") ? "ping" : "the sender";
    }

    static String pps(double pps) {
        return pps >= 10_000 ? String.format(Locale.ROOT, "%.1f kpps", pps / 1000) : String.format(Locale.ROOT, "%.0f pps", pps);
    }

    static String mbits(double mbits) { return String.format(Locale.ROOT, "%.1f Mbit/s", mbits); }

    /** A per-packet mean: whole numbers plainly, others with two decimals. */
    static String num(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.2f", d);
    }
}
