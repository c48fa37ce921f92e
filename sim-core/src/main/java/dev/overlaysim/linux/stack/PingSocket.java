package dev.overlaysim.linux.stack;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.linux.proc.UserProcess;

import java.util.ArrayDeque;

/**
 * The ICMP socket ping uses: echo replies carrying its identifier, and ICMP errors quoting its
 * echo requests, wait here until ping reads them.
 */
public final class PingSocket {
    private final NetNamespace ns;
    private final int identifier;
    private final UserProcess owner;
    final ArrayDeque<Skb> queue = new ArrayDeque<>();

    PingSocket(NetNamespace ns, int identifier, UserProcess owner) {
        this.ns = ns;
        this.identifier = identifier;
        this.owner = owner;
    }

    public NetNamespace namespace() { return ns; }
    public int identifier() { return identifier; }
    public UserProcess owner() { return owner; }
    /** Whether a message is there for a reader at {@code now}: queued, and its kernel work done. */
    public boolean readable(long now) { return !queue.isEmpty() && queue.peekFirst().readyAt <= now; }
    /** The first message queued, there yet or not; null when none. */
    public Skb head() { return queue.peekFirst(); }
}
