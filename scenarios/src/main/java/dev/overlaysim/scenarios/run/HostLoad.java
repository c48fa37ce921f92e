package dev.overlaysim.scenarios.run;

import java.util.List;

/**
 * How busy a host's CPUs were while traffic ran at a rate, as {@code /proc/stat} splits it, and
 * what each process on it spent, as {@code /proc/PID/stat} and {@code /proc/PID/status} count it.
 *
 * @param windowNanos the span the percentages are of: from the first rated flow's start to the
 *                    end of the run
 */
public record HostLoad(String host, int cpus, long windowNanos, long userNanos, long systemNanos, long softirqNanos,
                       long softnetProcessed, long softnetTimeSqueeze, List<ProcessLoad> processes) {

    /** Busy share of all the host's CPUs, in percent: 100 is every CPU busy all the window. */
    public double busyPercent() { return percent(userNanos + systemNanos + softirqNanos); }
    public double userPercent() { return percent(userNanos); }
    public double systemPercent() { return percent(systemNanos); }
    public double softirqPercent() { return percent(softirqNanos); }

    private double percent(long nanos) {
        return windowNanos <= 0 ? 0 : 100.0 * nanos / ((double) windowNanos * cpus);
    }

    /**
     * One process: its CPU time, its context switches, and the packets it handled (flanneld: carried
     * either way; a receiver: read; a sender: sent), which the per-packet figures divide by.
     */
    public record ProcessLoad(String name, String namespace, long userNanos, long systemNanos,
                              long voluntarySwitches, long nonvoluntarySwitches, long packets) {
        public double cpuNanosPerPacket() { return packets == 0 ? 0 : (userNanos + systemNanos) / (double) packets; }
        public double voluntaryPerPacket() { return packets == 0 ? 0 : voluntarySwitches / (double) packets; }
        public double nonvoluntaryPerPacket() { return packets == 0 ? 0 : nonvoluntarySwitches / (double) packets; }
        public double switchesPerPacket() { return voluntaryPerPacket() + nonvoluntaryPerPacket(); }
    }
}
