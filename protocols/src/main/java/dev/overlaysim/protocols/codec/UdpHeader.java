package dev.overlaysim.protocols.codec;

import static dev.overlaysim.protocols.codec.Bytes.*;

/**
 * UDP header (RFC 768).
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            Length             |           Checksum            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The checksum covers an IPv4 pseudo-header (source, destination, zero, protocol 17, UDP length),
 * the header and the data. On IPv4 a zero checksum means "none"; a computed zero is sent as 0xFFFF.
 */
public final class UdpHeader {
    public static final int LENGTH = 8;
    /** Field offsets from the header's start, for code that reads a field in place. */
    public static final int SRC_PORT_OFFSET = 0;
    public static final int DST_PORT_OFFSET = 2;
    public static final int LENGTH_OFFSET = 4;
    public static final int CHECKSUM_OFFSET = 6;

    private byte[] a;
    private int o;

    public UdpHeader wrap(byte[] array, int offset) {
        this.a = array;
        this.o = offset;
        return this;
    }

    /** Checks that the header is present and its Length field fits the {@code length} bytes available. */
    public UdpHeader decode(byte[] array, int offset, int length) {
        MalformedPacketException.requireRange(array, offset, length);
        MalformedPacketException.requireLength("UDP header", offset, length, LENGTH);
        wrap(array, offset);
        int l = length();
        if (l < LENGTH || l > length) {
            throw new MalformedPacketException(offset + 4, "UDP length", String.valueOf(l),
                    LENGTH + ".." + length + " (header to the bytes present)");
        }
        return this;
    }

    public int offset() { return o; }
    public int srcPort() { return u16(a, o + SRC_PORT_OFFSET); }
    public UdpHeader srcPort(int v) { put16(a, o + SRC_PORT_OFFSET, v); return this; }
    public int dstPort() { return u16(a, o + DST_PORT_OFFSET); }
    public UdpHeader dstPort(int v) { put16(a, o + DST_PORT_OFFSET, v); return this; }
    public int length() { return u16(a, o + LENGTH_OFFSET); }
    public UdpHeader length(int v) { put16(a, o + LENGTH_OFFSET, v); return this; }
    public int checksum() { return u16(a, o + CHECKSUM_OFFSET); }
    public UdpHeader checksum(int v) { put16(a, o + CHECKSUM_OFFSET, v); return this; }
    public int payloadOffset() { return o + LENGTH; }
    public int payloadLength() { return length() - LENGTH; }

    /** Writes ports and length; the checksum is left zero ("none") until {@link #updateChecksum}. */
    public UdpHeader set(int srcPort, int dstPort, int length) {
        return srcPort(srcPort).dstPort(dstPort).length(length).checksum(0);
    }

    /** Computes the checksum over the pseudo-header, the header and {@link #length()} bytes. */
    public UdpHeader updateChecksum(int srcIp, int dstIp) {
        checksum(0);
        int c = Checksums.finish(Checksums.add(Checksums.pseudoHeader(srcIp, dstIp, Ipv4Header.PROTO_UDP, length()), a, o, length()));
        return checksum(c == 0 ? 0xFFFF : c);
    }

    /** True when the checksum is zero ("none", IPv4 only) or verifies. */
    public boolean checksumValid(int srcIp, int dstIp) {
        if (checksum() == 0) return true;
        return Checksums.finish(Checksums.add(Checksums.pseudoHeader(srcIp, dstIp, Ipv4Header.PROTO_UDP, length()), a, o, length())) == 0;
    }
}
