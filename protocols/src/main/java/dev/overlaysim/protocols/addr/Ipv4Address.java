package dev.overlaysim.protocols.addr;

/** An IPv4 address held in an int (network order: the first octet in the top byte). */
public final class Ipv4Address implements Comparable<Ipv4Address> {
    public static final Ipv4Address ANY = new Ipv4Address(0);
    public static final Ipv4Address BROADCAST = new Ipv4Address(-1);

    private final int value;

    private Ipv4Address(int value) { this.value = value; }

    public static Ipv4Address of(int value) { return new Ipv4Address(value); }

    public static Ipv4Address of(int a, int b, int c, int d) {
        return new Ipv4Address(((a & 0xFF) << 24) | ((b & 0xFF) << 16) | ((c & 0xFF) << 8) | (d & 0xFF));
    }

    /** Parses dotted-quad text, {@code 10.168.0.2}; no leading zeros, no shorthand forms. */
    public static Ipv4Address parse(String text) {
        return new Ipv4Address(parseInt(text));
    }

    /** Like {@link #parse} but returns the raw int, for code that keeps addresses as primitives. */
    public static int parseInt(String text) {
        String expected = "four decimal octets 0-255 separated by '.' like 10.168.0.2";
        if (text == null || text.isEmpty() || text.length() > 15) {
            throw new AddressFormatException("IPv4 address", String.valueOf(text), expected);
        }
        int value = 0;
        int octets = 0;
        int i = 0;
        int n = text.length();
        while (i <= n) {
            int start = i;
            int octet = 0;
            while (i < n && text.charAt(i) != '.') {
                char ch = text.charAt(i);
                if (ch < '0' || ch > '9' || i - start >= 3) {
                    throw new AddressFormatException("IPv4 address", text, expected);
                }
                octet = octet * 10 + (ch - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || octet > 255 || (digits > 1 && text.charAt(start) == '0') || octets == 4) {
                throw new AddressFormatException("IPv4 address", text, expected);
            }
            value = (value << 8) | octet;
            octets++;
            i++; // skip '.'
        }
        if (octets != 4 || text.charAt(n - 1) == '.') {
            throw new AddressFormatException("IPv4 address", text, expected);
        }
        return value;
    }

    public int value() { return value; }

    /** The address {@code delta} above this one (wrapping at 2^32): a subnet's gateway is {@code network().plus(1)}. */
    public Ipv4Address plus(int delta) { return new Ipv4Address(value + delta); }

    public static String toString(int v) {
        return ((v >>> 24) & 0xFF) + "." + ((v >>> 16) & 0xFF) + "." + ((v >>> 8) & 0xFF) + "." + (v & 0xFF);
    }

    @Override public String toString() { return toString(value); }
    @Override public boolean equals(Object o) { return o instanceof Ipv4Address a && a.value == value; }
    @Override public int hashCode() { return value; }
    @Override public int compareTo(Ipv4Address o) { return Integer.compareUnsigned(value, o.value); }
}
