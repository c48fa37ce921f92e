package dev.overlaysim.flannel.backend;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.linux.device.TunDevice;
import dev.overlaysim.linux.proc.UserProcess;
import dev.overlaysim.linux.stack.Ipv4Stack;
import dev.overlaysim.linux.stack.UdpSocket;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.Ipv4Prefix;
import dev.overlaysim.protocols.codec.IcmpMessage;
import dev.overlaysim.protocols.codec.Ipv4Header;
import dev.overlaysim.trace.Cost;
import dev.overlaysim.trace.DropReason;
import dev.overlaysim.trace.HopAction;
import dev.overlaysim.trace.PacketContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The data path of flanneld's UDP backend (flannel's backend/udp/proxy_amd64.c): one process
 * polling the TUN fd of flannel0 and a UDP socket on port 8285. A packet read from the TUN is
 * matched against the lease table (first match over subnet/mask), its TTL decremented, and sent
 * whole as the payload of a UDP datagram to the peer's PublicIP:8285; a datagram received on the
 * socket has its TTL decremented and is written into the TUN. Every packet crosses user space:
 * read() and sendto() on the way out, recvfrom() and write() on the way in.
 */
public final class UdpProxy extends UserProcess {
    /** One entry of the proxy's route table, filled from lease events. */
    public record Entry(Ipv4Prefix subnet, int publicIp) {}

    private final TunDevice tun;
    private final int publicIp;
    private final int port;
    private final int tunAddress;
    private final List<Entry> routes = new ArrayList<>();
    private UdpSocket socket;
    private final byte[] buf = new byte[65536];
    private final byte[] icmpBuf = new byte[Ipv4Header.MIN_LENGTH + IcmpMessage.HEADER_LENGTH + Ipv4Header.MIN_LENGTH + 8];
    private final Ipv4Header ip = new Ipv4Header();

    public UdpProxy(NetNamespace ns, TunDevice tun, int publicIp, int port, int tunAddress) {
        super(ns, "flanneld", true);
        this.tun = tun;
        this.publicIp = publicIp;
        this.port = port;
        this.tunAddress = tunAddress;
    }

    public int port() { return port; }

    @Override protected void onOpen() {
        tun.attach(this);
        socket = ns.stack().udpBind(publicIp, port, this);
    }

    @Override protected void onExit() {
        tun.detach();
        if (socket != null) ns.stack().udpClose(socket);
    }

    /** set_route(): adds or replaces the entry for a subnet. */
    public void setRoute(Ipv4Prefix subnet, int peerPublicIp) {
        for (int i = 0; i < routes.size(); i++) {
            if (routes.get(i).subnet().equals(subnet)) {
                routes.set(i, new Entry(subnet, peerPublicIp));
                return;
            }
        }
        routes.add(new Entry(subnet, peerPublicIp));
    }

    public void removeRoute(Ipv4Prefix subnet) {
        routes.removeIf(e -> e.subnet().equals(subnet));
    }

    public List<Entry> routes() { return List.copyOf(routes); }

    private Entry findRoute(int dst) {
        for (Entry e : routes) {
            if (e.subnet().contains(dst)) return e;
        }
        return null;
    }

    private long forwarded;

    /** Packets flanneld carried, both ways: what its CPU time and context switches are per. */
    public long forwarded() { return forwarded; }

    @Override protected Skb nextQueued() {
        Skb a = tun.head();
        Skb b = socket.head();
        if (a == null) return b;
        if (b == null) return a;
        return a.readyAt <= b.readyAt ? a : b;
    }

    /**
     * One turn of proxy.c's inner loop: {@code tun_to_udp()} then {@code udp_to_tun()}, each one
     * read() or recvfrom(). A read that finds nothing still costs its syscall (EAGAIN): the loop
     * ends with one turn in which both fail, and flanneld goes back to poll().
     */
    @Override protected boolean step() {
        boolean activity = false;
        if (tun.readable(now())) {
            tunToUdp();
            activity = true;
        } else {
            systemWork(ns.costs().syscallNanos()); // read(tun) → EAGAIN
        }
        if (socket.readable(now())) {
            udpToTun();
            activity = true;
        } else {
            systemWork(ns.costs().syscallNanos()); // recvfrom() → EAGAIN
        }
        return activity;
    }

    private void tunToUdp() {
        Skb skb = tun.read(buf);
        PacketContext ctx = skb.ctx;
        syscall(ctx);
        forwarded++;
        int len = skb.buf.length();
        systemWork(ns.costs().copyNanos(len));
        userWork(ns.costs().userProcessingNanos() + (firstAfterWakeup() ? ns.costs().proxyColdNanos() : 0));
        ip.wrap(buf, 0);
        int dst = ip.dst();
        if (ns.tracing(ctx)) ns.tracer().userHop(ctx, now(), ns, "flanneld", HopAction.READ_BY_PROCESS,
                "read(flannel0) " + len + " bytes copied kernel → user");
        Entry next = findRoute(dst);
        if (next == null) {
            ns.tracer().drop(skb, ns, "flanneld", DropReason.FLANNEL_NO_LEASE, "no lease for " + Ipv4Address.toString(dst));
            if (ip.protocol() != Ipv4Header.PROTO_ICMP && (ip.flagsAndOffset() & Ipv4Header.OFFSET_MASK) == 0) {
                sendNetUnreachable(ctx);
            }
            return;
        }
        int ttl = ip.ttl();
        if (!decrementTtl(buf, 0)) {
            ns.tracer().drop(skb, ns, "flanneld", DropReason.FLANNEL_TTL, "TTL reached zero");
            return;
        }
        if (ns.tracing(ctx)) ns.tracer().userHop(ctx, now(), ns, "flanneld", HopAction.FORWARDED, ttlNote(ttl));
        if (ns.tracing(ctx)) ns.tracer().userHop(ctx, now(), ns, "flanneld", HopAction.ROUTED, Ipv4Address.toString(dst)
                + " matches lease " + next.subnet() + " → PublicIP " + Ipv4Address.toString(next.publicIp())
                + "; sendto(" + Ipv4Address.toString(next.publicIp()) + ":" + port + ") " + len + " bytes copied user → kernel");
        syscall(ctx);
        ctx.add(Cost.ENCAPSULATIONS, 1); // the whole IP packet becomes a UDP payload
        ns.world().skbs().consume(skb); // read(flannel0) copied it out; the datagram below is a new skb
        ns.stack().udpSend(socket, next.publicIp(), port, buf, 0, len, ctx, elapsed());
    }

    private void udpToTun() {
        Ipv4Stack.Received r = ns.stack().udpReceive(socket, buf);
        PacketContext ctx = r.ctx();
        syscall(ctx);
        forwarded++;
        systemWork(ns.costs().copyNanos(r.length()));
        userWork(ns.costs().userProcessingNanos() + (firstAfterWakeup() ? ns.costs().proxyColdNanos() : 0));
        if (ns.tracing(ctx)) ns.tracer().userHop(ctx, now(), ns, "flanneld", HopAction.READ_BY_PROCESS,
                "recvfrom(:" + port + ") " + r.length() + " bytes from " + Ipv4Address.toString(r.srcIp()) + " copied kernel → user");
        int ttl = r.length() < Ipv4Header.MIN_LENGTH ? 0 : ip.wrap(buf, 0).ttl();
        if (r.length() < Ipv4Header.MIN_LENGTH || !decrementTtl(buf, 0)) {
            if (ns.tracing(ctx)) ns.tracer().userHop(ctx, now(), ns, "flanneld", HopAction.DROPPED, "TTL reached zero or runt packet");
            ctx.countDropOnFlow(DropReason.FLANNEL_TTL, ns.displayName() + "/flanneld");
            ns.countDrop(DropReason.FLANNEL_TTL);
            return;
        }
        ctx.add(Cost.DECAPSULATIONS, 1);
        if (ns.tracing(ctx)) ns.tracer().userHop(ctx, now(), ns, "flanneld", HopAction.FORWARDED, ttlNote(ttl));
        if (ns.tracing(ctx)) ns.tracer().userHop(ctx, now(), ns, "flanneld", HopAction.SENT_BY_PROCESS,
                "write(flannel0) " + r.length() + " bytes copied user → kernel");
        syscall(ctx);
        tun.write(buf, r.length(), ctx, elapsed());
    }

    /** The walk's words for proxy.c's TTL decrement: flanneld routes the inner packet, so like a router it takes one off. */
    private static String ttlNote(int ttl) {
        return "TTL " + ttl + " → " + (ttl - 1) + " (proxy.c decrement_ttl(): flanneld forwards the inner packet as a router would)";
    }

    /**
     * decrement_ttl() exactly as proxy.c does it, so the bytes match flanneld's: the checksum is
     * patched by adding htons(0x100) to the 16-bit field read in host (little-endian) order, with
     * its special case near 0xFFFF. Returns false when the TTL reaches zero.
     */
    static boolean decrementTtl(byte[] a, int off) {
        int t = off + Ipv4Header.TTL_OFFSET;
        int c = off + Ipv4Header.CHECKSUM_OFFSET;
        int ttl = (a[t] & 0xFF) - 1;
        a[t] = (byte) ttl;
        if ((ttl & 0xFF) == 0) return false;
        int hostOrder = (a[c] & 0xFF) | ((a[c + 1] & 0xFF) << 8);
        hostOrder += hostOrder >= 0xFFFE ? 2 : 1; // htons(0xFFFF - 0x100) == 0xFFFE on x86-64; htons(0x100) == 1
        a[c] = (byte) hostOrder;
        a[c + 1] = (byte) (hostOrder >>> 8);
        return true;
    }

    /** send_net_unreachable(): ICMP type 3 code 0 written back into the TUN, TTL 8, ID 0, quoting 20 + 8 bytes. */
    private void sendNetUnreachable(PacketContext offender) {
        byte[] p = icmpBuf;
        int quoted = Ipv4Header.MIN_LENGTH + 8;
        int total = p.length;
        java.util.Arrays.fill(p, (byte) 0);
        System.arraycopy(buf, 0, p, Ipv4Header.MIN_LENGTH + IcmpMessage.HEADER_LENGTH, quoted);
        new IcmpMessage().wrap(p, Ipv4Header.MIN_LENGTH, IcmpMessage.HEADER_LENGTH + quoted)
                .setError(IcmpMessage.TYPE_DEST_UNREACHABLE, IcmpMessage.CODE_NET_UNREACHABLE, 0);
        new Ipv4Header().wrap(p, 0).set(0, total, 0, 0, 8, Ipv4Header.PROTO_ICMP, tunAddress, ip.src());
        PacketContext ctx = ns.tracer().newPacket(offender.flow(), PacketContext.ICMP_ERROR, ns.host().name(), now(), offender);
        syscall(ctx);
        tun.write(p, total, ctx, elapsed());
    }
    @Override public long packets() { return forwarded; }
}
