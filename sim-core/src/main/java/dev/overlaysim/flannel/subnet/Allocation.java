package dev.overlaysim.flannel.subnet;

import dev.overlaysim.protocols.addr.Ipv4Prefix;

import java.util.Objects;
import java.util.Optional;

/**
 * The allocator's decision for one node.
 *
 * @param subnet          the subnet to lease
 * @param source          why this subnet
 * @param existing        for {@link Source#REUSED}: the lease being reused (flannel rewrites it with a fresh TTL)
 * @param staleToDelete   a lease held by this node's PublicIP that no longer fits the config; flannel
 *                        deletes it before allocating ("Found lease ... but not compatible with current config, deleting")
 * @param candidates      for {@link Source#RANDOM}: how many free subnets the pick was made among (at most 100)
 */
public record Allocation(Ipv4Prefix subnet, Source source, Optional<SubnetLease> existing,
                         Optional<SubnetLease> staleToDelete, int candidates) {
    public enum Source {
        /** A lease with this node's PublicIP already exists and fits the config. */
        REUSED,
        /** The subnet from the previous subnet.env, still free and in range. */
        PREVIOUS,
        /** Drawn at random among the first (up to 100) free subnets from SubnetMin. */
        RANDOM,
        /** Requested explicitly (overlaysim's pinning, for reproducible examples). */
        PINNED
    }

    public Allocation {
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(existing, "existing");
        Objects.requireNonNull(staleToDelete, "staleToDelete");
    }
}
