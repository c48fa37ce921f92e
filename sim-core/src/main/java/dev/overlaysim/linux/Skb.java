package dev.overlaysim.linux;

import dev.overlaysim.linux.device.NetDevice;
import dev.overlaysim.protocols.buffer.PacketBuffer;
import dev.overlaysim.trace.Cost;
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
     * When the packet is really in the queue it waits in (a socket's, a TUN's): the time of the event
     * that queued it plus its delay. A reader running earlier does not see it yet.
     */
    public long readyAt;
    /**
     * skb->tstamp: when a device last received the packet (netif_receive_skb() stamps it on entry,
     * before any of its work), which is what SO_TIMESTAMP hands a socket's reader: iputils ping
     * prints the round trip to this stamp, not to the return of its recvmsg().
     */
    public long tstamp;
    /**
     * Which fragment of its packet this is ({@code frag 2/3, offset 1480, MF}), null when whole; set by
     * ip_fragment, so that each fragment's walk can be told apart although they share one context.
     */
    public String fragment;
    /**
     * skb->ip_summed is CHECKSUM_PARTIAL or CHECKSUM_UNNECESSARY: the transport checksum is known to
     * be right, because this kernel's own sendto() filled it (a NIC's checksum offload, or veth passing
     * a local packet on) and nothing since has touched the bytes it covers, so udp_rcv() does not
     * compute it again. False (CHECKSUM_NONE) for bytes from outside: a process's write() to a TUN
     * device, a reassembled datagram, an inner frame after VXLAN decapsulation, frames built by tests.
     */
    public boolean csumUnnecessary;
    /**
     * skb->dst_pending_confirm: set by TCP on a segment sent after its ACKs moved forward
     * (sk_dst_confirm); each neighbour output it passes (ip_finish_output2 → sock_confirm_neigh)
     * counts its entry confirmed. Kept across veths, bridges, forwarding and VXLAN encapsulation,
     * which carry the same skb (since Linux 4.19 the socket reference survives skb_scrub_packet); a
     * copy made by a process (flanneld's UDP proxy) starts without it.
     */
    public boolean dstPendingConfirm;
    /**
     * The CPU whose work queued this packet for a process that was not asleep then: should the
     * process block before the packet is there, that CPU is the one whose sk_data_ready wakes it,
     * and pays for the wake-up ({@code UserProcess}).
     */
    public Cpu waker;
    /** The process on {@link #waker} whose system call did that delivery, if one did. */
    public dev.overlaysim.linux.proc.UserProcess wakerProcess;

    /** Forgets everything but the buffer, for {@link SkbCache} to hand the skb out again. */
    void clear() {
        ctx = null;
        dev = null;
        delay = 0;
        ctxEnqueuedAt = 0;
        readyAt = 0;
        tstamp = 0;
        fragment = null;
        csumUnnecessary = false;
        dstPendingConfirm = false;
        waker = null;
        wakerProcess = null;
    }

    /** {@code ctx} is never null: every packet has an identity and a ledger, so no one checks. */
    public Skb(PacketBuffer buf, PacketContext ctx) {
        this.buf = buf;
        this.ctx = java.util.Objects.requireNonNull(ctx, "ctx");
    }

    /**
     * copy_from_user(): {@code len} bytes of a process's buffer become this packet (sendto(), write()
     * on a TUN device). The one place such a copy happens: it is counted on the packet's ledger and
     * its CPU time is charged to the syscall doing it, after the {@link #delay} the packet already has.
     */
    public void copyFromUser(NetNamespace ns, byte[] src, int off, int len) {
        buf.copyIn(src, off, len);
        countCopy(len);
        ns.charge(this, ns.costs().copyNanos(len));
    }

    /**
     * copy_to_user(): the packet's bytes into a process's buffer (recvfrom(), recvmsg(), read() on a
     * TUN device); returns the bytes copied. Counted on the ledger; the CPU time is the reading
     * process's system time, which the process charges itself.
     */
    public int copyToUser(byte[] dst) {
        int len = buf.copyOut(dst, 0);
        countCopy(len);
        return len;
    }

    private void countCopy(int len) {
        ctx.add(Cost.COPIES, 1);
        ctx.add(Cost.COPY_BYTES, len);
    }

    /**
     * The frame's arrival at the NIC {@link #dev}: a link posts the packet itself to the simulator, so a
     * frame crossing a link costs no event object or closure of its own.
     */
    @Override public void run() {
        ((dev.overlaysim.linux.device.Nic) dev).arrive(this);
    }

    /**
     * What the packet costs a socket's receive buffer (skb->truesize): the data area, a kmalloc
     * size class holding the frame, NET_SKB_PAD (64) and skb_shared_info (320), plus the sk_buff
     * itself (256): 2304 bytes for a 1400-byte datagram.
     */
    public int truesize() {
        int data = buf.length() + 14 + 64 + 320;
        int size = data <= 32 ? 32 : Integer.highestOneBit(data - 1) << 1;
        return size + 256;
    }

    /** skb_copy(): a second packet with its own bytes, e.g. for each port a bridge floods to. */
    public Skb copy() {
        Skb c = new Skb(buf.copy(), ctx);
        c.dev = dev;
        c.delay = delay;
        c.tstamp = tstamp;
        c.fragment = fragment;
        c.csumUnnecessary = csumUnnecessary;
        c.dstPendingConfirm = dstPendingConfirm;
        return c;
    }
}
