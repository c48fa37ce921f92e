package dev.overlaysim.linux.device;

import dev.overlaysim.linux.Cpu;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.linux.World;
import dev.overlaysim.protocols.codec.Bytes;
import dev.overlaysim.protocols.codec.EthernetHeader;
import dev.overlaysim.trace.DropReason;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An underlay L2 segment: the switch (or cloud VPC subnet) that the hosts' eth0 NICs plug into.
 * It knows every attached NIC's MAC (no flooding needed), delivers after its latency plus the
 * frame's serialization time, may lose frames at a configured rate, and pads short frames to the
 * Ethernet minimum of 60 bytes as a physical NIC does.
 *
 * <p>When the nodes are network namespaces of one machine ({@link #throughVeths}), the segment is
 * what a testbed builds instead: a Linux bridge in a namespace of its own, each node's eth0 a veth
 * into it. A veth has no queue, no wire and no padding: {@code veth_xmit()} hands the frame to the
 * backlog of the CPU that sends it, so the bridge and the receiving node's stack run in that CPU's
 * softirq, after the sender's work.
 */
public final class L2Segment {
    private final World world;
    private final String name;
    private long latencyNanos;
    private final long bitsPerSecond;
    private double loss;
    private final List<Nic> nics = new ArrayList<>();
    private final SplittableRandom lossRandom;
    private boolean throughVeths;

    public L2Segment(World world, String name, long latencyNanos, long bitsPerSecond) {
        this.world = world;
        this.name = name;
        this.latencyNanos = latencyNanos;
        this.bitsPerSecond = bitsPerSecond;
        this.lossRandom = world.sim().random().stream("loss:" + name);
    }

    public String name() { return name; }
    public long latencyNanos() { return latencyNanos; }
    public long bitsPerSecond() { return bitsPerSecond; }
    public double loss() { return loss; }
    public void loss(double probability) { this.loss = probability; }
    public List<Nic> nics() { return Collections.unmodifiableList(nics); }

    void attach(Nic nic) { nics.add(nic); }

    /**
     * Makes this segment a bridge reached through veths (the nodes are namespaces of one machine):
     * no latency, bandwidth or padding, frames received in the sending CPU's softirq.
     */
    public void throughVeths(boolean on) {
        if (on && (latencyNanos != 0 || bitsPerSecond > 0)) {
            throw new IllegalStateException("segment " + name + " has a latency or bandwidth; a bridge reached through veths has neither");
        }
        this.throughVeths = on;
    }

    public boolean throughVeths() { return throughVeths; }

    void transmit(Nic from, Skb skb) {
        skb.ctx.ledger().leftSendingHost();
        if (!from.linkUp()) {
            world.tracer().drop(skb, from, DropReason.LINK_DOWN, "underlay link of " + from.name() + " is down");
            return;
        }
        if (throughVeths) {
            bridge(from, skb);
            return;
        }
        int len = skb.buf.length();
        int counted = len;
        if (len < EthernetHeader.MIN_FRAME) {
            int pad = EthernetHeader.MIN_FRAME - len;
            int at = skb.buf.put(pad);
            java.util.Arrays.fill(skb.buf.array(), at, at + pad, (byte) 0);
            len = EthernetHeader.MIN_FRAME;
        }
        long serialization = bitsPerSecond <= 0 ? 0 : (len * 8L * 1_000_000_000L) / bitsPerSecond;
        long now = world.sim().now();
        long sent = from.enqueueForWire(now + skb.delay, serialization);
        if (sent < 0) {
            world.tracer().drop(skb, from, DropReason.QDISC_DROP, Nic.TX_QUEUE_LEN + " packets wait for the wire");
            return;
        }
        from.sent(counted); // the length before the padding, as the stack counted it
        // Lost on the wire: the sender did send it (counted above), it just never arrives.
        double p = Math.max(loss, from.loss());
        if (p > 0 && lossRandom.nextDouble() < p) {
            world.tracer().drop(skb, from, DropReason.LINK_LOSS, "lost on segment " + name);
            return;
        }
        long delay = sent - now + latencyNanos;
        skb.delay = 0;
        long dst = Bytes.u48(skb.buf.array(), skb.buf.offset());
        boolean group = (dst >>> 40 & 1) != 0;
        if (!group) {
            for (int i = 0; i < nics.size(); i++) {
                Nic n = nics.get(i);
                if (n != from && n.linkUp() && n.mac() == dst) {
                    skb.dev = n;
                    world.sim().post(delay, skb); // arrives as n.arrive(skb)
                    return;
                }
            }
            return;
        }
        List<Nic> receivers = new ArrayList<>(nics.size());
        for (int i = 0; i < nics.size(); i++) {
            Nic n = nics.get(i);
            if (n != from && n.linkUp()) receivers.add(n);
        }
        if (receivers.isEmpty()) return;
        // One simulator event hands the frame to every receiver in attachment order: what one event
        // per receiver did, since those were scheduled back to back for the same instant. Each
        // receiver but the last gets its own copy, made just before it is handed over (from the
        // original, which nobody touches until the last receiver gets it), so a broadcast to
        // thousands of NICs does not hold thousands of copies in the event queue.
        world.sim().post(delay, () -> {
            int last = receivers.size() - 1;
            for (int i = 0; i < last; i++) receivers.get(i).arrive(skb.copy());
            receivers.get(last).arrive(skb);
        });
    }

    /** veth_xmit() into the bridge: the bridge's port and then the receiver's eth0 take it in this CPU's softirq. */
    private void bridge(Nic from, Skb skb) {
        from.sent(skb.buf.length());
        if (loss > 0 || from.loss() > 0) {
            double p = Math.max(loss, from.loss());
            if (lossRandom.nextDouble() < p) {
                world.tracer().drop(skb, from, DropReason.LINK_LOSS, "lost on segment " + name);
                return;
            }
        }
        Cpu cpu = world.running() != null ? world.running() : from.namespace().host().cpu(0);
        long dst = Bytes.u48(skb.buf.array(), skb.buf.offset());
        boolean group = (dst >>> 40 & 1) != 0;
        Nic last = null;
        for (int i = 0; i < nics.size(); i++) {
            Nic n = nics.get(i);
            if (n == from || !n.linkUp() || (!group && n.mac() != dst)) continue;
            if (last != null) cpu.backlog().enqueueThroughBridge(skb.copy(), last); // the bridge floods a clone to each port
            last = n;
            if (!group) break;
        }
        if (last != null) cpu.backlog().enqueueThroughBridge(skb, last);
    }
}
