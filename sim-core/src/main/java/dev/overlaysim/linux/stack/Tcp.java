package dev.overlaysim.linux.stack;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.linux.device.NetDevice;
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
 * No TCP socket exists yet in the model, so every segment that passes the checks ends there.
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

    Tcp(NetNamespace ns, Ipv4Stack stack) {
        this.ns = ns;
        this.stack = stack;
    }

    /** A segment for this host: {@code skb}'s buffer starts at its IPv4 header of {@code hl} bytes. */
    void receive(NetDevice dev, Skb skb, int src, int dst, int hl, int segmentLength) {
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
