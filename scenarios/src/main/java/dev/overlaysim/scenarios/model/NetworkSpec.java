package dev.overlaysim.scenarios.model;

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
        Optional<Ipv4> subnetMin,
        Optional<Ipv4> subnetMax,
        BackendSpec backend,
        boolean legacyLeases) {

    public NetworkSpec(Ipv4Prefix cidr, OptionalInt subnetLen, Optional<Ipv4> subnetMin, Optional<Ipv4> subnetMax,
                       BackendSpec backend) {
        this(cidr, subnetLen, subnetMin, subnetMax, backend, false);
    }

    /**
     * The subnet length Flannel uses: {@code subnetLen} when given, else 24 when the network is a
     * /22 or shorter, else the network's prefix length + 2.
     */
    public int effectiveSubnetLen() {
        return subnetLen.orElseGet(() -> defaultSubnetLen(cidr.length()));
    }

    /** Flannel's default {@code SubnetLen} for a network of this prefix length. */
    public static int defaultSubnetLen(int networkPrefixLength) {
        return networkPrefixLength <= 22 ? 24 : networkPrefixLength + 2;
    }
}
