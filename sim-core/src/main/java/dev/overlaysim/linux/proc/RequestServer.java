package dev.overlaysim.linux.proc;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.linux.tcp.TcpSocket;
import dev.overlaysim.trace.Flow;

import java.util.ArrayList;
import java.util.List;

/**
 * A server answering requests as a web server does with HTTP/1.0: listen(), accept() each
 * connection, read() the request ({@code requestBytes}), write() a response of
 * {@code responseBytes}, then close() — the end of the stream tells the client the response is
 * whole. Connections are served side by side, each by its own state, in one process (as an event
 * loop does).
 */
public final class RequestServer extends UserProcess {
    private final int port;
    private final int requestBytes;
    private final long responseBytes;
    private final String congestion;
    private final Flow flow;
    private TcpSocket listener;
    private final List<Conn> conns = new ArrayList<>();

    private static final class Conn {
        final TcpSocket socket;
        long read;
        long written;
        boolean closed;
        Conn(TcpSocket s) { socket = s; }
    }

    public RequestServer(NetNamespace ns, int port, int requestBytes, long responseBytes, String congestion, Flow flow) {
        super(ns, "http-server", false);
        this.port = port;
        this.requestBytes = requestBytes;
        this.responseBytes = responseBytes;
        this.congestion = congestion;
        this.flow = flow;
    }

    @Override protected void onOpen() {
        listener = ns.stack().tcp().listen(port, this, flow, congestion);
    }

    @Override protected boolean step() {
        if (listener != null && listener.acceptable()) {
            systemWork(ns.costs().syscallNanos());
            TcpSocket s = listener.accept();
            s.owner(this);
            conns.add(new Conn(s));
            return true;
        }
        for (int i = 0; i < conns.size(); i++) {
            Conn c = conns.get(i);
            if (c.closed) continue;
            if (c.read < requestBytes) {
                if (!c.socket.readable(now())) continue;
                systemWork(ns.costs().syscallNanos());
                long n = c.socket.read(requestBytes - c.read, now());
                if (n > 0) c.read += n;
                else if (n == 0) { // the client went away before its request was whole
                    c.closed = true;
                    c.socket.close(elapsed());
                }
                return true;
            }
            if (c.written < responseBytes) {
                systemWork(ns.costs().syscallNanos());
                long n = c.socket.write(Math.min(TcpBulkSender.BLOCK, responseBytes - c.written), true, elapsed());
                if (n < 0) {
                    c.closed = true;
                    continue;
                }
                if (n == 0) continue; // the send buffer is full: woken when ACKs make room
                c.written += n;
                return true;
            }
            c.closed = true;
            systemWork(ns.costs().syscallNanos());
            c.socket.close(elapsed());
            return true;
        }
        conns.removeIf(c -> c.closed && (c.socket.state() == TcpSocket.State.CLOSED || c.socket.state() == TcpSocket.State.TIME_WAIT));
        return false;
    }

    @Override protected Skb nextQueued() {
        for (Conn c : conns) if (!c.closed && c.read < requestBytes && c.socket.head() != null) return c.socket.head();
        return null;
    }

    /** Records {@code ss -ti} of a connection still open when the run ends (a stalled response), as it stands. */
    public void report() {
        for (Conn c : conns) if (c.socket.state() != TcpSocket.State.CLOSED && c.socket.sender()) flow.tcpInfo(c.socket.info());
    }

    @Override protected void onExit() {
        if (listener != null) listener.close(0);
    }
}
