package dev.overlaysim.scenarios.load;

import dev.overlaysim.engine.Durations;
import dev.overlaysim.protocols.addr.AddressFormatException;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.Ipv4Prefix;
import dev.overlaysim.protocols.addr.MacAddress;
import dev.overlaysim.scenarios.model.DeviceRef;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converters from YAML nodes to values. Each throws {@link IllegalArgumentException} with a message
 * that says what was expected and what was found; {@link Fields} turns it into a located problem.
 * Integers, booleans and numbers must be plain (unquoted) scalars; text-like values (names,
 * addresses, durations) may be quoted.
 */
final class Values {

    /** Converts one node. */
    @FunctionalInterface
    interface Converter<T> {
        T convert(YamlNode node);
    }

    static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]{1,19}");
    private static final Pattern LONG_DIGITS = Pattern.compile("[-+]?[0-9]{1,1000}");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,10}(\\.[0-9]{1,20})?");
    private static final Pattern BANDWIDTH = Pattern.compile("([0-9]{1,15}(?:\\.[0-9]{1,15})?)([A-Za-z]*)");
    private static final List<String> BANDWIDTH_UNITS = List.of("bit", "Kbit", "Mbit", "Gbit");
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,15}(?:\\.[0-9]{1,15})?)([A-Za-z]*)");
    /** Size units, each with and without its B: SI's decimal kB, MB, GB and IEC's binary KiB, MiB, GiB. */
    static final List<String> SIZE_UNITS = List.of("B", "kB", "MB", "GB", "KiB", "MiB", "GiB", "k", "M", "G", "Ki", "Mi", "Gi");

    private Values() {
    }

    /** The text of a non-null scalar, quoted or not. */
    static String text(YamlNode node, String expected) {
        if (node instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
            return scalar.text();
        }
        throw new IllegalArgumentException("expected " + expected + ", found " + node.describe());
    }

    /** The text of a plain (unquoted) non-null scalar. */
    private static String plainText(YamlNode node, String expected) {
        String text = text(node, expected);
        if (!((YamlNode.Scalar) node).plain()) {
            throw new IllegalArgumentException("expected " + expected + ", found " + node.describe()
                    + " (remove the quotes)");
        }
        return text;
    }

    static Converter<String> string() {
        return node -> text(node, "a string");
    }

    static Converter<String> name() {
        return node -> {
            String text = text(node, "a name");
            if (!NAME.matcher(text).matches()) {
                throw new IllegalArgumentException("expected a name of lowercase letters, digits and '-' "
                        + "(like node-1, at most 63 characters), found " + node.describe());
            }
            return text;
        };
    }

    static Converter<Integer> integer(int min, int max) {
        return integer(min, max, "an integer from " + min + " to " + max);
    }

    /**
     * An integer from {@code min} to {@code max}; {@code expected} says so in words. A number of any
     * length outside the range (also one too long for 64 bits) is refused with the range.
     */
    static Converter<Integer> integer(int min, int max, String expected) {
        return node -> {
            if (node instanceof YamlNode.Scalar scalar && scalar.plain() && !scalar.isNull()
                    && LONG_DIGITS.matcher(scalar.text()).matches()) {
                BigInteger big = new BigInteger(scalar.text());
                if (big.compareTo(BigInteger.valueOf(min)) < 0 || big.compareTo(BigInteger.valueOf(max)) > 0) {
                    throw new IllegalArgumentException("expected " + expected + ", found " + scalar.text());
                }
            }
            long value = parseLong(node);
            if (value < min || value > max) {
                throw new IllegalArgumentException("expected " + expected + ", found " + value);
            }
            return (int) value;
        };
    }

    /** The largest VXLAN network identifier: the VNI field is 24 bits (RFC 7348; the kernel's VXLAN_N_VID − 1). */
    static final int MAX_VNI = (1 << 24) - 1;

    /**
     * The largest VNI flanneld can use on Linux: it names the device {@code flannel.<VNI>}, and a
     * device name has at most 15 characters (IFNAMSIZ − 1), so the VNI has at most 7 digits.
     */
    static final int MAX_FLANNEL_VNI = 9_999_999;

    /** A VXLAN VNI: 24 bits, and at most 7 digits for flanneld's device name. */
    static Converter<Integer> vni() {
        Converter<Integer> bits = integer(0, MAX_VNI, "a VXLAN VNI from 0 to " + MAX_VNI + " (the VNI is 24 bits; flannel's default is 1)");
        return node -> {
            int vni = bits.convert(node);
            if (vni > MAX_FLANNEL_VNI) {
                throw new IllegalArgumentException("vni " + vni + " would name flanneld's device 'flannel." + vni + "', "
                        + ("flannel." + vni).length() + " characters; Linux allows at most 15 (IFNAMSIZ), so flanneld could"
                        + " not create it: expected a VNI from 0 to " + MAX_FLANNEL_VNI);
            }
            return vni;
        };
    }

    static Converter<Long> anyLong() {
        return Values::parseLong;
    }

    private static long parseLong(YamlNode node) {
        String text = plainText(node, "an integer");
        if (!INTEGER.matcher(text).matches()) {
            throw new IllegalArgumentException("expected an integer, found " + node.describe());
        }
        BigInteger value = new BigInteger(text);
        if (value.bitLength() > 63) {
            throw new IllegalArgumentException("expected a 64-bit integer, found " + text + " (too large)");
        }
        return value.longValueExact();
    }

    static Converter<Boolean> bool() {
        return node -> {
            String text = plainText(node, "true or false");
            return switch (text) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("expected true or false, found " + node.describe());
            };
        };
    }

    /** A probability: a decimal number from 0 to 1. */
    static Converter<Double> probability() {
        return node -> {
            String text = plainText(node, "a probability from 0 to 1");
            if (!DECIMAL.matcher(text).matches() || new BigDecimal(text).compareTo(BigDecimal.ONE) > 0) {
                throw new IllegalArgumentException("expected a probability from 0 to 1 (like 0.05), found "
                        + node.describe());
            }
            return Double.parseDouble(text);
        };
    }

    /**
     * The longest duration of simulated time a scenario may name (a start, an interval, an event's
     * time): 100 years. Bounded so that sums of them (a flow's last packet, the run's end, a packet's
     * delays) stay far from a long's overflow: every accepted file runs.
     */
    static final long MAX_TIME_NANOS = 100L * 365 * 86_400 * 1_000_000_000L;
    static final String MAX_TIME_TEXT = "100 years (3153600000s)";

    static Converter<Long> duration() {
        return duration(MAX_TIME_NANOS, MAX_TIME_TEXT);
    }

    /** A duration of at most {@code max} nanoseconds ({@code maxText} says it in words). */
    static Converter<Long> duration(long max, String maxText) {
        return node -> {
            String text = text(node, "a duration like 10us");
            long nanos = Durations.parse(text);
            if (nanos > max) {
                throw new IllegalArgumentException("expected a duration of at most " + maxText + ", found '" + text + "'");
            }
            return nanos;
        };
    }

    /** The fastest link a segment may have: 10 Tbit/s, so that bytes × 8 × 10^9 / rate cannot overflow. */
    static final long MAX_BANDWIDTH_BITS_PER_SECOND = 10_000_000_000_000L;

    /** A rate in bits per second: {@code 100Mbit}, {@code 10Gbit}, {@code 1.5Gbit}. */
    static Converter<Long> bandwidth() {
        return node -> {
            String text = text(node, "a bandwidth like 10Gbit");
            Matcher m = BANDWIDTH.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException(
                        "expected a bandwidth like 10Gbit (units: bit, Kbit, Mbit, Gbit), found " + node.describe());
            }
            long factor = switch (m.group(2)) {
                case "bit" -> 1L;
                case "Kbit" -> 1_000L;
                case "Mbit" -> 1_000_000L;
                case "Gbit" -> 1_000_000_000L;
                default -> throw new IllegalArgumentException("unknown unit '" + m.group(2) + "' in bandwidth '"
                        + text + "'" + Suggest.didYouMean(m.group(2), BANDWIDTH_UNITS) + "; expected one of: "
                        + Suggest.list(BANDWIDTH_UNITS));
            };
            BigDecimal bits = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(factor));
            if (bits.signum() == 0 || bits.stripTrailingZeros().scale() > 0) {
                throw new IllegalArgumentException("expected a bandwidth of at least 1bit/s in whole bits per second, found '"
                        + text + "'");
            }
            if (bits.compareTo(BigDecimal.valueOf(MAX_BANDWIDTH_BITS_PER_SECOND)) > 0) {
                throw new IllegalArgumentException("expected a bandwidth of at most 10000Gbit (10 Tbit/s), found '" + text + "'");
            }
            return bits.longValueExact();
        };
    }

    /** The most bytes one flow may move: 1 GiB, about 740 000 full segments and their ACKs, a run of seconds. */
    static final long MAX_SIZE_BYTES = 1L << 30;
    static final String MAX_SIZE_TEXT = "1GiB (1073741824 bytes)";

    /**
     * A number of bytes: {@code 1000000}, {@code 10MB}, {@code 64KiB}, {@code 1.5MB}. SI's prefixes
     * are decimal (1 kB = 1000 bytes) and IEC's binary (1 KiB = 1024), as {@code ls --si} and
     * {@code ls -h} print them; the B may be left out; a plain number is bytes. (iperf3's
     * {@code -n 10M} is binary, 10 MiB: write {@code 10MiB} for that.) Between {@code min} and
     * {@link #MAX_SIZE_BYTES}, in whole bytes.
     */
    static Converter<Long> size(long min) {
        return node -> {
            String text = text(node, "a size like 10MB or 64KiB");
            Matcher m = SIZE.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException("expected a size like 10MB or 64KiB (units: B, kB, MB, GB, KiB, MiB, GiB;"
                        + " 1 kB = 1000 bytes, 1 KiB = 1024), found " + node.describe());
            }
            String unit = m.group(2).endsWith("B") ? m.group(2).substring(0, m.group(2).length() - 1) : m.group(2);
            long factor = switch (unit) {
                case "" -> 1L;
                case "k" -> 1_000L;
                case "M" -> 1_000_000L;
                case "G" -> 1_000_000_000L;
                case "Ki" -> 1L << 10;
                case "Mi" -> 1L << 20;
                case "Gi" -> 1L << 30;
                default -> throw new IllegalArgumentException("unknown unit '" + m.group(2) + "' in size '" + text + "'"
                        + Suggest.didYouMean(m.group(2), SIZE_UNITS) + "; expected one of: B, kB, MB, GB, KiB, MiB, GiB"
                        + " (the B may be left out; 1 kB = 1000 bytes, 1 KiB = 1024)");
            };
            BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(factor));
            if (bytes.stripTrailingZeros().scale() > 0) {
                throw new IllegalArgumentException("expected a whole number of bytes, found '" + text + "' ("
                        + bytes.stripTrailingZeros().toPlainString() + " bytes)");
            }
            if (bytes.compareTo(BigDecimal.valueOf(min)) < 0) {
                throw new IllegalArgumentException("expected a size of at least " + min + " byte" + (min == 1 ? "" : "s")
                        + ", found '" + text + "'");
            }
            if (bytes.compareTo(BigDecimal.valueOf(MAX_SIZE_BYTES)) > 0) {
                throw new IllegalArgumentException("expected a size of at most " + MAX_SIZE_TEXT + ", found '" + text + "'");
            }
            return bytes.longValueExact();
        };
    }

    static Converter<Ipv4Address> ipv4() {
        return node -> ipv4(text(node, "an IPv4 address like 10.1.15.2"));
    }

    static Converter<Ipv4Prefix> prefix() {
        return node -> prefix(text(node, "an IPv4 prefix like 10.1.0.0/16"));
    }

    /*
     * The addresses are parsed by protocols.addr, the simulator's own parser; only the words are the
     * loader's: what a scenario may write there, and what was found (Fields adds where).
     */

    /** Strict dotted decimal: four decimal parts 0..255, no leading zeros, no spaces. */
    static Ipv4Address ipv4(String text) {
        try {
            return Ipv4Address.parse(text);
        } catch (AddressFormatException e) {
            throw new IllegalArgumentException(
                    "expected an IPv4 address like 10.1.15.2, found '" + e.input() + "'" + ipv6Note(e.input()));
        }
    }

    /** {@code a.b.c.d/n} with the length written out; the address must be the network address. */
    static Ipv4Prefix prefix(String text) {
        try {
            return Ipv4Prefix.parseWithLength(text);
        } catch (AddressFormatException e) {
            if (e.meant().isPresent()) {
                throw new IllegalArgumentException("prefix " + text + " has host bits set; expected " + e.meant().get());
            }
            throw new IllegalArgumentException(
                    "expected an IPv4 prefix like 10.1.0.0/16, found '" + text + "'" + ipv6Note(text));
        }
    }

    /** Six colon-separated hex pairs in either case (as ip link prints them, lowercase). */
    static MacAddress mac(String text) {
        try {
            return MacAddress.parseColonSeparated(text);
        } catch (AddressFormatException e) {
            throw new IllegalArgumentException("expected a MAC address like 5e:f8:4f:00:0f:00, found '" + e.input() + "'");
        }
    }

    /**
     * True when {@code text} looks like an IPv6 literal ({@code fe80::1}, {@code 2001:db8::1},
     * {@code ::ffff:10.1.16.3}, {@code [::1]}, {@code fe80::1%eth0}): hex digits, colons, dots, at
     * least one colon.
     */
    static boolean looksLikeIpv6(String text) {
        return text != null && text.indexOf(':') >= 0 && text.matches("\\[?[0-9A-Fa-f:.]*(%[^\\]]*)?]?(/[0-9]{0,3})?");
    }

    /** " (an IPv6 address; addresses are IPv4 only)" when {@code text} is an IPv6 literal, else empty. */
    private static String ipv6Note(String text) {
        return looksLikeIpv6(text) ? " (an IPv6 address; addresses are IPv4 only)" : "";
    }

    /** A unicast, non-zero MAC address. */
    static Converter<MacAddress> unicastMac() {
        return node -> {
            MacAddress mac = mac(text(node, "a MAC address like 5e:f8:4f:00:0f:00"));
            if (mac.isMulticast()) {
                throw new IllegalArgumentException("MAC address " + mac
                        + " is a multicast address (lowest bit of the first octet set); expected a unicast MAC");
            }
            if (mac.isZero()) {
                throw new IllegalArgumentException("MAC address " + mac + " is all zeros; expected a unicast MAC");
            }
            return mac;
        };
    }

    static Converter<DeviceRef> device() {
        return node -> DeviceRef.parse(text(node, "a device like node1/flannel.1"));
    }
}
