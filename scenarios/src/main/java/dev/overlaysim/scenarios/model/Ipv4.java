package dev.overlaysim.scenarios.model;

/**
 * An IPv4 address as written in a scenario: its canonical dotted-decimal text and its 32-bit value
 * (network order, most significant byte first).
 *
 * @param text  canonical dotted-decimal form, e.g. {@code 10.1.15.2}
 * @param value the address as an unsigned 32-bit number held in an {@code int}
 */
public record Ipv4(String text, int value) implements Comparable<Ipv4> {

    public Ipv4 {
        if (text == null || !text.equals(format(value))) {
            throw new IllegalArgumentException("text '" + text + "' does not match value " + format(value));
        }
    }

    /** The address with this 32-bit value. */
    public static Ipv4 of(int value) {
        return new Ipv4(format(value), value);
    }

    /**
     * Parses strict dotted decimal: four decimal parts 0..255, no leading zeros, no spaces.
     *
     * @throws IllegalArgumentException with a message saying what was expected
     */
    public static Ipv4 parse(String text) {
        long value = parseOrMinusOne(text);
        if (value < 0) {
            throw new IllegalArgumentException(
                    "expected an IPv4 address like 10.1.15.2, found '" + text + "'" + ipv6Note(text));
        }
        return new Ipv4(text, (int) value);
    }

    /**
     * True when {@code text} looks like an IPv6 literal ({@code fe80::1}, {@code 2001:db8::1},
     * {@code ::ffff:10.1.16.3}, {@code [::1]}, {@code fe80::1%eth0}): hex digits, colons, dots, at
     * least one colon.
     */
    public static boolean looksLikeIpv6(String text) {
        return text != null && text.indexOf(':') >= 0 && text.matches("\\[?[0-9A-Fa-f:.]*(%[^\\]]*)?]?(/[0-9]{0,3})?");
    }

    /** " (an IPv6 address; addresses are IPv4 only)" when {@code text} is an IPv6 literal, else empty. */
    static String ipv6Note(String text) {
        return looksLikeIpv6(text) ? " (an IPv6 address; addresses are IPv4 only)" : "";
    }

    /** True when {@code text} is a strict dotted-decimal IPv4 address. */
    public static boolean isValid(String text) {
        return parseOrMinusOne(text) >= 0;
    }

    private static long parseOrMinusOne(String text) {
        if (text == null || text.isEmpty() || text.length() > 15) {
            return -1;
        }
        long value = 0;
        int parts = 0;
        int i = 0;
        while (i <= text.length()) {
            int start = i;
            int part = 0;
            while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                part = part * 10 + (text.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || part > 255 || (digits > 1 && text.charAt(start) == '0')) {
                return -1;
            }
            value = (value << 8) | part;
            parts++;
            if (i == text.length()) {
                break;
            }
            if (text.charAt(i) != '.' || parts == 4) {
                return -1;
            }
            i++;
        }
        return parts == 4 ? value : -1;
    }

    private static String format(int value) {
        return ((value >>> 24) & 0xFF) + "." + ((value >>> 16) & 0xFF) + "."
                + ((value >>> 8) & 0xFF) + "." + (value & 0xFF);
    }

    /** The address {@code delta} above this one (wrapping at 2^32). */
    public Ipv4 plus(int delta) {
        return of(value + delta);
    }

    @Override
    public int compareTo(Ipv4 other) {
        return Integer.compareUnsigned(value, other.value);
    }

    @Override
    public String toString() {
        return text;
    }
}
