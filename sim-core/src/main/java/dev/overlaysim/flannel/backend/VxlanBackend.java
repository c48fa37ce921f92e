package dev.overlaysim.flannel.backend;

import dev.overlaysim.flannel.subnet.AcquiredLease;
import dev.overlaysim.flannel.subnet.LeaseAttrs;
import dev.overlaysim.linux.Host;
import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.device.NetDevice;
import dev.overlaysim.linux.device.VxlanDevice;
import dev.overlaysim.linux.table.Route;
import dev.overlaysim.linux.table.RoutingTable;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.Ipv4Prefix;
import dev.overlaysim.protocols.addr.MacAddress;
import dev.overlaysim.protocols.codec.VxlanHeader;

import java.util.Optional;

/**
 * flannel's vxlan backend (pkg/backend/vxlan): a VTEP {@code flannel.<VNI>} with learning off,
 * local = the node's PublicIP, dev = the external interface, MTU = external MTU − 50, and the
 * subnet's address as a /32. For each other node's lease, in this order: a permanent neighbour
 * entry for its VTEP address, an FDB entry sending its VTEP MAC to its PublicIP, and the route
 * {@code <subnet> via <subnet address> dev flannel.1 onlink}; with DirectRouting and a peer on
 * the same link, just {@code <subnet> via <PublicIP>} on the external interface.
 */
public final class VxlanBackend implements Backend {
    private final Host host;
    private final NetDevice external;
    private final int vni;
    private final int port;
    private final boolean directRouting;
    private final Optional<MacAddress> pinnedMac;
    private VxlanDevice device;

    public VxlanBackend(Host host, NetDevice external, int vni, int port, boolean directRouting, Optional<MacAddress> pinnedMac) {
        this.host = host;
        this.external = external;
        this.vni = vni;
        this.port = port;
        this.directRouting = directRouting;
        this.pinnedMac = pinnedMac;
    }

    @Override public String type() { return "vxlan"; }

    public VxlanDevice device() { return device; }

    @Override public LeaseAttrs prepare() {
        NetNamespace ns = host.root();
        String name = "flannel." + vni;
        NetDevice existing = ns.device(name);
        if (existing instanceof VxlanDevice v) {
            device = v; // flanneld restarted: ensureLink keeps a device whose attributes match
        } else {
            long mac = pinnedMac.map(MacAddress::value).orElseGet(() -> randomLocalMac(host));
            device = new VxlanDevice(ns, name, mac, external.mtu() - VxlanHeader.OVERHEAD, vni,
                    external.primaryAddress(), external, port, false);
        }
        return LeaseAttrs.vxlan(Ipv4Address.of(external.primaryAddress()), vni, MacAddress.of(device.mac()));
    }

    /** The kernel gives a new VXLAN device a random locally administered unicast MAC. */
    static long randomLocalMac(Host host) {
        long r = host.world().sim().random().stream("vtep-mac:" + host.name()).nextLong() & MacAddress.MASK;
        return (r & ~0x0100_0000_0000L) | 0x0200_0000_0000L;
    }

    @Override public void configure(AcquiredLease lease) {
        int address = lease.subnet().address();
        if (!device.hasAddress(address)) {
            for (var a : java.util.List.copyOf(device.addresses())) device.removeAddress(a.address());
            device.addAddress(address, 32);
        }
        device.setUp(true);
    }

    @Override public int mtu() { return device.mtu(); }

    @Override public void leaseAdded(Ipv4Prefix subnet, LeaseAttrs attrs) {
        if (!"vxlan".equals(attrs.backendType())) {
            host.log("flanneld", "Ignoring non-vxlan subnet(" + subnet + "): type=" + attrs.backendType());
            return;
        }
        NetNamespace ns = host.root();
        int publicIp = attrs.publicIp().value();
        if (directRouting && onSameLink(publicIp)) {
            if (host.keepVerboseLine("flanneld")) {
                host.log("flanneld", "Adding direct route to subnet: " + subnet + " PublicIP: " + attrs.publicIp());
            }
            replaceRoute(Route.via(subnet, publicIp, external, false));
            return;
        }
        MacAddress vtepMac = attrs.vxlanVtepMac().orElseThrow();
        // flannel logs this at V(2) (vxlan_network.go handleSubnetEvents)
        if (host.keepVerboseLine("flanneld")) {
            host.log("flanneld", "adding subnet: " + subnet + " PublicIP: " + attrs.publicIp() + " VtepMAC: " + vtepMac);
        }
        ns.neighbours().addPermanent(device, subnet.address(), vtepMac.value());
        device.fdb().addPermanent(vtepMac.value(), device, publicIp, ns.now());
        replaceRoute(Route.via(subnet, subnet.address(), device, true));
    }

    private boolean onSameLink(int ip) {
        Route r = host.root().routes().lookup(ip);
        return r != null && !r.hasGateway() && r.device() == external;
    }

    private void replaceRoute(Route r) {
        try {
            host.root().routes().replace(r);
        } catch (RoutingTable.RouteException e) {
            host.log("flanneld", "failed to add route " + r.format() + ": " + e.getMessage());
        }
    }

    @Override public void leaseRemoved(Ipv4Prefix subnet, LeaseAttrs attrs) {
        if (attrs != null && !"vxlan".equals(attrs.backendType())) return;
        NetNamespace ns = host.root();
        if (host.keepVerboseLine("flanneld")) {
            host.log("flanneld", "removing subnet: " + subnet + (attrs == null ? "" : " PublicIP: " + attrs.publicIp()));
        }
        if (attrs != null) attrs.vxlanVtepMac().ifPresent(mac -> device.fdb().remove(mac.value()));
        ns.neighbours().remove(device, subnet.address());
        ns.routes().remove(subnet);
    }

    /** The VTEP, its neighbours, FDB entries and routes stay in the kernel when flanneld exits. */
    @Override public void shutdown() {}
}
