package dev.overlaysim.linux.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlaysim.linux.Host;
import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Tracer;
import dev.overlaysim.linux.World;
import dev.overlaysim.linux.device.L2Segment;
import dev.overlaysim.linux.device.Nic;
import dev.overlaysim.linux.proc.TcpBulkSender;
import dev.overlaysim.linux.proc.TcpSink;
import dev.overlaysim.protocols.codec.EthernetHeader;
import dev.overlaysim.protocols.codec.Ipv4Header;
import dev.overlaysim.protocols.codec.TcpHeader;
import dev.overlaysim.protocols.codec.TcpOptions;
import dev.overlaysim.protocols.pcap.PcapReader;
import dev.overlaysim.trace.Flow;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.overlaysim.linux.table.Route;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.Ipv4Prefix;

import org.junit.jupiter.api.Test;

/**
 * A whole connection against the real kernel: {@code kernel/tcp-handshake-mtu1500.pcap} and
 * {@code -mtu1450.pcap} (Linux 6.18, two namespaces over a veth, checksum offload off, per-netns
 * tcp_rmem 4096 131072 6291456, cubic) hold a client at 10.9.0.1 sending 5000 (3000) bytes of
 * the pattern 00 01 02 … to 10.9.0.2:5201, which reads them and closes. The simulation's
 * namespaces get the kernel's addresses, MACs and MTU; every segment it sends, each direction in
 * order, must be the kernel's byte for byte once what Linux draws at random or from its clock is
 * taken from the kernel's segment: the ISNs (so seq and ack), the timestamps and the IP IDs, with
 * both checksums computed again over the result. Windows, options and their order, flags, lengths,
 * TTL, DF and payload are the model's own.
 */
class TcpConnectionTest {

    @Test
    void aConnectionOverAVethIsTheKernelsSegmentForSegmentAtMtu1500() throws Exception {
        compare("/kernel/tcp-handshake-mtu1500.pcap", 1500, 5000);
    }

    @Test
    void aConnectionOverAVethIsTheKernelsSegmentForSegmentAtMtu1450() throws Exception {
        compare("/kernel/tcp-handshake-mtu1450.pcap", 1450, 3000);
    }

    /**
     * {@code kernel/tcp-pmtu-frag-needed.pcap}, captured on the client's link: 10.8.1.1 (MTU 1500)
     * sends 5000 bytes through a router (10.8.1.254, 10.8.2.254) whose link to 10.8.2.1 has MTU
     * 1450. Three full segments draw "need to frag (mtu 1450)", the 656-byte one gets through and
     * is SACKed, and the client resends at once at MSS 1398 (1398, 1398, 1398, 150), each ACKed
     * with the SACK block until the hole is filled. Every TCP segment both ways must be the
     * kernel's, as above; the router's ICMP errors are compared in type, code, MTU and length.
     */
    @Test
    void aPathMtuThatFallsMidTransferIsResentAtTheNewMssAsTheKernelDid() throws Exception {
        List<byte[]> kernel = read("/kernel/tcp-pmtu-frag-needed.pcap");
        PathLab lab = new PathLab(kernel, false);
        World world = lab.world;
        NetNamespace a = lab.a;
        TcpSink sink = lab.sink;
        Client sender = lab.sender;
        Flow flow = lab.flow;
        int client = lab.client;
        int server = lab.server;
        world.sim().runUntil(20_000_000_000L);

        assertThat(sink.received()).isEqualTo(5000);
        List<byte[]> sim = sent(world, "va");
        if (System.getenv("TCP_DEBUG_PCAP") != null) {
            try (var w = new dev.overlaysim.protocols.pcap.PcapWriter(new java.io.FileOutputStream(System.getenv("TCP_DEBUG_PCAP")), dev.overlaysim.protocols.pcap.LinkType.ETHERNET)) {
                for (Tracer.Capture c : world.tracer().captures()) if (c.name().endsWith("-va")) for (Tracer.Frame f : c.frames()) w.write(f.time(), f.bytes(), 0, f.bytes().length);
            }
        }
        check("client", tcpFrom(sim, client), tcpFrom(kernel, client));
        // The receiver's windows after it held the 656-byte segment out of order are within 3 × 128
        // bytes of the kernel's (510 533 556 578 601 601 there, 510 535 558 577 602 602 here): the growth for
        // out-of-order data depends on the skb's truesize, which the model takes from its size
        // class, not from veth's GRO skbs. Every other byte must be the kernel's.
        check("server", tcpFrom(sim, server), tcpFrom(kernel, server), 3);
        List<byte[]> icmp = icmp(sim);
        List<byte[]> kernelIcmp = icmp(kernel);
        assertThat(icmp).hasSameSizeAs(kernelIcmp).hasSize(3);
        for (int i = 0; i < icmp.size(); i++) {
            assertThat(icmp.get(i).length).isEqualTo(kernelIcmp.get(i).length);
            // type 3 code 4, and the next-hop MTU
            int at = EthernetHeader.LENGTH + 20;
            assertThat(java.util.Arrays.copyOfRange(icmp.get(i), at, at + 2)).isEqualTo(java.util.Arrays.copyOfRange(kernelIcmp.get(i), at, at + 2));
            assertThat(java.util.Arrays.copyOfRange(icmp.get(i), at + 6, at + 8)).isEqualTo(java.util.Arrays.copyOfRange(kernelIcmp.get(i), at + 6, at + 8));
        }
        assertThat(sender.socket().info().mss()).isEqualTo(1398);
        assertThat(sender.socket().info().pmtu()).isEqualTo(1450);
        assertThat(flow.retransmits()).as("segments sent again: 1398, 1398, 1398, 150").isEqualTo(4);
        assertThat(a.pmtu().mtu(server, 1500, world.sim().now())).isEqualTo(1450);
    }

    /**
     * What made the captures (a Python client): connect from a fixed port, sendall() the bytes,
     * sleep 300 ms, close().
     */
    static final class Client extends dev.overlaysim.linux.proc.UserProcess {
        private final int dst, port, localPort, bytes;
        private final Flow flow;
        private TcpSocket socket;
        private long written;
        private boolean closing;

        Client(NetNamespace ns, int dst, int port, int localPort, int bytes, Flow flow) {
            super(ns, "python3", false);
            this.dst = dst;
            this.port = port;
            this.localPort = localPort;
            this.bytes = bytes;
            this.flow = flow;
        }

        TcpSocket socket() { return socket; }

        @Override protected void onStart() {
            socket = ns.stack().tcp().connect(dst, port, localPort, this, flow, "cubic", elapsed());
        }

        @Override protected boolean step() {
            if (socket.state() != TcpSocket.State.ESTABLISHED || written == bytes) return false;
            written += socket.write(bytes - written, true, elapsed());
            if (written == bytes && !closing) {
                closing = true;
                timer(300_000_000L, () -> socket.close(elapsed()));
            }
            return written < bytes;
        }
    }

    /**
     * The same path with the client's ICMP blocked ({@code kernel/tcp-pmtu-black-hole.pcap}: the
     * kernel's lab dropped it with a blackhole rule on the client, here the router sends none,
     * which the client cannot tell apart): the client learns nothing, so it resends 1:1449 at full
     * size, first when RACK's reordering timer finds it lost (the SACK of the 656-byte segment
     * sent after it came back; the kernel: 7.6 ms after the data), then when its RTO fires — 204
     * ms later, HZ 250's 51 jiffies of 200 ms + the handshake's round trip (the kernel: 208) — and
     * again 408 ms after that; {@code ss -ti} said {@code rto:408 backoff:1 mss:1448 pmtu:1500
     * cwnd:1 ssthresh:7} after the first timeout.
     */
    @Test
    void withTheIcmpBlockedTheFullSizeSegmentIsResentAtEachRtoAndNeverArrives() throws Exception {
        List<byte[]> kernel = read("/kernel/tcp-pmtu-black-hole.pcap");
        PathLab lab = new PathLab(kernel, true);
        World world = lab.world;
        NetNamespace a = lab.a;
        TcpSink sink = lab.sink;
        Client sender = lab.sender;
        int client = lab.client;
        int server = lab.server;
        world.sim().runUntil(500_000_000L);

        TcpSocket s = sender.socket();
        assertThat(s.info().rtoMillis()).isEqualTo(408);
        assertThat(s.info().cwnd()).isEqualTo(1);
        assertThat(s.info().ssthresh()).isEqualTo(7);
        assertThat(s.info().mss()).isEqualTo(1448);
        assertThat(s.info().pmtu()).isEqualTo(1500);
        assertThat(s.timeouts()).isEqualTo(1);
        world.sim().runUntil(10_000_000_000L);
        assertThat(sink.received()).isZero();
        List<Long> resends = new ArrayList<>();
        long first = -1;
        for (Tracer.Capture c : world.tracer().captures()) {
            if (!c.name().endsWith("-va")) continue;
            for (Tracer.Frame f : c.frames()) {
                Ipv4Header ip = new Ipv4Header().wrap(f.bytes(), EthernetHeader.LENGTH);
                if (ip.protocol() != Ipv4Header.PROTO_TCP || ip.src() != client || ip.totalLength() != 1500) continue;
                TcpHeader t = new TcpHeader().wrap(f.bytes(), EthernetHeader.LENGTH + 20);
                if (first < 0) first = f.time();
                else if (t.seq() == new TcpHeader().wrap(tcpFrom(sent(world, "va"), client).get(2), EthernetHeader.LENGTH + 20).seq()) resends.add(f.time() - first);
            }
        }
        // every resend of 1:1449 is full size: RACK's reordering timer first (the SACK of 4345:5001
        // showed it was sent after it; the kernel: 7.6 ms), then the RTO 204 ms after that resend
        // (the kernel: 208 ms), then each RTO doubled
        assertThat(resends).hasSizeGreaterThanOrEqualTo(4);
        assertThat(resends.get(0)).isBetween(3_000_000L, 8_000_000L);
        assertThat(resends.get(1) - resends.get(0)).isBetween(203_000_000L, 206_000_000L);
        assertThat(resends.get(2) - resends.get(1)).isBetween(407_000_000L, 410_000_000L);
        assertThat(a.pmtu().mtu(server, 1500, world.sim().now())).isEqualTo(1500);
    }

    /**
     * The kernel's path-MTU lab (the captures' addresses and MACs): client a (10.8.1.1, MTU 1500)
     * — router r (10.8.1.254 / 10.8.2.254, its link to b at MTU 1450) — server b (10.8.2.1, MTU
     * 1500); a sink on b and the captures' client on a sending 5000 bytes; optionally the router
     * sending no ICMP.
     */
    private static final class PathLab {
        final World world = new World(1);
        final NetNamespace a = world.addHost("a").root();
        final NetNamespace r = world.addHost("r").root();
        final NetNamespace b = world.addHost("b").root();
        final int client = Ipv4Address.parse("10.8.1.1").value();
        final int server = Ipv4Address.parse("10.8.2.1").value();
        final Flow flow = world.addFlow(new Flow("tcp-1", "tcp", "a", "b"));
        final TcpSink sink;
        final Client sender;

        PathLab(List<byte[]> kernel, boolean icmpBlocked) {
            EthernetHeader eth = new EthernetHeader().wrap(kernel.get(0), 0);
            L2Segment left = world.addSegment("left", 10_000, 10_000_000_000L);
            L2Segment right = world.addSegment("right", 10_000, 10_000_000_000L);
            Nic va = new Nic(a, "va", eth.src(), 1500, left);
            Nic vr1 = new Nic(r, "vr1", eth.dst(), 1500, left);
            Nic vr2 = new Nic(r, "vr2", 0x02_00_00_00_02_feL, 1450, right);
            Nic vb = new Nic(b, "vb", 0x02_00_00_00_02_01L, 1500, right);
            va.addAddress(client, 24);
            vr1.addAddress(Ipv4Address.parse("10.8.1.254").value(), 24);
            vr2.addAddress(Ipv4Address.parse("10.8.2.254").value(), 24);
            vb.addAddress(server, 24);
            for (Nic n : List.of(va, vr1, vr2, vb)) n.setUp(true);
            r.ipForward(true);
            r.icmpBlocked(icmpBlocked);
            a.routes().add(Route.via(Ipv4Prefix.parse("0.0.0.0/0"), Ipv4Address.parse("10.8.1.254").value(), va, false));
            b.routes().add(Route.via(Ipv4Prefix.parse("0.0.0.0/0"), Ipv4Address.parse("10.8.2.254").value(), vb, false));
            a.neighbours().addPermanent(va, Ipv4Address.parse("10.8.1.254").value(), eth.dst());
            r.neighbours().addPermanent(vr1, client, eth.src());
            r.neighbours().addPermanent(vr2, server, vb.mac());
            b.neighbours().addPermanent(vb, Ipv4Address.parse("10.8.2.254").value(), vr2.mac());
            world.tracer().capturing(true);
            TcpHeader syn = new TcpHeader().wrap(kernel.get(0), EthernetHeader.LENGTH + 20);
            sink = b.host().start(new TcpSink(b, syn.dstPort(), flow));
            sender = a.host().start(new Client(a, server, syn.dstPort(), syn.srcPort(), 5000, flow));
        }
    }

    private static List<byte[]> read(String pcap) throws Exception {
        return PcapReader.read(Path.of(TcpConnectionTest.class.getResource(pcap).toURI()))
                .records().stream().map(PcapReader.Record::bytes).toList();
    }

    private static List<byte[]> tcpFrom(List<byte[]> frames, int src) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] f : frames) {
            Ipv4Header ip = new Ipv4Header().wrap(f, EthernetHeader.LENGTH);
            if (ip.protocol() == Ipv4Header.PROTO_TCP && ip.src() == src) out.add(f);
        }
        return out;
    }

    private static List<byte[]> icmp(List<byte[]> frames) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] f : frames) if (new Ipv4Header().wrap(f, EthernetHeader.LENGTH).protocol() == Ipv4Header.PROTO_ICMP) out.add(f);
        return out;
    }

    private void compare(String pcap, int mtu, int bytes) throws Exception {
        List<byte[]> kernel = PcapReader.read(Path.of(TcpConnectionTest.class.getResource(pcap).toURI()))
                .records().stream().map(PcapReader.Record::bytes).toList();
        byte[] syn = kernel.get(0);
        EthernetHeader eth = new EthernetHeader().wrap(syn, 0);
        Ipv4Header ip = new Ipv4Header().wrap(syn, EthernetHeader.LENGTH);
        TcpHeader tcp = new TcpHeader().wrap(syn, EthernetHeader.LENGTH + 20);
        int client = ip.src();
        int server = ip.dst();

        World world = new World(1);
        L2Segment veth = world.addSegment("veth", 10_000, 10_000_000_000L);
        NetNamespace a = world.addHost("a").root();
        NetNamespace b = world.addHost("b").root();
        Nic va = new Nic(a, "va", eth.src(), mtu, veth);
        Nic vb = new Nic(b, "vb", eth.dst(), mtu, veth);
        va.addAddress(client, 24);
        vb.addAddress(server, 24);
        va.setUp(true);
        vb.setUp(true);
        a.neighbours().addPermanent(va, server, eth.dst());
        b.neighbours().addPermanent(vb, client, eth.src());
        world.tracer().capturing(true);
        Flow flow = world.addFlow(new Flow("tcp-1", "tcp", "a", "b"));
        TcpSink sink = b.host().start(new TcpSink(b, tcp.dstPort(), flow));
        Client sender = a.host().start(new Client(a, server, tcp.dstPort(), tcp.srcPort(), bytes, flow));
        world.sim().runUntil(20_000_000_000L);

        assertThat(sink.received()).isEqualTo(bytes);
        assertThat(flow.deliveredBytes()).isEqualTo(bytes);
        List<byte[]> sim = sent(world, "va"); // what crossed the veth, both ways, as tcpdump -i va sees it
        List<byte[]> fromClient = new ArrayList<>();
        List<byte[]> fromServer = new ArrayList<>();
        for (byte[] f : kernel) (new Ipv4Header().wrap(f, EthernetHeader.LENGTH).src() == client ? fromClient : fromServer).add(f);
        List<byte[]> simClient = new ArrayList<>();
        List<byte[]> simServer = new ArrayList<>();
        for (byte[] f : sim) (new Ipv4Header().wrap(f, EthernetHeader.LENGTH).src() == client ? simClient : simServer).add(f);
        check("client", simClient, fromClient);
        check("server", simServer, fromServer);
        assertThat(sender.socket().state()).isIn(TcpSocket.State.TIME_WAIT, TcpSocket.State.CLOSED);
    }

    /** Frames captured on device {@code dev}, in order. */
    private static List<byte[]> sent(World world, String dev) {
        for (Tracer.Capture c : world.tracer().captures()) {
            if (c.name().endsWith("-" + dev)) {
                List<byte[]> out = new ArrayList<>();
                for (Tracer.Frame f : c.frames()) out.add(f.bytes());
                return out;
            }
        }
        throw new AssertionError("no capture on " + dev);
    }

    private static void check(String side, List<byte[]> sim, List<byte[]> kernel) {
        check(side, sim, kernel, 0);
    }

    /**
     * @param windowSlack how far (in units of the window scale) a window may differ from the kernel's:
     *                    0, except for a receiver that held out-of-order data (see the path-MTU test)
     */
    private static void check(String side, List<byte[]> sim, List<byte[]> kernel, int windowSlack) {
        List<byte[]> own = new ArrayList<>();
        int src = new Ipv4Header().wrap(kernel.get(0), EthernetHeader.LENGTH).src();
        for (byte[] f : sim) if (new Ipv4Header().wrap(f, EthernetHeader.LENGTH).src() == src) own.add(f);
        assertThat(own).as(side + " segments").hasSameSizeAs(kernel);
        int simIsn = seqBase(own, kernel, true);
        int kIsn = seqBase(kernel, kernel, true);
        int simPeer = seqBase(own, kernel, false);
        int kPeer = seqBase(kernel, kernel, false);
        for (int i = 0; i < own.size(); i++) {
            byte[] f = own.get(i).clone();
            byte[] k = kernel.get(i);
            Ipv4Header fi = new Ipv4Header().wrap(f, EthernetHeader.LENGTH);
            Ipv4Header ki = new Ipv4Header().wrap(k, EthernetHeader.LENGTH);
            TcpHeader ft = new TcpHeader().wrap(f, EthernetHeader.LENGTH + fi.headerLength());
            TcpHeader kt = new TcpHeader().wrap(k, EthernetHeader.LENGTH + ki.headerLength());
            assertThat(f.length).as(side + " segment " + (i + 1) + " length").isEqualTo(k.length);
            // what Linux draws: ISNs, IP ID, timestamps — the kernel's, so the rest can be compared byte for byte
            dev.overlaysim.protocols.codec.Bytes.put32(f, ft.offset() + TcpHeader.SEQ_OFFSET, ft.seq() - simIsn + kIsn);
            if (ft.has(TcpHeader.ACK)) dev.overlaysim.protocols.codec.Bytes.put32(f, ft.offset() + TcpHeader.ACK_OFFSET, ft.ack() - simPeer + kPeer);
            dev.overlaysim.protocols.codec.Bytes.put16(f, fi.offset() + 4, ki.identification());
            int so = optionOffset(f, ft, TcpHeader.OPT_SACK);
            if (so >= 0) {
                // SACK edges are sequence numbers of the peer's stream: renumbered like the ACK
                for (int e = so; e < so - 2 + (f[so - 1] & 0xff); e += 4) {
                    dev.overlaysim.protocols.codec.Bytes.put32(f, e, dev.overlaysim.protocols.codec.Bytes.i32(f, e) - simPeer + kPeer);
                }
            }
            int fo = tsOffset(f, ft);
            int ko = tsOffset(k, kt);
            assertThat(fo >= 0).as(side + " segment " + (i + 1) + " has timestamps").isEqualTo(ko >= 0);
            if (fo >= 0) System.arraycopy(k, ko, f, fo, 8);
            if (windowSlack > 0 && !ft.has(TcpHeader.SYN)) {
                assertThat(Math.abs(ft.window() - kt.window())).as(side + " segment " + (i + 1) + " window " + ft.window()
                        + " vs the kernel's " + kt.window()).isLessThanOrEqualTo(windowSlack);
                ft.window(kt.window());
            }
            fi.updateChecksum();
            ft.updateChecksum(fi.src(), fi.dst(), fi.totalLength() - fi.headerLength());
            assertThat(dev.overlaysim.protocols.codec.Bytes.hex(f, 0, f.length)).as(side + " segment " + (i + 1)).isEqualTo(dev.overlaysim.protocols.codec.Bytes.hex(k, 0, k.length));
        }
    }

    /** The ISN of this side ({@code own}) or of the peer, from the first SYN seen in {@code frames}. */
    private static int seqBase(List<byte[]> frames, List<byte[]> any, boolean own) {
        byte[] f = frames.get(0);
        TcpHeader t = new TcpHeader().wrap(f, EthernetHeader.LENGTH + 20);
        if (own) return t.seq();
        return t.has(TcpHeader.ACK) ? t.ack() - 1 : new TcpHeader().wrap(frames.get(1), EthernetHeader.LENGTH + 20).ack() - 1;
    }

    /** Where TSval starts in the segment's options, or -1 without timestamps. */
    private static int tsOffset(byte[] f, TcpHeader t) {
        return optionOffset(f, t, TcpHeader.OPT_TIMESTAMP);
    }

    /** Where option {@code wanted}'s value starts (after kind and length), or -1. */
    private static int optionOffset(byte[] f, TcpHeader t, int wanted) {
        int p = t.optionsOffset();
        int end = t.offset() + t.headerLength();
        while (p < end) {
            int kind = f[p] & 0xff;
            if (kind == 0) break;
            if (kind == 1) { p++; continue; }
            if (kind == wanted) return p + 2;
            p += f[p + 1] & 0xff;
        }
        return -1;
    }
}
