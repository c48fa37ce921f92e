package dev.overlaysim.linux;

import java.util.List;

/**
 * The hardware that runs hosts' work: its CPUs. Usually each {@link Host} is a machine of its own
 * (a node of the cluster is a VM or a server). In a testbed such as the kernel twin's, every node is
 * a set of network namespaces on one machine: its hosts then share one machine's CPUs, and
 * whatever one node's work costs, another node's waits for. Linux has no per-namespace CPUs, so
 * {@code /proc/stat} read on any of those hosts shows the machine's.
 */
public final class Machine {
    private final World world;
    private final String name;
    private final Cpu[] cpus;
    private final List<Cpu> cpuList;

    Machine(World world, String name, int count) {
        if (count < 1) throw new IllegalArgumentException("a machine needs at least one CPU, not " + count);
        this.world = world;
        this.name = name;
        cpus = new Cpu[count];
        for (int i = 0; i < count; i++) cpus[i] = new Cpu(this, i);
        cpuList = List.of(cpus);
    }

    public World world() { return world; }
    public String name() { return name; }

    /** The CPUs, made once: the forwarding path asks for them per frame and must not allocate. */
    public List<Cpu> cpus() { return cpuList; }
    public int cpuCount() { return cpus.length; }
    public Cpu cpu(int index) { return cpus[index]; }

    /**
     * Where a woken process runs (select_task_rq_fair, simplified): the CPU it last ran on if that
     * is idle, else the first idle CPU; with none idle, its last CPU again unless the waker's CPU
     * (the waker a CPU of this machine) has fewer runnable processes, in which case the waker's
     * (wake_affine_weight(): the lighter of prev_cpu and this_cpu — measured in the twin's lab with
     * the UDP backend at iperf3 -b 0: the server, woken by node2's forwarder, stayed on its own CPU,
     * the client's, in 179 of 200 samples); with no last CPU, the waker's, else the one with the
     * fewest runnable processes. A busy CPU that frees up pulls waiting processes from the others
     * (idle balancing).
     *
     * @param waker the CPU whose work woke it (null: a timer, a start)
     */
    public Cpu pickCpu(Cpu last, Cpu waker) {
        if (last != null && last.idle()) return last;
        for (Cpu c : cpus) if (c.idle()) return c;
        boolean affine = waker != null && waker.machine() == this;
        if (last != null && (!affine || waker.runnable() >= last.runnable())) return last;
        if (affine) return waker;
        Cpu best = last != null ? last : cpus[0];
        for (Cpu c : cpus) if (c.runnable() < best.runnable()) best = c;
        return best;
    }

    @Override public String toString() { return name; }
}
