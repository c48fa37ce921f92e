package dev.overlaysim.linux.tcp;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.linux.device.NetDevice;
import dev.overlaysim.linux.proc.UserProcess;
import dev.overlaysim.linux.stack.Ipv4Stack;
import dev.overlaysim.protocols.codec.TcpOptions;
import dev.overlaysim.trace.Flow;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.buffer.PacketBuffer;
import dev.overlaysim.protocols.codec.Ipv4Header;
import dev.overlaysim.protocols.codec.MalformedPacketException;
import dev.overlaysim.protocols.codec.TcpHeader;
import dev.overlaysim.trace.DropReason;
import dev.overlaysim.trace.HopAction;
import dev.overlaysim.trace.PacketContext;

/**
 * The receive half of TCP in one namespace, as {@code tcp_v4_rcv()} begins it: every segment is
 * counted (InSegs), a header whose data offset does not fit is dropped (InErrs), a bad checksum
 * too (InCsumErrors and InErrs), and a segment no socket takes is answered with a reset
 * ({@code tcp_v4_send_reset()}), unless it is a reset itself or was not sent to this host alone.
 * A segment that passes them goes to the connection it belongs to (the established hash: local
 * port, remote address and port), else to a listener on its port if it is a SYN, else it is reset.
 *
 * <p>The reset, as Linux 6.18 sends it from a closed port (captured here: a SYN to 10.9.0.2:5202
 * drew {@code Flags [R.], seq 0, ack ISN+1, win 0, length 0}, IP ID 0 with DF, TTL 64): for a
 * segment with ACK set, RST with the sequence number it acknowledged; else RST|ACK with sequence 0
 * acknowledging all it occupied (data, SYN, FIN). No options. It leaves from the per-namespace
 * control socket, which has no peer and PMTU discovery DO, so the IP ID is 0 (ip_select_ident_segs).
 */
public final class Tcp {
    private final NetNamespace ns;
    private final Ipv4Stack stack;
    private final TcpHeader tcp = new TcpHeader();
    private final TcpHeader rst = new TcpHeader();
    private final TcpOptions options = new TcpOptions();
    // Looked up by key only, never iterated.
    private final Long2ObjectHashMap<TcpSocket> established = new Long2ObjectHashMap<>();
    private final Int2ObjectHashMap<TcpSocket> listeners = new Int2ObjectHashMap<>();

    public Tcp(NetNamespace ns, Ipv4Stack stack) {
        this.ns = ns;
        this.stack = stack;
    }

    private static long key(int localPort, int remoteIp, int remotePort) {
        return (long) localPort << 48 | (long) remotePort << 32 | (remoteIp & 0xFFFFFFFFL);
    }

    /** listen() on {@code port}: SYNs to it make connections that {@code owner} accepts. */
    public TcpSocket listen(int port, UserProcess owner, Flow flow, String congestion) {
        if (listeners.get(port) != null) {
            throw new IllegalStateException("bind: Address already in use (tcp port " + port + " in " + ns.displayName() + ")");
        }
        TcpSocket s = new TcpSocket(ns, this, owner, flow, 0, port, 0, 0, TcpSocket.congestionControl(congestion));
        s.listening();
        listeners.put(port, s);
        return s;
    }

    /**
     * connect() to {@code dst:port} from an ephemeral port (a seeded pick in
     * ip_local_port_range, 32768–60999, free for this destination): sends the SYN after
     * {@code delay} of the caller's work.
     */
    public TcpSocket connect(int dst, int port, UserProcess owner, Flow flow, String congestion, long delay) {
        return connect(dst, port, 0, owner, flow, congestion, delay);
    }

    /** connect() from {@code localPort} (bind() first), or from an ephemeral port when it is 0. */
    public TcpSocket connect(int dst, int port, int localPort, UserProcess owner, Flow flow, String congestion, long delay) {
        int src = stack.sourceAddressFor(dst);
        if (localPort != 0) {
            if (established.get(key(localPort, dst, port)) != null || listeners.get(localPort) != null) {
                throw new IllegalStateException("bind: Address already in use (tcp port " + localPort + " in " + ns.displayName() + ")");
            }
            TcpSocket s = new TcpSocket(ns, this, owner, flow, src, localPort, dst, port, TcpSocket.congestionControl(congestion));
            established.put(key(localPort, dst, port), s);
            s.connect(delay);
            return s;
        }
        var random = ns.sim().random().stream("tcp-port:" + ns.host().name() + ":" + ns.displayName() + ":" + (flow == null ? "" : flow.name()));
        int local;
        int tries = 0;
        do {
            local = 32768 + random.nextInt(60999 - 32768 + 1);
            if (++tries > 28232) throw new IllegalStateException("connect: Cannot assign requested address (no free port in " + ns.displayName() + ")");
        } while (established.get(key(local, dst, port)) != null || listeners.get(local) != null);
        TcpSocket s = new TcpSocket(ns, this, owner, flow, src, local, dst, port, TcpSocket.congestionControl(congestion));
        established.put(key(local, dst, port), s);
        s.connect(delay);
        return s;
    }

    void unhash(TcpSocket s) {
        long k = key(s.localPort, s.remoteIp, s.remotePort);
        if (established.get(k) == s) established.remove(k);
    }

    void unlisten(TcpSocket s) {
        if (listeners.get(s.localPort) == s) listeners.remove(s.localPort);
    }

    /**
     * tcp_v4_err() for a frag-needed about a segment this namespace sent from {@code srcPort} to
     * {@code dst:dstPort}: the socket's MSS follows the path MTU now cached (tcp_v4_mtu_reduced).
     */
    public void fragNeeded(int srcPort, int dst, int dstPort, int pathMtu, long delay) {
        TcpSocket s = established.get(key(srcPort, dst, dstPort));
        if (s != null) s.mtuReduced(pathMtu, delay);
    }

    /** A segment for this host: {@code skb}'s buffer starts at its IPv4 header of {@code hl} bytes. */
    public void receive(NetDevice dev, Skb skb, int src, int dst, int hl, int segmentLength) {
        PacketBuffer b = skb.buf;
        int off = b.offset() + hl;
        ns.snmp().tcpInSegs++;
        try {
            tcp.decode(b.array(), off, segmentLength);
        } catch (MalformedPacketException e) {
            ns.snmp().tcpInErrs++;
            ns.tracer().drop(skb, dev, DropReason.MALFORMED, e.getMessage());
            return;
        }
        if (!skb.csumUnnecessary && !tcp.checksumValid(src, dst, segmentLength)) {
            ns.snmp().tcpInCsumErrors++;
            ns.snmp().tcpInErrs++;
            ns.tracer().drop(skb, dev, DropReason.TCP_CSUM, String.format("checksum 0x%04x", tcp.checksum()));
            return;
        }
        b.transportHeader(off);
        int dport = tcp.dstPort();
        TcpSocket s = established.get(key(dport, src, tcp.srcPort()));
        if (s != null && s.localIp == dst) {
            options.parse(b.array(), tcp);
            s.receive(skb, tcp, options, segmentLength, hl);
            return;
        }
        TcpSocket listener = listeners.get(dport);
        if (listener != null && tcp.has(TcpHeader.SYN) && !tcp.has(TcpHeader.ACK) && !tcp.has(TcpHeader.RST)) {
            options.parse(b.array(), tcp);
            TcpSocket child = TcpSocket.fromSyn(listener, skb, tcp, options, src, dst);
            established.put(key(dport, src, tcp.srcPort()), child);
            ns.world().skbs().consume(skb);
            return;
        }
        ns.tracer().drop(skb, ns, "", DropReason.NO_SOCKET, "tcp port " + dport);
        // tcp_v4_send_reset(): never about a reset, nor to a segment whose route was not RTN_LOCAL (a broadcast)
        if (tcp.has(TcpHeader.RST) || ns.localDeviceFor(dst) == null) return;
        sendReset(skb, src, dst, segmentLength);
    }

    /** tcp_v4_send_reset() answering the segment {@code tcp} is wrapped on. */
    private void sendReset(Skb offending, int src, int dst, int segmentLength) {
        int seq;
        int ack;
        int flags;
        if (tcp.has(TcpHeader.ACK)) {
            seq = tcp.ack();
            ack = 0;
            flags = TcpHeader.RST;
        } else {
            seq = 0;
            ack = tcp.seq() + (tcp.has(TcpHeader.SYN) ? 1 : 0) + (tcp.has(TcpHeader.FIN) ? 1 : 0)
                    + segmentLength - tcp.headerLength();
            flags = TcpHeader.RST | TcpHeader.ACK;
        }
        int sport = tcp.dstPort();
        int dport = tcp.srcPort();
        PacketContext octx = offending.ctx;
        Skb skb = ns.world().skbs().alloc(0, ns.tracer().newPacket(octx.flow(), PacketContext.TCP_RESET, ns.host().name(), ns.now(), octx));
        skb.delay = offending.delay;
        PacketBuffer b = skb.buf;
        int off = b.push(TcpHeader.MIN_LENGTH);
        rst.wrap(b.array(), off).set(sport, dport, seq, ack, TcpHeader.MIN_LENGTH, flags, 0).updateChecksum(dst, src, TcpHeader.MIN_LENGTH);
        skb.csumUnnecessary = true;
        b.transportHeader(off);
        ns.snmp().tcpOutRsts++;
        ns.snmp().tcpOutSegs++;
        if (ns.tracing(skb.ctx)) ns.tracer().hop(skb, ns, "", HopAction.TCP_RESET, "no socket on tcp port " + sport + ": reset to "
                + Ipv4Address.toString(src) + ":" + dport);
        stack.sendIp(skb, dst, src, Ipv4Header.PROTO_TCP, Ipv4Stack.DEFAULT_TTL, Ipv4Stack.Pmtudisc.DO, 0, 0);
    }
}
