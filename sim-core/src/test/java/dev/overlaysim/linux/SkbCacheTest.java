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

    @Test
    void pingsInSteadyStateReuseEverySkbTheyUse() {
        HandBuiltHosts lab = HandBuiltHosts.seedVxlan(1);
        NetNamespace ns = lab.world.namespace("container-1");
        dev.overlaysim.trace.Flow flow = lab.world.addFlow(new dev.overlaysim.trace.Flow("ping-1", "ping", "container-1", "10.1.16.3"));
        ns.host().start(new dev.overlaysim.linux.proc.Ping(ns, dev.overlaysim.protocols.addr.Ipv4Address.parseInt("10.1.16.3"),
                300, 56, 10_000_000L, flow));
        lab.world.sim().runUntil(1_000_000_000L); // the first hundred, ARP included
        long warm = lab.world.skbs().fresh();
        lab.world.sim().runUntil(4_000_000_000L);
        assertEquals(300, flow.delivered());
        // Each request is consumed once answered (icmp_rcv), each reply once ping has read it (recvmsg).
        assertEquals(warm, lab.world.skbs().fresh(), "the last 200 round trips took every skb from the cache");
    }
}
