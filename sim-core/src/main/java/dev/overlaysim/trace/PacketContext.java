package dev.overlaysim.trace;

/**
 * The identity and bill of one packet, from the moment a process or the kernel makes it until it is
 * consumed. It rides along when the packet is encapsulated and when a user process (flanneld)
 * carries its bytes from one fd to another, so the ledger covers the whole journey.
 */
public final class PacketContext {
    private final long id;
    private final Flow flow;
    private final String kind;
    private final String originHost;
    private final long createdAt;
    private final Ledger ledger = new Ledger();

    public PacketContext(long id, Flow flow, String kind, String originHost, long createdAt) {
        this.id = id;
        this.flow = flow;
        this.kind = kind;
        this.originHost = originHost;
        this.createdAt = createdAt;
    }

    public long id() { return id; }
    /** The traffic flow this packet belongs to, or null for background traffic (ARP, control plane). */
    public Flow flow() { return flow; }
    public String kind() { return kind; }
    public String originHost() { return originHost; }
    public long createdAt() { return createdAt; }
    public Ledger ledger() { return ledger; }

    public void add(Cost cost, long amount) { ledger.add(cost, amount); }
}
