package dev.overlaysim.scenarios.twin;

import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.MacAddress;
import dev.overlaysim.protocols.codec.Bytes;
import dev.overlaysim.protocols.codec.Checksums;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Splits a captured frame into named header fields, layer by layer (Ethernet, ARP, IPv4, ICMP,
 * UDP, VXLAN and the frame inside it, or the IPv4 packet inside a flanneld UDP datagram), for the
 * twin's field-by-field comparison. Each field knows the bytes it came from, whether it is masked
 * (Linux chooses it nondeterministically) and, for checksums, whether it is valid and which masked
 * fields it covers. Dissection never throws: what cannot be parsed becomes a payload field.
 */
public final class FrameFields {
    /** Why a field is not compared byte for byte. */
    public enum Mask {
        NONE(""),
        IP_ID("IPv4 identification: the kernel picks it per socket or per destination (ip_select_ident), "
                + "so it differs from run to run"),
        VXLAN_SOURCE_PORT("VXLAN outer UDP source port: a hash of the inner flow seeded at boot "
                + "(udp_flow_src_port); checked to lie in 32768-60999 on both sides instead"),
        PING_TIMESTAMP("ping's timestamp: the first 16 data bytes of an echo request/reply hold the "
                + "sender's struct timeval (gettimeofday)"),
        CHECKSUM_OVER_MASKED("a checksum over a masked field: recomputed and verified on each side instead of compared"),
        UNDERLAY_PADDING("Ethernet padding to 60 bytes: the simulated eth0 is a physical NIC (received short frames "
                + "arrive padded), the twin's eth0 is a veth (no padding); padding bytes must be zero on both sides");

        private final String why;

        Mask(String why) { this.why = why; }

        public String why() { return why; }
    }

    /** One field: its name ({@code inner.ip.ttl}), where it lies in the frame, its shown value and how it is compared. */
    public record Field(String name, int offset, int length, String value, byte[] raw, Mask mask,
                        Checksum checksum, boolean payload) {
        public boolean masked() { return mask != Mask.NONE; }
    }

    /** What a checksum field covers and whether it holds on this side. */
    public record Checksum(boolean valid, String detail, List<int[]> covers) {}

    /** A dissected frame: its fields in wire order, a one-line summary, and whether it is an ARP frame. */
    public record Dissected(List<Field> fields, String summary, boolean arp, int length) {}

    private final int vxlanPort;
    private final int flannelUdpPort;

    /**
     * @param vxlanPort      UDP port of the scenario's VXLAN devices (0: none)
     * @param flannelUdpPort UDP port of flanneld's UDP backend (0: none)
     */
    public FrameFields(int vxlanPort, int flannelUdpPort) {
        this.vxlanPort = vxlanPort;
        this.flannelUdpPort = flannelUdpPort;
    }

    public Dissected dissect(byte[] frame, boolean ethernet) {
        Builder b = new Builder(frame);
        int end;
        if (ethernet) {
            end = ethernet(b, "", 0, frame.length);
        } else {
            end = ipv4(b, "", 0, frame.length, false);
        }
        if (end < frame.length) {
            b.add("eth.padding", end, frame.length - end, ethernet ? Mask.UNDERLAY_PADDING : Mask.NONE, null, true);
        }
        b.postProcess();
        return new Dissected(List.copyOf(b.fields), b.summary.toString().trim(), b.arp, frame.length);
    }

    private final class Builder {
        final byte[] a;
        final List<Field> fields = new ArrayList<>();
        final StringBuilder summary = new StringBuilder();
        boolean arp;
        boolean summarised;

        Builder(byte[] a) { this.a = a; }

        void add(String name, int off, int len, Mask mask, Checksum checksum, boolean payload) {
            int l = Math.max(0, Math.min(len, a.length - off));
            byte[] raw = java.util.Arrays.copyOfRange(a, off, off + l);
            fields.add(new Field(name, off, l, show(name, raw, payload), raw, mask, checksum, payload));
        }

        void add(String name, int off, int len) { add(name, off, len, Mask.NONE, null, false); }

        void say(String s) {
            if (!summarised) {
                summary.append(s);
                summarised = true;
            }
        }

        /** Checksums over masked fields are verified, not compared. */
        void postProcess() {
            for (int i = 0; i < fields.size(); i++) {
                Field f = fields.get(i);
                if (f.checksum() == null) continue;
                boolean coversMasked = false;
                for (Field m : fields) {
                    if (!m.masked() || m.mask() == Mask.UNDERLAY_PADDING) continue;
                    for (int[] r : f.checksum().covers()) {
                        if (m.offset() < r[0] + r[1] && r[0] < m.offset() + m.length()) coversMasked = true;
                    }
                }
                if (coversMasked) {
                    fields.set(i, new Field(f.name(), f.offset(), f.length(), f.value(), f.raw(), Mask.CHECKSUM_OVER_MASKED,
                            f.checksum(), false));
                }
            }
        }
    }

    private int ethernet(Builder b, String p, int off, int end) {
        byte[] a = b.a;
        if (end - off < 14) {
            b.add(p + "eth.truncated", off, end - off, Mask.NONE, null, true);
            return end;
        }
        b.add(p + "eth.dst", off, 6);
        b.add(p + "eth.src", off + 6, 6);
        b.add(p + "eth.type", off + 12, 2);
        int type = Bytes.u16(a, off + 12);
        if (type == 0x0806) return arp(b, p, off + 14, end);
        if (type == 0x0800) return ipv4(b, p, off + 14, end, false);
        b.add(p + "eth.payload", off + 14, end - off - 14, Mask.NONE, null, true);
        b.say(String.format("ethertype 0x%04x", type));
        return end;
    }

    private int arp(Builder b, String p, int off, int end) {
        byte[] a = b.a;
        if (p.isEmpty()) b.arp = true;
        if (end - off < 28) {
            b.add(p + "arp.truncated", off, end - off, Mask.NONE, null, true);
            return end;
        }
        b.add(p + "arp.htype", off, 2);
        b.add(p + "arp.ptype", off + 2, 2);
        b.add(p + "arp.hlen", off + 4, 1);
        b.add(p + "arp.plen", off + 5, 1);
        b.add(p + "arp.oper", off + 6, 2);
        b.add(p + "arp.sha", off + 8, 6);
        b.add(p + "arp.spa", off + 14, 4);
        b.add(p + "arp.tha", off + 18, 6);
        b.add(p + "arp.tpa", off + 24, 4);
        int oper = Bytes.u16(a, off + 6);
        String spa = Ipv4Address.toString((int) Bytes.u32(a, off + 14));
        String tpa = Ipv4Address.toString((int) Bytes.u32(a, off + 24));
        b.say(oper == 1 ? "ARP who-has " + tpa + " tell " + spa
                : oper == 2 ? "ARP " + spa + " is-at " + MacAddress.toString(Bytes.u48(a, off + 8)) : "ARP op " + oper);
        return off + 28;
    }

    private int ipv4(Builder b, String p, int off, int end, boolean quoted) {
        byte[] a = b.a;
        if (end - off < 20 || (a[off] & 0xF0) != 0x40) {
            b.add(p + "ip.payload", off, end - off, Mask.NONE, null, true);
            b.say("not IPv4");
            return end;
        }
        int ihl = (a[off] & 0x0F) * 4;
        int total = Bytes.u16(a, off + 2);
        int avail = Math.min(end, off + Math.max(ihl, total));
        b.add(p + "ip.version_ihl", off, 1);
        b.add(p + "ip.tos", off + 1, 1);
        b.add(p + "ip.total_length", off + 2, 2);
        b.add(p + "ip.id", off + 4, 2, Mask.IP_ID, null, false);
        b.add(p + "ip.flags_fragment", off + 6, 2);
        b.add(p + "ip.ttl", off + 8, 1);
        b.add(p + "ip.protocol", off + 9, 1);
        boolean headerThere = end - off >= ihl;
        Checksum ipSum = headerThere
                ? checksum(Checksums.compute(a, off, ihl) == 0, "over the " + ihl + "-byte header", new int[] {off, ihl})
                : null;
        b.add(p + "ip.checksum", off + 10, 2, Mask.NONE, ipSum, false);
        b.add(p + "ip.src", off + 12, 4);
        b.add(p + "ip.dst", off + 16, 4);
        if (ihl > 20) b.add(p + "ip.options", off + 20, ihl - 20, Mask.NONE, null, true);
        int proto = a[off + 9] & 0xFF;
        int src = (int) Bytes.u32(a, off + 12);
        int dst = (int) Bytes.u32(a, off + 16);
        boolean firstFragment = (Bytes.u16(a, off + 6) & 0x1FFF) == 0;
        int l4 = off + ihl;
        boolean truncated = quoted || avail < off + total;
        if (!firstFragment) {
            b.add(p + "ip.fragment_data", l4, avail - l4, Mask.NONE, null, true);
        } else if (proto == 1) {
            icmp(b, p, l4, avail, truncated, Ipv4Address.toString(src), Ipv4Address.toString(dst));
        } else if (proto == 17) {
            udp(b, p, l4, avail, truncated, src, dst);
        } else {
            b.add(p + "ip.payload", l4, avail - l4, Mask.NONE, null, true);
            b.say("IPv4 proto " + proto);
        }
        return avail;
    }

    private void icmp(Builder b, String p, int off, int end, boolean truncated, String src, String dst) {
        byte[] a = b.a;
        if (end - off < 8) {
            b.add(p + "icmp.truncated", off, end - off, Mask.NONE, null, true);
            return;
        }
        int type = a[off] & 0xFF;
        b.add(p + "icmp.type", off, 1);
        b.add(p + "icmp.code", off + 1, 1);
        Checksum sum = truncated ? null
                : checksum(Checksums.compute(a, off, end - off) == 0, "over the " + (end - off) + "-byte message", new int[] {off, end - off});
        b.add(p + "icmp.checksum", off + 2, 2, Mask.NONE, sum, false);
        if (type == 0 || type == 8) {
            b.add(p + "icmp.identifier", off + 4, 2);
            b.add(p + "icmp.sequence", off + 6, 2);
            int data = off + 8;
            int len = end - data;
            if (len >= 16) {
                b.add(p + "icmp.data.timestamp", data, 16, Mask.PING_TIMESTAMP, null, true);
                b.add(p + "icmp.data", data + 16, len - 16, Mask.NONE, null, true);
            } else {
                b.add(p + "icmp.data", data, len, Mask.NONE, null, true);
            }
            b.say((type == 8 ? "ICMP echo request " : "ICMP echo reply ") + src + " > " + dst
                    + " id " + Bytes.u16(a, off + 4) + " seq " + Bytes.u16(a, off + 6) + " length " + len);
        } else {
            b.add(p + "icmp.rest_of_header", off + 4, 4);
            b.say("ICMP type " + type + " code " + (a[off + 1] & 0xFF) + " " + src + " > " + dst);
            if (type == 3 || type == 11 || type == 12) {
                ipv4(b, p + "icmp.quote.", off + 8, end, true);
            } else {
                b.add(p + "icmp.data", off + 8, end - off - 8, Mask.NONE, null, true);
            }
        }
    }

    private void udp(Builder b, String p, int off, int end, boolean truncated, int src, int dst) {
        byte[] a = b.a;
        if (end - off < 8) {
            b.add(p + "udp.truncated", off, end - off, Mask.NONE, null, true);
            return;
        }
        int sport = Bytes.u16(a, off);
        int dport = Bytes.u16(a, off + 2);
        int length = Bytes.u16(a, off + 4);
        boolean vxlan = vxlanPort != 0 && dport == vxlanPort;
        boolean flannel = flannelUdpPort != 0 && dport == flannelUdpPort && sport == flannelUdpPort;
        b.add(p + "udp.srcport", off, 2, vxlan ? Mask.VXLAN_SOURCE_PORT : Mask.NONE, null, false);
        b.add(p + "udp.dstport", off + 2, 2);
        b.add(p + "udp.length", off + 4, 2);
        Checksum sum = null;
        if (!truncated) {
            int c = Bytes.u16(a, off + 6);
            if (c == 0) {
                sum = new Checksum(true, "not computed (0, allowed over IPv4)", List.of());
            } else {
                long s = Checksums.pseudoHeader(src, dst, 17, length);
                s = Checksums.add(s, a, off, Math.min(length, end - off));
                // the pseudo-header's addresses lie in the IP header, 12 and 8 bytes before... covered by ranges below
                sum = checksum(Checksums.finish(s) == 0, "over pseudo-header + " + length + " bytes",
                        new int[] {off, Math.min(length, end - off)});
            }
        }
        b.add(p + "udp.checksum", off + 6, 2, Mask.NONE, sum, false);
        int data = off + 8;
        if (vxlan && end - data >= 8) {
            b.add(p + "vxlan.flags", data, 1);
            b.add(p + "vxlan.reserved1", data + 1, 3);
            b.add(p + "vxlan.vni", data + 4, 3);
            b.add(p + "vxlan.reserved2", data + 7, 1);
            String before = b.summary.toString();
            ethernet(b, p + "inner.", data + 8, end);
            if (b.summarised && before.isEmpty()) {
                b.summary.insert(0, "VXLAN vni " + (Bytes.u32(a, data + 4) >>> 8) + " [").append(']');
            }
            b.say("VXLAN");
        } else if (flannel) {
            boolean wasSaid = b.summarised;
            ipv4(b, p + "inner.", data, end, false);
            if (!wasSaid && b.summarised) b.summary.insert(0, "flannel UDP " + flannelUdpPort + " [").append(']');
        } else {
            b.add(p + "udp.payload", data, end - data, Mask.NONE, null, true);
            b.say("UDP " + Ipv4Address.toString(src) + ":" + sport + " > " + Ipv4Address.toString(dst) + ":" + dport
                    + " length " + (end - data));
        }
    }

    private static Checksum checksum(boolean valid, String detail, int[] covers) {
        return new Checksum(valid, detail, List.of(covers));
    }

    private static final HexFormat HEX = HexFormat.of();

    static String show(String name, byte[] raw, boolean payload) {
        if (payload) {
            if (raw.length <= 24) return raw.length + " bytes " + HEX.formatHex(raw);
            return raw.length + " bytes " + HEX.formatHex(raw, 0, 24) + "...";
        }
        String leaf = name.substring(name.lastIndexOf('.') + 1);
        if (raw.length == 6 && (leaf.equals("dst") || leaf.equals("src") || leaf.equals("sha") || leaf.equals("tha"))) {
            return MacAddress.toString(Bytes.u48(raw, 0));
        }
        if (raw.length == 4 && (leaf.equals("src") || leaf.equals("dst") || leaf.equals("spa") || leaf.equals("tpa"))) {
            return Ipv4Address.toString((int) Bytes.u32(raw, 0));
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
