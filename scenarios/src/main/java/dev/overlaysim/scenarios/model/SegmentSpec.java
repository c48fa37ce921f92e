package dev.overlaysim.scenarios.model;

import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.Ipv4Prefix;

import java.util.Optional;

/**
 * One L2 segment of the underlay: a switch that every interface on the segment plugs into.
 *
 * @param name                   segment name
 * @param cidr                   the segment's IPv4 subnet
 * @param gateway                next hop of the default route of the nodes on this segment
 * @param mtu                    link MTU in bytes (default 1500)
 * @param latencyNanos           one-way propagation delay (default 10us)
 * @param bandwidthBitsPerSecond link rate (default 10Gbit)
 * @param loss                   probability in [0, 1] that a frame is lost (default 0)
 */
public record SegmentSpec(
        String name,
        Ipv4Prefix cidr,
        Optional<Ipv4Address> gateway,
        int mtu,
        long latencyNanos,
        long bandwidthBitsPerSecond,
        double loss) {

    public static final int DEFAULT_MTU = 1500;
    public static final long DEFAULT_LATENCY_NANOS = 10_000L;
    public static final long DEFAULT_BANDWIDTH_BITS_PER_SECOND = 10_000_000_000L;
}
