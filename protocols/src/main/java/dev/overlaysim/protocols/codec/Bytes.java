package dev.overlaysim.protocols.codec;

/** Big-endian (network order) reads and writes on a byte array. Unsigned values widen to int/long. */
public final class Bytes {
    private Bytes() {}

    public static int u8(byte[] a, int off) { return a[off] & 0xFF; }

    public static int u16(byte[] a, int off) { return ((a[off] & 0xFF) << 8) | (a[off + 1] & 0xFF); }

    public static int i32(byte[] a, int off) {
        return ((a[off] & 0xFF) << 24) | ((a[off + 1] & 0xFF) << 16) | ((a[off + 2] & 0xFF) << 8) | (a[off + 3] & 0xFF);
    }

    public static long u32(byte[] a, int off) { return i32(a, off) & 0xFFFF_FFFFL; }

    public static long u48(byte[] a, int off) { return ((long) u16(a, off) << 32) | u32(a, off + 2); }

    public static void put8(byte[] a, int off, int v) { a[off] = (byte) v; }

    public static void put16(byte[] a, int off, int v) {
        a[off] = (byte) (v >>> 8);
        a[off + 1] = (byte) v;
    }

    public static void put32(byte[] a, int off, int v) {
        a[off] = (byte) (v >>> 24);
        a[off + 1] = (byte) (v >>> 16);
        a[off + 2] = (byte) (v >>> 8);
        a[off + 3] = (byte) v;
    }

    public static void put48(byte[] a, int off, long v) {
        put16(a, off, (int) (v >>> 32));
        put32(a, off + 2, (int) v);
    }

    public static String hex(byte[] a, int off, int len) {
        StringBuilder sb = new StringBuilder(len * 3);
        for (int i = 0; i < len; i++) {
            if (i > 0) sb.append(' ');
            int b = a[off + i] & 0xFF;
            sb.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.toString();
    }
}
