package dev.overlaysim.linux.device;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.linux.proc.UserProcess;
import dev.overlaysim.protocols.buffer.PacketBuffer;
import dev.overlaysim.trace.DropReason;
import dev.overlaysim.trace.HopAction;
import dev.overlaysim.trace.PacketContext;

import java.util.ArrayDeque;

/**
 * A TUN device ({@code IFF_TUN | IFF_NO_PI}): a layer-3 device whose "wire" is a file descriptor
 * held by a user process. A packet the kernel routes into it waits in its queue for the process
 * to {@link #read} it; a packet the process {@link #write}s appears in the kernel's stack as if
 * received. Each read or write is exactly one IPv4 packet, and each is a copy across the
 * user/kernel boundary.
 */
public final class TunDevice extends NetDevice {
    /** txqueuelen: packets waiting for the reader beyond this are dropped. */
    public static final int TX_QUEUE_LEN = 500;

    private final ArrayDeque<Skb> queue = new ArrayDeque<>();
    private UserProcess reader;

    public TunDevice(NetNamespace ns, String name, int mtu) {
        super(ns, name, 0, mtu);
    }

    @Override public String kind() { return "tun"; }
    @Override public boolean isL3() { return true; }

    /** tun_put_user() counts tx_packets when the reader takes the packet; tun_net_xmit() only tx_dropped. */
    @Override protected boolean countsTxInDriver() { return true; }

    /** Carrier follows the fd: a TUN device without its process is NO-CARRIER. */
    @Override public boolean hasCarrier() { return isUp() && reader != null; }

    /** The process opens /dev/net/tun and attaches to this device (TUNSETIFF). */
    public void attach(UserProcess process) { this.reader = process; }
    public void detach() {
        this.reader = null;
        queue.clear();
    }

    /** Whether a packet is there for the reader at {@code now}: queued, and its kernel work done. */
    public boolean readable(long now) { return !queue.isEmpty() && queue.peekFirst().readyAt <= now; }
    /** The first packet queued, there yet or not; null when none. */
    public Skb head() { return queue.peekFirst(); }
    /** Packets waiting for the reader. */
    public int queued() { return queue.size(); }

    @Override protected void xmit(Skb skb) {
        if (reader == null) {
            ns.tracer().drop(skb, this, DropReason.DEVICE_DOWN, "no process holds the tun fd");
            return;
        }
        if (queue.size() >= TX_QUEUE_LEN) {
            // tun_net_xmit(): the ring to the reader is full; counted in the device's tx_dropped.
            ns.tracer().drop(skb, this, DropReason.TUN_QUEUE_FULL, TX_QUEUE_LEN + " packets wait for " + reader.name() + " to read()");
            return;
        }
        if (ns.tracing(skb.ctx)) ns.tracer().hop(skb, this, HopAction.TO_TUN, "waiting for " + reader.name() + " to read()");
        skb.readyAt = ns.now() + skb.delay;
        queue.addLast(skb);
        if (queue.size() > stats.txQueueMax) stats.txQueueMax = queue.size();
        reader.readable(skb);
    }

    /** read(tun_fd): copies the next packet to {@code dst} (kernel → user); returns it, or null if none. */
    public Skb read(byte[] dst) {
        Skb skb = queue.pollFirst();
        if (skb == null) return null;
        countTx(skb);
        skb.copyToUser(dst);
        return skb;
    }

    /** write(tun_fd): copies {@code len} bytes of an IPv4 packet in (user → kernel) and receives it on this device. */
    public void write(byte[] src, int len, PacketContext ctx, long delay) {
        Skb skb = ns.world().skbs().alloc(len, ctx);
        skb.delay = delay;
        skb.copyFromUser(ns, src, 0, len);
        receive(skb);
    }
}
