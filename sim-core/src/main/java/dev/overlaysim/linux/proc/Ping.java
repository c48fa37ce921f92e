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
import java.util.BitSet;
import java.util.List;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2LongHashMap;

/**
 * iputils ping: one echo request per interval, {@code size} data bytes laid out as iputils lays
 * them (a 16-byte struct timeval of the send time in host order, then the bytes 0x10, 0x11, ...),
 * and its output lines ("64 bytes from ...: icmp_seq=1 ttl=62 time=0.019 ms") and statistics, as
 * iputils (ping_common.c) prints and computes them: round trips in whole microseconds (the
 * difference of two struct timevals), min/avg/max/mdev in integer arithmetic, loss with {@code %g},
 * {@code time} from the start to the last send, and {@code pipe} when several probes were
 * outstanding at once. A reply to a sequence number already answered is printed with
 * {@code (DUP!)} and counted as {@code +N duplicates}, not as received, while its round trip
 * enters min/avg/max/mdev, averaged over replies and duplicates together. With {@code -c}, ping
 * exits once every probe is answered or failed.
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
    /** iputils' nreceived and nrepeats: sequence numbers answered, and replies to one already answered. */
    private long received;
    private long duplicates;
    /** iputils' rcvd_tbl: the sequence numbers answered, each cleared when it is sent (again, after 65536). */
    private final BitSet answered = new BitSet();
    /** iputils' timing: the data holds a struct timeval to take the round trip from. */
    private final boolean timing;
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
    // iputils' statistics: round trips in microseconds, the first and last send, the pipe.
    private long tmin = Long.MAX_VALUE;
    private long tmax;
    private long tsum;
    private long tsum2;
    private long startedAt = NOT_SENT;
    private long lastSentAt;
    private int pipesize = -1;
    private final Runnable sendNext = this::sendNext; // one object, not one per probe
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
        this.timing = size >= 16;
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
        if (startedAt == NOT_SENT) startedAt = t;
        lastSentAt = t;
        if (size >= 16) {
            putLong(out, IcmpMessage.HEADER_LENGTH, t / 1_000_000_000L);
            putLong(out, IcmpMessage.HEADER_LENGTH + 8, (t % 1_000_000_000L) / 1_000L);
        }
        icmp.wrap(out, 0, out.length).setEcho(IcmpMessage.TYPE_ECHO_REQUEST, identifier, seq);
        PacketContext ctx = ns.tracer().newPacket(flow, PacketContext.ECHO_REQUEST, ns.host().name(), t);
        flow.countSent(ctx.id());
        outstanding.put(seq, ctx);
        sentAt.put(seq, t);
        answered.clear(seq);
        syscall(ctx);
        if (ns.tracing(ctx)) {
            ns.tracer().userHop(ctx, t, ns, "ping", HopAction.SENT_BY_PROCESS, "sendto(" + Ipv4Address.toString(dst)
                    + ") echo request id=" + identifier + " seq=" + seq + ", " + out.length + " bytes copied user → kernel");
        }
        int mtu = ns.stack().pingSend(socket, dst, out, out.length, ctx, elapsed(), ttl, pmtu);
        if (mtu > 0) {
            output.add("ping: local error: message too long, mtu=" + mtu);
            errors++;
            if (done()) return;
        }
        if (sent < count) timer(interval, sendNext);
    }

    /** Little-endian, as x86-64 stores a struct timeval. */
    private static void putLong(byte[] a, int off, long v) {
        for (int i = 0; i < 8; i++) a[off + i] = (byte) (v >>> (8 * i));
    }

    private static long getLong(byte[] a, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = v << 8 | (a[off + i] & 0xFF);
        return v;
    }

    /**
     * main_loop()'s exit test: with {@code -c count}, ping stops once every probe is answered or
     * failed ({@code nreceived + nerrors >= npackets}), so a duplicate that comes later is not read.
     */
    private boolean done() {
        if (received + errors < count) return false;
        exit();
        return true;
    }

    @Override protected Skb nextQueued() { return socket.head(); }

    /** recvmsg() of one reply or error; false when none is there. */
    @Override protected boolean step() {
        if (!socket.readable(now())) return false;
        {
            Skb skb = ns.stack().pingReceive(socket, in);
            PacketContext ctx = skb.ctx;
            long tstamp = skb.tstamp;
            ns.world().skbs().consume(skb); // recvmsg() copied it out: skb_free_datagram()
            syscall(ctx);
            long t = now();
            ip.wrap(in, 0);
            int hl = ip.headerLength();
            icmp.wrap(in, hl, ip.totalLength() - hl);
            if (icmp.type() == IcmpMessage.TYPE_ECHO_REPLY) {
                int seq = icmp.sequence();
                // gather_statistics(): the round trip is the receive time less the struct timeval the
                // reply carries back, in µs; it counts in the statistics whether or not seq was answered before
                long triptime = 0;
                if (timing) {
                    int data = hl + IcmpMessage.HEADER_LENGTH;
                    triptime = t / 1_000 - (getLong(in, data) * 1_000_000L + getLong(in, data + 8));
                    tsum += triptime;
                    tsum2 += triptime * triptime;
                    tmin = Math.min(tmin, triptime);
                    tmax = Math.max(tmax, triptime);
                }
                acknowledge(seq);
                boolean dup = answered.get(seq);
                String line = (ip.totalLength() - hl) + " bytes from " + Ipv4Address.toString(ip.src()) + ": icmp_seq=" + seq
                        + " ttl=" + ip.ttl() + (timing ? " time=" + tripTime(triptime) : "");
                if (dup) {
                    // rcvd_test(): nrepeats, not nreceived; the flow had this echo delivered already
                    duplicates++;
                    output.add(line + " (DUP!)");
                    if (ns.tracing(ctx)) ns.tracer().userHop(ctx, t, ns, "ping", HopAction.READ_BY_PROCESS, "recvmsg() echo reply seq=" + seq
                            + ", a duplicate (DUP!), " + ip.totalLength() + " bytes copied kernel → user");
                    return true;
                }
                answered.set(seq);
                received++;
                PacketContext request = outstanding.remove(seq);
                long at = sentAt.remove(seq);
                output.add(line);
                if (request != null && at != NOT_SENT) {
                    long rtt = t - at;
                    if (ns.tracing(ctx)) ns.tracer().userHop(ctx, t, ns, "ping", HopAction.READ_BY_PROCESS, "recvmsg() echo reply seq=" + seq
                            + ", " + (ip.totalLength()) + " bytes copied kernel → user, rtt " + formatMs(rtt) + " ms");
                    flow.countDelivered(request.id(), request.ledger(), ctx.ledger(), rtt);
                    flow.countTimestamped(tstamp - at);
                }
                done();
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
                acknowledge(qi.sequence());
                flow.icmpError(Icmp.errorText(ip.src(), icmp));
                if (ns.tracing(ctx)) ns.tracer().userHop(ctx, t, ns, "ping", HopAction.READ_BY_PROCESS, "recvmsg() error: " + what);
                done();
            }
        }
        return true;
    }

    private static String formatMs(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e6);
    }

    /** A reply's {@code time=}, as iputils prints a round trip of {@code us} microseconds: fewer decimals as it grows. */
    static String tripTime(long us) {
        if (us >= 100_000 - 50) return (us + 500) / 1000 + " ms";
        if (us >= 10_000 - 5) return (us + 50) / 1000 + "." + ((us + 50) % 1000) / 100 + " ms";
        if (us >= 1000) return (us + 5) / 1000 + "." + digits(((us + 5) % 1000) / 10, 2) + " ms";
        return us / 1000 + "." + digits(us % 1000, 3) + " ms";
    }

    /** {@code %0Nld}: {@code v} (0 ≤ v < 10^n) with leading zeros to {@code n} digits. */
    private static String digits(long v, int n) {
        String s = Long.toString(v);
        return s.length() >= n ? s : "000".substring(0, n - s.length()) + s;
    }

    /** iputils' acknowledge(): the pipe is the most probes that were outstanding when one was answered (a reply or an error). */
    private void acknowledge(int seq) {
        int diff = (sent - seq) & 0xFFFF;
        if (diff <= 0x7FFF && diff + 1 > pipesize) pipesize = diff + 1;
    }

    /** {@code %ld.%03ld} of microseconds: milliseconds with three decimals. */
    private static String ms3(long us) {
        return us / 1000 + "." + digits(us % 1000, 3);
    }

    /** C's {@code %g} of a float, as iputils prints the loss: six significant digits, trailing zeros dropped. */
    static String percentG(float f) {
        if (f == 0) return "0";
        java.math.BigDecimal d = new java.math.BigDecimal(f).round(new java.math.MathContext(6));
        int exponent = d.precision() - d.scale() - 1;
        if (exponent < -4 || exponent >= 6) {
            java.math.BigDecimal mantissa = d.movePointLeft(exponent).stripTrailingZeros();
            return mantissa.toPlainString() + "e" + (exponent < 0 ? "-" : "+") + String.format(java.util.Locale.ROOT, "%02d", Math.abs(exponent));
        }
        return d.stripTrailingZeros().toPlainString();
    }

    @Override protected void onExit() {
        if (socket != null) ns.stack().pingClose(socket);
    }

    /** The closing statistics lines, as ping prints them (iputils' finish()). */
    public List<String> summary() {
        List<String> l = new ArrayList<>();
        l.add("--- " + Ipv4Address.toString(dst) + " ping statistics ---");
        // iputils: "+N duplicates" (nrepeats), then "+N errors": ICMP errors received and local send errors (nerrors)
        StringBuilder line = new StringBuilder().append(sent).append(" packets transmitted, ").append(received).append(" received");
        if (duplicates > 0) line.append(", +").append(duplicates).append(" duplicates");
        if (errors > 0) line.append(", +").append(errors).append(" errors");
        if (sent > 0) {
            line.append(", ").append(percentG((float) ((sent - received) * 100.0 / sent))).append("% packet loss");
            long since = lastSentAt - startedAt; // cur_time, last set when the last probe was sent, less start_time
            line.append(", time ").append((since / 1_000 + 500) / 1_000).append("ms");
        }
        l.add(line.toString());
        String comma = "";
        StringBuilder rtt = new StringBuilder();
        if (received > 0 && timing) {
            long total = received + duplicates; // the duplicates' round trips are in tsum too
            long avg = tsum / total;
            long var = tsum < Integer.MAX_VALUE ? (tsum2 - (tsum * tsum) / total) / total : tsum2 / total - avg * avg;
            long mdev = (long) Math.floor(Math.sqrt((double) var)); // llsqrt(): the integer square root
            while (mdev * mdev > var) mdev--;
            while ((mdev + 1) * (mdev + 1) <= var) mdev++;
            rtt.append("rtt min/avg/max/mdev = ").append(ms3(tmin)).append('/').append(ms3(avg)).append('/').append(ms3(tmax))
                    .append('/').append(ms3(mdev)).append(" ms");
            comma = ", ";
        }
        if (pipesize > 1) rtt.append(comma).append("pipe ").append(pipesize);
        if (rtt.length() > 0) l.add(rtt.toString());
        return l;
    }
    @Override public long packets() { return sent; }
}
