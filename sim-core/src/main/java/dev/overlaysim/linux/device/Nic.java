package dev.overlaysim.linux.device;

import dev.overlaysim.linux.Napi;
import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.trace.DropReason;

/**
 * A physical Ethernet NIC (a host's eth0) plugged into an underlay {@link L2Segment}.
 *
 * <p>Receiving: a frame off the wire lands in the NIC's receive ring ({@link #RX_RING} descriptors)
 * and raises NAPI on the CPU that takes the NIC's interrupt; that CPU's softirq carries each frame
 * through the stack. A full ring misses the frame (rx_missed_errors). Transmitting: frames wait in
 * the qdisc ({@code txqueuelen} {@link #TX_QUEUE_LEN}, FIFO) for the wire, which sends one at a
 * time at the segment's bit rate, so frames leave in the order they were queued.
 */
public final class Nic extends NetDevice implements Napi {
    /** Receive ring descriptors: virtio-net's default queue size (QEMU rx_queue_size 256); ethtool -g. */
    public static final int RX_RING = 256;
    /** txqueuelen of an Ethernet device (ether_setup: DEFAULT_TX_QUEUE_LEN 1000). */
    public static final int TX_QUEUE_LEN = 1000;

    private final L2Segment segment;
    private boolean linkUp = true;
    private double loss;
    private final Skb[] ring = new Skb[RX_RING];
    private int ringHead;
    private int ringCount;
    /** The CPU that takes this NIC's interrupts: CPU 0, where a single-queue NIC's IRQ lands by default. */
    private int irqCpu;
    // The qdisc: when each queued frame finishes leaving, oldest first (a ring of TX_QUEUE_LEN).
    private final long[] txDone = new long[TX_QUEUE_LEN];
    private int txHead;
    private int txCount;
    private long wireFreeAt;

    public Nic(NetNamespace ns, String name, long mac, int mtu, L2Segment segment) {
        super(ns, name, mac, mtu);
        this.segment = segment;
        segment.attach(this);
    }

    public L2Segment segment() { return segment; }

    @Override public String kind() { return ""; }

    @Override public boolean hasCarrier() { return isUp() && linkUp; }

    /** The cable: pulling it drops everything this NIC sends and stops it receiving. */
    public boolean linkUp() { return linkUp; }
    public void linkUp(boolean up) { this.linkUp = up; }

    /** Loss on this NIC's link only, as a probability 0..1. */
    public double loss() { return loss; }
    public void loss(double probability) { this.loss = probability; }

    @Override protected void xmit(Skb skb) { segment.transmit(this, skb); }

    /** Counted once the qdisc took the frame: a frame the full qdisc drops counts only there. */
    @Override protected boolean countsTxInDriver() { return true; }

    void sent(int bytes) {
        stats.txPackets++;
        stats.txBytes += bytes;
    }

    /**
     * Queues a frame of {@code wireBytes} for the wire at {@code readyAt} (after the kernel work that
     * made it) and returns when its last bit leaves, or -1 when the qdisc is full and drops it.
     */
    long enqueueForWire(long readyAt, long serializationNanos) {
        while (txCount > 0 && txDone[txHead] <= readyAt) {
            txHead = (txHead + 1) % TX_QUEUE_LEN;
            txCount--;
        }
        if (txCount >= TX_QUEUE_LEN) return -1;
        long start = Math.max(readyAt, wireFreeAt);
        wireFreeAt = start + serializationNanos;
        txDone[(txHead + txCount) % TX_QUEUE_LEN] = wireFreeAt;
        txCount++;
        if (txCount > stats.txQueueMax) stats.txQueueMax = txCount;
        return wireFreeAt;
    }

    /** Packets in the qdisc at {@code now}, not yet gone onto the wire. */
    public int txQueued(long now) {
        int n = 0;
        for (int i = 0; i < txCount; i++) if (txDone[(txHead + i) % TX_QUEUE_LEN] > now) n++;
        return n;
    }

    /** Which CPU takes this NIC's interrupts (its IRQ's smp_affinity). */
    public void irqCpu(int cpu) { this.irqCpu = cpu; }
    public int irqCpu() { return irqCpu; }

    /** A frame came off the wire: into the receive ring, and NAPI is raised if the ring was empty. */
    public void arrive(Skb skb) {
        skb.dev = this;
        if (!isUp()) {
            ns.tracer().drop(skb, this, DropReason.DEVICE_DOWN, null);
            return;
        }
        if (ringCount == RX_RING) {
            ns.tracer().drop(skb, this, DropReason.RX_MISSED, "receive ring of " + RX_RING + " descriptors full");
            return;
        }
        ring[(ringHead + ringCount) % RX_RING] = skb;
        ringCount++;
        if (ringCount == 1) ns.host().cpu(Math.min(irqCpu, ns.host().cpuCount() - 1)).raiseNapi(this);
    }

    /** Frames waiting in the receive ring. */
    public int rxQueued() { return ringCount; }

    /**
     * The NAPI poll takes one frame from the ring and carries it up the stack, its work starting
     * {@code offset} into the CPU's current item; returns whether frames are left.
     */
    @Override public boolean pollOne(long offset) {
        Skb skb = ring[ringHead];
        ring[ringHead] = null;
        ringHead = (ringHead + 1) % RX_RING;
        ringCount--;
        skb.delay = offset;
        receive(skb);
        return ringCount > 0;
    }

    /** A frame longer than MTU + Ethernet header is a length error: the NIC drops it (rx_length_errors). */
    @Override public void receive(Skb skb) {
        if (skb.buf.length() > mtu() + dev.overlaysim.protocols.codec.EthernetHeader.LENGTH) {
            skb.dev = this;
            stats.rxErrors++;
            ns.tracer().drop(skb, this, DropReason.RX_LENGTH, skb.buf.length() + "-byte frame > mtu " + mtu() + " + 14");
            return;
        }
        super.receive(skb);
    }
}
