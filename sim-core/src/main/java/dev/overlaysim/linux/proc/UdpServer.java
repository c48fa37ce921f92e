package dev.overlaysim.linux.proc;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.linux.stack.Ipv4Stack;
import dev.overlaysim.linux.stack.UdpSocket;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.trace.HopAction;
import dev.overlaysim.trace.PacketContext;

/**
 * A UDP server blocked in recvfrom() on a port: it reads every datagram (counting it delivered on
 * its flow) and, as an echo server, sends it back. As {@code iperf3 -s} it calls select() before
 * every read: iperf_run_server()'s loop selects, then iperf_recv() reads one datagram per stream
 * that is readable, so each datagram costs two system calls.
 */
public final class UdpServer extends UserProcess {
    private final int port;
    private final boolean echo;
    private final boolean selectEachRead;
    private UdpSocket socket;
    private final byte[] buffer = new byte[65536];
    private long received;

    /** @param echo send every datagram back to where it came from (ns-3's UdpEchoServer) */
    public UdpServer(NetNamespace ns, int port, boolean echo) {
        this(ns, port, echo, false);
    }

    /** @param selectEachRead select() before each recvfrom(), as iperf3's server loop does */
    public UdpServer(NetNamespace ns, int port, boolean echo, boolean selectEachRead) {
        super(ns, echo ? PacketContext.UDP_ECHO : "udp-server", false);
        this.port = port;
        this.echo = echo;
        this.selectEachRead = selectEachRead;
    }

    public long received() { return received; }

    @Override protected void onOpen() {
        socket = ns.stack().udpBind(0, port, this);
    }

    @Override protected Skb nextQueued() { return socket.head(); }

    /** recvfrom() of one datagram (and, as an echo server, its sendto() back); false when none is there. */
    @Override protected boolean step() {
        if (!socket.readable(now())) return false;
        {
            Ipv4Stack.Received r = ns.stack().udpReceive(socket, buffer);
            PacketContext ctx = r.ctx();
            if (selectEachRead) poll(ctx); // select(): the socket is readable
            syscall(ctx);
            received++;
            long t = now();
            if (ns.tracing(ctx)) ns.tracer().userHop(ctx, t, ns, name(), HopAction.READ_BY_PROCESS, "recvfrom() " + r.length()
                    + " bytes from " + Ipv4Address.toString(r.srcIp()) + ":" + r.srcPort() + " copied kernel → user");
            if (ctx.flow() != null) {
                ctx.flow().countDelivered(ctx.id(), ctx.ledger(), ctx.ledger(), t - ctx.createdAt());
                ctx.flow().countDeliveredBytes(r.length(), t);
            }
            if (echo) {
                PacketContext reply = ns.tracer().newPacket(ctx.flow(), PacketContext.UDP_ECHO, ns.host().name(), t, ctx);
                syscall(reply);
                ns.stack().udpSend(socket, r.srcIp(), r.srcPort(), buffer, 0, r.length(), reply, elapsed());
            }
        }
        return true;
    }

    @Override protected void onExit() {
        if (socket != null) ns.stack().udpClose(socket);
    }
    @Override public long packets() { return received; }
}
