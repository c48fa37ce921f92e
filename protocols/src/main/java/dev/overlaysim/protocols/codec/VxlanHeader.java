package dev.overlaysim.protocols.codec;

import static dev.overlaysim.protocols.codec.Bytes.*;

/**
 * VXLAN header (RFC 7348 section 5).
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |R|R|R|R|I|R|R|R|            Reserved                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                VXLAN Network Identifier (VNI) |   Reserved    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The I flag (0x08) must be set; the reserved bits must be zero on transmit and, in Linux's
 * receive path without extensions, frames with reserved bits set are dropped. VNI 1 is
 * {@code 08 00 00 00 00 00 01 00} on the wire.
 */
public final class VxlanHeader {
    public static final int LENGTH = 8;
    public static final int FLAG_I = 0x08;
    /** Field offsets from the header's start: flags, 24 reserved bits, the 24-bit VNI, 8 reserved bits. */
    public static final int FLAGS_OFFSET = 0;
    public static final int RESERVED1_OFFSET = 1;
    public static final int VNI_OFFSET = 4;
    public static final int RESERVED2_OFFSET = 7;
    /** Outer Ethernet 14 + IPv4 20 + UDP 8 + VXLAN 8. */
    public static final int OVERHEAD = EthernetHeader.LENGTH + Ipv4Header.MIN_LENGTH + UdpHeader.LENGTH + LENGTH;
    public static final int LINUX_DEFAULT_PORT = 8472;
    public static final int IANA_PORT = 4789;

    private byte[] a;
    private int o;

    public VxlanHeader wrap(byte[] array, int offset) {
        this.a = array;
        this.o = offset;
        return this;
    }

    /** Checks only that 8 bytes are present: flag and reserved-bit checks are receive policy, see {@link #flagsValid()}. */
    public VxlanHeader decode(byte[] array, int offset, int length) {
        MalformedPacketException.requireRange(array, offset, length);
        MalformedPacketException.requireLength("VXLAN header", offset, length, LENGTH);
        return wrap(array, offset);
    }

    public int offset() { return o; }
    public int flags() { return u8(a, o + FLAGS_OFFSET); }
    public boolean hasVni() { return (flags() & FLAG_I) != 0; }
    public int vni() { return (int) (u32(a, o + VNI_OFFSET) >>> 8); }

    /** True when the I flag is set and every reserved bit is zero. */
    public boolean flagsValid() {
        return flags() == FLAG_I && reservedBitsZero(a, o);
    }

    /** True when every reserved bit of the header at {@code offset} is zero (the I flag aside). */
    public static boolean reservedBitsZero(byte[] array, int offset) {
        return (u8(array, offset + FLAGS_OFFSET) & ~FLAG_I) == 0 && u8(array, offset + RESERVED1_OFFSET) == 0
                && u16(array, offset + RESERVED1_OFFSET + 1) == 0 && u8(array, offset + RESERVED2_OFFSET) == 0;
    }

    /** Writes the I flag, the 24-bit VNI and zero reserved bits. */
    public VxlanHeader set(int vni) {
        if ((vni & ~0xFF_FFFF) != 0) {
            throw new IllegalArgumentException("VNI out of 24 bits: " + vni);
        }
        put32(a, o + FLAGS_OFFSET, FLAG_I << 24);
        put32(a, o + VNI_OFFSET, vni << 8);
        return this;
    }
}
