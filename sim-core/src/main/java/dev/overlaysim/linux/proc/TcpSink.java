package dev.overlaysim.linux.proc;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.linux.tcp.TcpSocket;
import dev.overlaysim.trace.Flow;

/**
 * An iperf3 server in TCP mode ({@code iperf3 -s -p PORT}, one test): listen(), accept() one
 * connection and read() it in 128 KiB reads until the end of the stream, then close(). What it
 * reads is what the flow delivered.
 */
public final class TcpSink extends UserProcess {
    private final int port;
    private final Flow flow;
    private TcpSocket listener;
    private TcpSocket conn;
    private long received;

    public TcpSink(NetNamespace ns, int port, Flow flow) {
        super(ns, "iperf3-server", false);
        this.port = port;
        this.flow = flow;
    }

    public long received() { return received; }
    public TcpSocket connection() { return conn; }

    @Override protected void onOpen() {
        listener = ns.stack().tcp().listen(port, this, flow, "cubic");
    }

    @Override protected boolean step() {
        if (conn == null) {
            if (listener == null || !listener.acceptable()) return false;
            systemWork(ns.costs().syscallNanos());
            conn = listener.accept();
            conn.owner(this);
            listener.close(elapsed()); // one test: iperf3 -s -1
            listener = null;
            return true;
        }
        if (!conn.readable(now())) return false;
        systemWork(ns.costs().syscallNanos());
        long n = conn.read(TcpBulkSender.BLOCK, now());
        if (n > 0) {
            received += n;
            return true;
        }
        if (n == 0 && conn.state() != TcpSocket.State.CLOSED) {
            systemWork(ns.costs().syscallNanos());
            conn.close(elapsed());
        }
        return false;
    }

    @Override protected Skb nextQueued() { return conn == null ? null : conn.head(); }

    @Override protected void onExit() {
        if (listener != null) listener.close(0);
    }

    @Override public long packets() { return flow == null ? 0 : flow.delivered(); }
}
