package dev.overlaysim.linux.render;

/**
 * The parts of iproute2's output that depend on the machine rather than on the namespace's
 * tables: the default qdisc ({@code net.core.default_qdisc}), the qdisc a physical NIC carries,
 * the number of possible CPUs (veth and multiqueue NICs get one queue per CPU), and whether the
 * devices' multicast MAC lists appear in {@code bridge fdb show}.
 *
 * @param defaultQdisc       the qdisc of devices that have a queue (TUN): {@code pfifo_fast} is the kernel default
 *                           and what the verification machine shows; a systemd-based Debian 12 sets {@code fq_codel}
 * @param nicQdisc           the physical NIC's root qdisc: {@code mq} for a multiqueue virtio-net NIC (a GCE VM, whose
 *                           {@code 42:01:..} MACs the seed shows), {@code pfifo_fast}/{@code fq_codel} for a single queue
 * @param cpus               possible CPUs: veth and the NIC get this many tx/rx queues
 * @param multicastFdbEntries print the {@code self permanent} multicast entries ({@code 33:33:00:00:00:01},
 *                           {@code 01:00:5e:00:00:01}, the bridge's {@code ..:6a} all-snoopers groups) that a real
 *                           {@code bridge fdb show} lists for every Ethernet device
 */
public record Iproute2Options(String defaultQdisc, String nicQdisc, int cpus, boolean multicastFdbEntries) {
    /** What the two-vCPU verification machine prints (kernel 6.18, iproute2 6.1, default qdisc pfifo_fast), with a multiqueue NIC. */
    public static final Iproute2Options DEFAULT = new Iproute2Options("pfifo_fast", "mq", 2, true);

    public Iproute2Options {
        if (defaultQdisc == null || defaultQdisc.isEmpty()) throw new IllegalArgumentException("defaultQdisc: empty (expected e.g. pfifo_fast)");
        if (nicQdisc == null || nicQdisc.isEmpty()) throw new IllegalArgumentException("nicQdisc: empty (expected e.g. mq)");
        if (cpus < 1) throw new IllegalArgumentException("cpus: " + cpus + " (expected: 1 or more)");
    }

    public Iproute2Options withDefaultQdisc(String qdisc) { return new Iproute2Options(qdisc, nicQdisc, cpus, multicastFdbEntries); }
    public Iproute2Options withNicQdisc(String qdisc) { return new Iproute2Options(defaultQdisc, qdisc, cpus, multicastFdbEntries); }
    public Iproute2Options withCpus(int n) { return new Iproute2Options(defaultQdisc, nicQdisc, n, multicastFdbEntries); }
    public Iproute2Options withMulticastFdbEntries(boolean on) { return new Iproute2Options(defaultQdisc, nicQdisc, cpus, on); }
}
