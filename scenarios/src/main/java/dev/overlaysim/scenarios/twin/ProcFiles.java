package dev.overlaysim.scenarios.twin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The few {@code /proc} files the twin under load reads, parsed as proc(5) lays them out: a
 * process's CPU time ({@code /proc/PID/stat}: utime and stime, fields 14 and 15, in clock ticks),
 * its context switches ({@code /proc/PID/status}: {@code voluntary_ctxt_switches},
 * {@code nonvoluntary_ctxt_switches}) and the packets of the devices of its network namespace
 * ({@code /proc/PID/net/dev}, which shows the namespace the process is in).
 */
final class ProcFiles {
    private ProcFiles() {}

    /** A process's counters at one moment. */
    record ProcessCounters(long cpuTicks, long voluntarySwitches, long nonvoluntarySwitches) {
        ProcessCounters minus(ProcessCounters before) {
            return new ProcessCounters(cpuTicks - before.cpuTicks, voluntarySwitches - before.voluntarySwitches,
                    nonvoluntarySwitches - before.nonvoluntarySwitches);
        }

        long switches() { return voluntarySwitches + nonvoluntarySwitches; }
    }

    /** One line of {@code /proc/net/dev}: packets received and transmitted. */
    record DevPackets(long rxPackets, long txPackets) {}

    /** utime + stime of a {@code /proc/PID/stat} line, in clock ticks. */
    static long cpuTicks(String stat) {
        // comm (field 2) is in parentheses and may hold spaces or ')': fields are counted after the last ')'.
        int close = stat.lastIndexOf(')');
        if (close < 0) throw malformed("/proc/PID/stat", "no ')' closing the command name", stat);
        String[] f = stat.substring(close + 1).trim().split("\\s+");
        // f[0] is field 3 (state), so field n is f[n - 3]: utime (14) f[11], stime (15) f[12].
        if (f.length < 13) throw malformed("/proc/PID/stat", f.length + 2 + " fields (expected: 15 or more)", stat);
        try {
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (NumberFormatException e) {
            throw malformed("/proc/PID/stat", "utime '" + f[11] + "' and stime '" + f[12] + "' are not numbers", stat);
        }
    }

    /** {@code voluntary_ctxt_switches} and {@code nonvoluntary_ctxt_switches} of a {@code /proc/PID/status}. */
    static long[] switches(String status) {
        long voluntary = -1, nonvoluntary = -1;
        for (String line : status.split("\n")) {
            if (line.startsWith("voluntary_ctxt_switches:")) voluntary = value(line, status);
            else if (line.startsWith("nonvoluntary_ctxt_switches:")) nonvoluntary = value(line, status);
        }
        if (voluntary < 0 || nonvoluntary < 0) {
            throw malformed("/proc/PID/status", "no " + (voluntary < 0 ? "voluntary_ctxt_switches" : "nonvoluntary_ctxt_switches") + " line", status);
        }
        return new long[] {voluntary, nonvoluntary};
    }

    private static long value(String line, String whole) {
        String v = line.substring(line.indexOf(':') + 1).trim();
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw malformed("/proc/PID/status", "'" + line.strip() + "' has no count", whole);
        }
    }

    /** Every device of a {@code /proc/net/dev}: name → packets (receive is the 2nd column, transmit the 10th). */
    static Map<String, DevPackets> netDev(String text) {
        Map<String, DevPackets> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0 || line.contains("|")) continue; // the two header lines
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            if (f.length < 16) throw malformed("/proc/net/dev", "'" + line.strip() + "' has " + f.length + " counters (expected: 16)", text);
            try {
                out.put(line.substring(0, colon).trim(), new DevPackets(Long.parseLong(f[1]), Long.parseLong(f[9])));
            } catch (NumberFormatException e) {
                throw malformed("/proc/net/dev", "'" + line.strip() + "' has counters that are not numbers", text);
            }
        }
        return out;
    }

    /** The counters of process {@code pid} now. */
    static ProcessCounters read(long pid) {
        long[] sw = switches(file(Path.of("/proc", Long.toString(pid), "status")));
        return new ProcessCounters(cpuTicks(file(Path.of("/proc", Long.toString(pid), "stat"))), sw[0], sw[1]);
    }

    /**
     * The CPU time process {@code pid} has had, in nanoseconds: {@code /proc/PID/schedstat}'s first
     * field (the scheduler's sum_exec_runtime, exact, where /proc/PID/stat counts clock ticks). It
     * is its main thread's: right for the one-threaded forwarder, not for a JVM.
     */
    static long cpuNanos(long pid) {
        String text = file(Path.of("/proc", Long.toString(pid), "schedstat"));
        String[] f = text.trim().split("\\s+");
        try {
            return Long.parseLong(f[0]);
        } catch (NumberFormatException e) {
            throw malformed("/proc/PID/schedstat", "its first field '" + f[0] + "' is not a number of nanoseconds", text);
        }
    }

    /**
     * The CPU time of process {@code pid} in nanoseconds: {@link #cpuNanos(long)} where the kernel
     * has /proc/PID/schedstat (CONFIG_SCHED_INFO), else /proc/PID/stat's utime + stime in clock
     * ticks ({@code ticksPerSecond}), which counts in 10 ms steps at CLK_TCK 100.
     */
    static long cpuNanos(long pid, long ticksPerSecond) {
        if (Files.isReadable(Path.of("/proc", Long.toString(pid), "schedstat"))) return cpuNanos(pid);
        return read(pid).cpuTicks() * 1_000_000_000L / ticksPerSecond;
    }

    /** Packets of {@code device} in the network namespace of process {@code pid}. */
    static DevPackets devPackets(long pid, String device) {
        Path p = Path.of("/proc", Long.toString(pid), "net", "dev");
        DevPackets d = netDev(file(p)).get(device);
        if (d == null) throw new TwinException(TwinException.Kind.INTERNAL, p + " has no device " + device);
        return d;
    }

    /** Clock ticks per second ({@code getconf CLK_TCK}), what /proc/PID/stat counts CPU time in. */
    static long clockTicksPerSecond(Shell shell) {
        Shell.Result r = shell.tryRun("getconf", "CLK_TCK");
        try {
            long t = Long.parseLong(r.out().strip());
            if (t > 0) return t;
        } catch (NumberFormatException e) {
            // below
        }
        throw new TwinException(TwinException.Kind.INTERNAL, "getconf CLK_TCK printed '" + r.out().strip() + "' (exit " + r.exitCode()
                + "), not the clock ticks per second");
    }

    private static String file(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new TwinException(TwinException.Kind.INTERNAL, "cannot read " + p + " (has the process ended?): " + e.getMessage(), e);
        }
    }

    private static TwinException malformed(String file, String what, String text) {
        String first = text.strip().lines().findFirst().orElse("");
        return new TwinException(TwinException.Kind.INTERNAL, "unexpected " + file + ": " + what + " in '"
                + (first.length() > 120 ? first.substring(0, 120) + "..." : first) + "'");
    }
}
