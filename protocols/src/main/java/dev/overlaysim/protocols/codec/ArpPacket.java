package dev.overlaysim.protocols.codec;

import static dev.overlaysim.protocols.codec.Bytes.*;

/**
 * ARP for IPv4 over Ethernet (RFC 826): always 28 bytes.
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Hardware type (1)         |     Protocol type (0x0800)    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | HW len (6)    | Proto len (4) |   Operation (1 req, 2 reply)  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            Sender hardware address (48 bits) ...              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  ... SHA      |       Sender protocol address (32 bits)       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   ... SPA     |    Target hardware address (48 bits) ...      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            ... THA            |  Target protocol address ...  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           ... TPA             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class ArpPacket {
    public static final int LENGTH = 28;
    public static final int OP_REQUEST = 1;
    public static final int OP_REPLY = 2;
    public static final int HTYPE_ETHERNET = 1;
    /** Field offsets from the packet's start (Ethernet/IPv4 ARP: 6-byte hardware, 4-byte protocol addresses). */
    public static final int HTYPE_OFFSET = 0;
    public static final int PTYPE_OFFSET = 2;
    public static final int HLEN_OFFSET = 4;
    public static final int PLEN_OFFSET = 5;
    public static final int OPER_OFFSET = 6;
    public static final int SHA_OFFSET = 8;
    public static final int SPA_OFFSET = 14;
    public static final int THA_OFFSET = 18;
    public static final int TPA_OFFSET = 24;

    private byte[] a;
    private int o;

    public ArpPacket wrap(byte[] array, int offset) {
        this.a = array;
        this.o = offset;
        return this;
    }

    /** Checks length and that this is Ethernet/IPv4 ARP with a request or reply operation. */
    public ArpPacket decode(byte[] array, int offset, int length) {
        MalformedPacketException.requireRange(array, offset, length);
        MalformedPacketException.requireLength("ARP packet", offset, length, LENGTH);
        wrap(array, offset);
        if (hardwareType() != HTYPE_ETHERNET) {
            throw new MalformedPacketException(offset, "ARP hardware type", String.valueOf(hardwareType()), "1 (Ethernet)");
        }
        if (protocolType() != EthernetHeader.TYPE_IPV4) {
            throw new MalformedPacketException(offset + 2, "ARP protocol type",
                    String.format("0x%04x", protocolType()), "0x0800 (IPv4)");
        }
        if (u8(a, o + HLEN_OFFSET) != 6 || u8(a, o + PLEN_OFFSET) != 4) {
            throw new MalformedPacketException(offset + 4, "ARP address lengths",
                    u8(a, o + HLEN_OFFSET) + "/" + u8(a, o + PLEN_OFFSET), "6/4 (Ethernet/IPv4)");
        }
        if (operation() != OP_REQUEST && operation() != OP_REPLY) {
            throw new MalformedPacketException(offset + 6, "ARP operation", String.valueOf(operation()), "1 (request) or 2 (reply)");
        }
        return this;
    }

    public int hardwareType() { return u16(a, o + HTYPE_OFFSET); }
    public int protocolType() { return u16(a, o + PTYPE_OFFSET); }
    public int operation() { return u16(a, o + OPER_OFFSET); }
    public ArpPacket operation(int op) { put16(a, o + OPER_OFFSET, op); return this; }
    public long senderMac() { return u48(a, o + SHA_OFFSET); }
    public ArpPacket senderMac(long mac) { put48(a, o + SHA_OFFSET, mac); return this; }
    public int senderIp() { return i32(a, o + SPA_OFFSET); }
    public ArpPacket senderIp(int ip) { put32(a, o + SPA_OFFSET, ip); return this; }
    public long targetMac() { return u48(a, o + THA_OFFSET); }
    public ArpPacket targetMac(long mac) { put48(a, o + THA_OFFSET, mac); return this; }
    public int targetIp() { return i32(a, o + TPA_OFFSET); }
    public ArpPacket targetIp(int ip) { put32(a, o + TPA_OFFSET, ip); return this; }

    /** Writes a complete Ethernet/IPv4 ARP packet. A request carries a zero target MAC, as Linux sends it. */
    public ArpPacket set(int operation, long senderMac, int senderIp, long targetMac, int targetIp) {
        put16(a, o, HTYPE_ETHERNET);
        put16(a, o + PTYPE_OFFSET, EthernetHeader.TYPE_IPV4);
        put8(a, o + HLEN_OFFSET, 6);
        put8(a, o + PLEN_OFFSET, 4);
        return operation(operation).senderMac(senderMac).senderIp(senderIp).targetMac(targetMac).targetIp(targetIp);
    }
}
