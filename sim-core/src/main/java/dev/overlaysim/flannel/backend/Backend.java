package dev.overlaysim.flannel.backend;

import dev.overlaysim.flannel.subnet.AcquiredLease;
import dev.overlaysim.flannel.subnet.LeaseAttrs;
import dev.overlaysim.protocols.addr.Ipv4Prefix;

/**
 * What flanneld's backend does (flannel's pkg/backend): prepare the node before the lease is
 * taken (the VXLAN device exists first, since its MAC goes into the lease), set the node up for
 * its own lease, and program the data path for every other node's lease as they come and go.
 */
public interface Backend {
    /** The backend's name as it appears in the network config and in lease values. */
    String type();

    /** Before the lease: create devices whose attributes the lease carries; returns the lease's attributes. */
    LeaseAttrs prepare();

    /** After the lease: addresses, routes, processes for the node's own subnet. */
    void configure(AcquiredLease lease);

    /** The MTU containers should use (FLANNEL_MTU). */
    int mtu();

    /** Another node's lease appeared or changed. */
    void leaseAdded(Ipv4Prefix subnet, LeaseAttrs attrs);

    /** Another node's lease is gone (deleted or expired). */
    void leaseRemoved(Ipv4Prefix subnet, LeaseAttrs attrs);

    /** flanneld exits: what does not outlive the process goes away. */
    void shutdown();
}
