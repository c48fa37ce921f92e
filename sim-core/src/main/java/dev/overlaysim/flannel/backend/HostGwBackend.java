package dev.overlaysim.flannel.backend;

import dev.overlaysim.flannel.subnet.AcquiredLease;
import dev.overlaysim.flannel.subnet.LeaseAttrs;
import dev.overlaysim.linux.Host;
import dev.overlaysim.linux.device.NetDevice;
import dev.overlaysim.linux.table.Route;
import dev.overlaysim.linux.table.RoutingTable;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.Ipv4Prefix;

/**
 * flannel's host-gw backend (pkg/backend/hostgw): no encapsulation, one route per other node,
 * {@code <subnet> via <PublicIP> dev <external>}. It needs every node on one L2 link: across a
 * router the kernel refuses the route ("Network is unreachable"), flanneld logs it and carries on,
 * and traffic for that subnet follows the default route instead.
 */
public final class HostGwBackend implements Backend {
    private final Host host;
    private final NetDevice external;

    public HostGwBackend(Host host, NetDevice external) {
        this.host = host;
        this.external = external;
    }

    @Override public String type() { return "host-gw"; }

    @Override public LeaseAttrs prepare() { return LeaseAttrs.hostGw(Ipv4Address.of(external.primaryAddress())); }

    @Override public void configure(AcquiredLease lease) {}

    @Override public int mtu() { return external.mtu(); }

    @Override public void leaseAdded(Ipv4Prefix subnet, LeaseAttrs attrs) {
        if (!"host-gw".equals(attrs.backendType())) return;
        Route r = Route.via(subnet, attrs.publicIp().value(), external, false);
        try {
            host.root().routes().replace(r);
            host.log("flanneld", "Subnet added: " + subnet + " via " + attrs.publicIp());
        } catch (RoutingTable.RouteException e) {
            host.log("flanneld", "Error adding route to " + subnet + " via " + attrs.publicIp() + " dev index "
                    + external.ifindex() + ": " + e.getMessage().replace("RTNETLINK answers: ", "").toLowerCase(java.util.Locale.ROOT));
        }
    }

    @Override public void leaseRemoved(Ipv4Prefix subnet, LeaseAttrs attrs) {
        Route r = host.root().routes().get(subnet);
        if (r != null && r.device() == external) {
            host.root().routes().remove(subnet);
            host.log("flanneld", "Subnet removed: " + subnet);
        }
    }

    @Override public void shutdown() {}
}
