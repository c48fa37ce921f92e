package dev.overlaysim.trace;

/** What happened to a packet at one hop of its walk. */
public enum HopAction {
    SENT_BY_PROCESS("sendto()/write() by a user process: copied user → kernel"),
    READ_BY_PROCESS("read()/recvfrom() by a user process: copied kernel → user"),
    TRANSMITTED("transmitted"),
    RECEIVED("received"),
    BRIDGED("bridge forwarded by FDB"),
    FLOODED("bridge flooded"),
    ROUTED("route matched"),
    FORWARDED("forwarded, TTL decremented"),
    NEIGHBOUR("neighbour entry used"),
    ARP_QUEUED("queued waiting for ARP"),
    VXLAN_FDB("VXLAN FDB entry used"),
    ENCAPSULATED("encapsulated"),
    DECAPSULATED("decapsulated"),
    TO_TUN("handed to the TUN device's reader"),
    DELIVERED("delivered locally"),
    ICMP_ERROR("ICMP error sent"),
    TCP_RESET("TCP reset sent"),
    DROPPED("dropped"),
    FRAGMENTED("fragmented");

    private final String description;

    HopAction(String description) { this.description = description; }

    public String description() { return description; }
}
