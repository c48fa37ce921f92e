package dev.overlaysim.scenarios.model;

import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.Ipv4Prefix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overlaysim.flannel.subnet.NetworkConfig;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Flannel's network configuration, the JSON value of {@code /coreos.com/network/config}:
 * {@code Network}, {@code SubnetLen}, {@code SubnetMin}, {@code SubnetMax}, {@code Backend}.
 *
 * @param cidr      {@code Network}: the overlay network, prefix length at most 28
 * @param subnetLen {@code SubnetLen}: prefix length of each node's subnet; empty = Flannel's default
 * @param subnetMin {@code SubnetMin}: lowest subnet to lease; empty = Flannel's default
 * @param subnetMax {@code SubnetMax}: highest subnet to lease; empty = Flannel's default
 * @param backend   {@code Backend}
 * @param legacyLeases write lease values as the seed document's older flannel did,
 *                  {@code {"PublicIP":"10.168.0.3"}}, instead of current flannel's JSON
 */
public record NetworkSpec(
        Ipv4Prefix cidr,
        OptionalInt subnetLen,
        Optional<Ipv4Address> subnetMin,
        Optional<Ipv4Address> subnetMax,
        BackendSpec backend,
        boolean legacyLeases) {

    public NetworkSpec(Ipv4Prefix cidr, OptionalInt subnetLen, Optional<Ipv4Address> subnetMin, Optional<Ipv4Address> subnetMax,
                       BackendSpec backend) {
        this(cidr, subnetLen, subnetMin, subnetMax, backend, false);
    }

    // Configuration only: immutable after this initialiser.
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The subnet length Flannel uses: {@code subnetLen} when given, else Flannel's default
     * ({@link NetworkConfig#defaultSubnetLen}: 24 when the network is a /22 or shorter, else the
     * network's prefix length + 2).
     */
    public int effectiveSubnetLen() {
        return subnetLen.orElseGet(() -> defaultSubnetLen(cidr.length()));
    }

    /** Flannel's default {@code SubnetLen} for a network of this prefix length. */
    public static int defaultSubnetLen(int networkPrefixLength) {
        return NetworkConfig.defaultSubnetLen(networkPrefixLength);
    }

    /**
     * The value written to {@code /coreos.com/network/config}, in flannel's field names and order
     * ({@code Network}, {@code SubnetLen}, {@code SubnetMin}, {@code SubnetMax}, {@code Backend}),
     * compact; fields the file leaves out are left out, so flanneld fills in its defaults. It is what
     * the run hands flanneld and what the loader checks with {@link NetworkConfig#parse}, so both
     * apply flannel's one rule set. A null {@code backend} (refused by the loader) is left out.
     */
    public String flannelConfigJson() {
        ObjectNode config = JSON.createObjectNode();
        config.put("Network", cidr.toString());
        subnetLen.ifPresent(l -> config.put("SubnetLen", l));
        subnetMin.ifPresent(a -> config.put("SubnetMin", a.toString()));
        subnetMax.ifPresent(a -> config.put("SubnetMax", a.toString()));
        if (backend != null) {
            ObjectNode b = config.putObject("Backend").put("Type", backend.type());
            if (backend instanceof BackendSpec.Vxlan v) {
                b.put("VNI", v.vni()).put("Port", v.port());
                if (v.directRouting()) b.put("DirectRouting", true);
            } else if (backend instanceof BackendSpec.Udp u) {
                b.put("Port", u.port());
            }
        }
        try {
            return JSON.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }
}
