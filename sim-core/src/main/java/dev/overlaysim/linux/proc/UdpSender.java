package dev.overlaysim.linux.proc;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.stack.UdpSocket;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.codec.Bytes;
import dev.overlaysim.trace.Flow;
import dev.overlaysim.trace.HopAction;
import dev.overlaysim.trace.PacketContext;

/** Sends {@code count} UDP datagrams of {@code size} bytes to {@code dst:port}, one per interval. */
public final class UdpSender extends Process {
    private final int dst;
    private final int port;
    private final int count;
    private final int size;
    private final long interval;
    private final Flow flow;
    private UdpSocket socket;
    private int sent;
    private final byte[] data;

    public UdpSender(NetNamespace ns, int dst, int port, int count, int size, long interval, Flow flow) {
        super(ns, "udp-sender", false);
        this.dst = dst;
        this.port = port;
        this.count = count;
        this.size = size;
        this.interval = interval;
        this.flow = flow;
        this.data = new byte[size];
        for (int i = 0; i < size; i++) data[i] = (byte) i;
    }

    @Override protected void onStart() {
        int ephemeral = 32768 + ns.sim().random().stream("udp-port:" + flow.name()).nextInt(60999 - 32768 + 1);
        socket = ns.stack().udpBind(0, ephemeral, this);
        sendNext();
    }

    private void sendNext() {
        int seq = ++sent;
        if (size >= 4) Bytes.put32(data, 0, seq);
        PacketContext ctx = ns.tracer().newPacket(flow, PacketContext.UDP, ns.host().name(), now());
        flow.countSent(ctx.id());
        syscall(ctx);
        if (ns.tracing()) ns.tracer().userHop(ctx, now(), ns, "udp-sender", HopAction.SENT_BY_PROCESS, "sendto("
                + Ipv4Address.toString(dst) + ":" + port + ") " + size + " bytes copied user → kernel");
        ns.stack().udpSend(socket, dst, port, data, 0, size, ctx, cpu);
        if (sent < count) timer(interval, this::sendNext);
    }

    private final byte[] sink = new byte[65536];
    private long received;

    /** Datagrams read back (the replies of an echo server). */
    public long received() { return received; }

    @Override protected void onReadable(PacketContext wokenBy) {
        while (socket.readable()) {
            var r = ns.stack().udpReceive(socket, sink);
            syscall(r.ctx());
            received++;
        }
    }

    @Override protected void onExit() {
        if (socket != null) ns.stack().udpClose(socket);
    }
}
