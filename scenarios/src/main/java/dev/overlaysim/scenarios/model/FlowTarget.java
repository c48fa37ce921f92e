package dev.overlaysim.scenarios.model;

import dev.overlaysim.protocols.addr.Ipv4Address;

/** Where a flow is sent: a container by name, or a literal IPv4 address. */
public sealed interface FlowTarget {

    /** @param container the name of a container in the scenario */
    record Container(String container) implements FlowTarget {
        @Override
        public String toString() {
            return container;
        }
    }

    /** @param ip any IPv4 address (it need not belong to anything: that is a valid experiment) */
    record Address(Ipv4Address ip) implements FlowTarget {
        @Override
        public String toString() {
            return ip.toString();
        }
    }
}
