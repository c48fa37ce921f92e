package dev.overlaysim.scenarios.model;

import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.Ipv4Prefix;
import dev.overlaysim.protocols.addr.MacAddress;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A Flannel node: a Linux host with {@code eth0} on an underlay segment, flanneld and Docker.
 *
 * @param name        node name (shares the host namespace with containers and routers)
 * @param ip          address of {@code eth0}, Flannel's {@code PublicIP}
 * @param segment     the segment {@code eth0} is on (filled in when the underlay has one segment)
 * @param subnet      a pinned Flannel subnet; empty = flanneld leases one
 * @param vtepMac     a pinned MAC for {@code flannel.<vni>} (vxlan only); empty = random
 * @param startNanos  when flanneld starts (default 0)
 * @param mtu         MTU of {@code eth0}; empty = the segment's MTU
 * @param containers  containers on this node, in file order
 */
public record NodeSpec(
        String name,
        Ipv4Address ip,
        String segment,
        Optional<Ipv4Prefix> subnet,
        Optional<MacAddress> vtepMac,
        long startNanos,
        OptionalInt mtu,
        List<ContainerSpec> containers,
        int cpus,
        OptionalInt dockerMtu) {

    /** CPUs per node when the file does not say: the 2-vCPU machines the cost model was measured on. */
    public static final int DEFAULT_CPUS = 2;
    /** The most CPUs a node may have. */
    public static final int MAX_CPUS = 256;

    public NodeSpec {
        containers = List.copyOf(containers);
    }

    public NodeSpec(String name, Ipv4Address ip, String segment, Optional<Ipv4Prefix> subnet, Optional<MacAddress> vtepMac,
                    long startNanos, OptionalInt mtu, List<ContainerSpec> containers) {
        this(name, ip, segment, subnet, vtepMac, startNanos, mtu, containers, DEFAULT_CPUS, OptionalInt.empty());
    }
}
