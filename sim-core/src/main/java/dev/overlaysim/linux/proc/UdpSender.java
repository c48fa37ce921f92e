package dev.overlaysim.linux.proc;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.linux.stack.UdpSocket;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.codec.Bytes;
import dev.overlaysim.trace.Flow;
import dev.overlaysim.trace.HopAction;
import dev.overlaysim.trace.PacketContext;

/**
 * Sends UDP datagrams of {@code size} bytes to {@code dst:port}: either {@code count} of them, one
 * per interval, or for a duration at a rate, as {@code iperf3 -u -b RATE -l SIZE -t DURATION} does.
 *
 * <p>At a rate it paces as iperf3 does: it wakes once per pacing tick ({@code --pacing-timer},
 * 1000 µs) and sends back to back until it has sent what the rate allows since it started, so a
 * sender that fell behind (its CPU was busy) catches up in a burst. {@link Pacing#max()} never
 * waits: it sends as fast as its CPU lets it.
 *
 * <p>At a rate it also calls select() as iperf3's client loop does (iperf_run_client() selects,
 * then iperf_send() writes): before every datagram when the rate is limited (multisend 1), before
 * every {@link #MULTISEND} at max.
 */
public final class UdpSender extends UserProcess {
    /** iperf3's default --pacing-timer: 1000 µs. */
    public static final long PACING_TICK_NANOS = 1_000_000;
    /** iperf3's test->multisend: datagrams one select() covers when the rate is unlimited (-b 0). */
    public static final int MULTISEND = 10;

    /** Sending at a rate for a duration: {@code bitsPerSecond} of payload, or as fast as possible. */
    public record Pacing(double packetsPerSecond, long durationNanos) {
        public static Pacing max(long durationNanos) { return new Pacing(Double.POSITIVE_INFINITY, durationNanos); }
        public boolean isMax() { return Double.isInfinite(packetsPerSecond); }
    }

    private final int dst;
    private final int port;
    private final int count;
    private final int size;
    private final long interval;
    private final Pacing pacing;
    private final Flow flow;
    private UdpSocket socket;
    private int sent;
    private final byte[] data;
    private long startedAt;
    private boolean tickPending;
    private boolean sending;

    /** {@code count} datagrams, one per {@code interval}. */
    public UdpSender(NetNamespace ns, int dst, int port, int count, int size, long interval, Flow flow) {
        this(ns, dst, port, count, size, interval, null, flow);
    }

    /** Datagrams at a rate for a duration (iperf3 -u). */
    public UdpSender(NetNamespace ns, int dst, int port, int size, Pacing pacing, Flow flow) {
        this(ns, dst, port, 0, size, 0, pacing, flow);
    }

    private UdpSender(NetNamespace ns, int dst, int port, int count, int size, long interval, Pacing pacing, Flow flow) {
        super(ns, "udp-sender", false);
        this.dst = dst;
        this.port = port;
        this.count = count;
        this.size = size;
        this.interval = interval;
        this.pacing = pacing;
        this.flow = flow;
        this.data = new byte[size];
        for (int i = 0; i < size; i++) data[i] = (byte) i;
    }

    @Override protected void onOpen() {
        int ephemeral = 32768 + ns.sim().random().stream("udp-port:" + flow.name()).nextInt(60999 - 32768 + 1);
        socket = ns.stack().udpBind(0, ephemeral, this);
    }

    @Override protected void onStart() {
        startedAt = now();
        if (pacing == null) {
            sendNext();
        } else {
            sending = true;
        }
    }

    /** {@link #sendNext} as one object, so that each interval's timer does not allocate a new one. */
    private final Runnable sendNextTask = this::sendNext;

    private void sendNext() {
        sendOne();
        if (sent < count) timer(interval, sendNextTask);
    }

    private void sendOne() {
        int seq = ++sent;
        if (size >= 4) Bytes.put32(data, 0, seq);
        PacketContext ctx = ns.tracer().newPacket(flow, PacketContext.UDP, ns.host().name(), now());
        flow.countSent(ctx.id(), size, now());
        if (pacing != null && (!pacing.isMax() || seq % MULTISEND == 1)) poll(ctx); // iperf3's select()
        syscall(ctx);
        if (ns.tracing(ctx)) ns.tracer().userHop(ctx, now(), ns, "udp-sender", HopAction.SENT_BY_PROCESS, "sendto("
                + Ipv4Address.toString(dst) + ":" + port + ") " + size + " bytes copied user → kernel");
        ns.stack().udpSend(socket, dst, port, data, 0, size, ctx, elapsed());
    }

    /** Datagrams the rate allows by {@code t}: one at the start, then {@code rate × elapsed}. */
    private boolean due(long t) {
        return pacing.isMax() || sent < 1 + (long) Math.floor((t - startedAt) * pacing.packetsPerSecond() / 1e9);
    }

    private final byte[] sink = new byte[65536];
    private long received;

    /** Datagrams read back (the replies of an echo server). */
    public long received() { return received; }

    @Override protected Skb nextQueued() { return socket.head(); }

    @Override protected boolean step() {
        if (socket.readable(now())) {
            var r = ns.stack().udpReceive(socket, sink);
            syscall(r.ctx());
            received++;
            return true;
        }
        if (!sending) return false;
        long t = now();
        if (t - startedAt >= pacing.durationNanos()) {
            sending = false;
            return false;
        }
        if (due(t)) {
            sendOne();
            return true;
        }
        if (!tickPending) {
            // Sleep until the next pacing tick (iperf3's select() timeout), then catch up.
            tickPending = true;
            long sinceStart = t - startedAt;
            long nextTick = startedAt + (sinceStart / PACING_TICK_NANOS + 1) * PACING_TICK_NANOS;
            timer(nextTick - ns.now(), () -> tickPending = false);
        }
        return false;
    }

    @Override protected void onExit() {
        if (socket != null) ns.stack().udpClose(socket);
    }
    @Override public long packets() { return sent + received; }
}
