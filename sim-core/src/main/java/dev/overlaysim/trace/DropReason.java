package dev.overlaysim.trace;

/**
 * Why a packet was dropped, named after the kernel's SKB_DROP_REASON_* where one exists, or after
 * the component (flanneld, netfilter) that drops it. The id is what scenarios and JSON use.
 */
public enum DropReason {
    MALFORMED("malformed", "malformed or truncated header"),
    IP_CSUM("ip-checksum", "bad IPv4 header checksum"),
    UDP_CSUM("udp-checksum", "bad UDP checksum"),
    TCP_CSUM("tcp-checksum", "bad TCP checksum (TcpInCsumErrors)"),
    OTHERHOST("otherhost", "frame addressed to another host's MAC"),
    UNHANDLED_PROTO("unhandled-protocol", "no handler for this EtherType or IP protocol"),
    NO_ROUTE("no-route", "no route to the destination"),
    IP_FORWARD_DISABLED("ip-forward-disabled", "not for this host and ip_forward=0"),
    TTL_EXPIRED("ttl-expired", "TTL reached zero while forwarding"),
    FRAG_NEEDED("frag-needed", "larger than the egress MTU with DF set"),
    NEIGH_FAILED("neigh-failed", "ARP resolution failed"),
    NEIGH_QUEUE_FULL("neigh-queue-full", "too many packets waiting for ARP resolution"),
    FDB_MISS("fdb-miss", "no FDB entry for the destination MAC and no default destination"),
    VXLAN_BAD_FLAGS("vxlan-bad-flags", "VXLAN I flag missing or reserved bits set"),
    VXLAN_UNKNOWN_VNI("vxlan-unknown-vni", "no VXLAN device for this VNI"),
    VXLAN_OWN_MAC("vxlan-own-mac", "VXLAN inner source MAC is our own"),
    NO_SOCKET("no-socket", "no socket listening on the destination port"),
    SOCKET_QUEUE_FULL("socket-queue-full", "socket receive buffer full (UDP RcvbufErrors)"),
    TUN_QUEUE_FULL("tun-queue-full", "the TUN device's queue to its reader is full (txqueuelen 500; tx_dropped)"),
    QDISC_DROP("qdisc-drop", "the device's transmit queue is full (txqueuelen; tc -s qdisc dropped)"),
    RX_MISSED("rx-missed", "the NIC's receive ring is full (rx_missed_errors)"),
    CPU_BACKLOG("cpu-backlog", "the CPU's backlog is full (net.core.netdev_max_backlog 1000; softnet_stat dropped)"),
    DEVICE_DOWN("device-down", "device is down"),
    RX_LENGTH("rx-length", "frame longer than the receiving NIC's MTU (rx_length_errors)"),
    MSG_SIZE("message-too-long", "sendto() failed with EMSGSIZE: larger than the path MTU with DF forced (ping -M do)"),
    LINK_DOWN("link-down", "underlay link is down"),
    LINK_LOSS("link-loss", "lost on the underlay link"),
    NETFILTER_DROP("netfilter-drop", "dropped by an iptables rule or chain policy"),
    FLANNEL_NO_LEASE("flannel-no-lease", "flanneld: no lease matches the destination"),
    FLANNEL_TTL("flannel-ttl", "flanneld: TTL reached zero"),
    REASSEMBLY_TIMEOUT("reassembly-timeout", "fragments never completed"),
    NO_MASTER_PORT("bridge-no-port", "bridge has no port to forward to");

    private final String id;
    private final String description;

    DropReason(String id, String description) {
        this.id = id;
        this.description = description;
    }

    public String id() { return id; }
    public String description() { return description; }

    public static DropReason byId(String id) {
        for (DropReason r : values()) {
            if (r.id.equals(id)) return r;
        }
        return null;
    }
}
