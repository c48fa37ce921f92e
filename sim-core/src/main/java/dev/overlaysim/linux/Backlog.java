package dev.overlaysim.linux;

import dev.overlaysim.linux.device.NetDevice;
import dev.overlaysim.trace.DropReason;

/**
 * A CPU's backlog ({@code softnet_data.input_pkt_queue}, polled as the CPU's own NAPI instance,
 * {@code process_backlog}): where {@code netif_rx()} puts a frame that a device without a
 * receive ring of its own hands to the stack — a veth's peer (veth_xmit → __netif_rx). It is the
 * backlog of the CPU doing the sending, so the receiving side's stack runs in that CPU's softirq,
 * right after the sender's work ({@code local_bh_enable} runs the pending softirq), however many
 * namespaces the frame crosses.
 *
 * <p>{@code enqueue_to_backlog()} refuses a frame when more than {@code net.core.netdev_max_backlog}
 * ({@link #NETDEV_MAX_BACKLOG}) are already queued: {@code /proc/net/softnet_stat}'s dropped
 * column (the second), the receiving device's rx_dropped, reason {@link DropReason#CPU_BACKLOG}.
 */
public final class Backlog implements Napi {
    /** net.core.netdev_max_backlog. */
    public static final int NETDEV_MAX_BACKLOG = 1000;
    // qlen <= netdev_max_backlog is still accepted: one more than the limit fits.
    private static final int CAPACITY = NETDEV_MAX_BACKLOG + 1;

    private final Cpu cpu;
    private final Skb[] queue = new Skb[CAPACITY];
    // Frames that still cross the underlay's bridge before they reach their device.
    private final boolean[] bridgeFirst = new boolean[CAPACITY];
    private int head;
    private int count;
    private long dropped;
    // On the CPU's poll list (NAPI_STATE_SCHED): raised once, until a poll leaves it empty.
    private boolean scheduled;

    Backlog(Cpu cpu) {
        this.cpu = cpu;
    }

    /** netif_rx(): {@code skb} arrives on {@code dev}, to be received in this CPU's softirq. */
    public void enqueue(Skb skb, NetDevice dev) {
        enqueue(skb, dev, false);
    }

    /**
     * netif_rx() into a bridge's port, on the way to {@code dev}: the frame first crosses a Linux
     * bridge (one receive and forwarding decision in this softirq), whose port veth hands it on
     * with netif_rx() again, to the back of this backlog.
     */
    public void enqueueThroughBridge(Skb skb, NetDevice dev) {
        enqueue(skb, dev, true);
    }

    private void enqueue(Skb skb, NetDevice dev, boolean bridge) {
        skb.dev = dev;
        if (count == CAPACITY) {
            dropped++;
            dev.namespace().tracer().drop(skb, dev, DropReason.CPU_BACKLOG,
                    "backlog of " + cpu + " holds " + count + " frames (netdev_max_backlog " + NETDEV_MAX_BACKLOG + ")");
            return;
        }
        int at = (head + count) % CAPACITY;
        queue[at] = skb;
        bridgeFirst[at] = bridge;
        count++;
        if (!scheduled) {
            scheduled = true;
            cpu.raiseNapi(this);
        }
    }

    @Override public boolean pollOne(long offset) {
        Skb skb = queue[head];
        boolean bridge = bridgeFirst[head];
        queue[head] = null;
        head = (head + 1) % CAPACITY;
        count--;
        skb.delay = offset;
        if (bridge) {
            // The bridge's port receives it and br_forward() transmits it on the port toward dev.
            skb.dev.namespace().charge(skb, skb.dev.namespace().costs().stackHopNanos());
            enqueue(skb, skb.dev, false);
        } else {
            skb.dev.receive(skb);
        }
        if (count == 0) scheduled = false;
        return count > 0;
    }

    /** Frames waiting (softnet_stat's input_qlen). */
    public int queued() { return count; }

    /** Frames refused because the backlog was full (softnet_stat's dropped). */
    public long dropped() { return dropped; }
}
