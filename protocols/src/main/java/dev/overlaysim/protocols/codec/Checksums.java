package dev.overlaysim.protocols.codec;

/**
 * The Internet checksum (RFC 1071) and its incremental update (RFC 1624). Sums are kept as
 * unfolded 32-bit partial sums so that a pseudo-header and a payload can be added piecewise.
 */
public final class Checksums {
    private Checksums() {}

    /** Adds the 16-bit big-endian words of a[off, off+len) to {@code sum}; an odd last byte is padded with zero. */
    public static long add(long sum, byte[] a, int off, int len) {
        int i = off;
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
