package dev.overlaysim.linux;

import dev.overlaysim.linux.device.NetDevice;
import dev.overlaysim.protocols.buffer.PacketBuffer;
import dev.overlaysim.trace.PacketContext;

/**
 * The kernel's view of one packet in flight, like struct sk_buff: the bytes (with headroom), the
 * device it is on, its context (identity, flow, ledger) and the processing time it has accumulated
 * since the last event was scheduled for it. One per packet, reused across encapsulation.
 */
public final class Skb implements Runnable {
    public final PacketBuffer buf;
    public PacketContext ctx;
    public NetDevice dev;
    /** Nanoseconds of kernel work done on this packet that the clock has not yet advanced by. */
    public long delay;
    /** When the packet started waiting in a queue (the neighbour queue), to discount the wait from its delay. */
    public long ctxEnqueuedAt;
    /**
     * Which fragment of its packet this is ({@code frag 2/3, offset 1480, MF}), null when whole; set by
     * ip_fragment, so that each fragment's walk can be told apart although they share one context.
     */
    public String fragment;

    public Skb(PacketBuffer buf, PacketContext ctx) {
        this.buf = buf;
        this.ctx = ctx;
    }

    /**
     * The packet's arrival on {@link #dev}: a link posts the packet itself to the simulator, so a
     * frame crossing a link costs no event object or closure of its own.
     */
    @Override public void run() {
        dev.receive(this);
    }

    /** skb_copy(): a second packet with its own bytes, e.g. for each port a bridge floods to. */
    public Skb copy() {
        Skb c = new Skb(buf.copy(), ctx);
        c.dev = dev;
        c.delay = delay;
        c.fragment = fragment;
        return c;
    }
}
