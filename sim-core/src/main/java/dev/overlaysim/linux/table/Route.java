package dev.overlaysim.linux.table;

import dev.overlaysim.linux.device.NetDevice;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.Ipv4Prefix;

/**
 * One entry of a routing table, printed as {@code ip route} prints it:
 * {@code 10.1.16.0/24 via 10.1.16.0 dev flannel.1 onlink} or
 * {@code 10.1.15.0/24 dev docker0 proto kernel scope link src 10.1.15.1}.
 */
public record Route(Ipv4Prefix prefix, int gateway, NetDevice device, Proto proto, Scope scope, int src,
                    boolean onlink, int metric) {

    /** rtm_protocol: who installed the route. {@code boot} is what {@code ip route add} uses and is not printed. */
    public enum Proto { KERNEL, BOOT, STATIC }

    /** rtm_scope: {@code link} for directly connected routes, {@code universe} (not printed) for routes via a gateway. */
    public enum Scope { UNIVERSE, LINK, HOST }

    public boolean hasGateway() { return gateway != 0; }

    /** The connected route the kernel adds when an address is configured on a device. */
    public static Route connected(Ipv4Prefix prefix, NetDevice device, int src) {
        return new Route(prefix, 0, device, Proto.KERNEL, Scope.LINK, src, false, 0);
    }

    public static Route via(Ipv4Prefix prefix, int gateway, NetDevice device, boolean onlink) {
        return new Route(prefix, gateway, device, Proto.BOOT, Scope.UNIVERSE, 0, onlink, 0);
    }

    /** A route straight out of a device, e.g. {@code 10.1.0.0/16 dev flannel0}. */
    public static Route dev(Ipv4Prefix prefix, NetDevice device) {
        return new Route(prefix, 0, device, Proto.BOOT, Scope.LINK, 0, false, 0);
    }

    /** The line {@code ip route} prints, without the trailing space iproute2 sometimes adds. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(prefix.length() == 0 ? "default" : prefix.length() == 32
                ? Ipv4Address.toString(prefix.address()) : prefix.toString());
        if (gateway != 0) sb.append(" via ").append(Ipv4Address.toString(gateway));
        sb.append(" dev ").append(device.name());
        if (proto == Proto.KERNEL) sb.append(" proto kernel");
        else if (proto == Proto.STATIC) sb.append(" proto static");
        if (scope == Scope.LINK) sb.append(" scope link");
        else if (scope == Scope.HOST) sb.append(" scope host");
        if (src != 0) sb.append(" src ").append(Ipv4Address.toString(src));
        if (metric != 0) sb.append(" metric ").append(metric);
        if (onlink) sb.append(" onlink");
        if (!device.hasCarrier()) sb.append(" linkdown");
        return sb.toString();
    }

    @Override public String toString() { return format(); }
}
