package dev.overlaysim.trace;

/**
 * The identity and bill of one packet, from the moment a process or the kernel makes it until it is
 * consumed. It rides along when the packet is encapsulated and when a user process (flanneld)
 * carries its bytes from one fd to another, so the ledger covers the whole journey.
 */
public final class PacketContext {
    // What a packet is (kind()), in the words the walk uses.
    public static final String ECHO_REQUEST = "echo-request";
    public static final String ECHO_REPLY = "echo-reply";
    public static final String ICMP_ERROR = "icmp-error";
    public static final String UDP = "udp";
    public static final String UDP_ECHO = "udp-echo";
    public static final String TCP_RESET = "tcp-reset";
    public static final String ARP_REQUEST = "arp-request";
    public static final String ARP_REPLY = "arp-reply";

    private final long id;
    private final Flow flow;
    private final String kind;
    private final String originHost;
    private final long createdAt;
    private final PacketContext cause;
    private final Ledger ledger = new Ledger();
    private boolean dropCounted;
    private final boolean firstOfFlow;

    public PacketContext(long id, Flow flow, String kind, String originHost, long createdAt) {
        this(id, flow, kind, originHost, createdAt, null);
    }

    /**
     * @param cause the packet this one exists because of: an echo reply's request, an ICMP error's
     *              offending packet, an ARP request's packet waiting for resolution, an ARP reply's
     *              request; null for a packet a process sends of its own accord
     */
    public PacketContext(long id, Flow flow, String kind, String originHost, long createdAt, PacketContext cause) {
        this.id = id;
        this.flow = flow;
        this.kind = kind;
        this.originHost = originHost;
        this.createdAt = createdAt;
        this.cause = cause;
        // The first packet a flow sends is the one walks show, and so is what exists because of it.
        this.firstOfFlow = cause != null ? cause.firstOfFlow : flow != null && flow.sent() == 0;
    }

    public long id() { return id; }
    /** The traffic flow this packet belongs to, or null for background traffic (ARP, control plane). */
    public Flow flow() { return flow; }
    public String kind() { return kind; }
    public String originHost() { return originHost; }
    public long createdAt() { return createdAt; }
    public Ledger ledger() { return ledger; }
    /** The packet this one answers or was sent for; null when none (see the constructor). */
    public PacketContext cause() { return cause; }
    /**
     * Whether this is its flow's first packet, or exists because of one (its reply, its ICMP
     * error, the ARP sent for it): the packets a walk shows.
     */
    public boolean firstOfFlow() { return firstOfFlow; }

    /** The id of {@link #cause()}, 0 when there is none. */
    public long causeId() { return cause == null ? 0 : cause.id; }

    /**
     * Counts a drop of this packet on its flow, once: a packet whose fragments are dropped at two
     * places (or twice at one) is one lost packet of the flow. Devices and namespaces count every
     * fragment, as their Linux counters do.
     */
    public void countDropOnFlow(DropReason reason, String place) {
        if (flow == null || dropCounted) return;
        dropCounted = true;
        flow.countDrop(reason, place);
    }

    public void add(Cost cost, long amount) { ledger.add(cost, amount); }
}
