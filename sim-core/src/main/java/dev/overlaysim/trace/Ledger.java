package dev.overlaysim.trace;

/**
 * What one packet cost, split into the send path (on the host where it was made, until it leaves
 * that host) and the receive path (after it reaches another host). A packet that never leaves its
 * host spends everything on the send path.
 */
public final class Ledger {
    private static final int N = Cost.values().length;
    /** The send path's costs in {@code [0, N)}, the receive path's in {@code [N, 2N)}: one array per packet, not two. */
    private final long[] costs = new long[2 * N];
    /** 0 on the send path, N once the packet has left its host. */
    private int path;

    public void add(Cost cost, long amount) {
        costs[path + cost.ordinal()] += amount;
    }

    /** The packet has left the sending host: from now on costs are the receive path's. */
    public void leftSendingHost() { path = N; }

    public boolean onReceivePath() { return path != 0; }
    public long send(Cost c) { return costs[c.ordinal()]; }
    public long receive(Cost c) { return costs[N + c.ordinal()]; }
    public long total(Cost c) { return send(c) + receive(c); }
}
