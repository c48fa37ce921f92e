package dev.overlaysim.linux.stack;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.linux.device.NetDevice;
import dev.overlaysim.linux.proc.UserProcess;
import dev.overlaysim.linux.table.PmtuCache;
import dev.overlaysim.linux.tcp.Tcp;
import dev.overlaysim.linux.table.Route;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.buffer.PacketBuffer;
import dev.overlaysim.protocols.codec.EthernetHeader;
import dev.overlaysim.protocols.codec.IcmpMessage;
import org.agrona.collections.Int2ObjectHashMap;
import dev.overlaysim.protocols.codec.Ipv4Header;
import dev.overlaysim.protocols.codec.MalformedPacketException;
import dev.overlaysim.protocols.codec.UdpHeader;
import dev.overlaysim.trace.DropReason;
import dev.overlaysim.trace.HopAction;
import dev.overlaysim.trace.PacketContext;


/**
 * The IPv4 stack of one namespace, after net/ipv4: {@code ip_rcv} → routing decision →
 * {@code ip_local_deliver} or {@code ip_forward}; {@code ip_local_out}/{@code ip_output} →
 * fragmentation → neighbour output. ARP and ICMP live beside it in {@link Arp} and {@link Icmp}.
 *
 * <p>Header flyweights are fields, re-pointed per use. A call that hands a packet on (to a device,
 * a socket, another stage) is the last thing a method does with them, because the callee may
 * re-point them when the packet comes back into this namespace (a VXLAN inner frame).
 */
public final class Ipv4Stack {
    public static final int DEFAULT_TTL = 64;

    private final NetNamespace ns;
    private final Arp arp;
    private final Icmp icmp;
    private final Fragmentation fragmentation;
    private final Tcp tcp;
    private final Ipv4Header ip = new Ipv4Header();
    private final UdpHeader udp = new UdpHeader();
    private final IcmpMessage icmpMsg = new IcmpMessage();
    private final EthernetHeader eth = new EthernetHeader();
    // Looked up by port or identifier only, never iterated.
    private final Int2ObjectHashMap<UdpSocket> udpSockets = new Int2ObjectHashMap<>();
    private final Int2ObjectHashMap<PingSocket> pingSockets = new Int2ObjectHashMap<>();
    private int nextIpId;

    public Ipv4Stack(NetNamespace ns) {
        this.ns = ns;
        this.arp = new Arp(ns);
        this.icmp = new Icmp(ns, this);
        this.fragmentation = new Fragmentation(ns, this);
        this.tcp = new Tcp(ns, this);
    }

    public Arp arp() { return arp; }
    /** TCP in this namespace: its sockets (connect, listen) and its receive half. */
    public Tcp tcp() { return tcp; }
    public Icmp icmp() { return icmp; }

    /** The next IP ID: a per-namespace counter from a seeded random start (Linux hashes per destination). */
    int nextIpId() {
        if (nextIpId == 0) nextIpId = 1 + ns.sim().random().stream("ip-id:" + ns.host().name() + ":" + ns.displayName()).nextInt(0xFFFE);
        int id = nextIpId;
        nextIpId = (nextIpId + 1) & 0xFFFF;
        if (nextIpId == 0) nextIpId = 1;
        return id;
    }

    /** The next IP ID, for tunnel drivers that build their own outer header. */
    public int nextIpIdPublic() { return nextIpId(); }

    // ---------------------------------------------------------------- receive

    /** A frame (or, on a TUN device, an IP packet) arrived on {@code dev}: eth_type_trans and protocol dispatch. */
    public void receive(NetDevice dev, Skb skb) {
        if (dev.isL3()) {
            receiveIp(dev, skb);
            return;
        }
        PacketBuffer b = skb.buf;
        try {
            eth.decode(b.array(), b.offset(), b.length());
        } catch (MalformedPacketException e) {
            ns.tracer().drop(skb, dev, DropReason.MALFORMED, e.getMessage());
            return;
        }
        long dst = eth.dst();
        boolean group = (dst >>> 40 & 1) != 0;
        if (!group && dst != dev.mac()) {
            ns.tracer().drop(skb, dev, DropReason.OTHERHOST, "to " + dev.name() + " but addressed to another MAC");
            return;
        }
        int type = eth.etherType();
        long srcMac = eth.src();
        b.pull(EthernetHeader.LENGTH);
        if (type == EthernetHeader.TYPE_ARP) {
            arp.receive(dev, skb, srcMac);
        } else if (type == EthernetHeader.TYPE_IPV4) {
            receiveIp(dev, skb);
        } else {
            ns.tracer().drop(skb, dev, DropReason.UNHANDLED_PROTO, EthernetHeader.typeName(type));
        }
    }

    /** ip_rcv(): header checks, then the routing decision. The buffer starts at the IPv4 header. */
    public void receiveIp(NetDevice dev, Skb skb) {
        PacketBuffer b = skb.buf;
        try {
            ip.decode(b.array(), b.offset(), b.length());
        } catch (MalformedPacketException e) {
            ns.tracer().drop(skb, dev, DropReason.MALFORMED, e.getMessage());
            return;
        }
        if (!ip.checksumValid()) {
            ns.tracer().drop(skb, dev, DropReason.IP_CSUM, String.format("checksum 0x%04x", ip.checksum()));
            return;
        }
        b.trim(ip.totalLength()); // drop Ethernet padding
        b.networkHeader(b.offset());
        int dst = ip.dst();
        if (isLocalOrBroadcast(dst)) {
            localDeliver(dev, skb);
            return;
        }
        if (!ns.ipForward()) {
            ns.tracer().drop(skb, dev, DropReason.IP_FORWARD_DISABLED, Ipv4Address.toString(dst) + " is not local");
            return;
        }
        Route route = ns.routes().lookup(dst);
        if (route == null) {
            ns.tracer().drop(skb, ns, "", DropReason.NO_ROUTE, "to " + Ipv4Address.toString(dst));
            icmp.sendError(skb, IcmpMessage.TYPE_DEST_UNREACHABLE, IcmpMessage.CODE_NET_UNREACHABLE, 0);
            return;
        }
        if (ns.tracing(skb.ctx)) ns.tracer().hop(skb, ns, "", HopAction.ROUTED, route.format());
        forward(dev, skb, route);
    }

    private boolean isLocalOrBroadcast(int dst) {
        return ns.isLocalOrBroadcast(dst);
    }

    /** ip_forward(): TTL, MTU/DF, TTL decrement, the FORWARD chain, then output. */
    private void forward(NetDevice in, Skb skb, Route route) {
        PacketBuffer b = skb.buf;
        ip.wrap(b.array(), b.offset());
        if (ip.ttl() <= 1) {
            ns.tracer().drop(skb, ns, "", DropReason.TTL_EXPIRED, "TTL " + ip.ttl());
            icmp.sendError(skb, IcmpMessage.TYPE_TIME_EXCEEDED, IcmpMessage.CODE_TTL_EXCEEDED, 0);
            return;
        }
        NetDevice out = route.device();
        if (ip.totalLength() > out.mtu() && ip.dontFragment()) {
            ns.tracer().drop(skb, out, DropReason.FRAG_NEEDED, ip.totalLength() + " > mtu " + out.mtu() + " of " + out.name());
            icmp.sendError(skb, IcmpMessage.TYPE_DEST_UNREACHABLE, IcmpMessage.CODE_FRAG_NEEDED, out.mtu());
            return;
        }
        ip.decrementTtl();
        ns.charge(skb, ns.costs().stackHopNanos());
        // The FORWARD chain: its rules first, then its policy. ip_forward() checks TTL and MTU before
        // the hook, so a too-big DF packet is answered with frag-needed even when the answer is then dropped.
        if (ip.protocol() == Ipv4Header.PROTO_ICMP && ns.icmpBlocked()) {
            dropIcmp(skb, "FORWARD");
            return;
        }
        if (ns.forwardPolicyDrop()) {
            ns.tracer().drop(skb, ns, "", DropReason.NETFILTER_DROP, "iptables -P FORWARD DROP");
            return;
        }
        if (ns.tracing(skb.ctx)) ns.tracer().hop(skb, ns, "", HopAction.FORWARDED, "TTL " + (ip.ttl() + 1) + " → " + ip.ttl() + " out " + out.name());
        output(skb, route, out.mtu());
    }

    /**
     * A blocked ICMP message ({@code ip} wraps its header): dropped by the rule {@code blockIcmp}
     * put in {@code chain}, saying which message it was (a non-first fragment carries no ICMP header).
     */
    private void dropIcmp(Skb skb, String chain) {
        PacketBuffer b = skb.buf;
        int hl = ip.headerLength();
        int at = b.offset() + hl;
        String what = ip.fragmentOffset() == 0 && b.length() >= hl + 2
                ? IcmpMessage.describe(b.array()[at] & 0xFF, b.array()[at + 1] & 0xFF) : "ICMP fragment";
        ns.tracer().drop(skb, ns, "", DropReason.NETFILTER_DROP, "iptables -A " + chain + " -p icmp -j DROP: " + what + " "
                + Ipv4Address.toString(ip.src()) + " > " + Ipv4Address.toString(ip.dst()));
    }

    /** ip_local_deliver(): reassembly, the INPUT chain, then the protocol handler. */
    private void localDeliver(NetDevice dev, Skb skb) {
        PacketBuffer b = skb.buf;
        ip.wrap(b.array(), b.offset());
        if (ip.isFragment()) {
            skb = fragmentation.reassemble(dev, skb);
            if (skb == null) return;
            b = skb.buf;
            ip.wrap(b.array(), b.offset());
        }
        int protocol = ip.protocol();
        int src = ip.src();
        int dst = ip.dst();
        int hl = ip.headerLength();
        int payloadLen = ip.payloadLength();
        if (protocol == Ipv4Header.PROTO_UDP) {
            udpReceive(dev, skb, src, dst, hl, payloadLen);
        } else if (protocol == Ipv4Header.PROTO_ICMP) {
            icmp.receive(dev, skb, src, dst, hl, payloadLen);
        } else if (protocol == Ipv4Header.PROTO_TCP) {
            tcp.receive(dev, skb, src, dst, hl, payloadLen);
        } else {
            ns.tracer().drop(skb, dev, DropReason.UNHANDLED_PROTO, Ipv4Header.protocolName(protocol));
        }
    }

    private void udpReceive(NetDevice dev, Skb skb, int src, int dst, int hl, int payloadLen) {
        PacketBuffer b = skb.buf;
        int udpOff = b.offset() + hl;
        try {
            udp.decode(b.array(), udpOff, payloadLen);
        } catch (MalformedPacketException e) {
            ns.tracer().drop(skb, dev, DropReason.MALFORMED, e.getMessage());
            return;
        }
        if (!skb.csumUnnecessary && !udp.checksumValid(src, dst)) {
            ns.tracer().drop(skb, dev, DropReason.UDP_CSUM, String.format("checksum 0x%04x", udp.checksum()));
            return;
        }
        int dstPort = udp.dstPort();
        int srcPort = udp.srcPort();
        if (ns.udpPortBlocked(dstPort)) {
            ns.tracer().drop(skb, ns, "", DropReason.NETFILTER_DROP, "iptables -A INPUT -p udp --dport " + dstPort + " -j DROP");
            return;
        }
        UdpSocket s = udpSockets.get(dstPort);
        if (s != null && s.boundAddress() != 0 && s.boundAddress() != dst) s = null;
        if (s == null) {
            ns.snmp().udpNoPorts++;
            ns.tracer().drop(skb, ns, "", DropReason.NO_SOCKET, "udp port " + dstPort);
            if (dst != -1) icmp.sendError(skb, IcmpMessage.TYPE_DEST_UNREACHABLE, IcmpMessage.CODE_PORT_UNREACHABLE, 0);
            return;
        }
        b.transportHeader(udpOff);
        int udpLen = udp.length();
        b.pull(hl + UdpHeader.LENGTH);
        b.trim(udpLen - UdpHeader.LENGTH);
        if (s.encap() != null) {
            s.encap().encapReceive(skb, src, dst, srcPort);
            return;
        }
        // __udp_enqueue_schedule_skb(): refused once what is queued already exceeds sk_rcvbuf, so
        // the last datagram in may overshoot it; counted as UDP RcvbufErrors and InErrors.
        if (s.queuedBytes > UdpSocket.RCVBUF) {
            ns.snmp().udpRcvbufErrors++;
            ns.snmp().udpInErrors++;
            ns.tracer().drop(skb, ns, "", DropReason.SOCKET_QUEUE_FULL, "udp port " + dstPort + ": receive buffer "
                    + s.queuedBytes + " of " + UdpSocket.RCVBUF + " bytes in use");
            return;
        }
        ns.snmp().udpInDatagrams++;
        if (ns.tracing(skb.ctx)) ns.tracer().hop(skb, ns, "", HopAction.DELIVERED, "udp socket " + Ipv4Address.toString(dst) + ":" + dstPort
                + " of " + (s.owner() == null ? "the kernel" : s.owner().name()));
        skb.readyAt = ns.now() + skb.delay;
        s.queue.addLast(skb);
        s.queuedBytes += skb.truesize();
        if (s.queuedBytes > s.queuedBytesMax) s.queuedBytesMax = s.queuedBytes;
        if (s.owner() != null) s.owner().readable(skb);
    }

    void deliverToPingSocket(int identifier, Skb skb) {
        PingSocket s = pingSockets.get(identifier);
        if (s == null) {
            ns.tracer().drop(skb, ns, "", DropReason.NO_SOCKET, "no ping socket with id " + identifier);
            return;
        }
        if (ns.tracing(skb.ctx)) ns.tracer().hop(skb, ns, "", HopAction.DELIVERED, "ping socket of " + s.owner().name());
        skb.readyAt = ns.now() + skb.delay;
        s.queue.addLast(skb);
        s.owner().readable(skb);
    }

    // ---------------------------------------------------------------- output

    /**
     * ip_output()/ip_finish_output(): fragment if larger than {@code mtu} (the device's for a
     * forwarded packet, the path MTU for one sent here), then hand to the neighbour layer or the device.
     */
    public void output(Skb skb, Route route, int mtu) {
        PacketBuffer b = skb.buf;
        ip.wrap(b.array(), b.offset());
        NetDevice out = route.device();
        if (ip.totalLength() > mtu) {
            if (ip.dontFragment()) {
                // Local output with DF set and too big: EMSGSIZE in Linux; the sender learns the MTU.
                ns.tracer().drop(skb, out, DropReason.FRAG_NEEDED, ip.totalLength() + " > mtu " + mtu + " of " + out.name());
                icmp.sendError(skb, IcmpMessage.TYPE_DEST_UNREACHABLE, IcmpMessage.CODE_FRAG_NEEDED, mtu);
                return;
            }
            fragmentation.fragment(skb, route, mtu);
            return;
        }
        int nexthop = route.hasGateway() ? route.gateway() : ip.dst();
        outputToNexthop(skb, out, nexthop);
    }

    void outputToNexthop(Skb skb, NetDevice out, int nexthop) {
        if (out.isL3()) {
            out.transmit(skb);
            return;
        }
        ns.neighbours().output(out, nexthop, skb);
    }

    /** Pushes the Ethernet header (src = the device's MAC) and transmits: the end of neighbour output. */
    public void transmitFrame(NetDevice dev, long dstMac, Skb skb) {
        PacketBuffer b = skb.buf;
        int off = b.push(EthernetHeader.LENGTH);
        eth.wrap(b.array(), off).set(dstMac, dev.mac(), EthernetHeader.TYPE_IPV4);
        dev.transmit(skb);
    }

    /**
     * ip_local_out() for a packet whose IPv4 header is already in place (made by this stack or a
     * tunnel driver): route it by destination (optionally forced out of {@code oif}) and send it.
     */
    public void localOut(Skb skb, NetDevice oif) {
        PacketBuffer b = skb.buf;
        ip.wrap(b.array(), b.offset());
        int dst = ip.dst();
        boolean toUs = isLocalOrBroadcast(dst) && dst != -1;
        Route route = toUs ? null : ns.routes().lookup(dst);
        if (!toUs && (route == null || (oif != null && route.device() != oif))) {
            ns.tracer().drop(skb, ns, "", DropReason.NO_ROUTE, "to " + Ipv4Address.toString(dst)
                    + (oif == null ? "" : " via " + oif.name()));
            return;
        }
        // The OUTPUT chain (__ip_local_out's NF_INET_LOCAL_OUT, after the route is chosen): every ICMP
        // message this namespace originates passes here, icmp_send()'s errors and icmp_reply()'s echo replies alike.
        // Linux fails a process's own sendto() with EPERM there; the model's senders (pings in containers) never meet it.
        if (ip.protocol() == Ipv4Header.PROTO_ICMP && ns.icmpBlocked()) {
            dropIcmp(skb, "OUTPUT");
            return;
        }
        if (toUs) {
            // Delivered to ourselves over lo: no device transmits it.
            localDeliver(ns.device("lo"), skb);
            return;
        }
        if (ns.tracing(skb.ctx)) ns.tracer().hop(skb, ns, "", HopAction.ROUTED, route.format());
        // a packet this namespace sends uses the path MTU it has learned (ip_skb_dst_mtu: the dst's MTU)
        output(skb, route, ns.pmtu().mtu(dst, route.device().mtu(), ns.now()));
    }

    /** The source address the kernel picks for a new packet to {@code dst}: the route's src, else the device's primary. */
    public int sourceAddressFor(int dst) {
        Route r = ns.routes().lookup(dst);
        if (r == null) return 0;
        if (r.src() != 0) return r.src();
        return r.device().primaryAddress();
    }

    /**
     * Builds the IPv4 header in front of a payload already in {@code skb} and sends it (ip_queue_xmit /
     * ip_push_pending_frames). DF is set when the packet fits the route's MTU (IP_PMTUDISC_WANT).
     */
    public void sendIp(Skb skb, int src, int dst, int protocol, int ttl, boolean dfWhenFits, int tos) {
        sendIp(skb, src, dst, protocol, ttl, dfWhenFits ? Pmtudisc.WANT : Pmtudisc.DONT, tos);
    }

    /** IP_MTU_DISCOVER: DONT never sets DF; WANT sets it when the packet fits (else fragments locally); DO always sets it. */
    public enum Pmtudisc { DONT, WANT, DO }

    /**
     * Like {@link #sendIp(Skb, int, int, int, int, boolean, int)} with an explicit PMTU discovery mode.
     * Returns 0, or the MTU when the packet is larger and {@code DO} forbids fragmenting: sendto()'s EMSGSIZE.
     */
    public int sendIp(Skb skb, int src, int dst, int protocol, int ttl, Pmtudisc pmtu, int tos) {
        return sendIp(skb, src, dst, protocol, ttl, pmtu, tos, -1);
    }

    /**
     * Like {@link #sendIp(Skb, int, int, int, int, Pmtudisc, int)} with the IP ID the sending socket
     * chose ({@code ipId} 0..65535: a TCP socket's own counter, or 0 from a socket without a peer and
     * DF set, ip_select_ident_segs), or -1 for the namespace's counter.
     */
    public int sendIp(Skb skb, int src, int dst, int protocol, int ttl, Pmtudisc pmtu, int tos, int ipId) {
        PacketBuffer b = skb.buf;
        int payload = b.length();
        Route route = ns.routes().lookup(dst);
        if (route == null && !isLocalOrBroadcast(dst)) {
            ns.tracer().drop(skb, ns, "", DropReason.NO_ROUTE, "to " + Ipv4Address.toString(dst) + " (sendto: Network is unreachable)");
            return 0;
        }
        if (src == 0) src = sourceAddressFor(dst);
        int total = payload + Ipv4Header.MIN_LENGTH;
        // dst_mtu(): the path MTU learned for dst (PmtuCache) when lower than the route's device's
        int mtu = route == null ? 0 : ns.pmtu().mtu(dst, route.device().mtu(), ns.now());
        if (pmtu == Pmtudisc.DO && route != null && total > mtu) {
            ns.tracer().drop(skb, route.device(), DropReason.MSG_SIZE, total + " > mtu " + mtu);
            return mtu;
        }
        // ip_dont_fragment(): WANT sets DF when the packet fits and the MTU is not locked (a report under min_pmtu)
        PmtuCache.PathMtu learned = ns.pmtu().valid(dst, ns.now());
        boolean df = pmtu == Pmtudisc.DO
                || (pmtu == Pmtudisc.WANT && (route == null || total <= mtu) && (learned == null || !learned.locked()));
        int off = b.push(Ipv4Header.MIN_LENGTH);
        ip.wrap(b.array(), off).set(tos, total, ipId >= 0 ? ipId : nextIpId(), df ? Ipv4Header.FLAG_DF : 0, ttl, protocol, src, dst);
        b.networkHeader(off);
        ns.charge(skb, ns.costs().stackHopNanos());
        localOut(skb, null);
        return 0;
    }

    // ---------------------------------------------------------------- sockets (called from syscalls)

    public UdpSocket udpBind(int address, int port, UserProcess owner) {
        return bind(new UdpSocket(ns, address, port, owner, null));
    }

    public UdpSocket udpBindEncap(int address, int port, UdpSocket.EncapHandler handler) {
        return bind(new UdpSocket(ns, address, port, null, handler));
    }

    private UdpSocket bind(UdpSocket s) {
        if (udpSockets.get(s.port()) != null) {
            throw new IllegalStateException("bind: Address already in use (udp port " + s.port() + " in " + ns.displayName() + ")");
        }
        udpSockets.put(s.port(), s);
        return s;
    }

    /** The UDP socket bound to {@code port} (ss -uln), or null. */
    public UdpSocket udpSocket(int port) { return udpSockets.get(port); }

    public void udpClose(UdpSocket s) {
        if (udpSockets.get(s.port()) == s) udpSockets.remove(s.port());
        s.queue.clear();
    }

    /** The kernel half of sendto() on a UDP socket: copies the user's bytes into a new skb, adds UDP and IP. */
    public void udpSend(UdpSocket s, int dst, int dstPort, byte[] data, int off, int len, PacketContext ctx, long delay) {
        Skb skb = ns.world().skbs().alloc(len, ctx);
        PacketBuffer b = skb.buf;
        skb.delay = delay;
        skb.copyFromUser(ns, data, off, len);
        int src = s.boundAddress() != 0 ? s.boundAddress() : sourceAddressFor(dst);
        int uoff = b.push(UdpHeader.LENGTH);
        udp.wrap(b.array(), uoff).set(s.port(), dstPort, len + UdpHeader.LENGTH).updateChecksum(src, dst);
        skb.csumUnnecessary = true;
        b.transportHeader(uoff);
        ns.snmp().udpOutDatagrams++;
        ns.charge(skb, ns.costs().sendmsgNanos()); // udp_sendmsg() besides the copy and ip_output's hop
        sendIp(skb, src, dst, Ipv4Header.PROTO_UDP, DEFAULT_TTL, true, 0);
    }

    /**
     * What recvfrom() hands back besides the bytes: their length, the sender (msg_name) and the
     * packet's context. One per socket, refilled by each call: read it before the next recvfrom().
     */
    public static final class Received {
        private int length;
        private int srcIp;
        private int srcPort;
        private PacketContext ctx;
        private long arrivedDelay;

        Received() {}

        public int length() { return length; }
        public int srcIp() { return srcIp; }
        public int srcPort() { return srcPort; }
        public PacketContext ctx() { return ctx; }
        public long arrivedDelay() { return arrivedDelay; }
    }

    /**
     * The kernel half of recvfrom(): copies the first queued datagram to {@code dst}, and its sender
     * from the headers in front of it, into the socket's {@link Received}; null if none is queued.
     */
    public Received udpReceive(UdpSocket s, byte[] dst) {
        Skb skb = s.queue.pollFirst();
        if (skb == null) return null;
        PacketBuffer b = skb.buf;
        Received r = s.message;
        r.srcIp = ip.wrap(b.array(), b.networkHeader()).src();
        r.srcPort = udp.wrap(b.array(), b.transportHeader()).srcPort();
        r.length = skb.copyToUser(dst);
        r.ctx = skb.ctx;
        r.arrivedDelay = skb.delay;
        s.queuedBytes -= skb.truesize();
        ns.world().skbs().consume(skb); // its bytes are the user's now
        return r;
    }

    public PingSocket pingOpen(int identifier, UserProcess owner) {
        PingSocket s = new PingSocket(ns, identifier, owner);
        if (pingSockets.get(identifier) != null) {
            throw new IllegalStateException("ping socket id " + identifier + " already in use in " + ns.displayName());
        }
        pingSockets.put(identifier, s);
        return s;
    }

    public void pingClose(PingSocket s) {
        if (pingSockets.get(s.identifier()) == s) pingSockets.remove(s.identifier());
    }

    /** The kernel half of sendto() on ping's socket; returns 0, or the path MTU for EMSGSIZE (ping -M do). */
    public int pingSend(PingSocket s, int dst, byte[] icmpBytes, int len, PacketContext ctx, long delay, int ttl, Pmtudisc pmtu) {
        Skb skb = ns.world().skbs().alloc(len, ctx);
        skb.delay = delay;
        skb.copyFromUser(ns, icmpBytes, 0, len);
        skb.buf.transportHeader(skb.buf.offset());
        ns.charge(skb, ns.costs().sendmsgNanos()); // ping_v4_sendmsg(): the same datagram path as udp_sendmsg()
        return sendIp(skb, 0, dst, Ipv4Header.PROTO_ICMP, ttl, pmtu, 0);
    }

    /** The kernel half of recvmsg() on ping's socket: copies the first queued ICMP message (with its IP header) out. */
    public Skb pingReceive(PingSocket s, byte[] dst) {
        Skb skb = s.queue.pollFirst();
        if (skb == null) return null;
        skb.copyToUser(dst);
        return skb;
    }

}
