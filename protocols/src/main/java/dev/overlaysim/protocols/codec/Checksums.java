package dev.overlaysim.protocols.codec;

/**
 * The Internet checksum (RFC 1071) and its incremental update (RFC 1624). Sums are kept as
 * unfolded 32-bit partial sums so that a pseudo-header and a payload can be added piecewise.
 */
public final class Checksums {
    private Checksums() {}

    /** Reads 8 bytes at any offset as one big-endian long (HotSpot: one load and a byte swap). */
    private static final java.lang.invoke.VarHandle LONG_BE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);
    /** The 16-bit words in lanes 0 and 2 of a long: what the two 32-bit lane sums keep. */
    private static final long LANES = 0x0000_FFFF_0000_FFFFL;
    /**
     * Longs summed into the two 32-bit lanes before they are flushed: each long adds at most
     * 2 × 0xFFFF = 0x1FFFE to a lane, so 32,768 of them stay below 2^32 and never carry across.
     */
    private static final int LANE_BLOCK = 32_768;

    /**
     * Adds the 16-bit big-endian words of a[off, off+len) to {@code sum}; an odd last byte is padded
     * with zero. The result is exactly {@code sum} plus the plain sum of the words (not folded).
     *
     * <p>It reads 8 bytes at a time: every UDP datagram is summed once when sent and once when
     * received, and a byte-pair loop was the largest share of a 1400-byte flood's wall time. The
     * four words of a long are added pairwise into two 32-bit lanes (words 0+1 and 2+3), flushed
     * into {@code sum} every {@link #LANE_BLOCK} longs, so the total is the same word sum as a
     * 16-bit loop gives, bit for bit.
     */
    public static long add(long sum, byte[] a, int off, int len) {
        int i = off;
        int longs = len > 0 ? len >>> 3 : 0; // a negative len sums nothing here, as the byte loop below
        while (longs > 0) {
            int n = Math.min(longs, LANE_BLOCK);
            longs -= n;
            long lanes = 0;
            for (int end = i + (n << 3); i < end; i += 8) {
                long w = (long) LONG_BE.get(a, i);
                lanes += (w & LANES) + ((w >>> 16) & LANES);
            }
            sum += (lanes >>> 32) + (lanes & 0xFFFF_FFFFL);
        }
        int end = off + len - 1;
        for (; i < end; i += 2) {
            sum += ((a[i] & 0xFF) << 8) | (a[i + 1] & 0xFF);
        }
        if ((len & 1) != 0) {
            sum += (a[off + len - 1] & 0xFF) << 8;
        }
        return sum;
    }

    /** Folds a partial sum to 16 bits and complements it: the value that goes on the wire. */
    public static int finish(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    /** The checksum of a[off, off+len). Over data that holds a correct checksum field, this is 0. */
    public static int compute(byte[] a, int off, int len) {
        return finish(add(0, a, off, len));
    }

    /** Sum of the IPv4 pseudo-header (RFC 768 / RFC 793) for a transport checksum. */
    public static long pseudoHeader(int src, int dst, int protocol, int length) {
        return ((src >>> 16) & 0xFFFF) + (src & 0xFFFF) + ((dst >>> 16) & 0xFFFF) + (dst & 0xFFFF)
                + protocol + length;
    }

    /**
     * RFC 1624 eqn. 3: the new checksum after one 16-bit word of the covered data changed from
     * {@code oldWord} to {@code newWord}: HC' = ~(~HC + ~m + m').
     */
    public static int update(int checksum, int oldWord, int newWord) {
        long sum = (~checksum & 0xFFFF) + (~oldWord & 0xFFFF) + (newWord & 0xFFFF);
        return finish(sum);
    }
}
