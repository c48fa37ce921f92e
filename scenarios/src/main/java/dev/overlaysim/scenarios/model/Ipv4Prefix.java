package dev.overlaysim.scenarios.model;

/**
 * An IPv4 network prefix such as {@code 10.1.0.0/16}. The address is always the network address:
 * host bits are zero.
 *
 * @param address the network address
 * @param length  the prefix length, 0..32
 */
public record Ipv4Prefix(Ipv4 address, int length) {

    public Ipv4Prefix {
        if (address == null) {
            throw new IllegalArgumentException("address is null");
        }
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length " + length + " is outside 0..32");
        }
        if ((address.value() & ~mask(length)) != 0) {
            throw new IllegalArgumentException("prefix " + address + "/" + length + " has host bits set");
        }
    }

    /**
     * Parses {@code a.b.c.d/n} strictly; the address must be the network address.
     *
     * @throws IllegalArgumentException with a message saying what was found and expected
     */
    public static Ipv4Prefix parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        String lengthText = slash < 0 ? "" : text.substring(slash + 1);
        if (slash < 0 || !Ipv4.isValid(text.substring(0, slash))
                || !lengthText.matches("0|[1-9][0-9]?") || Integer.parseInt(lengthText) > 32) {
            throw new IllegalArgumentException(
                    "expected an IPv4 prefix like 10.1.0.0/16, found '" + text + "'" + Ipv4.ipv6Note(text));
        }
        Ipv4 address = Ipv4.parse(text.substring(0, slash));
        int length = Integer.parseInt(lengthText);
        int network = address.value() & mask(length);
        if (network != address.value()) {
            throw new IllegalArgumentException("prefix " + text + " has host bits set; expected "
                    + Ipv4.of(network) + "/" + length);
        }
        return new Ipv4Prefix(address, length);
    }

    /** The netmask of a prefix length, e.g. {@code 0xFFFFFF00} for 24. */
    public static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    /** The netmask of this prefix. */
    public int mask() {
        return mask(length);
    }

    /** True when {@code ip} lies in this prefix. */
    public boolean contains(Ipv4 ip) {
        return (ip.value() & mask()) == address.value();
    }

    /** True when {@code other} lies entirely in this prefix. */
    public boolean contains(Ipv4Prefix other) {
        return other.length >= length && contains(other.address);
    }

    /** True when the two prefixes share at least one address. */
    public boolean overlaps(Ipv4Prefix other) {
        return contains(other) || other.contains(this);
    }

    /** The last address of the prefix (the broadcast address for lengths up to 30). */
    public Ipv4 lastAddress() {
        return Ipv4.of(address.value() | ~mask());
    }

    @Override
    public String toString() {
        return address + "/" + length;
    }
}
