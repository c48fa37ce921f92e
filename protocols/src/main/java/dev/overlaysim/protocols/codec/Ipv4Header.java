package dev.overlaysim.protocols.codec;

import static dev.overlaysim.protocols.codec.Bytes.*;

/**
 * IPv4 header (RFC 791), options kept in place.
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |Type of Service|          Total Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |Flags|      Fragment Offset    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination Address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options (IHL > 5)                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * Flags: bit 0 reserved (must be 0), bit 1 DF, bit 2 MF. Fragment offset in 8-byte units.
 * </pre>
 */
public final class Ipv4Header {
    public static final int MIN_LENGTH = 20;
    public static final int MAX_LENGTH = 60;
    public static final int FLAG_RESERVED = 0x8000;
    public static final int FLAG_DF = 0x4000;
    public static final int FLAG_MF = 0x2000;
    public static final int OFFSET_MASK = 0x1FFF;

    public static final int PROTO_ICMP = 1;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;

    /** Field offsets from the header's start, for code that reads a field in place (a flow hash, flanneld's TTL). */
    public static final int VERSION_IHL_OFFSET = 0;
    public static final int TOS_OFFSET = 1;
    public static final int TOTAL_LENGTH_OFFSET = 2;
    public static final int ID_OFFSET = 4;
    public static final int FLAGS_OFFSET = 6;
    public static final int TTL_OFFSET = 8;
    public static final int PROTOCOL_OFFSET = 9;
    public static final int CHECKSUM_OFFSET = 10;
    public static final int SRC_OFFSET = 12;
    public static final int DST_OFFSET = 16;

    private byte[] a;
    private int o;

    public Ipv4Header wrap(byte[] array, int offset) {
        this.a = array;
        this.o = offset;
        return this;
    }

    /**
     * Checks a received header: version 4, IHL at least 5, the header and the Total Length within
     * the {@code length} bytes available. Does not check the checksum (see {@link #checksumValid()}):
     * the stack counts a bad checksum as its own drop reason.
     */
    public Ipv4Header decode(byte[] array, int offset, int length) {
        MalformedPacketException.requireRange(array, offset, length);
        MalformedPacketException.requireLength("IPv4 header", offset, length, MIN_LENGTH);
        wrap(array, offset);
        if (version() != 4) {
            throw new MalformedPacketException(offset, "IPv4 version", String.valueOf(version()), "4");
        }
        int hl = headerLength();
        if (hl < MIN_LENGTH) {
            throw new MalformedPacketException(offset, "IPv4 IHL", String.valueOf(hl / 4), "5..15 (20..60 bytes)");
        }
        MalformedPacketException.requireLength("IPv4 header with options", offset, length, hl);
        int total = totalLength();
        if (total < hl) {
            throw new MalformedPacketException(offset + 2, "IPv4 total length", String.valueOf(total), hl + "+ (the header length)");
        }
        if (total > length) {
            throw new MalformedPacketException(offset + 2, "IPv4 total length", total + " (only " + length + " bytes present)",
                    "at most the bytes present");
        }
        return this;
    }

    public int offset() { return o; }
    /** The version nibble of the header at {@code offset}, read without wrapping (a RAW capture says IPv4 or IPv6 only here). */
    public static int peekVersion(byte[] array, int offset) { return u8(array, offset + VERSION_IHL_OFFSET) >>> 4; }
    /** The header length in bytes (IHL × 4) of the header at {@code offset}, read without wrapping or checking. */
    public static int peekHeaderLength(byte[] array, int offset) { return (u8(array, offset + VERSION_IHL_OFFSET) & 0x0F) * 4; }

    public int version() { return peekVersion(a, o); }
    public int headerLength() { return peekHeaderLength(a, o); }
    public int tos() { return u8(a, o + TOS_OFFSET); }
    public Ipv4Header tos(int v) { put8(a, o + TOS_OFFSET, v); return this; }
    public int totalLength() { return u16(a, o + TOTAL_LENGTH_OFFSET); }
    public Ipv4Header totalLength(int v) { put16(a, o + TOTAL_LENGTH_OFFSET, v); return this; }
    public int identification() { return u16(a, o + ID_OFFSET); }
    public Ipv4Header identification(int v) { put16(a, o + ID_OFFSET, v); return this; }
    public int flagsAndOffset() { return u16(a, o + FLAGS_OFFSET); }
    public Ipv4Header flagsAndOffset(int v) { put16(a, o + FLAGS_OFFSET, v); return this; }
    public boolean dontFragment() { return (flagsAndOffset() & FLAG_DF) != 0; }
    public boolean moreFragments() { return (flagsAndOffset() & FLAG_MF) != 0; }
    /** Fragment offset in bytes (the field holds 8-byte units). */
    public int fragmentOffset() { return (flagsAndOffset() & OFFSET_MASK) * 8; }
    public boolean isFragment() { return (flagsAndOffset() & (FLAG_MF | OFFSET_MASK)) != 0; }
    public int ttl() { return u8(a, o + TTL_OFFSET); }
    public Ipv4Header ttl(int v) { put8(a, o + TTL_OFFSET, v); return this; }
    public int protocol() { return u8(a, o + PROTOCOL_OFFSET); }
    public Ipv4Header protocol(int v) { put8(a, o + PROTOCOL_OFFSET, v); return this; }
    public int checksum() { return u16(a, o + CHECKSUM_OFFSET); }
    public Ipv4Header checksum(int v) { put16(a, o + CHECKSUM_OFFSET, v); return this; }
    public int src() { return i32(a, o + SRC_OFFSET); }
    public Ipv4Header src(int v) { put32(a, o + SRC_OFFSET, v); return this; }
    public int dst() { return i32(a, o + DST_OFFSET); }
    public Ipv4Header dst(int v) { put32(a, o + DST_OFFSET, v); return this; }
    public int payloadOffset() { return o + headerLength(); }
    public int payloadLength() { return totalLength() - headerLength(); }

    /** Writes a 20-byte header (no options) with a computed checksum. */
    public Ipv4Header set(int tos, int totalLength, int id, int flagsAndOffset, int ttl, int protocol, int src, int dst) {
        put8(a, o, 0x45);
        tos(tos).totalLength(totalLength).identification(id).flagsAndOffset(flagsAndOffset).ttl(ttl).protocol(protocol);
        src(src).dst(dst);
        return updateChecksum();
    }

    /** Recomputes the header checksum over the whole header including options. */
    public Ipv4Header updateChecksum() {
        checksum(0);
        return checksum(Checksums.compute(a, o, headerLength()));
    }

    public boolean checksumValid() {
        return Checksums.compute(a, o, headerLength()) == 0;
    }

    /**
     * Decrements TTL and patches the checksum incrementally (RFC 1624), as ip_decrease_ttl() does:
     * the TTL shares a 16-bit word with the protocol.
     */
    public Ipv4Header decrementTtl() {
        int oldWord = u16(a, o + TTL_OFFSET);
        put8(a, o + TTL_OFFSET, ttl() - 1);
        int newWord = u16(a, o + TTL_OFFSET);
        return checksum(Checksums.update(checksum(), oldWord, newWord));
    }

    public static String protocolName(int protocol) {
        return switch (protocol) {
            case PROTO_ICMP -> "ICMP";
            case PROTO_TCP -> "TCP";
            case PROTO_UDP -> "UDP";
            default -> String.valueOf(protocol);
        };
    }
}
