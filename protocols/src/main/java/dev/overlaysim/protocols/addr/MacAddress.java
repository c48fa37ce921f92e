package dev.overlaysim.protocols.addr;

/**
 * A 48-bit Ethernet MAC address, held in the low 48 bits of a long. Prints as Linux does:
 * lowercase hex, colon-separated ({@code 5e:f8:4f:00:e3:37}).
 */
public final class MacAddress implements Comparable<MacAddress> {
    public static final long MASK = 0xFFFF_FFFF_FFFFL;
    public static final MacAddress BROADCAST = new MacAddress(MASK);
    public static final MacAddress ZERO = new MacAddress(0);

    private final long value;

    private MacAddress(long value) { this.value = value; }

    public static MacAddress of(long value) {
        if ((value & ~MASK) != 0) {
            throw new IllegalArgumentException("MAC address value out of 48 bits: 0x" + Long.toHexString(value));
        }
        return new MacAddress(value);
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff} (ASCII hex, either case; '-' separators accepted too, but not mixed with ':'). */
    public static MacAddress parse(String text) {
        return parse(text, true);
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff} (ASCII hex, either case) with ':' only, as {@code ip link} prints it. */
    public static MacAddress parseColonSeparated(String text) {
        return parse(text, false);
    }

    private static MacAddress parse(String text, boolean dashes) {
        String expected = "six hex byte pairs separated by ':' like 5e:f8:4f:00:e3:37";
        if (text == null || text.length() != 17) {
            throw new AddressFormatException("MAC address", String.valueOf(text), expected);
        }
        long v = 0;
        char separator = text.charAt(2);
        if (separator != ':' && !(dashes && separator == '-')) {
            throw new AddressFormatException("MAC address", text, expected);
        }
        for (int i = 0; i < 6; i++) {
            int p = i * 3;
            int hi = hexDigit(text.charAt(p));
            int lo = hexDigit(text.charAt(p + 1));
            if (hi < 0 || lo < 0 || (i < 5 && text.charAt(p + 2) != separator)) {
                throw new AddressFormatException("MAC address", text, expected);
            }
            v = (v << 8) | (hi << 4) | lo;
        }
        return new MacAddress(v);
    }

    /** ASCII hex only: {@code Character.digit} would also take full-width and other Unicode digits. */
    private static int hexDigit(char ch) {
        if (ch >= '0' && ch <= '9') return ch - '0';
        if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
        if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
        return -1;
    }

    /** Docker's container MAC: {@code 02:42} followed by the four bytes of the IPv4 address. */
    public static MacAddress dockerMac(int ipv4) {
        return new MacAddress(0x0242_0000_0000L | (ipv4 & 0xFFFF_FFFFL));
    }

    public long value() { return value; }
    public boolean isBroadcast() { return value == MASK; }
    /** {@code 00:00:00:00:00:00}, which no interface may have. */
    public boolean isZero() { return value == 0; }
    public boolean isMulticast() { return ((value >>> 40) & 1) != 0; }
    public boolean isLocallyAdministered() { return ((value >>> 40) & 2) != 0; }

    public static String toString(long value) {
        char[] c = new char[17];
        for (int i = 0; i < 6; i++) {
            int b = (int) (value >>> (40 - 8 * i)) & 0xFF;
            c[i * 3] = Character.forDigit(b >>> 4, 16);
            c[i * 3 + 1] = Character.forDigit(b & 0xF, 16);
            if (i < 5) c[i * 3 + 2] = ':';
        }
        return new String(c);
    }

    @Override public String toString() { return toString(value); }
    @Override public boolean equals(Object o) { return o instanceof MacAddress m && m.value == value; }
    @Override public int hashCode() { return Long.hashCode(value); }
    @Override public int compareTo(MacAddress o) { return Long.compare(value, o.value); }
}
