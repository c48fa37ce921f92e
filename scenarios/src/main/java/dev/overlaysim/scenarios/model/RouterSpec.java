package dev.overlaysim.scenarios.model;

import dev.overlaysim.protocols.addr.Ipv4Address;

import java.util.List;

/**
 * A router that joins segments at L3 (IP forwarding on, one interface per segment).
 *
 * @param name       router name (shares the host namespace with nodes and containers)
 * @param interfaces its interfaces, in file order
 */
public record RouterSpec(String name, List<Interface> interfaces) {

    public RouterSpec {
        interfaces = List.copyOf(interfaces);
    }

    /**
     * One router interface.
     *
     * @param segment the segment it plugs into
     * @param ip      its address, inside the segment's cidr
     */
    public record Interface(String segment, Ipv4Address ip) {
    }
}
