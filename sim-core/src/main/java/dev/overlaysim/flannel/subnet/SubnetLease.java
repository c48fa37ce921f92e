package dev.overlaysim.flannel.subnet;

import dev.overlaysim.flannel.etcd.Etcd;
import dev.overlaysim.protocols.addr.Ipv4Prefix;

import java.util.Objects;

/**
 * A subnet lease as read from etcd: the subnet, what its holder published, and the etcd lease the
 * key is attached to ({@link Etcd#NO_LEASE} for a reservation: a key an operator wrote without a
 * TTL, which flannel reuses for the node with that PublicIP and never lets expire).
 */
public record SubnetLease(Ipv4Prefix subnet, LeaseAttrs attrs, long etcdLeaseId) {
    public SubnetLease {
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(attrs, "attrs");
    }

    public boolean isReservation() { return etcdLeaseId == Etcd.NO_LEASE; }
}
