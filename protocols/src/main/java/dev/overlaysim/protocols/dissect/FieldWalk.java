package dev.overlaysim.protocols.dissect;

import static dev.overlaysim.protocols.codec.Bytes.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.MacAddress;
import dev.overlaysim.protocols.codec.ArpPacket;
import dev.overlaysim.protocols.codec.Checksums;
import dev.overlaysim.protocols.codec.EthernetHeader;
import dev.overlaysim.protocols.codec.IcmpMessage;
import dev.overlaysim.protocols.codec.Ipv4Header;
import dev.overlaysim.protocols.codec.TcpHeader;
import dev.overlaysim.protocols.codec.UdpHeader;
import dev.overlaysim.protocols.codec.VxlanHeader;
import dev.overlaysim.protocols.dissect.WireField.Checksum;
import dev.overlaysim.protocols.dissect.WireField.Role;

/**
 * {@link Dissector#fields}'s walk over one frame. Unlike the text walk it is lenient: a layer too
 * short or not what its parent says becomes a payload (or {@code .truncated}) field and the walk
 * goes on with the next sibling, so two captures of a damaged frame can still be compared field by
 * field. Offsets come from the codecs; reads stay inside the frame, so it never throws.
 */
final class FieldWalk {
    /** ping writes its send time (a struct timeval, 16 bytes on 64-bit Linux) at the start of the echo data. */
    private static final int PING_TIMESTAMP_LENGTH = 16;
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] a;
    private final int[] vxlanPorts;
    private final int[] ipInUdpPorts;
    private final List<WireField> fields = new ArrayList<>();
    private final StringBuilder summary = new StringBuilder();
    private boolean arp;
    private boolean summarised;

    FieldWalk(byte[] frame, int[] sortedVxlanPorts, int[] sortedIpInUdpPorts) {
        this.a = frame;
        this.vxlanPorts = sortedVxlanPorts;
        this.ipInUdpPorts = sortedIpInUdpPorts;
    }

    FieldDissection run(boolean ethernet) {
        int end = ethernet ? ethernet("", 0, a.length) : ipv4("", 0, a.length, false);
        if (end < a.length) {
            add("eth.padding", end, a.length - end, ethernet ? Role.PADDING : Role.PLAIN, null, true);
        }
        return new FieldDissection(List.copyOf(fields), summary.toString().trim(), arp, a.length);
    }

    private void add(String name, int off, int len, Role role, Checksum checksum, boolean payload) {
        int from = Math.max(0, Math.min(off, a.length));
        int l = Math.max(0, Math.min(len, a.length - from));
        byte[] raw = Arrays.copyOfRange(a, from, from + l);
        fields.add(new WireField(name, from, l, show(name, raw, payload), raw, role, checksum, payload));
    }

    private void add(String name, int off, int len) { add(name, off, len, Role.PLAIN, null, false); }

    private void payload(String name, int off, int len) { add(name, off, len, Role.PLAIN, null, true); }

    /** The summary is the innermost layer's line; outer layers wrap it afterwards. */
    private void say(String s) {
        if (!summarised) {
            summary.append(s);
            summarised = true;
        }
    }

    private int ethernet(String p, int off, int end) {
        if (end - off < EthernetHeader.LENGTH) {
            payload(p + "eth.truncated", off, end - off);
            return end;
        }
        add(p + "eth.dst", off + EthernetHeader.DST_OFFSET, 6);
        add(p + "eth.src", off + EthernetHeader.SRC_OFFSET, 6);
        add(p + "eth.type", off + EthernetHeader.TYPE_OFFSET, 2);
        int type = u16(a, off + EthernetHeader.TYPE_OFFSET);
        int l3 = off + EthernetHeader.LENGTH;
        if (type == EthernetHeader.TYPE_ARP) return arp(p, l3, end);
        if (type == EthernetHeader.TYPE_IPV4) return ipv4(p, l3, end, false);
        payload(p + "eth.payload", l3, end - l3);
        say(String.format("ethertype 0x%04x", type));
        return end;
    }

    private int arp(String p, int off, int end) {
        if (p.isEmpty()) arp = true;
        if (end - off < ArpPacket.LENGTH) {
            payload(p + "arp.truncated", off, end - off);
            return end;
        }
        add(p + "arp.htype", off + ArpPacket.HTYPE_OFFSET, 2);
        add(p + "arp.ptype", off + ArpPacket.PTYPE_OFFSET, 2);
        add(p + "arp.hlen", off + ArpPacket.HLEN_OFFSET, 1);
        add(p + "arp.plen", off + ArpPacket.PLEN_OFFSET, 1);
        add(p + "arp.oper", off + ArpPacket.OPER_OFFSET, 2);
        add(p + "arp.sha", off + ArpPacket.SHA_OFFSET, 6);
        add(p + "arp.spa", off + ArpPacket.SPA_OFFSET, 4);
        add(p + "arp.tha", off + ArpPacket.THA_OFFSET, 6);
        add(p + "arp.tpa", off + ArpPacket.TPA_OFFSET, 4);
        ArpPacket packet = new ArpPacket().wrap(a, off);
        int oper = packet.operation();
        String spa = Ipv4Address.toString(packet.senderIp());
        String tpa = Ipv4Address.toString(packet.targetIp());
        say(oper == ArpPacket.OP_REQUEST ? "ARP who-has " + tpa + " tell " + spa
                : oper == ArpPacket.OP_REPLY ? "ARP " + spa + " is-at " + MacAddress.toString(packet.senderMac())
                : "ARP op " + oper);
        return off + ArpPacket.LENGTH;
    }

    /** An IPv4 datagram (or, {@code quoted}, an ICMP error's quote of one); returns where it ends. */
    private int ipv4(String p, int off, int end, boolean quoted) {
        if (end - off < Ipv4Header.MIN_LENGTH || Ipv4Header.peekVersion(a, off) != 4) {
            payload(p + "ip.payload", off, end - off);
            say("not IPv4");
            return end;
        }
        Ipv4Header ip = new Ipv4Header().wrap(a, off);
        int ihl = ip.headerLength();
        int total = ip.totalLength();
        int avail = Math.min(end, off + Math.max(ihl, total));
        add(p + "ip.version_ihl", off + Ipv4Header.VERSION_IHL_OFFSET, 1);
        add(p + "ip.tos", off + Ipv4Header.TOS_OFFSET, 1);
        add(p + "ip.total_length", off + Ipv4Header.TOTAL_LENGTH_OFFSET, 2);
        add(p + "ip.id", off + Ipv4Header.ID_OFFSET, 2, Role.IP_ID, null, false);
        add(p + "ip.flags_fragment", off + Ipv4Header.FLAGS_OFFSET, 2);
        add(p + "ip.ttl", off + Ipv4Header.TTL_OFFSET, 1);
        add(p + "ip.protocol", off + Ipv4Header.PROTOCOL_OFFSET, 1);
        Checksum sum = end - off >= ihl
                ? Checksum.verified(Checksums.compute(a, off, ihl) == 0, "over the " + ihl + "-byte header", off, ihl)
                : null;
        add(p + "ip.checksum", off + Ipv4Header.CHECKSUM_OFFSET, 2, Role.PLAIN, sum, false);
        add(p + "ip.src", off + Ipv4Header.SRC_OFFSET, 4);
        add(p + "ip.dst", off + Ipv4Header.DST_OFFSET, 4);
        if (ihl > Ipv4Header.MIN_LENGTH) payload(p + "ip.options", off + Ipv4Header.MIN_LENGTH, ihl - Ipv4Header.MIN_LENGTH);
        int l4 = off + ihl;
        // a quote, a datagram cut short, or the first of several fragments: its layer 4 is not all here
        boolean truncated = quoted || avail < off + total || ip.moreFragments();
        if ((ip.flagsAndOffset() & Ipv4Header.OFFSET_MASK) != 0) {
            payload(p + "ip.fragment_data", l4, avail - l4);
        } else if (ip.protocol() == Ipv4Header.PROTO_ICMP) {
            icmp(p, l4, avail, truncated, Ipv4Address.toString(ip.src()), Ipv4Address.toString(ip.dst()));
        } else if (ip.protocol() == Ipv4Header.PROTO_UDP) {
            udp(p, l4, avail, truncated, ip.src(), ip.dst());
        } else if (ip.protocol() == Ipv4Header.PROTO_TCP) {
            tcp(p, l4, avail, truncated, ip.src(), ip.dst());
        } else {
            payload(p + "ip.payload", l4, avail - l4);
            say("IPv4 proto " + ip.protocol());
        }
        return avail;
    }

    private void icmp(String p, int off, int end, boolean truncated, String src, String dst) {
        if (end - off < IcmpMessage.HEADER_LENGTH) {
            payload(p + "icmp.truncated", off, end - off);
            return;
        }
        IcmpMessage icmp = new IcmpMessage().wrap(a, off, end - off);
        int type = icmp.type();
        add(p + "icmp.type", off + IcmpMessage.TYPE_OFFSET, 1);
        add(p + "icmp.code", off + IcmpMessage.CODE_OFFSET, 1);
        Checksum sum = truncated
                ? Checksum.unverifiable("over a message of which " + (end - off) + " bytes are here", off, end - off)
                : Checksum.verified(Checksums.compute(a, off, end - off) == 0, "over the " + (end - off) + "-byte message", off, end - off);
        add(p + "icmp.checksum", off + IcmpMessage.CHECKSUM_OFFSET, 2, Role.PLAIN, sum, false);
        int data = off + IcmpMessage.HEADER_LENGTH;
        if (type == IcmpMessage.TYPE_ECHO_REPLY || type == IcmpMessage.TYPE_ECHO_REQUEST) {
            add(p + "icmp.identifier", off + IcmpMessage.IDENTIFIER_OFFSET, 2);
            add(p + "icmp.sequence", off + IcmpMessage.SEQUENCE_OFFSET, 2);
            int len = end - data;
            if (len >= PING_TIMESTAMP_LENGTH) {
                add(p + "icmp.data.timestamp", data, PING_TIMESTAMP_LENGTH, Role.ECHO_TIMESTAMP, null, true);
                payload(p + "icmp.data", data + PING_TIMESTAMP_LENGTH, len - PING_TIMESTAMP_LENGTH);
            } else {
                payload(p + "icmp.data", data, len);
            }
            say((type == IcmpMessage.TYPE_ECHO_REQUEST ? "ICMP echo request " : "ICMP echo reply ") + src + " > " + dst
                    + " id " + icmp.identifier() + " seq " + icmp.sequence() + " length " + len);
        } else {
            add(p + "icmp.rest_of_header", off + IcmpMessage.IDENTIFIER_OFFSET, 4);
            say("ICMP type " + type + " code " + icmp.code() + " " + src + " > " + dst);
            if (type == IcmpMessage.TYPE_DEST_UNREACHABLE || type == IcmpMessage.TYPE_TIME_EXCEEDED
                    || type == IcmpMessage.TYPE_PARAMETER_PROBLEM) {
                ipv4(p + "icmp.quote.", data, end, true);
            } else {
                payload(p + "icmp.data", data, end - data);
            }
        }
    }

    private void udp(String p, int off, int end, boolean truncated, int src, int dst) {
        if (end - off < UdpHeader.LENGTH) {
            payload(p + "udp.truncated", off, end - off);
            return;
        }
        UdpHeader udp = new UdpHeader().wrap(a, off);
        int sport = udp.srcPort();
        int dport = udp.dstPort();
        int length = udp.length();
        boolean vxlan = contains(vxlanPorts, dport);
        // flanneld's UDP backend sends from the port it listens on, so both ports name it
        boolean flannel = contains(ipInUdpPorts, dport) && sport == dport;
        add(p + "udp.srcport", off + UdpHeader.SRC_PORT_OFFSET, 2, vxlan ? Role.TUNNEL_SOURCE_PORT : Role.PLAIN, null, false);
        add(p + "udp.dstport", off + UdpHeader.DST_PORT_OFFSET, 2);
        add(p + "udp.length", off + UdpHeader.LENGTH_OFFSET, 2);
        Checksum sum;
        int covered = Math.min(length, end - off);
        if (udp.checksum() == 0) {
            sum = new Checksum(true, true, "not computed (0, allowed over IPv4)", List.of());
        } else if (truncated) {
            sum = Checksum.unverifiable("over pseudo-header + " + length + " bytes, of which " + (end - off) + " are here", off, end - off);
        } else {
            long s = Checksums.add(Checksums.pseudoHeader(src, dst, Ipv4Header.PROTO_UDP, length), a, off, covered);
            sum = Checksum.verified(Checksums.finish(s) == 0, "over pseudo-header + " + length + " bytes", off, covered);
        }
        add(p + "udp.checksum", off + UdpHeader.CHECKSUM_OFFSET, 2, Role.PLAIN, sum, false);
        int data = off + UdpHeader.LENGTH;
        if (vxlan && end - data >= VxlanHeader.LENGTH) {
            add(p + "vxlan.flags", data + VxlanHeader.FLAGS_OFFSET, 1);
            add(p + "vxlan.reserved1", data + VxlanHeader.RESERVED1_OFFSET, 3);
            add(p + "vxlan.vni", data + VxlanHeader.VNI_OFFSET, 3);
            add(p + "vxlan.reserved2", data + VxlanHeader.RESERVED2_OFFSET, 1);
            boolean outermost = summary.length() == 0;
            ethernet(p + "inner.", data + VxlanHeader.LENGTH, end);
            if (summarised && outermost) {
                summary.insert(0, "VXLAN vni " + new VxlanHeader().wrap(a, data).vni() + " [").append(']');
            }
            say("VXLAN");
        } else if (flannel) {
            boolean wasSaid = summarised;
            ipv4(p + "inner.", data, end, false);
            if (!wasSaid && summarised) summary.insert(0, "flannel UDP " + dport + " [").append(']');
        } else {
            payload(p + "udp.payload", data, end - data);
            say("UDP " + Ipv4Address.toString(src) + ":" + sport + " > " + Ipv4Address.toString(dst) + ":" + dport
                    + " length " + (end - data));
        }
    }

    /**
     * A TCP segment: the fixed header, each option as its own field (a NOP too, so that the layout
     * is compared), then the data. Sequence and acknowledgment numbers, SACK edges and timestamps
     * carry the roles that say Linux draws them per connection (the ISN from secure_tcp_seq, the
     * timestamp offset from secure_tcp_ts_off).
     */
    private void tcp(String p, int off, int end, boolean truncated, int src, int dst) {
        if (end - off < TcpHeader.MIN_LENGTH) {
            payload(p + "tcp.truncated", off, end - off);
            return;
        }
        TcpHeader tcp = new TcpHeader().wrap(a, off);
        int hl = Math.max(TcpHeader.MIN_LENGTH, Math.min(tcp.headerLength(), end - off));
        add(p + "tcp.srcport", off + TcpHeader.SRC_PORT_OFFSET, 2);
        add(p + "tcp.dstport", off + TcpHeader.DST_PORT_OFFSET, 2);
        add(p + "tcp.seq", off + TcpHeader.SEQ_OFFSET, 4, Role.TCP_SEQUENCE, null, false);
        add(p + "tcp.ack", off + TcpHeader.ACK_OFFSET, 4, tcp.has(TcpHeader.ACK) ? Role.TCP_SEQUENCE : Role.PLAIN, null, false);
        add(p + "tcp.hdr_len", off + TcpHeader.DATA_OFFSET_OFFSET, 1);
        add(p + "tcp.flags", off + TcpHeader.FLAGS_OFFSET, 1);
        add(p + "tcp.window", off + TcpHeader.WINDOW_OFFSET, 2);
        Checksum sum;
        if (truncated) {
            sum = Checksum.unverifiable("over pseudo-header + the segment, of which " + (end - off) + " bytes are here", off, end - off);
        } else {
            long s = Checksums.add(Checksums.pseudoHeader(src, dst, Ipv4Header.PROTO_TCP, end - off), a, off, end - off);
            sum = Checksum.verified(Checksums.finish(s) == 0, "over pseudo-header + " + (end - off) + " bytes", off, end - off);
        }
        add(p + "tcp.checksum", off + TcpHeader.CHECKSUM_OFFSET, 2, Role.PLAIN, sum, false);
        add(p + "tcp.urgent_pointer", off + TcpHeader.URGENT_OFFSET, 2);
        int q = off + TcpHeader.MIN_LENGTH;
        int optEnd = off + hl;
        while (q < optEnd) {
            int kind = a[q] & 0xFF;
            if (kind == TcpHeader.OPT_NOP || kind == TcpHeader.OPT_EOL) {
                add(p + (kind == TcpHeader.OPT_NOP ? "tcp.option.nop" : "tcp.option.eol"), q, 1);
                q++;
                continue;
            }
            int size = q + 1 < optEnd ? a[q + 1] & 0xFF : 0;
            if (size < 2 || q + size > optEnd) {
                payload(p + "tcp.option.malformed", q, optEnd - q);
                break;
            }
            switch (kind) {
                case TcpHeader.OPT_MSS -> add(p + "tcp.option.mss", q, size);
                case TcpHeader.OPT_WINDOW -> add(p + "tcp.option.wscale", q, size);
                case TcpHeader.OPT_SACK_PERM -> add(p + "tcp.option.sack_perm", q, size);
                case TcpHeader.OPT_TIMESTAMP -> {
                    add(p + "tcp.option.timestamp.kind_len", q, 2);
                    if (size == TcpHeader.OPTLEN_TIMESTAMP) {
                        add(p + "tcp.option.timestamp.tsval", q + 2, 4, Role.TCP_TIMESTAMP, null, false);
                        add(p + "tcp.option.timestamp.tsecr", q + 6, 4, Role.TCP_TIMESTAMP, null, false);
                    } else {
                        payload(p + "tcp.option.timestamp.malformed", q + 2, size - 2);
                    }
                }
                case TcpHeader.OPT_SACK -> {
                    add(p + "tcp.option.sack.kind_len", q, 2);
                    for (int e = q + 2; e + 4 <= q + size; e += 4) add(p + "tcp.option.sack.edge", e, 4, Role.TCP_SEQUENCE, null, false);
                }
                default -> payload(p + "tcp.option.kind" + kind, q, size);
            }
            q += size;
        }
        payload(p + "tcp.payload", optEnd, end - optEnd);
        say("TCP " + Ipv4Address.toString(src) + ":" + tcp.srcPort() + " > " + Ipv4Address.toString(dst) + ":" + tcp.dstPort()
                + " [" + Dissector.tcpFlags(tcp.flags()) + "] length " + (end - optEnd));
    }

    private static boolean contains(int[] sorted, int port) {
        return Arrays.binarySearch(sorted, port) >= 0;
    }

    /** Payloads as length and leading hex; addresses as ip and link-layer notation; flag-like fields in hex; the rest in decimal. */
    static String show(String name, byte[] raw, boolean payload) {
        if (payload) {
            if (raw.length <= 24) return raw.length + " bytes " + HEX.formatHex(raw);
            return raw.length + " bytes " + HEX.formatHex(raw, 0, 24) + "...";
        }
        String leaf = name.substring(name.lastIndexOf('.') + 1);
        if (raw.length == 6 && (leaf.equals("dst") || leaf.equals("src") || leaf.equals("sha") || leaf.equals("tha"))) {
            return MacAddress.toString(u48(raw, 0));
        }
        if (raw.length == 4 && (leaf.equals("src") || leaf.equals("dst") || leaf.equals("spa") || leaf.equals("tpa"))) {
            return Ipv4Address.toString((int) u32(raw, 0));
        }
        long v = 0;
        for (byte x : raw) v = v << 8 | (x & 0xFF);
        if (leaf.equals("checksum") || leaf.equals("type") || leaf.equals("flags") || leaf.equals("flags_fragment")
                || leaf.equals("version_ihl") || leaf.equals("tos") || leaf.equals("htype") || leaf.equals("ptype")) {
            return String.format("0x%0" + (raw.length * 2) + "x", v);
        }
        return Long.toString(v);
    }
}
