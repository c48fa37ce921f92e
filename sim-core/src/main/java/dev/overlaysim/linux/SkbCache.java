package dev.overlaysim.linux;

import dev.overlaysim.protocols.buffer.PacketBuffer;
import dev.overlaysim.trace.PacketContext;

/**
 * The kernel's skbuff_head_cache and the kmalloc cache behind its data: an skb that has been
 * consumed (its bytes copied out to a process by recvfrom() or read()) goes back here, and the next
 * sendto() or write() takes it again instead of allocating, as the slab allocator hands a freed
 * object to the next kmalloc of its size. Only buffers of one size class are kept ({@link #CAPACITY}:
 * a 1500-byte frame with the headroom an encapsulation needs), and at most {@link #MAX_FREE} of
 * them, so the cache is bounded by the packets in flight, never by the packets sent.
 *
 * <p>Like kmalloc, a reused buffer is not zeroed: every byte of a packet is written before it is
 * read (Ethernet padding is zeroed where it is added), so reuse cannot change a frame.
 */
public final class SkbCache {
    /** The size class kept: {@link PacketBuffer#DEFAULT_CAPACITY} bytes with the default headroom. */
    public static final int CAPACITY = PacketBuffer.DEFAULT_CAPACITY;
    /** The most free skbs kept; beyond that a freed skb is left to the garbage collector. */
    public static final int MAX_FREE = 4096;

    private final Skb[] free = new Skb[MAX_FREE];
    private long fresh;
    private int count;

    /**
     * alloc_skb() for {@code len} bytes of payload: an empty skb with the default headroom, with
     * {@code ctx}; reused from the cache when the payload fits the kept size class.
     */
    public Skb alloc(int len, PacketContext ctx) {
        int capacity = PacketBuffer.DEFAULT_HEADROOM + Math.max(len + 64, 256);
        if (capacity > CAPACITY || count == 0) {
            // A fresh buffer of the kept size class, so that it can come back here when consumed.
            fresh++;
            return new Skb(new PacketBuffer(Math.max(capacity, CAPACITY), PacketBuffer.DEFAULT_HEADROOM), ctx);
        }
        Skb skb = free[--count];
        free[count] = null;
        skb.buf.reset(PacketBuffer.DEFAULT_HEADROOM);
        skb.ctx = java.util.Objects.requireNonNull(ctx, "ctx");
        return skb;
    }

    /**
     * consume_skb(): the packet's bytes have been copied out and nothing refers to the skb any more.
     * The caller must not touch {@code skb} afterwards.
     */
    public void consume(Skb skb) {
        if (skb.buf.capacity() != CAPACITY || count == MAX_FREE) return;
        skb.clear();
        free[count++] = skb;
    }

    /** Free skbs kept now (for tests). */
    public int free() { return count; }

    /** Skbs made anew so far because none was free or the packet was too big (for tests). */
    public long fresh() { return fresh; }
}
