package dev.overlaysim.scenarios.report;

import dev.overlaysim.trace.Drop;
import dev.overlaysim.engine.Durations;
import dev.overlaysim.scenarios.run.FlowResult;
import dev.overlaysim.scenarios.run.PerPacket;
import dev.overlaysim.scenarios.run.TcpResult;
import dev.overlaysim.trace.Flow;
import dev.overlaysim.trace.TcpInfo;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/**
 * What became of a flow, in a few lines: packets sent, delivered and dropped (with reason and
 * place), the costs per delivered packet (copies and syscalls on the send and receive paths,
 * wake-ups, mode switches, encapsulations), the simulated latency, ICMP errors, and the sending
 * program's own output (ping's lines); for a tcp flow iperf3's receiver summary, for a request flow
 * each exchange's curl -w times, and for both the retransmits and the sender's ss -ti line.
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
        f.tcp().ifPresent(t -> printTcp(out, t));
        for (String e : f.icmpErrors()) out.println("  ICMP error: " + e);
        if (!f.output().isEmpty()) {
            out.println("  " + programName(f) + " printed:");
            for (String l : f.output()) out.println(l.isEmpty() ? "" : "    " + l);
        }
    }

    /**
     * A tcp flow as iperf3's receiver summarises it (and, for one with bytes that did not finish,
     * how far it got); a request flow's exchanges as {@code curl -w} times them; then the sender's
     * retransmits and its socket as {@code ss -ti} prints it.
     */
    private void printTcp(PrintWriter out, TcpResult t) {
        t.transfer().ifPresent(x -> {
            out.println("  receiver, as iperf3 reports it:");
            out.println("    " + Iperf3.HEADER);
            out.println("    " + Iperf3.receiverLine(x.bytes(), x.nanos()));
            if (x.bytesAsked().isPresent() && !x.complete()) {
                out.println("  " + style.red("incomplete: " + x.bytes() + " of " + x.bytesAsked().getAsLong() + " bytes read by the "
                        + Durations.format(x.timeoutNanos()) + " timeout"));
            }
        });
        t.requests().ifPresent(q -> {
            String done = q.completed() + " of " + q.asked() + " completed";
            out.println("  requests: " + (q.completed() < q.asked() ? style.red(done) : done)
                    + " (curl -w time_connect, time_starttransfer, time_total: seconds from connect(); - for a stage not reached)");
            for (int i = 0; i < q.exchanges().size(); i++) {
                Flow.Exchange x = q.exchanges().get(i);
                out.println("    #" + (i + 1) + " connect " + curlSeconds(x.connectNanos()) + " starttransfer "
                        + curlSeconds(x.firstByteNanos()) + " total " + curlSeconds(x.totalNanos())
                        + TcpResult.howFar(x).map(h -> " (" + h + " by the " + Durations.format(q.timeoutNanos()) + " timeout)").orElse(""));
            }
            if (q.exchanges().size() < q.asked()) {
                out.println("    " + (q.asked() - q.exchanges().size()) + " not made by the end of the run");
            }
        });
        out.println("  retransmits: " + t.retransmits() + " (segments sent again: TcpRetransSegs, iperf3's Retr)");
        out.println("  ss -ti" + (t.requests().isPresent() ? " (the last connection)" : "") + ": "
                + t.info().map(TcpInfo::ssLine).orElse("no socket (the sender never connected)"));
    }

    /** curl -w's times: seconds with six decimals (curl keeps microseconds); {@code -} for a stage never reached. */
    static String curlSeconds(long nanos) {
        if (nanos < 0) return "-";
        long micros = nanos / 1000;
        return String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000);
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
