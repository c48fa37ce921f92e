package dev.overlaysim.protocols.addr;

/**
 * An IPv4 network prefix such as {@code 10.1.16.0/24}: an address whose host bits are zero and a
 * length 0..32. Parsing rejects host bits, as {@code ip route add} does.
 */
public final class Ipv4Prefix implements Comparable<Ipv4Prefix> {
    private final int address;
    private final int length;

    private Ipv4Prefix(int address, int length) {
        this.address = address;
        this.length = length;
    }

    public static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    /** The prefix of the given length that contains {@code address} (host bits cleared). */
    public static Ipv4Prefix containing(int address, int length) {
        checkLength(length, String.valueOf(length));
        return new Ipv4Prefix(address & mask(length), length);
    }

    public static Ipv4Prefix of(int address, int length) {
        checkLength(length, Ipv4Address.toString(address) + "/" + length);
        if ((address & ~mask(length)) != 0) {
            String meant = Ipv4Address.toString(address & mask(length)) + "/" + length;
            throw new AddressFormatException("IPv4 prefix", Ipv4Address.toString(address) + "/" + length,
                    "no host bits set after the prefix length (did you mean " + meant + "?)", meant);
        }
        return new Ipv4Prefix(address, length);
    }

    /** Parses {@code a.b.c.d/len}; a bare address means /32. */
    public static Ipv4Prefix parse(String text) {
        return parse(text, false);
    }

    /**
     * Parses {@code a.b.c.d/len} with the length written out, as a CIDR in a config file is: a bare
     * address is refused rather than taken for a /32.
     */
    public static Ipv4Prefix parseWithLength(String text) {
        return parse(text, true);
    }

    private static Ipv4Prefix parse(String text, boolean lengthRequired) {
        if (text == null) {
            throw new AddressFormatException("IPv4 prefix", "null", "an address/length like 10.1.16.0/24");
        }
        int slash = text.indexOf('/');
        if (slash < 0 && lengthRequired) {
            throw new AddressFormatException("IPv4 prefix", text, "an address/length like 10.1.16.0/24");
        }
        if (slash < 0) {
            return of(Ipv4Address.parseInt(text), 32);
        }
        int addr;
        try {
            addr = Ipv4Address.parseInt(text.substring(0, slash));
        } catch (AddressFormatException e) {
            throw new AddressFormatException("IPv4 prefix", text,
                    "four decimal octets 0-255 separated by '.', then '/' and a length, like 10.1.16.0/24");
        }
        String len = text.substring(slash + 1);
        // ASCII digits only (Character.isDigit and Integer.parseInt take any Unicode digit), no leading zero.
        if (len.isEmpty() || len.length() > 2 || !len.chars().allMatch(c -> c >= '0' && c <= '9')
                || (len.length() > 1 && len.charAt(0) == '0')) {
            throw new AddressFormatException("IPv4 prefix", text, "a prefix length 0-32 after '/'");
        }
        return of(addr, Integer.parseInt(len));
    }

    private static void checkLength(int length, String text) {
        if (length < 0 || length > 32) {
            throw new AddressFormatException("IPv4 prefix", text, "a prefix length 0-32");
        }
    }

    public int address() { return address; }
    public int length() { return length; }
    public int mask() { return mask(length); }
    public int broadcast() { return address | ~mask(length); }
    /** The network address, the prefix's first: {@code 10.1.16.0} of {@code 10.1.16.0/24}. */
    public Ipv4Address network() { return Ipv4Address.of(address); }
    /** The last address of the prefix (the broadcast address for lengths up to 30). */
    public Ipv4Address lastAddress() { return Ipv4Address.of(broadcast()); }
    public boolean contains(int ip) { return (ip & mask(length)) == address; }
    public boolean contains(Ipv4Address ip) { return contains(ip.value()); }
    public boolean contains(Ipv4Prefix other) { return other.length >= length && contains(other.address); }
    public boolean overlaps(Ipv4Prefix other) { return contains(other) || other.contains(this); }
    public long size() { return 1L << (32 - length); }

    @Override public String toString() { return Ipv4Address.toString(address) + "/" + length; }
    @Override public boolean equals(Object o) { return o instanceof Ipv4Prefix p && p.address == address && p.length == length; }
    @Override public int hashCode() { return address * 31 + length; }

    @Override public int compareTo(Ipv4Prefix o) {
        int c = Integer.compareUnsigned(address, o.address);
        return c != 0 ? c : Integer.compare(length, o.length);
    }
}
