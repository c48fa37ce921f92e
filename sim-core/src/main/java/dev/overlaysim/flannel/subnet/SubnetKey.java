package dev.overlaysim.flannel.subnet;

import dev.overlaysim.protocols.addr.AddressFormatException;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.Ipv4Prefix;

import java.util.Objects;
import java.util.Optional;

/**
 * The etcd key of a subnet lease: {@code <prefix>/subnets/10.1.15.0-24}, the subnet written with
 * '-' for '/' (flannel's {@code MakeSubnetKey}, pkg/subnet/subnet.go). The prefix is flanneld's
 * {@code --etcd-prefix}, {@value #DEFAULT_PREFIX} by default.
 *
 * <p>Parsing is stricter than flannel's {@code ParseSubnetKey}, whose regular expression is
 * anchored only at the end: here the key must be exactly prefix, {@code /subnets/}, a dotted quad,
 * '-', a length, with no host bits. Dual-stack keys ({@code ...&fc00::-64}) are not modelled.
 *
 * @param networkPrefix the etcd prefix, e.g. {@code /coreos.com/network}, without trailing '/'
 * @param subnet        the leased subnet
 */
public record SubnetKey(String networkPrefix, Ipv4Prefix subnet) implements Comparable<SubnetKey> {
    public static final String DEFAULT_PREFIX = "/coreos.com/network";

    public SubnetKey {
        Objects.requireNonNull(networkPrefix, "networkPrefix");
        Objects.requireNonNull(subnet, "subnet");
        if (networkPrefix.endsWith("/")) {
            throw new IllegalArgumentException("etcd prefix must not end in '/': " + networkPrefix);
        }
    }

    public static SubnetKey of(Ipv4Prefix subnet) { return new SubnetKey(DEFAULT_PREFIX, subnet); }

    /** {@code <prefix>/config}: where the network config lives. */
    public static String configKey(String networkPrefix) { return networkPrefix + "/config"; }

    /** {@code <prefix>/subnets/}: the directory (v3: the key prefix) of all leases. */
    public static String subnetsPrefix(String networkPrefix) { return networkPrefix + "/subnets/"; }

    /** {@code 10.1.15.0-24}: the last path component. */
    public String name() { return Ipv4Address.toString(subnet.address()) + "-" + subnet.length(); }

    /** The full key, e.g. {@code /coreos.com/network/subnets/10.1.15.0-24}. */
    public String key() { return subnetsPrefix(networkPrefix) + name(); }

    @Override public String toString() { return key(); }

    /** Parses a key under {@value #DEFAULT_PREFIX}. */
    public static SubnetKey parse(String key) { return parse(DEFAULT_PREFIX, key); }

    /** Parses a key under {@code networkPrefix}; throws {@link LeaseFormatException} with the reason. */
    public static SubnetKey parse(String networkPrefix, String key) {
        String dir = subnetsPrefix(networkPrefix);
        if (key == null || !key.startsWith(dir)) {
            throw new LeaseFormatException("subnet key", String.valueOf(key), "expected a key under " + dir);
        }
        String name = key.substring(dir.length());
        int dash = name.lastIndexOf('-');
        if (dash < 0) {
            throw new LeaseFormatException("subnet key", key, "expected <address>-<length> like 10.1.15.0-24 after " + dir);
        }
        String len = name.substring(dash + 1);
        if (len.isEmpty() || len.length() > 2 || !len.chars().allMatch(Character::isDigit) || Integer.parseInt(len) > 32) {
            throw new LeaseFormatException("subnet key", key, "expected a prefix length 0-32 after '-'");
        }
        int addr;
        try {
            addr = Ipv4Address.parseInt(name.substring(0, dash));
        } catch (AddressFormatException e) {
            throw new LeaseFormatException("subnet key", key, e.getMessage());
        }
        int length = Integer.parseInt(len);
        Ipv4Prefix p = Ipv4Prefix.containing(addr, length);
        if (p.address() != addr) {
            throw new LeaseFormatException("subnet key", key, "host bits set after /" + length + " (did you mean "
                    + new SubnetKey(networkPrefix, p).name() + "?)");
        }
        return new SubnetKey(networkPrefix, p);
    }

    /** Like {@link #parse(String, String)} but empty instead of an exception (for scanning a prefix). */
    public static Optional<SubnetKey> tryParse(String networkPrefix, String key) {
        try {
            return Optional.of(parse(networkPrefix, key));
        } catch (LeaseFormatException e) {
            return Optional.empty();
        }
    }

    @Override public int compareTo(SubnetKey o) {
        int c = networkPrefix.compareTo(o.networkPrefix);
        return c != 0 ? c : subnet.compareTo(o.subnet);
    }
}
