package dev.overlaysim.scenarios.model;

import dev.overlaysim.protocols.addr.Ipv4Address;

import java.util.Optional;

/**
 * A Docker container on a node: its own network namespace, {@code eth0} on a veth into
 * {@code docker0}, default route via the bridge address.
 *
 * @param name         container name (shares the host namespace with nodes and routers)
 * @param ip           its address; empty = Docker assigns the next free one from .2 up
 * @param prefixLength prefix length of the container's {@code eth0} address, i.e. what the
 *                     container believes is on-link (default: the node's subnet length)
 */
public record ContainerSpec(String name, Optional<Ipv4Address> ip, int prefixLength) {
}
