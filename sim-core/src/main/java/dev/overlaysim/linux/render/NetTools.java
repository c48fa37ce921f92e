package dev.overlaysim.linux.render;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.table.Route;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.Ipv4Prefix;

/**
 * net-tools' view of the tables, for the seed document's {@code route -n}. The format is
 * net-tools' (lib/inet_gr.c): {@code "%-15s %-15s %-15s %-5s %-6d %-2d %7d %s"} under its fixed
 * header, routes in the order the kernel lists them in /proc/net/route; checked against
 * net-tools 2.10 on Linux 6.18.
 */
public final class NetTools {
    private NetTools() {}

    /** {@code route -n}: the main table with numeric addresses. */
    public static String routeN(NetNamespace ns) {
        StringBuilder sb = new StringBuilder("Kernel IP routing table\n")
                .append("Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n");
        for (Route r : ns.routes().routes()) {
            String flags = "U" + (r.hasGateway() ? "G" : "") + (r.prefix().length() == 32 ? "H" : "");
            sb.append(String.format(java.util.Locale.ROOT, "%-15s %-15s %-15s %-5s %-6d %-2d %7d %s%n",
                    Ipv4Address.toString(r.prefix().address()), Ipv4Address.toString(r.gateway()),
                    Ipv4Address.toString(Ipv4Prefix.mask(r.prefix().length())), flags, r.metric(), 0, 0, r.device().name()));
        }
        return sb.toString().replace(System.lineSeparator(), "\n");
    }

    /**
     * {@code iptables -S} for the filter table as far as the model has one: the three built-in
     * chains' policies, the INPUT rules that drop a UDP port and the FORWARD and OUTPUT rules that
     * drop ICMP, chain by chain in iptables' order. Docker's own chains (DOCKER, DOCKER-USER, ...)
     * are not modelled.
     */
    public static String iptablesS(NetNamespace ns) {
        StringBuilder sb = new StringBuilder("-P INPUT ACCEPT\n")
                .append("-P FORWARD ").append(ns.forwardPolicyDrop() ? "DROP" : "ACCEPT").append('\n')
                .append("-P OUTPUT ACCEPT\n");
        for (int port : ns.blockedUdpPorts()) {
            sb.append("-A INPUT -p udp -m udp --dport ").append(port).append(" -j DROP\n");
        }
        if (ns.icmpBlocked()) sb.append("-A FORWARD -p icmp -j DROP\n").append("-A OUTPUT -p icmp -j DROP\n");
        return sb.toString();
    }
}
