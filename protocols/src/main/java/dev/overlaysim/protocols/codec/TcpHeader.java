package dev.overlaysim.protocols.codec;

import static dev.overlaysim.protocols.codec.Bytes.*;

/**
 * TCP header (RFC 9293) with its options.
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Sequence Number                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Acknowledgment Number                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Data |       |C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Checksum            |         Urgent Pointer        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options (0–40 bytes)                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The checksum covers the IPv4 pseudo-header (source, destination, zero, protocol 6, segment
 * length), the header with its options, and the data. Options are written in the order Linux's
 * {@code tcp_options_write()} writes them ({@link #writeOptions}), so a SYN built here has the
 * bytes of a Linux SYN: {@code mss 1460,sackOK,TS val … ecr 0,nop,wscale 7}.
 */
public final class TcpHeader {
    public static final int MIN_LENGTH = 20;
    /** The longest header: data offset 15 words, 40 bytes of options. */
    public static final int MAX_LENGTH = 60;
    public static final int SRC_PORT_OFFSET = 0;
    public static final int DST_PORT_OFFSET = 2;
    public static final int SEQ_OFFSET = 4;
    public static final int ACK_OFFSET = 8;
    /** Data offset (high 4 bits) and the reserved bits; the flags are the next byte. */
    public static final int DATA_OFFSET_OFFSET = 12;
    public static final int FLAGS_OFFSET = 13;
    public static final int WINDOW_OFFSET = 14;
    public static final int CHECKSUM_OFFSET = 16;
    public static final int URGENT_OFFSET = 18;

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    /** Option kinds (include/net/tcp.h TCPOPT_*) and their lengths (TCPOLEN_*). */
    public static final int OPT_EOL = 0;
    public static final int OPT_NOP = 1;
    public static final int OPT_MSS = 2;
    public static final int OPT_WINDOW = 3;
    public static final int OPT_SACK_PERM = 4;
    public static final int OPT_SACK = 5;
    public static final int OPT_TIMESTAMP = 8;
    public static final int OPTLEN_MSS = 4;
    public static final int OPTLEN_WINDOW = 3;
    public static final int OPTLEN_SACK_PERM = 2;
    public static final int OPTLEN_TIMESTAMP = 10;
    /** NOP, NOP, TS: the 12 bytes every segment of a connection with timestamps carries (TCPOLEN_TSTAMP_ALIGNED). */
    public static final int TSTAMP_ALIGNED = 12;
    /** The window-scale shift RFC 7323 allows at most (TCP_MAX_WSCALE). */
    public static final int MAX_WSCALE = 14;

    private byte[] a;
    private int o;

    public TcpHeader wrap(byte[] array, int offset) {
        this.a = array;
        this.o = offset;
        return this;
    }

    /**
     * Checks that the fixed header is present and that its data offset is 5..15 words within the
     * {@code length} bytes of the segment, as {@code tcp_v4_rcv()} does before it looks further.
     */
    public TcpHeader decode(byte[] array, int offset, int length) {
        MalformedPacketException.requireRange(array, offset, length);
        MalformedPacketException.requireLength("TCP header", offset, length, MIN_LENGTH);
        wrap(array, offset);
        int hl = headerLength();
        if (hl < MIN_LENGTH || hl > length) {
            throw new MalformedPacketException(offset + DATA_OFFSET_OFFSET, "TCP data offset", String.valueOf(hl / 4),
                    "5.." + Math.min(15, length / 4) + " (a header within the " + length + " bytes of the segment)");
        }
        return this;
    }

    public int offset() { return o; }
    public int srcPort() { return u16(a, o + SRC_PORT_OFFSET); }
    public int dstPort() { return u16(a, o + DST_PORT_OFFSET); }
    /** The sequence number, as an unsigned 32-bit value in an int (compare with {@link #before}). */
    public int seq() { return i32(a, o + SEQ_OFFSET); }
    public int ack() { return i32(a, o + ACK_OFFSET); }
    /** Header length in bytes (data offset × 4). */
    public int headerLength() { return (u8(a, o + DATA_OFFSET_OFFSET) >>> 4) * 4; }
    public int flags() { return u8(a, o + FLAGS_OFFSET); }
    public boolean has(int flag) { return (flags() & flag) != 0; }
    /** The window field as sent, before the peer's window scale is applied. */
    public int window() { return u16(a, o + WINDOW_OFFSET); }
    public int checksum() { return u16(a, o + CHECKSUM_OFFSET); }
    public int urgent() { return u16(a, o + URGENT_OFFSET); }
    public int optionsOffset() { return o + MIN_LENGTH; }
    public int optionsLength() { return headerLength() - MIN_LENGTH; }

    public TcpHeader window(int v) { put16(a, o + WINDOW_OFFSET, v); return this; }
    public TcpHeader checksum(int v) { put16(a, o + CHECKSUM_OFFSET, v); return this; }

    /** Writes the fixed header; the checksum is left zero until {@link #updateChecksum}. */
    public TcpHeader set(int srcPort, int dstPort, int seq, int ack, int headerLength, int flags, int window) {
        if (headerLength < MIN_LENGTH || headerLength > MAX_LENGTH || (headerLength & 3) != 0) {
            throw new IllegalArgumentException("TCP header length " + headerLength + " is not 20..60 in steps of 4");
        }
        put16(a, o + SRC_PORT_OFFSET, srcPort);
        put16(a, o + DST_PORT_OFFSET, dstPort);
        put32(a, o + SEQ_OFFSET, seq);
        put32(a, o + ACK_OFFSET, ack);
        put8(a, o + DATA_OFFSET_OFFSET, (headerLength / 4) << 4);
        put8(a, o + FLAGS_OFFSET, flags);
        put16(a, o + WINDOW_OFFSET, window);
        put16(a, o + CHECKSUM_OFFSET, 0);
        put16(a, o + URGENT_OFFSET, 0);
        return this;
    }

    /** Computes the checksum over the pseudo-header and {@code segmentLength} bytes (header, options, data). */
    public TcpHeader updateChecksum(int srcIp, int dstIp, int segmentLength) {
        checksum(0);
        return checksum(Checksums.finish(Checksums.add(Checksums.pseudoHeader(srcIp, dstIp, Ipv4Header.PROTO_TCP, segmentLength),
                a, o, segmentLength)));
    }

    /** True when the checksum over the pseudo-header and {@code segmentLength} bytes verifies (TCP has no "none"). */
    public boolean checksumValid(int srcIp, int dstIp, int segmentLength) {
        return Checksums.finish(Checksums.add(Checksums.pseudoHeader(srcIp, dstIp, Ipv4Header.PROTO_TCP, segmentLength),
                a, o, segmentLength)) == 0;
    }

    /** RFC 1982 serial arithmetic on sequence numbers: {@code s1} comes before {@code s2} (Linux's before()). */
    public static boolean before(int s1, int s2) { return s1 - s2 < 0; }

    /** {@code s1} comes after {@code s2} (Linux's after()). */
    public static boolean after(int s1, int s2) { return s2 - s1 < 0; }

    /**
     * Writes options at {@code off} in {@code tcp_options_write()}'s order and layout; returns the
     * bytes written, a multiple of 4.
     * <ul>
     *   <li>MSS (SYN, SYN-ACK only): {@code 02 04 mss};</li>
     *   <li>timestamps: {@code 04 02 08 0a} when SACK-permitted goes with them (a SYN), else
     *       {@code 01 01 08 0a}; then TSval and TSecr;</li>
     *   <li>SACK-permitted without timestamps: {@code 01 01 04 02};</li>
     *   <li>window scale: {@code 01 03 03 shift};</li>
     *   <li>SACK blocks: {@code 01 01 05 len}, then each block's left and right edge.</li>
     * </ul>
     *
     * @param mss         0 for none
     * @param wscale      -1 for none
     * @param sackEdges   left, right, left, right, … ({@code sackBlocks} pairs used)
     */
    public static int writeOptions(byte[] a, int off, int mss, boolean sackPermitted, boolean timestamps, int tsVal, int tsEcr,
                                   int wscale, int[] sackEdges, int sackBlocks) {
        int p = off;
        if (mss != 0) {
            put32(a, p, OPT_MSS << 24 | OPTLEN_MSS << 16 | mss);
            p += 4;
        }
        if (timestamps) {
            if (sackPermitted) {
                put32(a, p, OPT_SACK_PERM << 24 | OPTLEN_SACK_PERM << 16 | OPT_TIMESTAMP << 8 | OPTLEN_TIMESTAMP);
                sackPermitted = false;
            } else {
                put32(a, p, OPT_NOP << 24 | OPT_NOP << 16 | OPT_TIMESTAMP << 8 | OPTLEN_TIMESTAMP);
            }
            put32(a, p + 4, tsVal);
            put32(a, p + 8, tsEcr);
            p += 12;
        }
        if (sackPermitted) {
            put32(a, p, OPT_NOP << 24 | OPT_NOP << 16 | OPT_SACK_PERM << 8 | OPTLEN_SACK_PERM);
            p += 4;
        }
        if (wscale >= 0) {
            put32(a, p, OPT_NOP << 24 | OPT_WINDOW << 16 | OPTLEN_WINDOW << 8 | wscale);
            p += 4;
        }
        if (sackBlocks > 0) {
            put32(a, p, OPT_NOP << 24 | OPT_NOP << 16 | OPT_SACK << 8 | (2 + 8 * sackBlocks));
            p += 4;
            for (int i = 0; i < 2 * sackBlocks; i++) {
                put32(a, p, sackEdges[i]);
                p += 4;
            }
        }
        return p - off;
    }

    /** Bytes {@link #writeOptions} writes for these options (tcp_syn_options / tcp_established_options). */
    public static int optionsSize(int mss, boolean sackPermitted, boolean timestamps, int wscale, int sackBlocks) {
        int n = 0;
        if (mss != 0) n += 4;
        if (timestamps) n += 12;
        else if (sackPermitted) n += 4;
        if (wscale >= 0) n += 4;
        if (sackBlocks > 0) n += 4 + 8 * sackBlocks;
        return n;
    }
}
