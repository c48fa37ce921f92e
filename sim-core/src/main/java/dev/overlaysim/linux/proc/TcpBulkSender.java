package dev.overlaysim.linux.proc;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.linux.tcp.TcpSocket;
import dev.overlaysim.trace.Flow;

/**
 * An iperf3 client in TCP mode ({@code iperf3 -c DST -p PORT -n BYTES} or {@code -t DURATION}):
 * connect(), then write() of 128 KiB blocks (iperf3's default --length for TCP) as fast as the
 * send buffer takes them, sleeping when it is full until ACKs make room; close() when the bytes
 * are written or the time is up. With {@code bytes}, the time limit is a timeout: the transfer
 * stops there, unfinished.
 */
public final class TcpBulkSender extends UserProcess {
    /** iperf3's default block for TCP: 128 KiB. */
    public static final int BLOCK = 128 * 1024;

    private final int dst;
    private final int port;
    private final long bytes;
    private final long durationNanos;
    private final String congestion;
    private final Flow flow;
    private TcpSocket socket;
    private long written;
    private long startedAt;
    private boolean closed;
    private int localPort;

    /**
     * @param bytes         how many bytes to send, or -1 to send for {@code durationNanos}
     * @param durationNanos how long to send (bytes -1), or the timeout of a transfer of {@code bytes}
     * @param congestion    {@code cubic} or {@code reno} (setsockopt TCP_CONGESTION)
     */
    public TcpBulkSender(NetNamespace ns, int dst, int port, long bytes, long durationNanos, String congestion, Flow flow) {
        super(ns, "iperf3", false);
        this.dst = dst;
        this.port = port;
        this.bytes = bytes;
        this.durationNanos = durationNanos;
        this.congestion = congestion;
        this.flow = flow;
        TcpSocket.congestionControl(congestion); // an unknown name fails here, not mid-run
    }

    public TcpSocket socket() { return socket; }

    /** Sends from this port ({@code iperf3 --cport}) instead of an ephemeral one. */
    public TcpBulkSender fromPort(int port) {
        this.localPort = port;
        return this;
    }
    public long written() { return written; }

    @Override protected void onStart() {
        startedAt = now();
        systemWork(ns.costs().syscallNanos());
        socket = ns.stack().tcp().connect(dst, port, localPort, this, flow, congestion, elapsed());
        timer(durationNanos, this::timeUp);
    }

    private void timeUp() {
        if (!closed && socket != null) {
            closed = true;
            systemWork(ns.costs().syscallNanos());
            socket.close(elapsed());
        }
    }

    @Override protected boolean step() {
        if (socket == null || closed) return false;
        switch (socket.state()) {
            case SYN_SENT, SYN_RECV -> { return false; }
            case CLOSED, TIME_WAIT -> { closed = true; return false; }
            default -> { }
        }
        if (now() - startedAt >= durationNanos) {
            timeUp();
            return false;
        }
        long want = bytes < 0 ? BLOCK : Math.min(BLOCK, bytes - written);
        if (want <= 0) {
            closed = true;
            systemWork(ns.costs().syscallNanos());
            socket.close(elapsed());
            return false;
        }
        systemWork(ns.costs().syscallNanos());
        long n = socket.write(want, true, elapsed());
        if (n < 0) {
            closed = true;
            return false;
        }
        written += n;
        return n > 0;
    }

    @Override protected Skb nextQueued() { return null; }

    /** Records the connection's {@code ss -ti} on its flow, as it stands (the run may end before it closes). */
    public void report() { if (socket != null && flow != null) flow.tcpInfo(socket.info()); }

    @Override public long packets() { return flow == null ? 0 : flow.sent(); }
}
