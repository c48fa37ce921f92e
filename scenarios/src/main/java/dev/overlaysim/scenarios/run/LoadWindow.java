package dev.overlaysim.scenarios.run;

import dev.overlaysim.linux.Cpu;
import dev.overlaysim.linux.Host;
import dev.overlaysim.linux.World;
import dev.overlaysim.linux.proc.UserProcess;
import dev.overlaysim.scenarios.model.FlowSpec;
import dev.overlaysim.scenarios.model.ScenarioSpec;
import dev.overlaysim.trace.Flow;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The span CPU shares are measured over, as {@code mpstat} or two reads of {@code /proc/stat} would:
 * from the start of the first flow with a rate or tcp flow to when the last of their packets
 * arrived (or their senders stopped, if later). The counters are read when it opens, so setup before it (ARP, leases)
 * is not counted, and the work of draining queues after the senders stop is.
 */
final class LoadWindow {
    private final long start;
    private final long sendersEnd;
    private final Map<Host, long[]> hostsAtStart = new IdentityHashMap<>();
    private final Map<UserProcess, long[]> processesAtStart = new IdentityHashMap<>();

    private LoadWindow(long start, long sendersEnd) {
        this.start = start;
        this.sendersEnd = sendersEnd;
    }

    /** The window of {@code spec}'s flows with a rate and tcp flows, its opening scheduled on {@code world}; null when there are none. */
    static LoadWindow open(ScenarioSpec spec, World world) {
        long first = Long.MAX_VALUE;
        long last = 0;
        for (FlowSpec f : spec.traffic()) {
            if (f instanceof FlowSpec.Udp u && u.rate().isPresent()) {
                first = Math.min(first, u.startNanos());
                last = Math.max(last, u.startNanos() + u.rate().get().durationNanos());
            } else if (f instanceof FlowSpec.Tcp t) {
                // Bulk TCP loads the hosts as a rated flow does: as fast as its window and the slowest stage let it.
                // One with bytes ends at its last byte read (hostLoads), one with a duration when its sender stops.
                first = Math.min(first, t.startNanos());
                last = Math.max(last, t.startNanos() + (t.bytes().isPresent() ? 0 : t.durationNanos()));
            }
        }
        if (first == Long.MAX_VALUE) return null;
        LoadWindow w = new LoadWindow(first, last);
        // Scheduled before the flows' starts, so it runs first at that instant.
        world.sim().at(first, () -> w.read(world));
        return w;
    }

    private void read(World world) {
        for (Host h : world.hosts()) {
            hostsAtStart.put(h, hostCounters(h));
            for (UserProcess p : h.processes()) processesAtStart.put(p, processCounters(p));
        }
    }

    /** The host loads over the window, which ends at the last arrival of {@code loadFlows}' packets. */
    List<HostLoad> hostLoads(World world, List<Flow> loadFlows) {
        long end = sendersEnd;
        for (Flow f : loadFlows) end = Math.max(end, f.lastDeliveredAt());
        long window = Math.max(1, end - start);
        List<HostLoad> out = new ArrayList<>();
        for (Host h : world.hosts()) {
            long[] now = hostCounters(h);
            long[] then = hostsAtStart.getOrDefault(h, new long[now.length]);
            List<HostLoad.ProcessLoad> procs = new ArrayList<>();
            for (UserProcess p : h.processes()) {
                long[] pn = processCounters(p);
                long[] pt = processesAtStart.getOrDefault(p, new long[pn.length]);
                procs.add(new HostLoad.ProcessLoad(p.name(), p.namespace().displayName(), pn[0] - pt[0], pn[1] - pt[1],
                        pn[2] - pt[2], pn[3] - pt[3], pn[4] - pt[4]));
            }
            out.add(new HostLoad(h.name(), h.cpus().size(), window, now[0] - then[0], now[1] - then[1], now[2] - then[2],
                    now[3] - then[3], now[4] - then[4], procs));
        }
        return List.copyOf(out);
    }

    private static long[] hostCounters(Host h) {
        long[] c = new long[5];
        for (Cpu cpu : h.cpus()) {
            c[0] += cpu.userNanos();
            c[1] += cpu.systemNanos();
            c[2] += cpu.softirqNanos();
            c[3] += cpu.softnetProcessed();
            c[4] += cpu.softnetTimeSqueeze();
        }
        return c;
    }

    private static long[] processCounters(UserProcess p) {
        return new long[] {p.userNanos(), p.systemNanos(), p.voluntarySwitches(), p.nonvoluntarySwitches(), p.packets()};
    }
}
