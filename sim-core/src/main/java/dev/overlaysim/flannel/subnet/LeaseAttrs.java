package dev.overlaysim.flannel.subnet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overlaysim.protocols.addr.AddressFormatException;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.MacAddress;

import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The value of a subnet lease key: flannel's {@code LeaseAttrs} (pkg/lease/lease.go) as
 * {@code json.Marshal} writes it. The Go struct is
 *
 * <pre>
 * PublicIP      ip.IP4                               // always written
 * PublicIPv6    *ip.IP6                              // always written: null without IPv6
 * BackendType   string          `json:",omitempty"`
 * BackendData   json.RawMessage `json:",omitempty"`
 * BackendV6Data json.RawMessage `json:",omitempty"`
 * </pre>
 *
 * so the fields come in that order and empty ones vanish. What each backend writes (current flannel):
 * <ul>
 *   <li>vxlan (pkg/backend/vxlan/vxlan.go {@code newSubnetAttrs}): {@code BackendType "vxlan"},
 *       {@code BackendData {"VNI":1,"VtepMAC":"5e:f8:4f:00:0f:00"}} (MAC lowercase, colons: Go's
 *       {@code net.HardwareAddr}).</li>
 *   <li>udp (pkg/backend/udp/udp_amd64.go {@code RegisterNetwork}): only {@code PublicIP}; it sets no
 *       BackendType, so the value is {@code {"PublicIP":"10.168.0.2","PublicIPv6":null}}.</li>
 *   <li>host-gw (pkg/backend/hostgw/hostgw.go): {@code BackendType "host-gw"}, no data.</li>
 * </ul>
 * Flannel before dual-stack support had no {@code PublicIPv6}; {@link #toLegacyJson()} writes that
 * older form, which is what the seed document shows: {@code {"PublicIP":"10.168.0.3"}}.
 *
 * @param publicIp    the node's public address, where peers send encapsulated traffic
 * @param backendType the BackendType, or {@code ""} when absent (Go's omitted zero value)
 * @param backendData the BackendData as compact JSON, or {@code ""} when absent
 */
public record LeaseAttrs(Ipv4Address publicIp, String backendType, String backendData) {
    private static final List<String> FIELDS = List.of("PublicIP", "PublicIPv6", "BackendType", "BackendData", "BackendV6Data");

    public LeaseAttrs {
        Objects.requireNonNull(publicIp, "publicIp");
        Objects.requireNonNull(backendType, "backendType");
        Objects.requireNonNull(backendData, "backendData");
    }

    /** What flannel's udp backend writes: the public IP alone. */
    public static LeaseAttrs udp(Ipv4Address publicIp) { return new LeaseAttrs(publicIp, "", ""); }

    /** What flannel's host-gw backend writes. */
    public static LeaseAttrs hostGw(Ipv4Address publicIp) { return new LeaseAttrs(publicIp, NetworkConfig.HOST_GW, ""); }

    /**
     * What flannel's vxlan backend writes: VNI and the VTEP (flannel.VNI device) MAC. The device's VNI
     * is 24 bits (0 to 16777215), but flannel's lease field is a {@code uint16}
     * ({@code vxlanLeaseAttrs.VNI}, filled with {@code uint16(vnid)}): Go's conversion keeps the low
     * 16 bits, so a VNI above 65535 is written truncated ({@code 65537} as {@code 1}). Peers use a
     * lease's PublicIP and VtepMAC, not its VNI, so such a VNI still works; the lease just shows the
     * truncated number.
     */
    public static LeaseAttrs vxlan(Ipv4Address publicIp, int vni, MacAddress vtepMac) {
        if (vni < 0 || vni > 0xFF_FFFF) {
            throw new IllegalArgumentException("VNI " + vni + " is not a 24-bit VXLAN VNI (0 to 16777215)");
        }
        int leaseVni = vni & 0xFFFF;
        return new LeaseAttrs(publicIp, NetworkConfig.VXLAN, "{\"VNI\":" + leaseVni + ",\"VtepMAC\":\"" + vtepMac + "\"}");
    }

    /** The current JSON, byte for byte as flannel writes it. */
    public String toJson() { return render(true); }

    /** The pre-dual-stack JSON (no {@code PublicIPv6}), as the seed's old flannel wrote it. */
    public String toLegacyJson() { return render(false); }

    private String render(boolean withIpv6) {
        StringBuilder sb = new StringBuilder("{\"PublicIP\":\"").append(publicIp).append('"');
        if (withIpv6) sb.append(",\"PublicIPv6\":null");
        if (!backendType.isEmpty()) sb.append(",\"BackendType\":").append(quote(backendType));
        if (!backendData.isEmpty()) sb.append(",\"BackendData\":").append(backendData);
        return sb.append('}').toString();
    }

    private static String quote(String s) {
        return Json.compact(com.fasterxml.jackson.databind.node.TextNode.valueOf(s));
    }

    /** The VNI in a vxlan lease's BackendData. */
    public Optional<Integer> vxlanVni() {
        return backendField("VNI").filter(JsonNode::isIntegralNumber).map(JsonNode::intValue);
    }

    /** The VTEP MAC in a vxlan lease's BackendData. */
    public Optional<MacAddress> vxlanVtepMac() {
        String canonical = canonicalVtepMac(backendData);
        if (canonical != null) return Optional.of(MacAddress.parse(canonical));
        return backendField("VtepMAC").filter(JsonNode::isTextual).map(n -> MacAddress.parse(n.textValue()));
    }

    /**
     * The MAC text of BackendData in exactly the form {@link #vxlan} writes and {@link #parse} keeps,
     * {@code {"VNI":1,"VtepMAC":"5e:f8:4f:00:0f:00"}} (VNI digits without a leading zero, the MAC of
     * hex digits and colons only, so no escapes), else null. Every node reads every peer's MAC, so
     * this skips a JSON parse per lease per node; any other form goes through the parser.
     */
    private static String canonicalVtepMac(String data) {
        final String head = "{\"VNI\":";
        final String mac = ",\"VtepMAC\":\"";
        if (!data.startsWith(head) || !data.endsWith("\"}")) return null;
        int i = head.length();
        int digits = i;
        while (i < data.length() && data.charAt(i) >= '0' && data.charAt(i) <= '9') i++;
        if (i == digits || (i - digits > 1 && data.charAt(digits) == '0')) return null;
        if (!data.startsWith(mac, i)) return null;
        int from = i + mac.length();
        int to = data.length() - 2;
        if (to - from != 17) return null;
        for (int j = from; j < to; j++) {
            char c = data.charAt(j);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex && c != ':') return null;
        }
        return data.substring(from, to);
    }

    private Optional<JsonNode> backendField(String name) {
        if (backendData.isEmpty()) return Optional.empty();
        try {
            return Optional.ofNullable(Json.read(backendData).get(name));
        } catch (Json.SyntaxError e) {
            return Optional.empty();
        }
    }

    /**
     * Parses a lease value, current or legacy. Strict: unknown fields, a missing PublicIP and a
     * non-null PublicIPv6/BackendV6Data (IPv6 is not modelled) are errors.
     */
    public static LeaseAttrs parse(String json) {
        JsonNode root;
        try {
            root = Json.read(json);
        } catch (Json.SyntaxError e) {
            throw new LeaseFormatException("lease value", String.valueOf(json), e.getMessage());
        }
        if (!root.isObject()) throw new LeaseFormatException("lease value", json, "expected a JSON object");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new LeaseFormatException("lease value", json, "unknown field \"" + f + "\" (known: " + String.join(", ", FIELDS) + ")");
            }
        }
        JsonNode ip = root.get("PublicIP");
        if (ip == null || !ip.isTextual()) throw new LeaseFormatException("lease value", json, "PublicIP must be an IPv4 address string");
        Ipv4Address publicIp;
        try {
            publicIp = Ipv4Address.parse(ip.textValue());
        } catch (AddressFormatException e) {
            throw new LeaseFormatException("lease value", json, e.getMessage());
        }
        for (String v6 : List.of("PublicIPv6", "BackendV6Data")) {
            JsonNode n = root.get(v6);
            if (n != null && !n.isNull()) throw new LeaseFormatException("lease value", json, v6 + " is set; IPv6 is not modelled");
        }
        JsonNode type = root.get("BackendType");
        if (type != null && !type.isTextual()) throw new LeaseFormatException("lease value", json, "BackendType must be a string");
        JsonNode data = root.get("BackendData");
        if (data != null && !data.isNull() && !data.isObject()) {
            throw new LeaseFormatException("lease value", json, "BackendData must be an object");
        }
        return new LeaseAttrs(publicIp, type == null ? "" : type.textValue(),
                data == null || data.isNull() ? "" : Json.compact(data));
    }
}
