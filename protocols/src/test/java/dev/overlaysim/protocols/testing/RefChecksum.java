package dev.overlaysim.protocols.testing;

/** A second, deliberately naive Internet checksum (RFC 1071) to check the production one against. */
public final class RefChecksum {
    private RefChecksum() {}

    /** The checksum over the concatenation of the parts, as if each were contiguous. */
    public static int of(byte[]... parts) {
        int total = 0;
        for (byte[] p : parts) total += p.length;
        byte[] all = new byte[total + 1];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        long sum = 0;
        for (int i = 0; i < total; i += 2) {
            sum += ((all[i] & 0xFF) * 256) + (all[i + 1] & 0xFF);
        }
        while (sum > 0xFFFF) sum = (sum % 65536) + (sum / 65536);
        return (int) (0xFFFF - sum);
    }

    /** The UDP/TCP pseudo-header bytes: src, dst, zero, protocol, length. */
    public static byte[] pseudoHeader(String src, String dst, int protocol, int length) {
        return WireBytes.bytes().ip(src).ip(dst).u8(0).u8(protocol).u16(length).build();
    }
}
