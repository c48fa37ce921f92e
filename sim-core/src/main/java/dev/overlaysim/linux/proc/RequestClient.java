package dev.overlaysim.linux.proc;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.linux.tcp.TcpSocket;
import dev.overlaysim.trace.Flow;

/**
 * A curl-like client: {@code count} requests, each on a new connection: connect(), write() the
 * request ({@code requestBytes}), read() the response until {@code responseBytes} are in, close().
 * Each exchange is timed as {@code curl -w} times it from the start of connect():
 * {@code time_connect}, {@code time_starttransfer} (first response byte read), {@code time_total}.
 * A request not done after {@code timeoutNanos} is given up ({@code curl -m}): the socket is
 * closed (with unread data: reset) and the exchange recorded unfinished. Requests go one after
 * another: the next starts {@code intervalNanos} after the previous one started, or when it ends,
 * whichever is later.
 */
public final class RequestClient extends UserProcess {
    private final int dst;
    private final int port;
    private final int requestBytes;
    private final long responseBytes;
    private final int count;
    private final long intervalNanos;
    private final long timeoutNanos;
    private final String congestion;
    private final Flow flow;
    private int started;
    private TcpSocket socket;
    private long startedAt;
    private long connectAt;
    private long firstByteAt;
    private long written;
    private long read;
    private boolean active;
    private int generation;

    public RequestClient(NetNamespace ns, int dst, int port, int requestBytes, long responseBytes, int count,
                         long intervalNanos, long timeoutNanos, String congestion, Flow flow) {
        super(ns, "curl", false);
        this.dst = dst;
        this.port = port;
        this.requestBytes = requestBytes;
        this.responseBytes = responseBytes;
        this.count = count;
        this.intervalNanos = intervalNanos;
        this.timeoutNanos = timeoutNanos;
        this.congestion = congestion;
        this.flow = flow;
        TcpSocket.congestionControl(congestion);
    }

    public TcpSocket socket() { return socket; }

    @Override protected void onStart() { begin(); }

    private void begin() {
        started++;
        startedAt = now();
        connectAt = -1;
        firstByteAt = -1;
        written = 0;
        read = 0;
        active = true;
        int mine = ++generation;
        systemWork(ns.costs().syscallNanos());
        socket = ns.stack().tcp().connect(dst, port, this, flow, congestion, elapsed());
        timer(timeoutNanos, () -> { if (active && generation == mine) finish(false); });
    }

    /** The exchange is over (its last byte read, or given up): recorded, the socket closed, the next one scheduled. */
    private void finish(boolean done) {
        active = false;
        long t = now();
        flow.countExchange(new Flow.Exchange(connectAt < 0 ? -1 : connectAt - startedAt,
                firstByteAt < 0 ? -1 : firstByteAt - startedAt, done ? t - startedAt : -1));
        if (socket.sender()) flow.tcpInfo(socket.info());
        systemWork(ns.costs().syscallNanos());
        socket.close(elapsed());
        if (started < count) {
            long next = Math.max(0, startedAt + intervalNanos - t);
            if (next == 0) begin();
            else timer(next, this::begin);
        }
    }

    @Override protected boolean step() {
        if (!active) return false;
        TcpSocket s = socket;
        if (s.state() == TcpSocket.State.SYN_SENT) return false;
        if (s.state() == TcpSocket.State.CLOSED && !s.readable(now())) {
            finish(false); // reset or refused
            return false;
        }
        if (connectAt < 0) connectAt = s.establishedAt();
        if (written < requestBytes) {
            systemWork(ns.costs().syscallNanos());
            long n = s.write(requestBytes - written, true, elapsed());
            if (n < 0) { finish(false); return false; }
            written += n;
            return n > 0;
        }
        if (!s.readable(now())) return false;
        systemWork(ns.costs().syscallNanos());
        long n = s.read(TcpBulkSender.BLOCK, now());
        if (n > 0) {
            if (firstByteAt < 0) firstByteAt = now();
            read += n;
            if (read >= responseBytes) finish(true);
            return true;
        }
        if (n == 0) finish(read >= responseBytes); // the server closed
        return false;
    }

    @Override protected Skb nextQueued() { return socket == null ? null : socket.head(); }
}
