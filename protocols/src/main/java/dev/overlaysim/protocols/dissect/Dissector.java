package dev.overlaysim.protocols.dissect;

import static dev.overlaysim.protocols.codec.Bytes.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.MacAddress;
import dev.overlaysim.protocols.buffer.PacketBuffer;
import dev.overlaysim.protocols.codec.ArpPacket;
import dev.overlaysim.protocols.codec.Checksums;
import dev.overlaysim.protocols.codec.EthernetHeader;
import dev.overlaysim.protocols.codec.IcmpMessage;
import dev.overlaysim.protocols.codec.Ipv4Header;
import dev.overlaysim.protocols.codec.MalformedPacketException;
import dev.overlaysim.protocols.codec.TcpHeader;
import dev.overlaysim.protocols.codec.TcpOptions;
import dev.overlaysim.protocols.codec.UdpHeader;
import dev.overlaysim.protocols.codec.VxlanHeader;
import dev.overlaysim.protocols.pcap.LinkType;

/**
 * A compact text dissection of a packet, one line per layer, in the spirit of {@code tshark -V}
 * with the detail folded onto the layer's line:
 * <pre>
 * Ethernet II, Src: 5e:f8:4f:00:0f:00, Dst: 5e:f8:4f:00:e3:37, Type: IPv4 (0x0800)
 * Internet Protocol Version 4, Src: 10.1.15.2, Dst: 10.1.16.3, Len: 84, ID: 0x1c46, Flags: DF, TTL: 63, Proto: ICMP (1), Checksum: 0x0a0b [correct]
 * Internet Control Message Protocol, Echo (ping) request, id=0x0d3c, seq=1, Checksum: 0x1234 [correct]
 * </pre>
 * Layers: Ethernet → ARP | IPv4 → ICMP (an error's quoted IPv4 header and its first 8 payload
 * bytes, indented by two spaces) | UDP → VXLAN (UDP destination port in the VXLAN port set) → inner
 * Ethernet → ..., or UDP → IPv4 for flannel's UDP backend (destination port in the IP-in-UDP set).
 * Anything else ends with a {@code Data (N bytes)} line; bytes after the IPv4 datagram (Ethernet
 * padding) give a {@code Padding (N bytes)} line.
 *
 * <p>Never throws on packet content: a malformed layer prints {@code [Malformed: <message>]} and
 * the dissection stops there. The text depends only on the bytes and the port sets. Allocates freely:
 * this is for traces and tests, not the forwarding path.
 */
public final class Dissector {
    /** Linux's default VXLAN port and IANA's. */
    public static final int[] DEFAULT_VXLAN_PORTS = {VxlanHeader.LINUX_DEFAULT_PORT, VxlanHeader.IANA_PORT};
    /** flannel's UDP backend: the UDP payload is a bare IPv4 packet. */
    public static final int[] DEFAULT_IP_IN_UDP_PORTS = {8285};
    /** Guards against crafted packets nesting VXLAN in VXLAN without end. */
    public static final int MAX_ENCAPSULATION_DEPTH = 8;

    private static final String INDENT = "  ";

    private final int[] vxlanPorts;
    private final int[] ipInUdpPorts;

    /** VXLAN on {8472, 4789}, IPv4-in-UDP on {8285}. */
    public Dissector() {
        this(DEFAULT_VXLAN_PORTS, DEFAULT_IP_IN_UDP_PORTS);
    }

    /** VXLAN on the given UDP destination ports; IPv4-in-UDP on the other set. */
    public Dissector(int[] vxlanPorts, int[] ipInUdpPorts) {
        this.vxlanPorts = sortedPorts(vxlanPorts);
        this.ipInUdpPorts = sortedPorts(ipInUdpPorts);
    }

    /** The dissection as lines joined with '\n' (no trailing newline). */
    public String dissect(byte[] a, int off, int len, LinkType linkType) {
        return String.join("\n", layers(a, off, len, linkType));
    }

    /** The dissection of the packet held in a buffer, starting at its current offset. */
    public String dissect(PacketBuffer packet, LinkType linkType) {
        return dissect(packet.array(), packet.offset(), packet.length(), linkType);
    }

    /** One line per layer. */
    public List<String> layers(byte[] a, int off, int len, LinkType linkType) {
        List<String> out = new ArrayList<>();
        try {
            if (a == null) {
                throw new MalformedPacketException(off, "buffer", "null", "a byte array");
            }
            if (off < 0 || len < 0 || off > a.length || a.length - off < len) {
                throw new MalformedPacketException(off, "buffer range",
                        "offset " + off + " length " + len + " in an array of " + a.length, "a range inside the array");
            }
            if (linkType == LinkType.RAW) {
                network(out, a, off, len, 0, "");
            } else {
                ethernet(out, a, off, len, 0);
            }
        } catch (MalformedPacketException e) {
            out.add("[Malformed: " + e.getMessage() + "]");
        }
        return out;
    }

    /**
     * The frame's header fields in wire order, for comparing two captures field by field (the twin
     * does). Lenient where {@link #layers} is strict: a short or unexpected layer becomes a payload
     * field and the walk goes on; it never throws. A UDP datagram is VXLAN when its destination
     * port is in the VXLAN set, IPv4-in-UDP when both its ports are one port of the other set (as
     * flanneld sends).
     */
    public FieldDissection fields(byte[] frame, LinkType linkType) {
        return new FieldWalk(frame, vxlanPorts, ipInUdpPorts).run(linkType == LinkType.ETHERNET);
    }

    private void ethernet(List<String> out, byte[] a, int off, int len, int depth) {
        EthernetHeader eth = new EthernetHeader().decode(a, off, len);
        int type = eth.etherType();
        out.add("Ethernet II, Src: " + MacAddress.toString(eth.src()) + ", Dst: " + MacAddress.toString(eth.dst())
                + ", Type: " + etherTypeName(type) + String.format(" (0x%04x)", type));
        int p = off + EthernetHeader.LENGTH;
        int n = len - EthernetHeader.LENGTH;
        int used;
        switch (type) {
            case EthernetHeader.TYPE_ARP -> used = arp(out, a, p, n);
            case EthernetHeader.TYPE_IPV4 -> used = ipv4(out, a, p, n, depth, "");
            default -> {
                data(out, "", n);
                used = n;
            }
        }
        if (used < n) {
            out.add("Padding (" + (n - used) + " bytes)");
        }
    }

    /** RAW link type: the version nibble says which IP. */
    private void network(List<String> out, byte[] a, int off, int len, int depth, String indent) {
        if (len > 0 && Ipv4Header.peekVersion(a, off) == 6) {
            out.add(indent + "Internet Protocol Version 6 (not dissected), " + len + " bytes");
            return;
        }
        int used = ipv4(out, a, off, len, depth, indent);
        if (used < len) {
            out.add(indent + "Padding (" + (len - used) + " bytes)");
        }
    }

    private int arp(List<String> out, byte[] a, int off, int len) {
        ArpPacket arp = new ArpPacket().decode(a, off, len);
        out.add("Address Resolution Protocol (" + (arp.operation() == ArpPacket.OP_REQUEST ? "request" : "reply") + ")"
                + ", Sender MAC: " + MacAddress.toString(arp.senderMac())
                + ", Sender IP: " + Ipv4Address.toString(arp.senderIp())
                + ", Target MAC: " + MacAddress.toString(arp.targetMac())
                + ", Target IP: " + Ipv4Address.toString(arp.targetIp()));
        return ArpPacket.LENGTH;
    }

    /** Dissects an IPv4 datagram and what it carries; returns its total length. */
    private int ipv4(List<String> out, byte[] a, int off, int len, int depth, String indent) {
        Ipv4Header ip = new Ipv4Header().decode(a, off, len);
        int hl = ip.headerLength();
        out.add(indent + ipv4Line(ip, a, off, hl) + ", Checksum: " + hex16(ip.checksum()) + " "
                + checksumStatus(Checksums.compute(a, off, hl) == 0,
                        Checksums.finish(Checksums.add(Checksums.add(0, a, off, 10), a, off + 12, hl - 12)), false));
        int p = ip.payloadOffset();
        int n = ip.payloadLength();
        if (ip.isFragment()) {
            out.add(indent + "Fragment data (" + n + " bytes)");
            return ip.totalLength();
        }
        switch (ip.protocol()) {
            case Ipv4Header.PROTO_ICMP -> icmp(out, a, p, n, indent);
            case Ipv4Header.PROTO_UDP -> udp(out, a, p, n, ip.src(), ip.dst(), depth, indent);
            case Ipv4Header.PROTO_TCP -> tcp(out, a, p, n, ip.src(), ip.dst(), indent);
            default -> data(out, indent, n);
        }
        return ip.totalLength();
    }

    /** The IPv4 fields common to a full header and a quoted one (no checksum status). */
    private static String ipv4Line(Ipv4Header ip, byte[] a, int off, int hl) {
        StringBuilder sb = new StringBuilder("Internet Protocol Version 4, Src: ").append(Ipv4Address.toString(ip.src()))
                .append(", Dst: ").append(Ipv4Address.toString(ip.dst()))
                .append(", Len: ").append(ip.totalLength())
                .append(", ID: ").append(hex16(ip.identification()))
                .append(", Flags: ").append(flags(ip.flagsAndOffset()));
        if ((ip.flagsAndOffset() & Ipv4Header.OFFSET_MASK) != 0) {
            sb.append(", Fragment offset: ").append(ip.fragmentOffset());
        }
        if (ip.tos() != 0) {
            sb.append(", DSCP: ").append(ip.tos() >>> 2).append(", ECN: ").append(ip.tos() & 3);
        }
        sb.append(", TTL: ").append(ip.ttl())
                .append(", Proto: ").append(protocolName(ip.protocol())).append(" (").append(ip.protocol()).append(')');
        if (hl > Ipv4Header.MIN_LENGTH) {
            sb.append(", Options: ").append(hl - Ipv4Header.MIN_LENGTH).append(" bytes (")
                    .append(hex(a, off + Ipv4Header.MIN_LENGTH, hl - Ipv4Header.MIN_LENGTH)).append(')');
        }
        return sb.toString();
    }

    private void icmp(List<String> out, byte[] a, int off, int len, String indent) {
        IcmpMessage icmp = new IcmpMessage().decode(a, off, len);
        int type = icmp.type();
        StringBuilder sb = new StringBuilder(indent).append("Internet Control Message Protocol, ")
                .append(IcmpMessage.describe(type, icmp.code()));
        if (type == IcmpMessage.TYPE_ECHO_REQUEST || type == IcmpMessage.TYPE_ECHO_REPLY) {
            sb.append(", id=").append(hex16(icmp.identifier())).append(", seq=").append(icmp.sequence());
        } else if (type == IcmpMessage.TYPE_DEST_UNREACHABLE && icmp.code() == IcmpMessage.CODE_FRAG_NEEDED) {
            sb.append(", MTU of next hop: ").append(icmp.nextHopMtu());
        } else if (type == IcmpMessage.TYPE_TIME_EXCEEDED) {
            sb.append(icmp.code() == 0 ? " (in transit)" : icmp.code() == 1 ? " (fragment reassembly)" : " (code " + icmp.code() + ")");
        }
        sb.append(", Checksum: ").append(hex16(icmp.checksum())).append(' ')
                .append(checksumStatus(Checksums.compute(a, off, len) == 0,
                        Checksums.finish(Checksums.add(Checksums.add(0, a, off, 2), a, off + 4, len - 4)), false));
        out.add(sb.toString());
        if (icmp.isError()) {
            quoted(out, a, icmp.dataOffset(), icmp.dataLength(), indent + INDENT);
        }
    }

    /**
     * An ICMP error's quote: an IPv4 header whose Total Length describes the original datagram, of
     * which only the first 8 payload bytes are present.
     */
    private static void quoted(List<String> out, byte[] a, int off, int len, String indent) {
        if (len < Ipv4Header.MIN_LENGTH) {
            throw new MalformedPacketException(off, "ICMP quoted IPv4 header length", len + " bytes", "20+ bytes");
        }
        Ipv4Header ip = new Ipv4Header().wrap(a, off);
        if (ip.version() != 4) {
            throw new MalformedPacketException(off, "ICMP quoted IPv4 version", String.valueOf(ip.version()), "4");
        }
        int hl = ip.headerLength();
        if (hl < Ipv4Header.MIN_LENGTH || hl > len) {
            throw new MalformedPacketException(off, "ICMP quoted IPv4 IHL", String.valueOf(hl / 4),
                    "5.." + Math.min(15, len / 4) + " (a header within the " + len + " quoted bytes)");
        }
        out.add(indent + ipv4Line(ip, a, off, hl) + ", Checksum: " + hex16(ip.checksum()) + " "
                + (Checksums.compute(a, off, hl) == 0 ? "[correct]" : "[incorrect]"));
        int p = off + hl;
        int n = len - hl;
        if ((ip.flagsAndOffset() & Ipv4Header.OFFSET_MASK) != 0) {
            out.add(indent + "Fragment data (" + n + " bytes quoted)");
            return;
        }
        switch (ip.protocol()) {
            case Ipv4Header.PROTO_UDP -> {
                if (n < UdpHeader.LENGTH) {
                    throw new MalformedPacketException(p, "ICMP quoted UDP header length", n + " bytes", "8+ bytes");
                }
                UdpHeader udp = new UdpHeader().wrap(a, p);
                out.add(indent + "User Datagram Protocol, Src Port: " + udp.srcPort() + ", Dst Port: " + udp.dstPort()
                        + ", Len: " + udp.length() + ", Checksum: " + hex16(udp.checksum()) + " [unverified: quoted]");
            }
            case Ipv4Header.PROTO_ICMP -> {
                if (n < IcmpMessage.HEADER_LENGTH) {
                    throw new MalformedPacketException(p, "ICMP quoted ICMP header length", n + " bytes", "8+ bytes");
                }
                IcmpMessage icmp = new IcmpMessage().wrap(a, p, n);
                StringBuilder sb = new StringBuilder(indent).append("Internet Control Message Protocol, ")
                        .append(IcmpMessage.describe(icmp.type(), icmp.code()));
                if (icmp.type() == IcmpMessage.TYPE_ECHO_REQUEST || icmp.type() == IcmpMessage.TYPE_ECHO_REPLY) {
                    sb.append(", id=").append(hex16(icmp.identifier())).append(", seq=").append(icmp.sequence());
                }
                out.add(sb.append(", Checksum: ").append(hex16(icmp.checksum())).append(" [unverified: quoted]").toString());
            }
            case Ipv4Header.PROTO_TCP -> {
                if (n < 4) {
                    throw new MalformedPacketException(p, "ICMP quoted TCP ports length", n + " bytes", "4+ bytes");
                }
                out.add(indent + "Transmission Control Protocol, Src Port: " + u16(a, p) + ", Dst Port: " + u16(a, p + 2));
            }
            default -> data(out, indent, n);
        }
    }

    private void udp(List<String> out, byte[] a, int off, int len, int srcIp, int dstIp, int depth, String indent) {
        UdpHeader udp = new UdpHeader().decode(a, off, len);
        int ulen = udp.length();
        String status;
        if (udp.checksum() == 0) {
            status = "[none]";
        } else {
            long pseudo = Checksums.pseudoHeader(srcIp, dstIp, Ipv4Header.PROTO_UDP, ulen);
            boolean ok = Checksums.finish(Checksums.add(pseudo, a, off, ulen)) == 0;
            int should = Checksums.finish(Checksums.add(Checksums.add(pseudo, a, off, 6), a, off + 8, ulen - 8));
            status = checksumStatus(ok, should, true);
        }
        out.add(indent + "User Datagram Protocol, Src Port: " + udp.srcPort() + ", Dst Port: " + udp.dstPort()
                + ", Len: " + ulen + ", Checksum: " + hex16(udp.checksum()) + " " + status);
        int p = udp.payloadOffset();
        int n = udp.payloadLength();
        if (contains(vxlanPorts, udp.dstPort())) {
            VxlanHeader vx = new VxlanHeader().decode(a, p, n);
            StringBuilder sb = new StringBuilder(indent).append("Virtual eXtensible Local Area Network, Flags: ")
                    .append(String.format("0x%02x", vx.flags())).append(vx.hasVni() ? " (I)" : " (I flag missing)");
            if (!VxlanHeader.reservedBitsZero(a, p)) {
                sb.append(", Reserved bits set");
            }
            out.add(sb.append(", VNI: ").append(vx.vni()).toString());
            descend(p, depth);
            ethernet(out, a, p + VxlanHeader.LENGTH, n - VxlanHeader.LENGTH, depth + 1);
        } else if (contains(ipInUdpPorts, udp.dstPort())) {
            descend(p, depth);
            network(out, a, p, n, depth + 1, indent);
        } else {
            data(out, indent, n);
        }
    }

    private static void tcp(List<String> out, byte[] a, int off, int len, int srcIp, int dstIp, String indent) {
        TcpHeader tcp = new TcpHeader().decode(a, off, len);
        int hl = tcp.headerLength();
        long pseudo = Checksums.pseudoHeader(srcIp, dstIp, Ipv4Header.PROTO_TCP, len);
        boolean ok = Checksums.finish(Checksums.add(pseudo, a, off, len)) == 0;
        int should = Checksums.finish(Checksums.add(Checksums.add(pseudo, a, off, TcpHeader.CHECKSUM_OFFSET),
                a, off + TcpHeader.URGENT_OFFSET, len - TcpHeader.URGENT_OFFSET));
        StringBuilder sb = new StringBuilder(indent).append("Transmission Control Protocol, Src Port: ").append(tcp.srcPort())
                .append(", Dst Port: ").append(tcp.dstPort())
                .append(", Seq: ").append(Integer.toUnsignedString(tcp.seq()));
        if (tcp.has(TcpHeader.ACK)) sb.append(", Ack: ").append(Integer.toUnsignedString(tcp.ack()));
        sb.append(", Flags: [").append(tcpFlags(tcp.flags())).append(']')
                .append(", Win: ").append(tcp.window())
                .append(", Len: ").append(len - hl)
                .append(", Checksum: ").append(hex16(tcp.checksum())).append(' ').append(checksumStatus(ok, should, false));
        if (hl > TcpHeader.MIN_LENGTH) {
            sb.append(", Options: [").append(TcpOptions.describe(a, tcp.optionsOffset(), tcp.optionsLength())).append(']');
        }
        out.add(sb.toString());
        data(out, indent, len - hl);
    }

    /** The flags as tcpdump prints them (print-tcp.c's order F S R P . U E W): {@code S}, {@code S.}, {@code P.}, {@code F.}, {@code R}, {@code .} for a bare ACK. */
    public static String tcpFlags(int flags) {
        StringBuilder sb = new StringBuilder();
        if ((flags & TcpHeader.FIN) != 0) sb.append('F');
        if ((flags & TcpHeader.SYN) != 0) sb.append('S');
        if ((flags & TcpHeader.RST) != 0) sb.append('R');
        if ((flags & TcpHeader.PSH) != 0) sb.append('P');
        if ((flags & TcpHeader.ACK) != 0) sb.append('.');
        if ((flags & TcpHeader.URG) != 0) sb.append('U');
        if ((flags & TcpHeader.ECE) != 0) sb.append('E');
        if ((flags & TcpHeader.CWR) != 0) sb.append('W');
        return sb.length() == 0 ? "none" : sb.toString();
    }

    private static void descend(int offset, int depth) {
        if (depth + 1 >= MAX_ENCAPSULATION_DEPTH) {
            throw new MalformedPacketException(offset, "encapsulation depth", String.valueOf(depth + 1),
                    "fewer than " + MAX_ENCAPSULATION_DEPTH + " nested tunnels");
        }
    }

    private static void data(List<String> out, String indent, int n) {
        if (n > 0) {
            out.add(indent + "Data (" + n + " bytes)");
        }
    }

    /**
     * "[correct]", or "[incorrect, should be 0x....]" with the value a sender would have written.
     * For UDP a computed 0 goes on the wire as 0xffff.
     */
    private static String checksumStatus(boolean correct, int shouldBe, boolean udp) {
        if (correct) return "[correct]";
        return "[incorrect, should be " + hex16(udp && shouldBe == 0 ? 0xFFFF : shouldBe) + "]";
    }

    private static String flags(int flagsAndOffset) {
        StringBuilder sb = new StringBuilder();
        if ((flagsAndOffset & Ipv4Header.FLAG_RESERVED) != 0) sb.append("RB");
        if ((flagsAndOffset & Ipv4Header.FLAG_DF) != 0) sb.append(sb.length() > 0 ? " " : "").append("DF");
        if ((flagsAndOffset & Ipv4Header.FLAG_MF) != 0) sb.append(sb.length() > 0 ? " " : "").append("MF");
        return sb.length() == 0 ? "none" : sb.toString();
    }

    private static String etherTypeName(int type) {
        return switch (type) {
            case EthernetHeader.TYPE_IPV4 -> "IPv4";
            case EthernetHeader.TYPE_ARP -> "ARP";
            case EthernetHeader.TYPE_IPV6 -> "IPv6";
            default -> "Unknown";
        };
    }

    private static String protocolName(int protocol) {
        return switch (protocol) {
            case Ipv4Header.PROTO_ICMP -> "ICMP";
            case Ipv4Header.PROTO_TCP -> "TCP";
            case Ipv4Header.PROTO_UDP -> "UDP";
            default -> "Unknown";
        };
    }

    private static String hex16(int v) {
        return String.format("0x%04x", v);
    }

    private static int[] sortedPorts(int[] ports) {
        int[] p = ports.clone();
        for (int port : p) {
            if (port < 0 || port > 0xFFFF) {
                throw new IllegalArgumentException("UDP port " + port + " out of range 0..65535");
            }
        }
        Arrays.sort(p);
        return p;
    }

    private static boolean contains(int[] sorted, int port) {
        return Arrays.binarySearch(sorted, port) >= 0;
    }
}
