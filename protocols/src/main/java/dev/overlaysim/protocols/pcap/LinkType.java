package dev.overlaysim.protocols.pcap;

/**
 * The pcap link-layer header types the simulator writes
 * (<a href="https://www.tcpdump.org/linktypes.html">tcpdump.org/linktypes.html</a>).
 */
public enum LinkType {
    /** {@code LINKTYPE_ETHERNET}: frames start with a 14-byte Ethernet II header (veth, bridge, eth0, flannel.1). */
    ETHERNET(1),
    /** {@code LINKTYPE_RAW}: packets start with the IP header, no link layer (a TUN device such as flannel0). */
    RAW(101);

    private final int value;

    LinkType(int value) { this.value = value; }

    /** The number written in the pcap file header. */
    public int value() { return value; }

    /** The link type with the given pcap number. */
    public static LinkType of(int value) {
        for (LinkType t : values()) {
            if (t.value == value) return t;
        }
        throw new IllegalArgumentException("unsupported pcap link type " + value + " (expected: 1 (ETHERNET) or 101 (RAW))");
    }
}
