package dev.overlaysim.flannel.subnet;

import dev.overlaysim.protocols.addr.AddressFormatException;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.Ipv4Prefix;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code /run/flannel/subnet.env}, as flannel's {@code WriteSubnetFile} (pkg/subnet/subnet.go) writes
 * it for IPv4:
 *
 * <pre>
 * FLANNEL_NETWORK=10.1.0.0/16
 * FLANNEL_SUBNET=10.1.15.1/24
 * FLANNEL_MTU=1450
 * FLANNEL_IPMASQ=false
 * </pre>
 *
 * {@code FLANNEL_SUBNET} is the lease's subnet with its address incremented by one (the first
 * usable address, which docker0 / cni0 takes) and the subnet's length. On restart flanneld reads
 * the previous subnet back from this line ({@code net.ParseCIDR} clears the host bits).
 *
 * @param network the whole flannel network
 * @param subnet  this node's lease subnet (host bits clear)
 * @param mtu     the backend's MTU (external MTU − 50 for vxlan, − 28 for udp)
 * @param ipMasq  flanneld's {@code --ip-masq}
 */
public record SubnetEnv(Ipv4Prefix network, Ipv4Prefix subnet, int mtu, boolean ipMasq) {
    private static final List<String> KEYS = List.of("FLANNEL_NETWORK", "FLANNEL_SUBNET", "FLANNEL_MTU", "FLANNEL_IPMASQ");

    public SubnetEnv {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(subnet, "subnet");
        if (mtu <= 0) throw new IllegalArgumentException("MTU must be positive, got " + mtu);
    }

    /** The first address of the subnet: what {@code FLANNEL_SUBNET} shows. */
    public Ipv4Address firstAddress() { return Ipv4Address.of(subnet.address() + 1); }

    /** The file's exact text. */
    public String render() {
        return "FLANNEL_NETWORK=" + network + "\n"
                + "FLANNEL_SUBNET=" + firstAddress() + "/" + subnet.length() + "\n"
                + "FLANNEL_MTU=" + mtu + "\n"
                + "FLANNEL_IPMASQ=" + ipMasq + "\n";
    }

    @Override public String toString() { return render(); }

    /** Parses the four IPv4 lines (in any order); any other line is an error naming its number. */
    public static SubnetEnv parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) continue;
            int eq = line.indexOf('=');
            String key = eq < 0 ? line : line.substring(0, eq);
            if (eq < 0 || !KEYS.contains(key)) {
                throw new IllegalArgumentException("subnet.env line " + (i + 1) + " '" + line + "': expected one of "
                        + String.join(", ", KEYS) + " followed by '='");
            }
            if (values.put(key, line.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("subnet.env line " + (i + 1) + ": " + key + " given twice");
            }
        }
        for (String k : KEYS) {
            if (!values.containsKey(k)) throw new IllegalArgumentException("subnet.env: " + k + " is missing");
        }
        try {
            Ipv4Prefix network = Ipv4Prefix.parse(values.get("FLANNEL_NETWORK"));
            String sn = values.get("FLANNEL_SUBNET");
            int slash = sn.indexOf('/');
            if (slash < 0) throw new IllegalArgumentException("subnet.env: FLANNEL_SUBNET '" + sn + "' has no /length");
            Ipv4Prefix subnet = Ipv4Prefix.containing(Ipv4Address.parseInt(sn.substring(0, slash)),
                    Ipv4Prefix.parse("0.0.0.0" + sn.substring(slash)).length());
            int mtu = Integer.parseInt(values.get("FLANNEL_MTU"));
            String masq = values.get("FLANNEL_IPMASQ");
            if (!masq.equals("true") && !masq.equals("false")) {
                throw new IllegalArgumentException("subnet.env: FLANNEL_IPMASQ '" + masq + "': expected true or false");
            }
            return new SubnetEnv(network, subnet, mtu, Boolean.parseBoolean(masq));
        } catch (AddressFormatException e) {
            throw new IllegalArgumentException("subnet.env: " + e.getMessage(), e);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("subnet.env: FLANNEL_MTU '" + values.get("FLANNEL_MTU") + "' is not a number", e);
        }
    }
}
