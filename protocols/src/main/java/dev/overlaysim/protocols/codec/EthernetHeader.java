package dev.overlaysim.protocols.codec;

import static dev.overlaysim.protocols.codec.Bytes.*;

/**
 * Ethernet II header (IEEE 802.3 with an EtherType; no 802.1Q tag, no FCS: Linux hands frames to
 * taps and pcaps without the FCS).
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   Destination MAC (48 bits)                   |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+     Source MAC (48 bits)      +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           EtherType           |   payload ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class EthernetHeader {
    public static final int LENGTH = 14;
    public static final int DST_OFFSET = 0;
    public static final int SRC_OFFSET = 6;
    public static final int TYPE_OFFSET = 12;
    /** Minimum frame without FCS: physical NICs pad shorter frames to this; veths do not. */
    public static final int MIN_FRAME = 60;

    public static final int TYPE_IPV4 = 0x0800;
    public static final int TYPE_ARP = 0x0806;
    public static final int TYPE_IPV6 = 0x86DD;

    private byte[] a;
    private int o;

    /** Points this flyweight at a header known to be complete (for writing). */
    public EthernetHeader wrap(byte[] array, int offset) {
        this.a = array;
        this.o = offset;
        return this;
    }

    /** Points this flyweight at received bytes, checking there are at least 14. */
    public EthernetHeader decode(byte[] array, int offset, int length) {
        MalformedPacketException.requireRange(array, offset, length);
        MalformedPacketException.requireLength("Ethernet header", offset, length, LENGTH);
        return wrap(array, offset);
    }

    public int offset() { return o; }
    public long dst() { return u48(a, o + DST_OFFSET); }
    public EthernetHeader dst(long mac) { put48(a, o + DST_OFFSET, mac); return this; }
    public long src() { return u48(a, o + SRC_OFFSET); }
    public EthernetHeader src(long mac) { put48(a, o + SRC_OFFSET, mac); return this; }
    public int etherType() { return u16(a, o + TYPE_OFFSET); }
    public EthernetHeader etherType(int type) { put16(a, o + TYPE_OFFSET, type); return this; }

    /** Writes all three fields. */
    public EthernetHeader set(long dst, long src, int etherType) {
        return dst(dst).src(src).etherType(etherType);
    }

    public static String typeName(int etherType) {
        return switch (etherType) {
            case TYPE_IPV4 -> "IPv4";
            case TYPE_ARP -> "ARP";
            case TYPE_IPV6 -> "IPv6";
            default -> "0x" + String.format("%04x", etherType);
        };
    }
}
