package dev.overlaysim.linux.device;

import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.Ipv4Prefix;

/** An IPv4 address on a device with its prefix length, as {@code ip addr add 10.1.15.1/24} sets it. */
public record InterfaceAddress(int address, int prefixLength) {
    public Ipv4Prefix network() { return Ipv4Prefix.containing(address, prefixLength); }
    public int broadcast() { return network().broadcast(); }
    @Override public String toString() { return Ipv4Address.toString(address) + "/" + prefixLength; }
}
