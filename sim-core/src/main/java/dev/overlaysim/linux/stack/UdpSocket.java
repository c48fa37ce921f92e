package dev.overlaysim.linux.stack;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.linux.proc.UserProcess;

import java.util.ArrayDeque;

/**
 * A UDP socket bound to a port (and optionally an address). Datagrams for it wait in its receive
 * queue until its process reads them; an encapsulation socket (the VXLAN driver's) hands them to a
 * kernel handler instead, as {@code udp_queue_rcv_skb} does for {@code encap_rcv}.
 */
public final class UdpSocket {
    /** The kernel's encap_rcv hook: gets the skb positioned at the UDP payload, plus the outer addresses. */
    public interface EncapHandler {
        void encapReceive(Skb skb, int outerSrc, int outerDst, int udpSrcPort);
    }

    private final NetNamespace ns;
    private final int boundAddress;
    private final int port;
    private final UserProcess owner;
    private final EncapHandler encap;
    /**
     * Datagrams waiting, each positioned at its payload with its IPv4 and UDP headers still in front
     * of it (skb->network_header, transport_header): recvfrom() reads the peer's address from them,
     * as udp_recvmsg() does, so queueing a datagram allocates nothing.
     */
    final ArrayDeque<Skb> queue = new ArrayDeque<>();
    /** The reader's struct msghdr, filled by each recvfrom() (one per socket: a process reads one at a time). */
    final Ipv4Stack.Received message = new Ipv4Stack.Received();
    int queuedBytes;
    int queuedBytesMax;
    /** net.core.rmem_default: the receive buffer (sk_rcvbuf) of a socket that did not set SO_RCVBUF. */
    public static final int RCVBUF = 212_992;

    UdpSocket(NetNamespace ns, int boundAddress, int port, UserProcess owner, EncapHandler encap) {
        this.ns = ns;
        this.boundAddress = boundAddress;
        this.port = port;
        this.owner = owner;
        this.encap = encap;
    }

    public NetNamespace namespace() { return ns; }
    public int port() { return port; }
    public int boundAddress() { return boundAddress; }
    public UserProcess owner() { return owner; }
    EncapHandler encap() { return encap; }
    /** Whether a datagram is there for a reader at {@code now}: queued, and its kernel work done. */
    public boolean readable(long now) { return !queue.isEmpty() && queue.peekFirst().readyAt <= now; }
    /** The first datagram queued, there yet or not; null when none. */
    public Skb head() { return queue.peekFirst(); }
    public int queued() { return queue.size(); }
    /** Receive-buffer bytes in use (sk_rmem_alloc): the truesize of every queued datagram. */
    public int rmemAlloc() { return queuedBytes; }
    /** The most receive-buffer bytes ever in use at once. */
    public int rmemAllocMax() { return queuedBytesMax; }
}
