package dev.overlaysim.linux;

import dev.overlaysim.protocols.buffer.PacketBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class SkbCacheTest {
    final dev.overlaysim.trace.PacketContext ctx = new dev.overlaysim.trace.PacketContext(1, null, "test", "node1", 0);

    @Test
    void aConsumedSkbIsHandedOutAgainEmptyWithNothingOfItsLastPacket() {
        SkbCache cache = new SkbCache();
        Skb first = cache.alloc(1400, ctx);
        assertEquals(SkbCache.CAPACITY, first.buf.capacity(), "a fresh skb is of the kept size class");
        first.buf.copyIn(new byte[1400], 0, 1400);
        first.buf.push(28);
        first.buf.transportHeader(first.buf.offset());
        first.delay = 5;
        first.tstamp = 7;
        first.readyAt = 9;
        first.fragment = "frag 1/2";
        first.csumUnnecessary = true;
        cache.consume(first);
        assertEquals(1, cache.free());

        Skb again = cache.alloc(100, ctx);
        assertSame(first, again, "the slab hands back the object freed last");
        assertEquals(0, cache.free());
        assertEquals(PacketBuffer.DEFAULT_HEADROOM, again.buf.headroom());
        assertEquals(0, again.buf.length());
        assertEquals(-1, again.buf.transportHeader());
        assertEquals(0, again.delay);
        assertEquals(0, again.tstamp);
        assertEquals(0, again.readyAt);
        assertNull(again.fragment);
        assertFalse(again.csumUnnecessary);
    }

    @Test
    void aPacketTooBigForTheSizeClassGetsItsOwnBufferAndIsNotKept() {
        SkbCache cache = new SkbCache();
        Skb big = cache.alloc(9000, ctx);
        assertTrue(big.buf.capacity() >= PacketBuffer.DEFAULT_HEADROOM + 9000);
        cache.consume(big);
        assertEquals(0, cache.free());
        assertNotSame(big, cache.alloc(9000, ctx));
    }

    @Test
    void everySkbHasAContext() {
        assertThrows(NullPointerException.class, () -> new SkbCache().alloc(1400, null));
        assertThrows(NullPointerException.class, () -> new Skb(PacketBuffer.allocate(), null));
    }

    @Test
    void theCacheIsBoundedByMaxFree() {
        SkbCache cache = new SkbCache();
        Skb[] skbs = new Skb[SkbCache.MAX_FREE + 10];
        for (int i = 0; i < skbs.length; i++) skbs[i] = cache.alloc(1400, ctx);
        for (Skb s : skbs) cache.consume(s);
        assertEquals(SkbCache.MAX_FREE, cache.free());
    }
}
