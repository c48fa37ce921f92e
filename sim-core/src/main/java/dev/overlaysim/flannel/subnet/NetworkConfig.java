package dev.overlaysim.flannel.subnet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overlaysim.protocols.addr.AddressFormatException;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.Ipv4Prefix;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Flannel's network config, the JSON under {@code /coreos.com/network/config}, parsed and checked
 * as flanneld does it (pkg/subnet/config.go: {@code ParseConfig}, {@code CheckNetworkConfig}),
 * defaults filled in:
 *
 * <ul>
 *   <li>{@code SubnetLen}: 24 when {@code Network} is /22 or shorter, else Network's length + 2;
 *       an explicit 0 means "default" (Go's zero value).</li>
 *   <li>{@code SubnetMin}: the second subnet of Network (the first is skipped so that no host gets
 *       the network address); {@code SubnetMax}: the last subnet. {@code "0.0.0.0"} means default.</li>
 *   <li>Backend type: lowercased (flannel lowercases it in pkg/backend/manager.go). When
 *       {@code Backend} is absent flannel's code picks {@code udp} ({@code parseBackendType}) while
 *       its documentation says {@code vxlan}; overlaysim follows the code, since it reproduces
 *       what flanneld does, and records a warning in {@link #warnings()}.</li>
 * </ul>
 *
 * <p>Errors use flannel's texts (see {@link FlannelConfigException#fromFlannel()}). Beyond flannel,
 * parsing is strict: field names are matched exactly (Go's decoder ignores case), unknown fields,
 * duplicate fields and host bits in {@code Network} (which Go's {@code net.ParseCIDR} would
 * silently clear) are errors, as are backend options of the wrong type (flanneld finds those later,
 * when the backend starts: "error decoding VXLAN backend config: ..."). IPv6 and backends other
 * than udp, vxlan and host-gw are not modelled and are refused with a message that says so.
 *
 * @param network        the overlay network, e.g. 10.1.0.0/16
 * @param subnetLen      the per-host subnet length
 * @param subnetMin      the lowest subnet address that may be leased
 * @param subnetMax      the highest subnet address that may be leased
 * @param backendType    lowercase: {@code udp}, {@code vxlan} or {@code host-gw}
 * @param backendOptions the Backend object's other fields, in document order, unmodifiable
 * @param warnings       things flannel accepts but a reader should know, in the order found
 */
public record NetworkConfig(Ipv4Prefix network, int subnetLen, Ipv4Address subnetMin, Ipv4Address subnetMax,
                            String backendType, Map<String, Object> backendOptions, List<String> warnings) {

    public static final String UDP = "udp";
    public static final String VXLAN = "vxlan";
    public static final String HOST_GW = "host-gw";

    private static final List<String> TOP_LEVEL = List.of("Network", "SubnetLen", "SubnetMin", "SubnetMax", "Backend",
            "EnableIPv4", "EnableIPv6", "IPv6Network", "IPv6SubnetLen", "IPv6SubnetMin", "IPv6SubnetMax");
    /** Backends flanneld registers that overlaysim does not model. */
    private static final Set<String> OTHER_FLANNEL_BACKENDS = Set.of("ipip", "wireguard", "ipsec", "alloc",
            "extension", "aws-vpc", "gce", "ali-vpc", "tencent-vpc");

    public NetworkConfig {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(subnetMin, "subnetMin");
        Objects.requireNonNull(subnetMax, "subnetMax");
        Objects.requireNonNull(backendType, "backendType");
        backendOptions = Collections.unmodifiableMap(new LinkedHashMap<>(backendOptions));
        warnings = List.copyOf(warnings);
    }

    /** Parses and checks a flannel network config. */
    public static NetworkConfig parse(String json) {
        JsonNode root;
        try {
            root = Json.read(json);
        } catch (Json.SyntaxError e) {
            throw FlannelConfigException.strict("", "invalid JSON in flannel config", e.getMessage());
        }
        if (!root.isObject()) {
            throw FlannelConfigException.strict("", "flannel config must be a JSON object", "found " + Json.typeName(root));
        }
        List<String> warnings = new ArrayList<>();
        checkTopLevelFields(root);

        // ---- ParseConfig: the backend type
        JsonNode backend = root.get("Backend");
        String backendType;
        Map<String, Object> options = new LinkedHashMap<>();
        if (backend == null) {
            backendType = UDP;
            warnings.add("Backend is absent: using \"udp\", the default in flannel's code (pkg/subnet/config.go"
                    + " parseBackendType); flannel's documentation names vxlan as the default");
        } else {
            backendType = parseBackend(backend, options);
        }

        // ---- CheckNetworkConfig
        Ipv4Prefix network = parseNetwork(root.get("Network"));
        long givenLen = parseSubnetLen(root.get("SubnetLen"));
        if (givenLen > 30) {
            throw FlannelConfigException.flannel("SubnetLen", "SubnetLen must be less than /31", "SubnetLen is " + givenLen);
        }
        int subnetLen = (int) givenLen;
        if (subnetLen > 0) {
            if (subnetLen < network.length() + 2) {
                throw FlannelConfigException.flannel("SubnetLen", "network must be able to accommodate at least four subnets",
                        "Network " + network + " with SubnetLen " + subnetLen + "; SubnetLen must be at least "
                                + (network.length() + 2));
            }
        } else if (network.length() > 28) {
            throw FlannelConfigException.flannel("Network", "network is too small. Minimum useful network prefix is /28",
                    "Network is " + network);
        } else {
            subnetLen = defaultSubnetLen(network.length());
        }

        int subnetSize = 1 << (32 - subnetLen);
        Ipv4Address min = parseAddress("SubnetMin", root.get("SubnetMin"));
        if (min == null) {
            min = Ipv4Address.of(network.address() + subnetSize);
        } else if (!network.contains(min.value())) {
            throw FlannelConfigException.flannel("SubnetMin", "SubnetMin is not in the range of the Network",
                    "SubnetMin " + min + ", Network " + network);
        }
        Ipv4Address max = parseAddress("SubnetMax", root.get("SubnetMax"));
        if (max == null) {
            max = Ipv4Address.of(network.broadcast() + 1 - subnetSize);
        } else if (!network.contains(max.value())) {
            throw FlannelConfigException.flannel("SubnetMax", "SubnetMax is not in the range of the Network",
                    "SubnetMax " + max + ", Network " + network);
        }
        int mask = Ipv4Prefix.mask(subnetLen);
        if ((min.value() & mask) != min.value()) {
            throw FlannelConfigException.flannel("SubnetMin", "SubnetMin is not on a SubnetLen boundary: " + min,
                    "SubnetLen " + subnetLen + "; nearest boundary below is " + Ipv4Address.toString(min.value() & mask));
        }
        if ((max.value() & mask) != max.value()) {
            throw FlannelConfigException.flannel("SubnetMax", "SubnetMax is not on a SubnetLen boundary: " + max,
                    "SubnetLen " + subnetLen + "; nearest boundary below is " + Ipv4Address.toString(max.value() & mask));
        }
        if (Integer.compareUnsigned(min.value(), max.value()) > 0) {
            warnings.add("SubnetMin " + min + " is above SubnetMax " + max + ": flannel accepts this, but every"
                    + " lease request will fail with \"out of subnets\"");
        }
        return new NetworkConfig(network, subnetLen, min, max, backendType, options, warnings);
    }

    /**
     * flannel's default {@code SubnetLen} for a Network of this prefix length (/28 or shorter):
     * 24 when the network is a /22 or shorter, else the prefix length + 2 (four subnets).
     */
    public static int defaultSubnetLen(int networkPrefixLength) {
        return networkPrefixLength <= 22 ? 24 : networkPrefixLength + 2;
    }

    // ------------------------------------------------------------------ derived values

    /** The number of addresses in one host subnet. */
    public long subnetSize() { return 1L << (32 - subnetLen); }

    /** How many subnets lie in [SubnetMin, SubnetMax]. */
    public long subnetCount() {
        long lo = Integer.toUnsignedLong(subnetMin.value());
        long hi = Integer.toUnsignedLong(subnetMax.value());
        return hi < lo ? 0 : (hi - lo) / subnetSize() + 1;
    }

    /** SubnetMin as a subnet: the first one the allocator tries. */
    public Ipv4Prefix firstSubnet() { return Ipv4Prefix.of(subnetMin.value(), subnetLen); }

    /** SubnetMax as a subnet. */
    public Ipv4Prefix lastSubnet() { return Ipv4Prefix.of(subnetMax.value(), subnetLen); }

    /**
     * flannel's {@code isSubnetConfigCompat}: the subnet's address lies in [SubnetMin, SubnetMax]
     * and its length is SubnetLen.
     */
    public boolean isCompatible(Ipv4Prefix subnet) {
        return subnet.length() == subnetLen
                && Integer.compareUnsigned(subnet.address(), subnetMin.value()) >= 0
                && Integer.compareUnsigned(subnet.address(), subnetMax.value()) <= 0;
    }

    /** A backend option as a long, or {@code dflt} when absent (VNI, Port). */
    public long backendLong(String name, long dflt) {
        Object v = backendOptions.get(name);
        return v instanceof Long l ? l : dflt;
    }

    /** A backend option as a boolean, or false when absent (DirectRouting, GBP, Learning). */
    public boolean backendFlag(String name) {
        return Boolean.TRUE.equals(backendOptions.get(name));
    }

    // ------------------------------------------------------------------ parsing helpers

    private static void checkTopLevelFields(JsonNode root) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (TOP_LEVEL.contains(name)) continue;
            String exact = null;
            for (String known : TOP_LEVEL) {
                if (known.equalsIgnoreCase(name)) exact = known;
            }
            throw FlannelConfigException.strict(name, "unknown field \"" + name + "\" in flannel config",
                    exact != null
                            ? "flannel's Go decoder would take it as " + exact + " (it ignores case); write " + exact
                            : "known fields: " + String.join(", ", TOP_LEVEL));
        }
        JsonNode v4 = root.get("EnableIPv4");
        if (v4 != null && !(v4.isBoolean() && v4.booleanValue())) {
            throw FlannelConfigException.strict("EnableIPv4", "EnableIPv4 other than true is not modelled by overlaysim",
                    "found " + Json.typeName(v4));
        }
        JsonNode v6 = root.get("EnableIPv6");
        if (v6 != null && !(v6.isBoolean() && !v6.booleanValue())) {
            throw FlannelConfigException.strict("EnableIPv6", "IPv6 is not modelled by overlaysim", "found " + Json.typeName(v6));
        }
        for (String f : List.of("IPv6Network", "IPv6SubnetLen", "IPv6SubnetMin", "IPv6SubnetMax")) {
            if (root.has(f)) throw FlannelConfigException.strict(f, "IPv6 is not modelled by overlaysim", f + " is set");
        }
    }

    private static String parseBackend(JsonNode backend, Map<String, Object> options) {
        if (!backend.isObject()) {
            throw FlannelConfigException.flannel("Backend", "error decoding Backend property of config",
                    "Backend must be an object, found " + Json.typeName(backend));
        }
        JsonNode typeNode = backend.get("Type");
        if (typeNode != null && !typeNode.isTextual()) {
            throw FlannelConfigException.flannel("Backend.Type", "error decoding Backend property of config",
                    "Type must be a string, found " + Json.typeName(typeNode));
        }
        String type = typeNode == null ? "" : typeNode.textValue().toLowerCase(Locale.ROOT);
        if (type.isEmpty()) {
            throw FlannelConfigException.flannel("Backend.Type", "unknown backend type: ",
                    "Backend has no Type; write \"Type\": \"vxlan\", \"udp\" or \"host-gw\"");
        }
        Map<String, String> allowed = switch (type) {
            case VXLAN -> vxlanOptions();
            case UDP -> Map.of("Port", "port");
            case HOST_GW -> Map.of();
            default -> {
                if (OTHER_FLANNEL_BACKENDS.contains(type)) {
                    throw FlannelConfigException.strict("Backend.Type", "backend type \"" + type
                            + "\" is not modelled by overlaysim", "modelled: udp, vxlan, host-gw");
                }
                throw FlannelConfigException.flannel("Backend.Type", "unknown backend type: " + type,
                        "flannel registers udp, vxlan, host-gw, ipip, wireguard, ipsec, alloc, extension and cloud backends");
            }
        };
        String decodeError = "error decoding " + switch (type) {
            case VXLAN -> "VXLAN";
            case UDP -> "UDP";
            default -> "host-gw";
        } + " backend config";
        for (Iterator<Map.Entry<String, JsonNode>> it = backend.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (name.equals("Type")) continue;
            String kind = allowed.get(name);
            if (kind == null) {
                throw FlannelConfigException.strict("Backend." + name, "unknown field \"" + name + "\" in the "
                        + type + " Backend", allowed.isEmpty() ? type + " takes no options"
                        : "known fields: " + String.join(", ", new java.util.TreeSet<>(allowed.keySet())));
            }
            JsonNode v = e.getValue();
            String field = "Backend." + name;
            switch (kind) {
                case "bool" -> {
                    if (!v.isBoolean()) throw FlannelConfigException.flannel(field, decodeError, name + " must be true or false, found " + Json.typeName(v));
                }
                case "vni" -> checkIntRange(field, decodeError, v, 0, 0xFF_FFFF, "a VXLAN VNI 0-16777215");
                case "port" -> checkIntRange(field, decodeError, v, type.equals(UDP) ? 1 : 0, 65535,
                        type.equals(UDP) ? "a UDP port 1-65535" : "a UDP port 0-65535 (0: the kernel's 8472)");
                default -> throw new IllegalStateException(kind);
            }
            options.put(name, Json.toJava(v));
        }
        return type;
    }

    private static Map<String, String> vxlanOptions() {
        // The fields of the options struct in pkg/backend/vxlan/vxlan.go RegisterNetwork.
        Map<String, String> m = new LinkedHashMap<>();
        m.put("VNI", "vni");
        m.put("Port", "port");
        m.put("GBP", "bool");
        m.put("Learning", "bool");
        m.put("DirectRouting", "bool");
        return m;
    }

    private static void checkIntRange(String field, String text, JsonNode v, long lo, long hi, String expected) {
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < lo || v.longValue() > hi) {
            throw FlannelConfigException.flannel(field, text, field.substring(field.indexOf('.') + 1)
                    + " must be " + expected + ", found " + Json.typeName(v));
        }
    }

    private static Ipv4Prefix parseNetwork(JsonNode n) {
        String missing = "please define a correct Network parameter in the flannel config";
        if (n == null) throw FlannelConfigException.flannel("Network", missing, "Network is absent");
        if (!n.isTextual()) throw FlannelConfigException.flannel("Network", missing, "Network must be a string like \"10.1.0.0/16\", found " + Json.typeName(n));
        String text = n.textValue();
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw FlannelConfigException.flannel("Network", "invalid CIDR address: " + text, "Network needs a prefix length, like 10.1.0.0/16");
        }
        int addr;
        int len;
        try {
            addr = Ipv4Address.parseInt(text.substring(0, slash));
            String l = text.substring(slash + 1);
            if (l.isEmpty() || l.length() > 2 || !l.chars().allMatch(Character::isDigit) || Integer.parseInt(l) > 32) {
                throw new AddressFormatException("IPv4 prefix", text, "a prefix length 0-32 after '/'");
            }
            len = Integer.parseInt(l);
        } catch (AddressFormatException e) {
            throw FlannelConfigException.flannel("Network", "invalid CIDR address: " + text, e.getMessage());
        }
        if (addr == 0 && len == 0) {
            throw FlannelConfigException.flannel("Network", missing, "Network is 0.0.0.0/0");
        }
        Ipv4Prefix p = Ipv4Prefix.containing(addr, len);
        if (p.address() != addr) {
            throw FlannelConfigException.strict("Network", "Network " + text + " has host bits set",
                    "flannel would silently use " + p + "; write " + p);
        }
        return p;
    }

    private static long parseSubnetLen(JsonNode n) {
        if (n == null) return 0;
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) {
            throw FlannelConfigException.strict("SubnetLen", "SubnetLen must be a whole number of bits",
                    "found " + Json.typeName(n) + "; flannel's decoder refuses it too (Go type uint)");
        }
        return n.longValue();
    }

    private static Ipv4Address parseAddress(String field, JsonNode n) {
        if (n == null) return null;
        if (!n.isTextual()) {
            throw FlannelConfigException.strict(field, field + " must be an IPv4 address string",
                    "found " + Json.typeName(n) + ", expected e.g. \"10.1.1.0\"");
        }
        Ipv4Address a;
        try {
            a = Ipv4Address.parse(n.textValue());
        } catch (AddressFormatException e) {
            throw FlannelConfigException.flannel(field, "Invalid IP address format", e.getMessage());
        }
        return a.value() == 0 ? null : a; // flannel: the zero IP means "not set"
    }
}
