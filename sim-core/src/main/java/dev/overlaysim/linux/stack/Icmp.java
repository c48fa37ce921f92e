package dev.overlaysim.linux.stack;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.linux.device.NetDevice;
import dev.overlaysim.linux.table.PmtuCache;
import dev.overlaysim.linux.table.Route;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.buffer.PacketBuffer;
import dev.overlaysim.protocols.codec.Bytes;
import dev.overlaysim.protocols.codec.IcmpMessage;
import dev.overlaysim.protocols.codec.Ipv4Header;
import dev.overlaysim.protocols.codec.MalformedPacketException;
import dev.overlaysim.trace.DropReason;
import dev.overlaysim.trace.HopAction;
import dev.overlaysim.trace.PacketContext;

/**
 * ICMP (net/ipv4/icmp.c): echo replies from the kernel, errors sent about packets the stack cannot
 * deliver, and errors received, handed to the socket whose packet they quote.
 *
 * <p>Kernel errors quote as much of the offending packet as fits in a 576-byte datagram, as
 * {@code icmp_send} does (RFC 1812 4.3.2.3), not only the header and 8 bytes of RFC 792. They carry
 * TOS 0xc0 (internetwork control), TTL 64 and no DF (the kernel's ICMP socket does no PMTU discovery).
 */
public final class Icmp {
    /** icmp_send() keeps the whole error within the 576 bytes every host must accept. */
    public static final int MAX_ERROR_DATAGRAM = 576;

    private final NetNamespace ns;
    private final Ipv4Stack stack;
    private final IcmpMessage icmp = new IcmpMessage();
    private final IcmpMessage quotedIcmp = new IcmpMessage();
    private final Ipv4Header ip = new Ipv4Header();
    private final Ipv4Header quoted = new Ipv4Header();

    Icmp(NetNamespace ns, Ipv4Stack stack) {
        this.ns = ns;
        this.stack = stack;
    }

    void receive(NetDevice dev, Skb skb, int src, int dst, int hl, int payloadLen) {
        PacketBuffer b = skb.buf;
        int off = b.offset() + hl;
        try {
            icmp.decode(b.array(), off, payloadLen);
        } catch (MalformedPacketException e) {
            ns.tracer().drop(skb, dev, DropReason.MALFORMED, e.getMessage());
            return;
        }
        if (!icmp.checksumValid()) {
            ns.tracer().drop(skb, dev, DropReason.MALFORMED, String.format("bad ICMP checksum 0x%04x", icmp.checksum()));
            return;
        }
        int type = icmp.type();
        if (type == IcmpMessage.TYPE_ECHO_REQUEST) {
            if (dst == -1) return; // icmp_echo_ignore_broadcasts=1
            echoReply(skb, src, dst, hl, payloadLen);
        } else if (type == IcmpMessage.TYPE_ECHO_REPLY) {
            stack.deliverToPingSocket(icmp.identifier(), skb);
        } else if (icmp.isError()) {
            receiveError(dev, skb, src, off, payloadLen);
        } else {
            ns.tracer().drop(skb, dev, DropReason.UNHANDLED_PROTO, "ICMP type " + type);
        }
    }

    /** icmp_echo(): the reply is a new packet carrying the request's data back. */
    private void echoReply(Skb request, int src, int dst, int hl, int payloadLen) {
        PacketBuffer rb = request.buf;
        int tos = ip.wrap(rb.array(), rb.offset()).tos();
        PacketContext req = request.ctx;
        Skb reply = ns.world().skbs().alloc(payloadLen,
                ns.tracer().newPacket(req == null ? null : req.flow(), PacketContext.ECHO_REPLY, ns.host().name(), ns.now(), req));
        PacketBuffer b = reply.buf;
        int at = b.put(payloadLen);
        System.arraycopy(rb.array(), rb.offset() + hl, b.array(), at, payloadLen);
        icmp.wrap(b.array(), at, payloadLen).type(IcmpMessage.TYPE_ECHO_REPLY).code(0).updateChecksum();
        reply.delay = request.delay;
        ns.charge(reply, ns.costs().stackHopNanos());
        if (ns.tracing(request.ctx)) {
            ns.tracer().hop(request, ns, "", HopAction.DELIVERED, "ICMP echo request answered by the kernel (icmp_echo)");
        }
        stack.sendIp(reply, dst, src, Ipv4Header.PROTO_ICMP, Ipv4Stack.DEFAULT_TTL, false, tos);
        ns.world().skbs().consume(request); // icmp_rcv() ends with consume_skb(): the reply is a packet of its own
    }

    private void receiveError(NetDevice dev, Skb skb, int src, int off, int len) {
        int qoff = icmp.dataOffset();
        int qlen = icmp.dataLength();
        String text = errorText(src, icmp);
        if (qlen < Ipv4Header.MIN_LENGTH + 8) {
            ns.tracer().drop(skb, dev, DropReason.MALFORMED, "ICMP error quotes too little");
            return;
        }
        byte[] a = skb.buf.array();
        quoted.wrap(a, qoff);
        int qhl = quoted.headerLength();
        if (qhl < Ipv4Header.MIN_LENGTH || qlen < qhl + 8) {
            ns.tracer().drop(skb, dev, DropReason.MALFORMED, "ICMP error quotes a bad IPv4 header");
            return;
        }
        if (icmp.type() == IcmpMessage.TYPE_DEST_UNREACHABLE && icmp.code() == IcmpMessage.CODE_FRAG_NEEDED) {
            learnPathMtu(skb, quoted.src(), quoted.dst(), icmp.nextHopMtu());
            if (quoted.protocol() == Ipv4Header.PROTO_TCP && ns.localDeviceFor(quoted.src()) != null) {
                // tcp_v4_err(): the socket that sent the quoted segment resends at the new MSS
                Route r = ns.routes().lookup(quoted.dst());
                if (r != null) {
                    int p = qoff + qhl;
                    stack.tcp().fragNeeded(Bytes.u16(a, p), quoted.dst(), Bytes.u16(a, p + 2),
                            ns.pmtu().mtu(quoted.dst(), r.device().mtu(), ns.now()), skb.delay);
                }
            }
        }
        if (quoted.protocol() == Ipv4Header.PROTO_ICMP) {
            quotedIcmp.wrap(a, qoff + qhl, 8);
            if (quotedIcmp.type() == IcmpMessage.TYPE_ECHO_REQUEST) {
                stack.deliverToPingSocket(quotedIcmp.identifier(), skb);
                return;
            }
        }
        // A UDP flow's sender hears of errors about its own datagrams (ping counts its own, as it reads them).
        PacketContext offender = skb.ctx.cause();
        if (offender != null && offender.flow() != null && offender.kind().equals(PacketContext.UDP)) offender.flow().icmpError(text);
        if (ns.tracing(skb.ctx)) ns.tracer().hop(skb, ns, "", HopAction.DELIVERED, text + " (reported to the sending socket)");
    }

    /**
     * icmp_unreach() → the sending socket's error handler → ipv4_sk_update_pmtu(): a packet this
     * namespace sent (its source is one of ours) was too big further on, so the destination's path
     * MTU is lowered to what the router said (PmtuCache). A report about someone else's packet
     * finds no socket here and changes nothing.
     */
    private void learnPathMtu(Skb skb, int src, int dst, int reported) {
        if (ns.localDeviceFor(src) == null) return;
        Route r = ns.routes().lookup(dst);
        if (r == null) return;
        if (ns.pmtu().update(dst, reported, r.device().mtu(), ns.now()) && ns.tracing(skb.ctx)) {
            ns.tracer().hop(skb, ns, "", HopAction.DELIVERED, "path MTU to " + Ipv4Address.toString(dst) + " is now "
                    + ns.pmtu().mtu(dst, r.device().mtu(), ns.now()) + " (ip route get: cache expires "
                    + PmtuCache.MTU_EXPIRES / 1_000_000_000L + "sec)");
        }
    }

    /** How the flow's summary names an ICMP error: {@code From 10.1.15.1: fragmentation needed (mtu = 1450)}. */
    public static String errorText(int src, IcmpMessage icmp) {
        return "From " + Ipv4Address.toString(src) + ": " + IcmpMessage.describe(icmp.type(), icmp.code())
                + (icmp.type() == IcmpMessage.TYPE_DEST_UNREACHABLE && icmp.code() == IcmpMessage.CODE_FRAG_NEEDED
                ? " (mtu = " + icmp.nextHopMtu() + ")" : "");
    }

    /** ipv4_link_failure(): ARP gave up on the next hop. */
    public void hostUnreachable(Skb skb) {
        sendError(skb, IcmpMessage.TYPE_DEST_UNREACHABLE, IcmpMessage.CODE_HOST_UNREACHABLE, 0);
    }

    /**
     * icmp_send(): an error about {@code offending}, whose buffer starts at its IPv4 header. Not sent
     * about ICMP errors, non-first fragments, or packets from a broadcast or unspecified source.
     */
    public void sendError(Skb offending, int type, int code, int mtu) {
        PacketBuffer ob = offending.buf;
        byte[] oa = ob.array();
        ip.wrap(oa, ob.offset());
        int osrc = ip.src();
        if (osrc == 0 || osrc == -1 || (osrc >>> 28) == 0xE) return;
        if ((ip.flagsAndOffset() & Ipv4Header.OFFSET_MASK) != 0) return;
        int ohl = ip.headerLength();
        if (ip.protocol() == Ipv4Header.PROTO_ICMP && ob.length() >= ohl + 1) {
            int t = oa[ob.offset() + ohl] & 0xFF;
            if (t != IcmpMessage.TYPE_ECHO_REQUEST && t != IcmpMessage.TYPE_ECHO_REPLY && t != 13 && t != 15 && t != 17) return;
        }
        int quote = Math.min(Math.min(ip.totalLength(), ob.length()), MAX_ERROR_DATAGRAM - Ipv4Header.MIN_LENGTH - IcmpMessage.HEADER_LENGTH);
        int msgLen = IcmpMessage.HEADER_LENGTH + quote;
        PacketBuffer b = new PacketBuffer(PacketBuffer.DEFAULT_HEADROOM + 640, PacketBuffer.DEFAULT_HEADROOM);
        int at = b.put(msgLen);
        System.arraycopy(oa, ob.offset(), b.array(), at + IcmpMessage.HEADER_LENGTH, quote);
        icmp.wrap(b.array(), at, msgLen).setError(type, code, mtu);
        PacketContext octx = offending.ctx;
        Skb err = new Skb(b, ns.tracer().newPacket(octx.flow(), PacketContext.ICMP_ERROR, ns.host().name(), ns.now(), octx));
        err.delay = offending.delay;
        int src = ns.localDeviceFor(osrc) != null ? osrc : stack.sourceAddressFor(osrc);
        if (ns.tracing(err.ctx)) ns.tracer().hop(err, ns, "", HopAction.ICMP_ERROR, IcmpMessage.describe(type, code)
                + (code == IcmpMessage.CODE_FRAG_NEEDED && type == IcmpMessage.TYPE_DEST_UNREACHABLE ? " mtu " + mtu : "")
                + " to " + Ipv4Address.toString(osrc));
        stack.sendIp(err, src, osrc, Ipv4Header.PROTO_ICMP, Ipv4Stack.DEFAULT_TTL, false, 0xC0);
    }
}
