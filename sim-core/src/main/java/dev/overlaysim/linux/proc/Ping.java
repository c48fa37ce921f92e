package dev.overlaysim.linux.proc;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.linux.stack.Icmp;
import dev.overlaysim.linux.stack.Ipv4Stack;
import dev.overlaysim.linux.stack.PingSocket;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.codec.IcmpMessage;
import dev.overlaysim.protocols.codec.Ipv4Header;
import dev.overlaysim.trace.Flow;
import dev.overlaysim.trace.HopAction;
import dev.overlaysim.trace.PacketContext;

import java.util.ArrayList;
import java.util.List;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2LongHashMap;

/**
 * iputils ping: one echo request per interval, {@code size} data bytes laid out as iputils lays
 * them (a 16-byte struct timeval of the send time in host order, then the bytes 0x10, 0x11, ...),
 * and its output lines ("64 bytes from ...: icmp_seq=1 ttl=62 time=0.019 ms").
 */
public final class Ping extends UserProcess {
    private final int dst;
    private final int count;
    private final int size;
    private final long interval;
    private final int ttl;
    private final Ipv4Stack.Pmtudisc pmtu;
    /** ICMP errors read and local send errors, as iputils counts them in its statistics line. */
    private long errors;
    private final Flow flow;
    private final int identifier;
    private PingSocket socket;
    private int sent;
    private final byte[] out;
    private final byte[] in = new byte[65536];
    // By icmp_seq, without boxing it or the send time.
    private static final long NOT_SENT = Long.MIN_VALUE;
    private final Int2ObjectHashMap<PacketContext> outstanding = new Int2ObjectHashMap<>();
    private final Long2LongHashMap sentAt = new Long2LongHashMap(NOT_SENT);
    private final List<String> output = new ArrayList<>();
    private final IcmpMessage icmp = new IcmpMessage();
    private final Ipv4Header ip = new Ipv4Header();

    public Ping(NetNamespace ns, int dst, int count, int size, long interval, Flow flow) {
        this(ns, dst, count, size, interval, 64, flow);
    }

    /** {@code ping -c count -s size -i interval -t ttl dst}. */
    public Ping(NetNamespace ns, int dst, int count, int size, long interval, int ttl, Flow flow) {
        this(ns, dst, count, size, interval, ttl, false, flow);
    }

    /** @param dontFragment {@code ping -M do}: DF always, and a packet too big for the route fails in sendto() */
    public Ping(NetNamespace ns, int dst, int count, int size, long interval, int ttl, boolean dontFragment, Flow flow) {
        super(ns, "ping", false);
        this.pmtu = dontFragment ? Ipv4Stack.Pmtudisc.DO : Ipv4Stack.Pmtudisc.WANT;
        if (ttl < 1 || ttl > 255) throw new IllegalArgumentException("ping: invalid TTL " + ttl + " (1-255)");
        if (size < 0 || size > 65507) throw new IllegalArgumentException("ping: invalid packet size " + size + " (0-65507)");
        this.dst = dst;
        this.count = count;
        this.size = size;
        this.interval = interval;
        this.ttl = ttl;
        this.flow = flow;
        this.identifier = 1 + ns.sim().random().stream("ping-id:" + flow.name()).nextInt(0xFFFE);
        this.out = new byte[IcmpMessage.HEADER_LENGTH + size];
        for (int i = 0; i < size; i++) out[IcmpMessage.HEADER_LENGTH + i] = (byte) i;
    }

    public int identifier() { return identifier; }
    public List<String> output() { return output; }

    @Override protected void onOpen() {
        socket = ns.stack().pingOpen(identifier, this);
        output.add("PING " + Ipv4Address.toString(dst) + " (" + Ipv4Address.toString(dst) + ") " + size + "("
                + (size + 28) + ") bytes of data.");
    }

    @Override protected void onStart() { sendNext(); }

    private void sendNext() {
        int seq = ++sent & 0xFFFF; // icmp_seq is 16 bits: iputils' sequence wraps, and so do we
        long t = now();
        if (size >= 16) {
            putLong(out, IcmpMessage.HEADER_LENGTH, t / 1_000_000_000L);
            putLong(out, IcmpMessage.HEADER_LENGTH + 8, (t % 1_000_000_000L) / 1_000L);
        }
        icmp.wrap(out, 0, out.length).setEcho(IcmpMessage.TYPE_ECHO_REQUEST, identifier, seq);
        PacketContext ctx = ns.tracer().newPacket(flow, PacketContext.ECHO_REQUEST, ns.host().name(), t);
        flow.countSent(ctx.id());
        outstanding.put(seq, ctx);
        sentAt.put(seq, t);
        syscall(ctx);
        if (ns.tracing(ctx)) {
            ns.tracer().userHop(ctx, t, ns, "ping", HopAction.SENT_BY_PROCESS, "sendto(" + Ipv4Address.toString(dst)
                    + ") echo request id=" + identifier + " seq=" + seq + ", " + out.length + " bytes copied user → kernel");
        }
        int mtu = ns.stack().pingSend(socket, dst, out, out.length, ctx, elapsed(), ttl, pmtu);
        if (mtu > 0) {
            output.add("ping: local error: message too long, mtu=" + mtu);
            errors++;
        }
        if (sent < count) timer(interval, this::sendNext);
    }

    /** Little-endian, as x86-64 stores a struct timeval. */
    private static void putLong(byte[] a, int off, long v) {
        for (int i = 0; i < 8; i++) a[off + i] = (byte) (v >>> (8 * i));
    }

    @Override protected Skb nextQueued() { return socket.head(); }

    /** recvmsg() of one reply or error; false when none is there. */
    @Override protected boolean step() {
        if (!socket.readable(now())) return false;
        {
            Skb skb = ns.stack().pingReceive(socket, in);
            PacketContext ctx = skb.ctx;
            syscall(ctx);
            long t = now();
            ip.wrap(in, 0);
            int hl = ip.headerLength();
            icmp.wrap(in, hl, ip.totalLength() - hl);
            if (icmp.type() == IcmpMessage.TYPE_ECHO_REPLY) {
                int seq = icmp.sequence();
                PacketContext request = outstanding.remove(seq);
                long at = sentAt.remove(seq);
                if (request == null || at == NOT_SENT) {
                    output.add("(DUP or late reply icmp_seq=" + seq + ")");
                    return true;
                }
                long rtt = t - at;
                if (ns.tracing(ctx)) ns.tracer().userHop(ctx, t, ns, "ping", HopAction.READ_BY_PROCESS, "recvmsg() echo reply seq=" + seq
                        + ", " + (ip.totalLength()) + " bytes copied kernel → user, rtt " + formatMs(rtt) + " ms");
                flow.countDelivered(request.id(), request.ledger(), ctx.ledger(), rtt);
                flow.countTimestamped(skb.tstamp - at);
                output.add((ip.totalLength() - hl) + " bytes from " + Ipv4Address.toString(ip.src()) + ": icmp_seq=" + seq
                        + " ttl=" + ip.ttl() + " time=" + formatMs(rtt) + " ms");
            } else if (icmp.isError()) {
                Ipv4Header q = new Ipv4Header().wrap(in, icmp.dataOffset());
                IcmpMessage qi = new IcmpMessage().wrap(in, icmp.dataOffset() + q.headerLength(), 8);
                String what = switch (icmp.type() * 256 + icmp.code()) {
                    case 3 * 256 + 1 -> "Destination Host Unreachable";
                    case 3 * 256 + 0 -> "Destination Net Unreachable";
                    case 3 * 256 + 3 -> "Destination Port Unreachable";
                    case 3 * 256 + 4 -> "Frag needed and DF set (mtu = " + icmp.nextHopMtu() + ")";
                    case 11 * 256 -> "Time to live exceeded";
                    default -> IcmpMessage.describe(icmp.type(), icmp.code());
                };
                output.add("From " + Ipv4Address.toString(ip.src()) + " icmp_seq=" + qi.sequence() + " " + what);
                errors++;
                flow.icmpError(Icmp.errorText(ip.src(), icmp));
                if (ns.tracing(ctx)) ns.tracer().userHop(ctx, t, ns, "ping", HopAction.READ_BY_PROCESS, "recvmsg() error: " + what);
            }
        }
        return true;
    }

    private static String formatMs(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e6);
    }

    @Override protected void onExit() {
        if (socket != null) ns.stack().pingClose(socket);
    }

    /** The closing statistics lines, as ping prints them. */
    public List<String> summary() {
        List<String> l = new ArrayList<>();
        l.add("--- " + Ipv4Address.toString(dst) + " ping statistics ---");
        long received = flow.delivered();
        long loss = sent == 0 ? 0 : Math.round(100.0 * (sent - received) / sent);
        // iputils: "+N errors" counts ICMP errors received and local send errors (rts->nerrors)
        l.add(sent + " packets transmitted, " + received + " received, " + (errors == 0 ? "" : "+" + errors + " errors, ")
                + loss + "% packet loss");
        return l;
    }
    @Override public long packets() { return sent; }
}
