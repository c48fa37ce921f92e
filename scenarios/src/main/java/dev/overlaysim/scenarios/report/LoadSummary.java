package dev.overlaysim.scenarios.report;

import dev.overlaysim.engine.Durations;
import dev.overlaysim.scenarios.run.HostLoad;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Where the CPU time went when traffic ran at a rate: per host, the busy share split as
 * {@code /proc/stat} splits it, and the softirq counters of {@code /proc/net/softnet_stat}; per
 * process, CPU time and context switches, each also per packet handled.
 */
public final class LoadSummary {
    private final Style style;

    public LoadSummary(Style style) { this.style = style; }

    public void print(PrintWriter out, List<HostLoad> hosts) {
        if (hosts.isEmpty()) return;
        out.println(style.bold("cpu") + " (simulated, over the " + Durations.format(hosts.get(0).windowNanos())
                + " from the first flow with a rate (or tcp flow) starting to the last of their packets arriving)");
        for (HostLoad h : hosts) {
            out.println("  " + h.host() + ": " + h.cpus() + " CPU" + (h.cpus() == 1 ? "" : "s") + ", busy " + pct(h.busyPercent())
                    + " (user " + pct(h.userPercent()) + ", system " + pct(h.systemPercent()) + ", softirq " + pct(h.softirqPercent())
                    + "); softnet: " + h.softnetProcessed() + " frames, time_squeeze " + h.softnetTimeSqueeze());
            for (HostLoad.ProcessLoad p : h.processes()) {
                if (p.packets() == 0) continue;
                out.println("    " + p.name() + " in " + p.namespace() + ": " + p.packets() + " packets, CPU "
                        + Durations.format(p.userNanos() + p.systemNanos()) + " (" + Durations.format(Math.round(p.cpuNanosPerPacket()))
                        + " per packet); context switches " + p.voluntarySwitches() + " voluntary + " + p.nonvoluntarySwitches()
                        + " non-voluntary = " + String.format(Locale.ROOT, "%.3f", p.switchesPerPacket()) + " per packet");
            }
        }
    }

    private static String pct(double p) { return String.format(Locale.ROOT, "%.1f%%", p); }
}
