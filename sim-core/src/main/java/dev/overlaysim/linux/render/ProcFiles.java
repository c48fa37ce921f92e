package dev.overlaysim.linux.render;

import dev.overlaysim.linux.Cpu;
import dev.overlaysim.linux.Host;

import java.util.Locale;

/**
 * The {@code /proc} files that count a host's CPUs, printed as the kernel prints them.
 * Both are per host, not per network namespace: a container reads its host's.
 */
public final class ProcFiles {
    /** USER_HZ: /proc/stat counts in ticks of 10 ms. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcFiles() {}

    /**
     * {@code /proc/net/softnet_stat}, one line per CPU, the 15 hex columns of net/core/net-procfs.c
     * (softnet_seq_show, Linux 6.x): processed, dropped, time_squeeze, five zeros that were
     * fastroute, cpu_collision, received_rps, flow_limit_count, backlog length, the CPU's index,
     * input_qlen, process_qlen. Dropped counts what the CPU's {@link dev.overlaysim.linux.Backlog}
     * refused; the model's backlog is one queue, so process_qlen reads 0 and the backlog length
     * equals input_qlen.
     */
    public static String softnetStat(Host host) {
        StringBuilder sb = new StringBuilder();
        for (Cpu c : host.cpus()) {
            int qlen = c.backlog().queued();
            long[] col = {c.softnetProcessed(), c.backlog().dropped(), c.softnetTimeSqueeze(), 0, 0, 0, 0, 0, 0, 0, 0, qlen, c.index(), qlen, 0};
            for (int i = 0; i < col.length; i++) {
                if (i > 0) sb.append(' ');
                sb.append(String.format(Locale.ROOT, "%08x", col[i] & 0xffffffffL));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * {@code /proc/stat}'s cpu lines (fs/proc/stat.c): the sum, then one per CPU, in USER_HZ ticks:
     * user nice system idle iowait irq softirq steal guest guest_nice. Idle is the time since the
     * host booted (the start of the run) that the CPU did nothing.
     */
    public static String procStatCpus(Host host, long now) {
        long user = 0, system = 0, softirq = 0, idle = 0;
        StringBuilder lines = new StringBuilder();
        for (Cpu c : host.cpus()) {
            long cIdle = Math.max(0, now - c.busyNanos());
            user += c.userNanos();
            system += c.systemNanos();
            softirq += c.softirqNanos();
            idle += cIdle;
            cpuLine(lines, "cpu" + c.index(), c.userNanos(), c.systemNanos(), cIdle, c.softirqNanos());
        }
        StringBuilder sb = new StringBuilder();
        // fs/proc/stat.c prints the sum line as "cpu " followed by a space.
        cpuLine(sb, "cpu ", user, system, idle, softirq);
        return sb.append(lines).toString();
    }

    private static void cpuLine(StringBuilder sb, String name, long user, long system, long idle, long softirq) {
        sb.append(name).append(' ').append(user / NANOS_PER_TICK).append(" 0 ").append(system / NANOS_PER_TICK).append(' ')
                .append(idle / NANOS_PER_TICK).append(" 0 0 ").append(softirq / NANOS_PER_TICK).append(" 0 0 0\n");
    }
}
