package dev.overlaysim.linux.stack;

import dev.overlaysim.engine.Event;
import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.linux.device.NetDevice;
import dev.overlaysim.linux.table.Route;
import dev.overlaysim.protocols.buffer.PacketBuffer;
import dev.overlaysim.protocols.codec.Ipv4Header;
import dev.overlaysim.trace.DropReason;
import dev.overlaysim.trace.HopAction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * IPv4 fragmentation (ip_fragment) and reassembly (ip_defrag). Fragments carry payload in multiples
 * of 8 bytes; reassembly waits up to {@link #REASSEMBLY_TIMEOUT} (ipfrag_time, 30 s).
 */
final class Fragmentation {
    static final long REASSEMBLY_TIMEOUT = 30_000_000_000L;

    private final NetNamespace ns;
    private final Ipv4Stack stack;
    private final Ipv4Header ip = new Ipv4Header();
    private final Map<String, Queue> queues = new HashMap<>();

    private static final class Queue {
        final List<Skb> fragments = new ArrayList<>();
        int totalPayload = -1;
        Event timer;
    }

    Fragmentation(NetNamespace ns, Ipv4Stack stack) {
        this.ns = ns;
        this.stack = stack;
    }

    /** Splits a packet larger than {@code mtu} (the device's, or the path MTU for a local packet) and sends each fragment on. */
    void fragment(Skb skb, Route route, int mtu) {
        NetDevice out = route.device();
        PacketBuffer b = skb.buf;
        byte[] a = b.array();
        ip.wrap(a, b.offset());
        int hl = ip.headerLength();
        int payload = ip.totalLength() - hl;
        int chunkMax = ((mtu - hl) / 8) * 8;
        int baseOffset = ip.fragmentOffset();
        boolean lastHasMf = ip.moreFragments();
        int nexthop = route.hasGateway() ? route.gateway() : ip.dst();
        if (ns.tracing(skb.ctx)) ns.tracer().hop(skb, out, HopAction.FRAGMENTED, ip.totalLength() + " bytes into fragments of at most "
                + (chunkMax + hl) + " for mtu " + mtu);
        List<Skb> fragments = new ArrayList<>();
        int count = (payload + chunkMax - 1) / chunkMax;
        for (int done = 0; done < payload; done += chunkMax) {
            int len = Math.min(chunkMax, payload - done);
            boolean more = done + len < payload || lastHasMf;
            PacketBuffer f = new PacketBuffer(PacketBuffer.DEFAULT_HEADROOM + hl + len + 64, PacketBuffer.DEFAULT_HEADROOM);
            int at = f.put(hl + len);
            System.arraycopy(a, b.offset(), f.array(), at, hl);
            System.arraycopy(a, b.offset() + hl + done, f.array(), at + hl, len);
            Ipv4Header h = new Ipv4Header().wrap(f.array(), at);
            h.totalLength(hl + len).flagsAndOffset((more ? Ipv4Header.FLAG_MF : 0) | ((baseOffset + done) / 8)).updateChecksum();
            Skb fs = new Skb(f, skb.ctx);
            fs.delay = skb.delay;
            // A fragment fragmented again (a router's smaller MTU further on) keeps its first label.
            String label = "frag " + (fragments.size() + 1) + "/" + count + ", offset " + (baseOffset + done) + (more ? ", MF" : "");
            fs.fragment = skb.fragment == null ? label : skb.fragment + " › " + label;
            f.networkHeader(at);
            fragments.add(fs);
        }
        for (Skb fs : fragments) stack.outputToNexthop(fs, out, nexthop);
    }

    /** Adds a fragment; returns the whole packet once every fragment is in, else null. */
    Skb reassemble(NetDevice dev, Skb skb) {
        PacketBuffer b = skb.buf;
        ip.wrap(b.array(), b.offset());
        String key = ip.src() + ":" + ip.dst() + ":" + ip.identification() + ":" + ip.protocol();
        Queue q = queues.get(key);
        if (q == null) {
            q = new Queue();
            queues.put(key, q);
            Queue timed = q;
            q.timer = ns.sim().schedule(REASSEMBLY_TIMEOUT, () -> expire(key, timed, dev));
        }
        q.fragments.add(skb);
        if (!ip.moreFragments()) q.totalPayload = ip.fragmentOffset() + ip.payloadLength();
        if (q.totalPayload < 0) return null;
        // Complete when the fragments cover [0, totalPayload) without holes.
        q.fragments.sort((x, y) -> Integer.compare(offsetOf(x), offsetOf(y)));
        int covered = 0;
        for (Skb f : q.fragments) {
            int fo = offsetOf(f);
            if (fo > covered) return null;
            covered = Math.max(covered, fo + payloadOf(f));
        }
        if (covered < q.totalPayload) return null;
        queues.remove(key);
        ns.sim().cancel(q.timer);
        Skb first = q.fragments.get(0);
        PacketBuffer fb = first.buf;
        int hl = ip.wrap(fb.array(), fb.offset()).headerLength();
        PacketBuffer whole = new PacketBuffer(PacketBuffer.DEFAULT_HEADROOM + hl + q.totalPayload + 64, PacketBuffer.DEFAULT_HEADROOM);
        int at = whole.put(hl + q.totalPayload);
        System.arraycopy(fb.array(), fb.offset(), whole.array(), at, hl);
        for (Skb f : q.fragments) {
            ip.wrap(f.buf.array(), f.buf.offset());
            System.arraycopy(f.buf.array(), f.buf.offset() + ip.headerLength(), whole.array(), at + hl + ip.fragmentOffset(), ip.payloadLength());
        }
        ip.wrap(whole.array(), at).totalLength(hl + q.totalPayload).flagsAndOffset(ip.flagsAndOffset() & Ipv4Header.FLAG_DF).updateChecksum();
        Skb out = new Skb(whole, first.ctx);
        out.delay = skb.delay;
        out.dev = dev;
        whole.networkHeader(at);
        return out;
    }

    private int offsetOf(Skb f) { return ip.wrap(f.buf.array(), f.buf.offset()).fragmentOffset(); }
    private int payloadOf(Skb f) { return ip.wrap(f.buf.array(), f.buf.offset()).payloadLength(); }

    private void expire(String key, Queue q, NetDevice dev) {
        if (queues.remove(key) != q) return;
        for (Skb f : q.fragments) ns.tracer().drop(f, ns, "", DropReason.REASSEMBLY_TIMEOUT, "after 30 s");
    }
}
