package dev.overlaysim.flannel.backend;

import dev.overlaysim.flannel.subnet.AcquiredLease;
import dev.overlaysim.flannel.subnet.LeaseAttrs;
import dev.overlaysim.linux.Host;
import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.device.NetDevice;
import dev.overlaysim.linux.device.TunDevice;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.Ipv4Prefix;

/**
 * flannel's udp backend (pkg/backend/udp): a TUN device {@code flannel0} (MTU = external − 28)
 * served by flanneld's proxy on UDP port 8285, which carries whole IP packets between nodes.
 *
 * <p>flannel0's address is the subnet address with the Network's prefix length, so the kernel
 * adds {@code <Network> dev flannel0 proto kernel scope link src <subnet address>} itself — the
 * table the seed document shows. Current flanneld instead gives flannel0 a /32 and adds the
 * Network route on its own ({@code <Network> dev flannel0}); packets take the same path either way.
 */
public final class UdpBackend implements Backend {
    /** IPv4 20 + UDP 8. */
    public static final int OVERHEAD = 28;

    private final Host host;
    private final NetDevice external;
    private final Ipv4Prefix network;
    private final int port;
    private TunDevice tun;
    private UdpProxy proxy;

    public UdpBackend(Host host, NetDevice external, Ipv4Prefix network, int port) {
        this.host = host;
        this.external = external;
        this.network = network;
        this.port = port;
    }

    @Override public String type() { return "udp"; }

    public UdpProxy proxy() { return proxy; }

    @Override public LeaseAttrs prepare() {
        return LeaseAttrs.udp(Ipv4Address.of(external.primaryAddress()));
    }

    @Override public void configure(AcquiredLease lease) {
        NetNamespace ns = host.root();
        tun = new TunDevice(ns, "flannel0", external.mtu() - OVERHEAD);
        int address = lease.subnet().address();
        tun.addAddress(address, network.length());
        proxy = new UdpProxy(ns, tun, external.primaryAddress(), port, address);
        host.start(proxy);
        tun.setUp(true);
    }

    @Override public int mtu() { return external.mtu() - OVERHEAD; }

    @Override public void leaseAdded(Ipv4Prefix subnet, LeaseAttrs attrs) {
        if (!attrs.backendType().isEmpty() && !"udp".equals(attrs.backendType())) return;
        proxy.setRoute(subnet, attrs.publicIp().value());
    }

    @Override public void leaseRemoved(Ipv4Prefix subnet, LeaseAttrs attrs) {
        proxy.removeRoute(subnet);
    }

    /** The proxy dies with flanneld; a non-persistent TUN goes away with its last fd, and its routes with it. */
    @Override public void shutdown() {
        if (proxy != null) host.stop(proxy);
        if (tun != null) host.root().unregister(tun);
        proxy = null;
        tun = null;
    }
}
