package dev.overlaysim.flannel.subnet;

import dev.overlaysim.flannel.etcd.Etcd;
import dev.overlaysim.protocols.addr.Ipv4Prefix;

import java.util.Objects;

/**
 * A lease a node holds after {@link EtcdSubnetManager#acquireLease}: flannel's {@code lease.Lease}.
 *
 * @param subnet         the node's subnet
 * @param attrs          what the node published
 * @param etcdLeaseId    the etcd lease the key is attached to, {@link Etcd#NO_LEASE} for a reservation
 * @param expiresAtNanos simulated expiry time, {@link Long#MAX_VALUE} for a reservation
 * @param source         how the subnet was chosen
 */
public record AcquiredLease(Ipv4Prefix subnet, LeaseAttrs attrs, long etcdLeaseId, long expiresAtNanos,
                            Allocation.Source source) {
    public AcquiredLease {
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(attrs, "attrs");
        Objects.requireNonNull(source, "source");
    }
}
