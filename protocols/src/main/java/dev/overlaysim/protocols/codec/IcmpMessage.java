package dev.overlaysim.protocols.codec;

import static dev.overlaysim.protocols.codec.Bytes.*;

/**
 * ICMP for IPv4 (RFC 792, RFC 1191 for the next-hop MTU).
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | echo:      Identifier         |        Sequence Number        |
 * | unreach:   unused (0)         |  Next-Hop MTU (code 4)        |
 * | time exc.: unused (0)                                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  echo: data ... ; errors: the offending IP header + 8 bytes   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The checksum covers the whole ICMP message.
 */
public final class IcmpMessage {
    public static final int HEADER_LENGTH = 8;
    public static final int TYPE_ECHO_REPLY = 0;
    public static final int TYPE_DEST_UNREACHABLE = 3;
    public static final int TYPE_ECHO_REQUEST = 8;
    public static final int TYPE_TIME_EXCEEDED = 11;
    public static final int TYPE_PARAMETER_PROBLEM = 12;

    /** Field offsets from the message's start; the identifier and sequence are an echo's, an error's rest-of-header sits there. */
    public static final int TYPE_OFFSET = 0;
    public static final int CODE_OFFSET = 1;
    public static final int CHECKSUM_OFFSET = 2;
    public static final int IDENTIFIER_OFFSET = 4;
    public static final int SEQUENCE_OFFSET = 6;

    public static final int CODE_NET_UNREACHABLE = 0;
    public static final int CODE_HOST_UNREACHABLE = 1;
    public static final int CODE_PORT_UNREACHABLE = 3;
    public static final int CODE_FRAG_NEEDED = 4;
    public static final int CODE_TTL_EXCEEDED = 0;

    /** An error quotes the offending IP header plus this many bytes of its payload (RFC 792). */
    public static final int QUOTED_PAYLOAD = 8;

    private byte[] a;
    private int o;
    private int length;

    public IcmpMessage wrap(byte[] array, int offset, int length) {
        this.a = array;
        this.o = offset;
        this.length = length;
        return this;
    }

    public IcmpMessage decode(byte[] array, int offset, int length) {
        MalformedPacketException.requireRange(array, offset, length);
        MalformedPacketException.requireLength("ICMP message", offset, length, HEADER_LENGTH);
        return wrap(array, offset, length);
    }

    public int offset() { return o; }
    public int length() { return length; }
    public int type() { return u8(a, o + TYPE_OFFSET); }
    public IcmpMessage type(int v) { put8(a, o + TYPE_OFFSET, v); return this; }
    public int code() { return u8(a, o + CODE_OFFSET); }
    public IcmpMessage code(int v) { put8(a, o + CODE_OFFSET, v); return this; }
    public int checksum() { return u16(a, o + CHECKSUM_OFFSET); }
    public IcmpMessage checksum(int v) { put16(a, o + CHECKSUM_OFFSET, v); return this; }
    public int identifier() { return u16(a, o + IDENTIFIER_OFFSET); }
    public IcmpMessage identifier(int v) { put16(a, o + IDENTIFIER_OFFSET, v); return this; }
    public int sequence() { return u16(a, o + SEQUENCE_OFFSET); }
    public IcmpMessage sequence(int v) { put16(a, o + SEQUENCE_OFFSET, v); return this; }
    public int nextHopMtu() { return u16(a, o + SEQUENCE_OFFSET); }
    public int dataOffset() { return o + HEADER_LENGTH; }
    public int dataLength() { return length - HEADER_LENGTH; }

    public boolean isError() {
        int t = type();
        return t == TYPE_DEST_UNREACHABLE || t == TYPE_TIME_EXCEEDED || t == 4 || t == 5 || t == 12;
    }

    /** Writes an echo header; the data (already in place after the header) is covered by the checksum. */
    public IcmpMessage setEcho(int type, int identifier, int sequence) {
        type(type).code(0).identifier(identifier).sequence(sequence);
        return updateChecksum();
    }

    /**
     * Writes an error header (type, code, next-hop MTU for frag-needed, else zero) over data already
     * in place: the quoted IP header plus {@link #QUOTED_PAYLOAD} bytes.
     */
    public IcmpMessage setError(int type, int code, int nextHopMtu) {
        type(type).code(code);
        put16(a, o + IDENTIFIER_OFFSET, 0);
        put16(a, o + SEQUENCE_OFFSET, nextHopMtu);
        return updateChecksum();
    }

    public IcmpMessage updateChecksum() {
        checksum(0);
        return checksum(Checksums.compute(a, o, length));
    }

    public boolean checksumValid() {
        return Checksums.compute(a, o, length) == 0;
    }

    /** How many bytes of an offending packet an error quotes: its header plus 8, or less if it is shorter. */
    public static int quoteLength(int offendingHeaderLength, int offendingTotalLength) {
        return Math.min(offendingTotalLength, offendingHeaderLength + QUOTED_PAYLOAD);
    }

    public static String describe(int type, int code) {
        return switch (type) {
            case TYPE_ECHO_REPLY -> "Echo (ping) reply";
            case TYPE_ECHO_REQUEST -> "Echo (ping) request";
            case TYPE_TIME_EXCEEDED -> "Time-to-live exceeded";
            case TYPE_DEST_UNREACHABLE -> switch (code) {
                case CODE_NET_UNREACHABLE -> "Destination unreachable (Network unreachable)";
                case CODE_HOST_UNREACHABLE -> "Destination unreachable (Host unreachable)";
                case CODE_PORT_UNREACHABLE -> "Destination unreachable (Port unreachable)";
                case CODE_FRAG_NEEDED -> "Destination unreachable (Fragmentation needed)";
                default -> "Destination unreachable (code " + code + ")";
            };
            default -> "type " + type + " code " + code;
        };
    }
}
