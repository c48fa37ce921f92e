package dev.overlaysim.protocols.codec;

import static dev.overlaysim.protocols.codec.Bytes.*;

/**
 * The options of one TCP segment, parsed as Linux's {@code tcp_parse_options()} parses them: kind
 * by kind until EOL or the end of the header; an option with a length under 2 or running past the
 * header ends the parse (what came before it stands); an option whose length is not its kind's is
 * skipped; MSS and window scale count only on a SYN; a window scale above 14 is taken as 14.
 * A reused object: {@link #parse} forgets what the last segment had.
 */
public final class TcpOptions {
    /** SACK blocks a segment can carry at most (4 without timestamps, 3 with: 40 bytes of options). */
    public static final int MAX_SACK_BLOCKS = 4;

    private int mss;
    private int wscale = -1;
    private boolean sackPermitted;
    private boolean timestamps;
    private int tsVal;
    private int tsEcr;
    private int sackBlocks;
    private final int[] sackEdges = new int[2 * MAX_SACK_BLOCKS];
    private boolean truncated;

    /** Parses the options of {@code tcp} (a decoded header); {@code syn}: whether the segment has SYN set. */
    public TcpOptions parse(byte[] a, TcpHeader tcp) {
        return parse(a, tcp.optionsOffset(), tcp.optionsLength(), tcp.has(TcpHeader.SYN));
    }

    public TcpOptions parse(byte[] a, int off, int length, boolean syn) {
        mss = 0;
        wscale = -1;
        sackPermitted = false;
        timestamps = false;
        tsVal = 0;
        tsEcr = 0;
        sackBlocks = 0;
        truncated = false;
        int p = off;
        int end = off + length;
        while (p < end) {
            int kind = u8(a, p);
            if (kind == TcpHeader.OPT_EOL) return this;
            if (kind == TcpHeader.OPT_NOP) {
                p++;
                continue;
            }
            if (p + 1 >= end) {
                truncated = true;
                return this;
            }
            int size = u8(a, p + 1);
            if (size < 2 || p + size > end) {
                truncated = true; // "don't parse partial options"
                return this;
            }
            switch (kind) {
                case TcpHeader.OPT_MSS -> {
                    if (size == TcpHeader.OPTLEN_MSS && syn) mss = u16(a, p + 2);
                }
                case TcpHeader.OPT_WINDOW -> {
                    if (size == TcpHeader.OPTLEN_WINDOW && syn) wscale = Math.min(u8(a, p + 2), TcpHeader.MAX_WSCALE);
                }
                case TcpHeader.OPT_SACK_PERM -> {
                    if (size == TcpHeader.OPTLEN_SACK_PERM && syn) sackPermitted = true;
                }
                case TcpHeader.OPT_TIMESTAMP -> {
                    if (size == TcpHeader.OPTLEN_TIMESTAMP) {
                        timestamps = true;
                        tsVal = i32(a, p + 2);
                        tsEcr = i32(a, p + 6);
                    }
                }
                case TcpHeader.OPT_SACK -> {
                    if (size >= 2 + 8 && (size - 2) % 8 == 0 && !syn) {
                        int n = Math.min((size - 2) / 8, MAX_SACK_BLOCKS);
                        for (int i = 0; i < 2 * n; i++) sackEdges[i] = i32(a, p + 2 + 4 * i);
                        sackBlocks = n;
                    }
                }
                default -> { }
            }
            p += size;
        }
        return this;
    }

    /** The MSS option's value, 0 when the SYN had none. */
    public int mss() { return mss; }
    /** The window-scale shift, -1 when the SYN had none (the connection then scales neither way). */
    public int wscale() { return wscale; }
    public boolean sackPermitted() { return sackPermitted; }
    public boolean timestamps() { return timestamps; }
    public int tsVal() { return tsVal; }
    public int tsEcr() { return tsEcr; }
    public int sackBlocks() { return sackBlocks; }
    /** Block {@code i}'s left edge (the first sequence number it holds). */
    public int sackLeft(int i) { return sackEdges[2 * i]; }
    /** Block {@code i}'s right edge (the sequence number after its last). */
    public int sackRight(int i) { return sackEdges[2 * i + 1]; }
    /** The parse ended at an option whose length ran out of the header (or was under 2). */
    public boolean truncated() { return truncated; }

    /** As tcpdump prints them: {@code mss 1460,sackOK,TS val 708919412 ecr 0,nop,wscale 7}. */
    public static String describe(byte[] a, int off, int length) {
        StringBuilder sb = new StringBuilder();
        int p = off;
        int end = off + length;
        while (p < end) {
            if (sb.length() > 0) sb.append(',');
            int kind = u8(a, p);
            if (kind == TcpHeader.OPT_EOL) {
                sb.append("eol");
                break;
            }
            if (kind == TcpHeader.OPT_NOP) {
                sb.append("nop");
                p++;
                continue;
            }
            int size = p + 1 < end ? u8(a, p + 1) : 0;
            if (size < 2 || p + size > end) {
                sb.append("bad opt");
                break;
            }
            switch (kind) {
                case TcpHeader.OPT_MSS -> sb.append(size == 4 ? "mss " + u16(a, p + 2) : "mss[bad len " + size + "]");
                case TcpHeader.OPT_WINDOW -> sb.append(size == 3 ? "wscale " + u8(a, p + 2) : "wscale[bad len " + size + "]");
                case TcpHeader.OPT_SACK_PERM -> sb.append(size == 2 ? "sackOK" : "sackOK[bad len " + size + "]");
                case TcpHeader.OPT_TIMESTAMP -> sb.append(size == 10 ? "TS val " + u32(a, p + 2) + " ecr " + u32(a, p + 6)
                        : "TS[bad len " + size + "]");
                case TcpHeader.OPT_SACK -> {
                    sb.append("sack ").append((size - 2) / 8);
                    for (int q = p + 2; q + 8 <= p + size; q += 8) sb.append(" {").append(u32(a, q)).append(':').append(u32(a, q + 4)).append('}');
                }
                default -> sb.append("opt-").append(kind).append(':').append(hex(a, p + 2, size - 2));
            }
            p += size;
        }
        return sb.toString();
    }
}
