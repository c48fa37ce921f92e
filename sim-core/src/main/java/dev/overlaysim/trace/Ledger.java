package dev.overlaysim.trace;

/**
 * What one packet cost, split into the send path (on the host where it was made, until it leaves
 * that host) and the receive path (after it reaches another host). A packet that never leaves its
 * host spends everything on the send path.
 */
public final class Ledger {
    private static final int N = Cost.values().length;
    private final long[] send = new long[N];
    private final long[] receive = new long[N];
    private boolean receiving;

    public void add(Cost cost, long amount) {
        (receiving ? receive : send)[cost.ordinal()] += amount;
    }

    /** The packet has left the sending host: from now on costs are the receive path's. */
    public void leftSendingHost() { receiving = true; }

    public boolean onReceivePath() { return receiving; }
    public long send(Cost c) { return send[c.ordinal()]; }
    public long receive(Cost c) { return receive[c.ordinal()]; }
    public long total(Cost c) { return send(c) + receive(c); }
}
