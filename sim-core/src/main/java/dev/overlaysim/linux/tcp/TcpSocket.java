package dev.overlaysim.linux.tcp;

import dev.overlaysim.engine.Event;
import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.linux.proc.UserProcess;
import dev.overlaysim.linux.stack.Ipv4Stack;
import dev.overlaysim.linux.table.Route;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.buffer.PacketBuffer;
import dev.overlaysim.protocols.codec.Ipv4Header;
import dev.overlaysim.protocols.codec.TcpHeader;
import dev.overlaysim.protocols.codec.TcpOptions;
import dev.overlaysim.trace.Cost;
import dev.overlaysim.trace.Flow;
import dev.overlaysim.trace.HopAction;
import dev.overlaysim.trace.PacketContext;
import dev.overlaysim.trace.TcpInfo;

import java.util.ArrayDeque;
import java.util.ArrayList;

/**
 * One TCP connection end (struct tcp_sock), as net/ipv4/tcp*.c runs it with Linux's defaults:
 * SYN options MSS, SACK-permitted, timestamps and window scale in tcp_options_write()'s order;
 * segments of the MSS the path allows; the receive window of tcp_select_window() with the
 * receive buffer's autotuning (tcp_rcv_space_adjust); quick ACKs for the first segments, then an
 * ACK for every second full segment or after the delayed-ACK timer (40 ms); the RTO of
 * {@link RttEstimator} with backoff; SACK on receive and a SACK scoreboard on send, fast
 * retransmit once three segments above a hole are SACKed (or three duplicate ACKs arrive without
 * SACK); {@link Cubic} or {@link Reno}; FIN and RST; and tcp_v4_mtu_reduced(), which resends at
 * once what no longer fits a path MTU that fell.
 *
 * <p>Not modelled (each changes timing, never bytes of the segments modelled): TSO/GSO (every
 * segment is its own skb), pacing, the tail-loss probe and RACK's reordering timer, PRR (the
 * window drops to ssthresh at once), undo, D-SACK, PAWS, urgent data, keepalives, SO_LINGER,
 * TIME-WAIT's 60 s (the port is freed at once), the pingpong (interactive) delayed-ACK heuristics
 * beyond the FIN's.
 *
 * <p>The payload bytes are not stored: byte {@code i} of a stream is {@code i & 0xff}
 * ({@link #payloadByte}), which is what the simulated processes write (iperf3's buffer holds a
 * pattern too), so a retransmission rebuilds a segment from its sequence numbers.
 */
public final class TcpSocket {
    public enum State {
        CLOSED("UNCONN"), LISTEN("LISTEN"), SYN_SENT("SYN-SENT"), SYN_RECV("SYN-RECV"), ESTABLISHED("ESTAB"),
        FIN_WAIT1("FIN-WAIT-1"), FIN_WAIT2("FIN-WAIT-2"), CLOSING("CLOSING"), TIME_WAIT("TIME-WAIT"),
        CLOSE_WAIT("CLOSE-WAIT"), LAST_ACK("LAST-ACK");
        private final String ss;
        State(String ss) { this.ss = ss; }
        /** The name {@code ss} prints. */
        public String ss() { return ss; }
    }

    /** CONFIG_HZ of the kernel the model is pinned to (this machine's: /proc/config.gz). */
    public static final int HZ = 250;
    /** TCP_DELACK_MIN (HZ/25): the delayed-ACK timer, 40 ms. */
    public static final long DELACK_NANOS = 40_000_000L;
    /** TCP_MAX_QUICKACKS: the segments ACKed at once when a connection starts receiving. */
    static final int MAX_QUICKACKS = 16;
    /** net.ipv4.tcp_wmem[1], [2]: the send buffer a socket starts with and the most it grows to. */
    public static final int TCP_WMEM_DEFAULT = 16_384;
    public static final int TCP_WMEM_MAX = 4_194_304;
    /** The kernel's dupthresh (tp->reordering): segments SACKed above a hole that mark it lost. */
    static final int REORDERING = 3;
    /** net.ipv4.tcp_syn_retries: SYNs sent again before connect() gives up (ETIMEDOUT). */
    static final int SYN_RETRIES = 6;
    /** MAX_TCP_HEADER + skb_shared_info, sk_buff: tcp_sndbuf_expand()'s per-segment memory, around the MSS. */
    private static final int SKB_OVERHEAD = 320 + 320;
    private static final int SK_BUFF = 256;

    /** What a process waiting on the socket is told when it changes (sk_data_ready, sk_write_space, sk_state_change). */
    private final NetNamespace ns;
    private final Ipv4Stack stack;
    private final Tcp tcp;
    private UserProcess owner;
    private final Flow flow;
    private State state = State.CLOSED;
    final int localIp;
    final int localPort;
    final int remoteIp;
    final int remotePort;
    private final CongestionControl ca;
    private final TcpCongestionState cc = new TcpCongestionState();
    private final RttEstimator rtt = new RttEstimator(HZ);
    private final RetransmitQueue rtx = new RetransmitQueue();
    private final TcpHeader out = new TcpHeader();
    private final int[] sackEdges = new int[2 * 4];
    private final int[] sackRanges = new int[16];

    // ---- send side
    private int iss;
    private int sndUna;
    private int sndNxt;
    private int writeSeq;
    private int sndWnd;
    private int sndWl1;
    private int sndSml;
    private int highSeq;
    private int peerWscale;
    private boolean peerSack;
    private boolean timestamps;
    private int peerMss = Mss.DEFAULT;
    private int mss;
    private int pmtu;
    private int advmss;
    /** The MSS this side's SYN (or SYN-ACK) announces: the route's MTU − 40 (ipv4_default_advmss). */
    private int synAdvmss;
    private int sndbuf = TCP_WMEM_DEFAULT;
    private int tsOffset;
    private int tsRecent;
    private int ipId;
    private int dupAcks;
    private boolean finQueued;
    private boolean finSent;
    private int synRetries;
    private long synSentAt;
    private Event rtoEvent;
    private long rtoDeadline;
    private long rtoEventAt;
    private final Runnable rtoTask = this::retransmitTimer;
    private long totalRetrans;
    /** RACK's newest delivered send time, and the least RTT seen (tcp_min_rtt), for the reordering window. */
    private long rackSentAt;
    /** sk_dst_pending_confirm: the next segment sent confirms its next hop's neighbour entry. */
    private boolean dstPendingConfirm;
    private long rackRttNanos;
    private Event reoEvent;
    private final Runnable reoTask = this::reoTimer;
    private long minRttUs;
    /** Fast recoveries entered (netstat's TCPSackRecovery / TCPRenoRecovery) and retransmission timeouts (TCPTimeouts). */
    private long recoveries;
    private long timeouts;
    private long bytesAcked;
    private int pendingSyscalls;
    private final ArrayDeque<Integer> pushMarks = new ArrayDeque<>();

    // ---- receive side
    private int irs;
    private int rcvNxt;
    private int rcvWup;
    private int rcvWnd;
    private int myWscale;
    private int rcvSsthresh;
    private int windowClamp;
    private int rcvMss = Mss.DEFAULT;
    private int scalingRatio = ReceiveWindow.DEFAULT_SCALING_RATIO;
    private int rcvbuf = ReceiveWindow.TCP_RMEM_DEFAULT;
    private int rmemAlloc;
    private int copiedSeq;
    private int quick;
    private boolean pingpong;
    private boolean ackPending;
    private int segsSinceAck;
    private Event delackEvent;
    private final Runnable delackTask = this::delackTimer;
    private boolean finReceived;
    /** ICSK_ACK_PUSHED: a segment smaller than rcv_mss arrived since the last ACK. */
    private boolean pushed;
    /** The SYN offered window scaling (a listener's child answers with its own scale only then). */
    private boolean wscaleOk = true;
    /** The writer found the send buffer full and sleeps until ACKs make room (SOCK_NOSPACE). */
    private boolean noSpace;
    private final ArrayDeque<Skb> receiveQueue = new ArrayDeque<>();
    /** An out-of-order segment: its skb (at its payload), first sequence number and whether it ends with FIN. */
    private record Ofo(Skb skb, int seq, boolean fin) {
        int end() { return seq + skb.buf.length(); }
    }
    /** The out-of-order queue, by sequence number: only segments beyond a hole, which are few. */
    private final ArrayList<Ofo> ofo = new ArrayList<>();
    /** The context of the last segment received, charged with wake-ups that timers cause. */
    private PacketContext lastCtx;
    private int lastSackStart;
    private long bytesReceived;
    // tcp_rcv_space_adjust(): what the reader copied in the last round trip, and the round trip
    private int rcvqSpace;
    private int rcvqSeq;
    private long rcvqTime;
    private long rcvRttUs;
    private int rcvRttSeq;
    private long rcvRttTime = -1;

    // ---- a listener's
    private final ArrayDeque<TcpSocket> acceptQueue = new ArrayDeque<>();
    private TcpSocket parent;
    private boolean reset;
    private long establishedAt = -1;

    TcpSocket(NetNamespace ns, Tcp tcp, UserProcess owner, Flow flow, int localIp, int localPort, int remoteIp, int remotePort,
              CongestionControl ca) {
        this.ns = ns;
        this.stack = ns.stack();
        this.tcp = tcp;
        this.owner = owner;
        this.flow = flow;
        this.localIp = localIp;
        this.localPort = localPort;
        this.remoteIp = remoteIp;
        this.remotePort = remotePort;
        this.ca = ca;
    }

    public static CongestionControl congestionControl(String name) {
        return switch (name) {
            case "cubic" -> new Cubic(HZ, true, true);
            case "reno" -> new Reno();
            default -> throw new IllegalArgumentException("unknown congestion control '" + name + "'; expected cubic or reno");
        };
    }

    /** Byte {@code i} of every simulated stream: what the processes write and the segments carry. */
    public static byte payloadByte(long i) { return (byte) i; }

    /** listen(): the socket waits for SYNs (Tcp keeps it by port). */
    void listening() { state = State.LISTEN; }

    public State state() { return state; }
    public int localPort() { return localPort; }
    public int remoteIp() { return remoteIp; }
    public int remotePort() { return remotePort; }
    public boolean wasReset() { return reset; }
    public Flow flow() { return flow; }
    /** When the handshake completed here (the ACK sent, or received by a listener's child); -1 before. */
    public long establishedAt() { return establishedAt; }
    public int mss() { return mss; }
    public void owner(UserProcess p) { this.owner = p; }

    private long nowMs() { return ns.now() / 1_000_000L; }
    private int tsVal() { return (int) nowMs() + tsOffset; }

    // ------------------------------------------------------------------ open

    /** connect(): a SYN with this side's options, from process context after {@code delay}. */
    void connect(long delay) {
        var r = ns.sim().random().stream("tcp:" + ns.host().name() + ":" + ns.displayName() + ":" + localPort + ":" + remotePort);
        iss = r.nextInt();
        tsOffset = r.nextInt();
        ipId = r.nextInt(0x10000);
        ca.init(cc, ns.now());
        sndUna = iss;
        sndNxt = iss + 1;
        writeSeq = iss + 1;
        sndSml = iss;
        copiedSeq = 0;
        Route route = ns.routes().lookup(remoteIp);
        int devMtu = route == null ? 1500 : route.device().mtu();
        pmtu = ns.pmtu().mtu(remoteIp, devMtu, ns.now());
        advmss = Mss.advertised(devMtu);
        synAdvmss = advmss;
        ReceiveWindow.Initial w = ReceiveWindow.forSyn(advmss);
        rcvWnd = w.rcvWnd();
        myWscale = w.wscale();
        windowClamp = w.windowClamp();
        rcvSsthresh = rcvWnd;
        state = State.SYN_SENT;
        synSentAt = ns.now() + delay;
        sendSyn(delay, false);
    }

    private void sendSyn(long delay, boolean again) {
        int advmss = synAdvmss;
        int optLen = TcpHeader.optionsSize(advmss, true, true, myWscale, 0);
        Skb skb = newSegment(0, delay, again ? "tcp-retransmit" : "tcp");
        writeHeader(skb, iss, 0, TcpHeader.SYN, rcvWnd, optLen, advmss, true, true, 0, myWscale, 0);
        if (ns.tracing(skb.ctx)) hop(skb, HopAction.SENT_BY_PROCESS, "connect(" + Ipv4Address.toString(remoteIp) + ":" + remotePort
                + "): SYN, options [mss " + advmss + ",sackOK,TS,nop,wscale " + myWscale + "]");
        send(skb, ipId++);
        armRto();
    }

    /**
     * A listener's SYN: a child in SYN-RECV answers with a SYN-ACK (tcp_conn_request →
     * tcp_v4_send_synack); its IP ID is 0, as the request socket has no inet_id of its own.
     */
    static TcpSocket fromSyn(TcpSocket listener, Skb syn, TcpHeader h, TcpOptions o, int src, int dst) {
        TcpSocket c = new TcpSocket(listener.ns, listener.tcp, listener.owner, listener.flow, dst, listener.localPort, src, h.srcPort(),
                congestionControl(listener.ca.name()));
        c.parent = listener;
        var r = c.ns.sim().random().stream("tcp:" + c.ns.host().name() + ":" + c.ns.displayName() + ":" + c.localPort + ":" + c.remotePort
                + ":" + h.seq());
        c.iss = r.nextInt();
        c.tsOffset = r.nextInt();
        c.ipId = r.nextInt(0x10000); // tcp_v4_syn_recv_sock(): newinet->inet_id = get_random_u16()
        c.ca.init(c.cc, c.ns.now());
        c.irs = h.seq();
        c.rcvNxt = h.seq() + 1;
        c.rcvWup = c.rcvNxt;
        c.copiedSeq = c.rcvNxt;
        c.rcvqSeq = c.rcvNxt;
        c.sndUna = c.iss;
        c.sndNxt = c.iss + 1;
        c.writeSeq = c.iss + 1;
        c.sndSml = c.iss;
        c.peerMss = o.mss() == 0 ? Mss.DEFAULT : o.mss();
        c.peerSack = o.sackPermitted();
        c.timestamps = o.timestamps();
        c.tsRecent = o.tsVal();
        c.peerWscale = o.wscale() < 0 ? 0 : o.wscale();
        boolean wscaleOk = o.wscale() >= 0;
        c.sndWnd = h.window();
        c.sndWl1 = h.seq();
        Route route = c.ns.routes().lookup(src);
        int devMtu = route == null ? 1500 : route.device().mtu();
        c.pmtu = c.ns.pmtu().mtu(src, devMtu, c.ns.now());
        c.advmss = Mss.advertised(devMtu);
        c.synAdvmss = c.advmss;
        ReceiveWindow.Initial w = ReceiveWindow.forSynAck(c.advmss, c.timestamps, wscaleOk);
        c.rcvWnd = w.rcvWnd();
        c.myWscale = wscaleOk ? w.wscale() : 0;
        c.windowClamp = w.windowClamp();
        c.rcvSsthresh = c.rcvWnd;
        c.state = State.SYN_RECV;
        c.mss = Mss.send(c.pmtu, c.peerMss, c.timestamps);
        c.rcvqSpace = Math.min(c.rcvWnd, TcpCongestionState.TCP_INIT_CWND * c.advmss);
        c.wscaleOk = wscaleOk;
        c.initBufferSpace();
        c.sendSynAck(syn.delay, syn.ctx);
        // as the client does on the SYN-ACK: with timestamps the data per segment is 12 bytes less
        // (the ACKs' windows of the captures grow by 2 × 1448, not 2 × 1460)
        if (c.timestamps) c.advmss -= TcpHeader.TSTAMP_ALIGNED;
        return c;
    }

    private void sendSynAck(long delay, PacketContext cause) {
        int advmss = synAdvmss;
        int optLen = TcpHeader.optionsSize(advmss, peerSack, timestamps, wscaleOk ? myWscale : -1, 0);
        Skb skb = newSegment(0, delay, "tcp");
        writeHeader(skb, iss, rcvNxt, TcpHeader.SYN | TcpHeader.ACK, rcvWnd, optLen, advmss, peerSack, timestamps,
                timestamps ? tsRecent : 0, wscaleOk ? myWscale : -1, 0);
        if (ns.tracing(skb.ctx)) hop(skb, HopAction.DELIVERED, "SYN from " + Ipv4Address.toString(remoteIp) + ":" + remotePort
                + " to listening port " + localPort + ": SYN-ACK sent (tcp_conn_request)");
        synSentAt = ns.now() + delay;
        send(skb, 0);
        armRto();
    }

    // ------------------------------------------------------------------ syscalls

    /**
     * write()/send(): takes up to {@code len} bytes of the process's buffer, as many as the send
     * buffer has room for (sk_stream_memory_free), copying them user → kernel (charged to the
     * process: {@code copyNanos}); then pushes what the windows allow. Returns the bytes taken;
     * 0 when the buffer is full (the writer sleeps until ACKs make room, sk_write_space), -1 when
     * the connection cannot send (reset, closed for writing).
     *
     * @param push whether this write ends a message (tcp_push with PSH on its last segment)
     * @param delay the process's time into its slice
     */
    public long write(long len, boolean push, long delay) {
        if (reset || finQueued || state == State.CLOSED) return -1;
        pendingSyscalls++;
        long room = sndbuf - (long) (writeSeq - sndUna);
        if (room <= 0) {
            noSpace = true;
            return 0;
        }
        int n = (int) Math.min(len, room);
        writeSeq += n;
        ns.world().charge(ns.costs().copyNanos(n));
        // tcp_push() marks the tail with PSH at the end of a write and before waiting for memory
        if (push) pushMarks.addLast(writeSeq);
        if (state == State.ESTABLISHED || state == State.CLOSE_WAIT) writeXmit(delay + ns.costs().copyNanos(n));
        return n;
    }

    /** Whether a blocked writer may go on: the send buffer has a third free (sk_stream_wspace ≥ min_wspace). */
    public boolean writable() {
        return reset || (state != State.SYN_SENT && (sndbuf - (writeSeq - sndUna)) >= (writeSeq - sndUna) / 2 && writeSeq - sndUna < sndbuf);
    }

    /**
     * read()/recv() of up to {@code max} bytes: copies whole or partial skbs from the receive
     * queue (one copy each, counted on its ledger), and returns the bytes read, 0 at the end of
     * the stream (the peer's FIN read), -1 when nothing is there yet (the reader sleeps).
     */
    public long read(long max, long now) {
        pendingSyscalls++;
        long copied = 0;
        while (copied < max) {
            Skb skb = receiveQueue.peekFirst();
            if (skb == null || skb.readyAt > now) break;
            PacketBuffer b = skb.buf;
            int take = (int) Math.min(b.length(), max - copied);
            if (copied == 0) {
                skb.ctx.add(Cost.SYSCALLS, pendingSyscalls);
                skb.ctx.add(Cost.MODE_SWITCHES, 2L * pendingSyscalls);
                pendingSyscalls = 0;
            }
            skb.ctx.add(Cost.COPIES, 1);
            skb.ctx.add(Cost.COPY_BYTES, take);
            ns.world().charge(ns.costs().copyNanos(take));
            copied += take;
            copiedSeq += take;
            if (take == b.length()) {
                receiveQueue.pollFirst();
                rmemAlloc -= skb.truesize();
                if (skb.ctx.flow() != null) skb.ctx.flow().countDelivered(skb.ctx.id(), skb.ctx.ledger(), skb.ctx.ledger(), now - skb.ctx.createdAt());
                ns.world().skbs().consume(skb);
            } else {
                b.pull(take);
            }
        }
        if (copied > 0) {
            if (flow != null) flow.countDeliveredBytes((int) copied, now);
            rcvSpaceAdjust(now);
            cleanupRbuf(now - ns.now());
            return copied;
        }
        if (receiveQueue.isEmpty() && finReceived) return 0;
        if (reset) return 0;
        return -1;
    }

    /** Whether a reader finds something now: data, the end of the stream, or a reset. */
    public boolean readable(long now) {
        Skb head = receiveQueue.peekFirst();
        return (head != null && head.readyAt <= now) || (head == null && finReceived) || reset;
    }

    /** The first skb queued for the reader, there yet or not (its kernel work may end later), or null. */
    public Skb head() { return receiveQueue.peekFirst(); }

    /** accept(): the next connection the handshake completed, or null. */
    public TcpSocket accept() { return acceptQueue.pollFirst(); }
    public boolean acceptable() { return !acceptQueue.isEmpty(); }

    /**
     * close(): no more writes. A FIN goes out once the data written before it has (tcp_send_fin
     * on the write queue's tail); data still unread is thrown away with a reset instead, as
     * tcp_close() does.
     */
    public void close(long delay) {
        if (state == State.LISTEN) {
            tcp.unlisten(this);
            state = State.CLOSED;
            return;
        }
        if (finQueued || state == State.CLOSED) return;
        if (!receiveQueue.isEmpty() && !reset) {
            sendReset(delay);
            closeNow();
            return;
        }
        finQueued = true;
        if (state == State.SYN_SENT || state == State.SYN_RECV) {
            closeNow();
            return;
        }
        writeXmit(delay);
    }

    // ------------------------------------------------------------------ receive (softirq)

    /** A segment for this socket, after tcp_v4_rcv's checks; the buffer starts at the IPv4 header. */
    void receive(Skb skb, TcpHeader h, TcpOptions o, int segLen, int hl) {
        int dataLen = segLen - h.headerLength();
        int seq = h.seq();
        long delay = skb.delay;
        lastCtx = skb.ctx;
        if (h.has(TcpHeader.RST)) {
            // tcp_validate_incoming(): a reset in the window (or, in SYN-SENT, acknowledging our SYN) ends the connection
            boolean ok = state == State.SYN_SENT ? h.has(TcpHeader.ACK) && h.ack() == sndNxt
                    : !TcpHeader.before(seq, rcvNxt) && TcpHeader.before(seq, rcvNxt + Math.max(rcvWnd, 1));
            if (ok) {
                if (ns.tracing(skb.ctx)) hop(skb, HopAction.DELIVERED, "reset by " + Ipv4Address.toString(remoteIp) + ":" + remotePort
                        + " (ECONNRESET)");
                reset = true;
                closeNow();
            }
            ns.world().skbs().consume(skb);
            return;
        }
        if (timestamps && o.timestamps()) {
            // tcp_replace_ts_recent(): echo the peer's clock from segments at the window's left edge
            if (!TcpHeader.after(seq, rcvWup)) tsRecent = o.tsVal();
        }
        switch (state) {
            case SYN_SENT -> { synSentReceive(skb, h, o); return; }
            case SYN_RECV -> {
                if (!h.has(TcpHeader.ACK) || h.ack() != sndNxt) {
                    if (h.has(TcpHeader.SYN)) sendSynAck(delay, skb.ctx); // the SYN again: the SYN-ACK was lost
                    ns.world().skbs().consume(skb);
                    return;
                }
                state = State.ESTABLISHED;
                dstPendingConfirm = true; // the SYN-ACK acknowledged: forward progress
                establishedAt = ns.now() + delay;
                minRttUs = Math.max(1, (ns.now() + delay - synSentAt) / 1000);
                rtt.sample(minRttUs, h.ack(), sndNxt);
                sndUna = h.ack();
                sndWnd = h.window() << peerWscale;
                sndWl1 = seq;
                cancelRto();
                sndbufExpand();
                if (ns.tracing(skb.ctx)) hop(skb, HopAction.DELIVERED, "handshake complete: connection from "
                        + Ipv4Address.toString(remoteIp) + ":" + remotePort + " ready for accept()");
                if (parent != null) {
                    parent.acceptQueue.addLast(this);
                    if (parent.owner != null) parent.owner.readable(skb);
                }
            }
            default -> { }
        }
        if (state == State.CLOSED) {
            ns.world().skbs().consume(skb);
            return;
        }
        if (h.has(TcpHeader.ACK)) ack(skb, h, o, dataLen);
        if (state == State.CLOSED) {
            ns.world().skbs().consume(skb);
            return;
        }
        boolean fin = h.has(TcpHeader.FIN);
        if (dataLen > 0 || fin) {
            dataQueue(skb, seq, dataLen, fin, hl + h.headerLength());
        } else {
            ns.world().skbs().consume(skb);
        }
        writeXmit(delay);
        ackSndCheck(delay);
    }

    private void synSentReceive(Skb skb, TcpHeader h, TcpOptions o) {
        long delay = skb.delay;
        if (!h.has(TcpHeader.SYN) || !h.has(TcpHeader.ACK) || h.ack() != sndNxt) {
            ns.world().skbs().consume(skb);
            return;
        }
        irs = h.seq();
        rcvNxt = irs + 1;
        rcvWup = rcvNxt;
        copiedSeq = rcvNxt;
        rcvqSeq = rcvNxt;
        peerMss = o.mss() == 0 ? Mss.DEFAULT : o.mss();
        peerSack = o.sackPermitted();
        timestamps = o.timestamps();
        if (timestamps) tsRecent = o.tsVal();
        if (o.wscale() >= 0) {
            peerWscale = o.wscale();
        } else {
            peerWscale = 0;
            myWscale = 0;
            windowClamp = Math.min(windowClamp, ReceiveWindow.U16_MAX);
        }
        sndWnd = h.window(); // a SYN's window is never scaled
        sndWl1 = h.seq();
        sndUna = h.ack();
        mss = Mss.send(pmtu, peerMss, timestamps);
        // tcp_rcv_synsent_state_process(): with timestamps every segment carries 12 bytes of them,
        // so the data this side expects per segment (advmss, what the window grows by) is that less
        if (timestamps) advmss -= TcpHeader.TSTAMP_ALIGNED;
        if (synRetries == 0) {
            long us = Math.max(1, (ns.now() + delay - synSentAt) / 1000);
            rtt.sample(us, sndUna, sndNxt);
            minRttUs = us;
        }
        cancelRto();
        state = State.ESTABLISHED;
        dstPendingConfirm = true; // our SYN acknowledged: forward progress
        establishedAt = ns.now() + delay;
        rcvqSpace = Math.min(rcvWnd, TcpCongestionState.TCP_INIT_CWND * advmss);
        initBufferSpace();
        sndbufExpand();
        if (ns.tracing(skb.ctx)) hop(skb, HopAction.DELIVERED, "SYN-ACK: connection to " + Ipv4Address.toString(remoteIp) + ":"
                + remotePort + " established, mss " + mss);
        PacketContext cause = skb.ctx;
        ns.world().skbs().consume(skb);
        sendAck(delay); // tcp_rcv_synsent_state_process(): the handshake's ACK at once
        if (owner != null) owner.wake(cause, delay);
        writeXmit(delay);
    }

    /** tcp_ack(): what the peer acknowledged, its window, its SACK blocks; then loss recovery. */
    private void ack(Skb skb, TcpHeader h, TcpOptions o, int dataLen) {
        int ack = h.ack();
        if (TcpHeader.after(ack, sndNxt)) return; // acknowledges what was never sent
        int window = h.window() << peerWscale;
        boolean windowChanged = false;
        if (TcpHeader.after(h.seq(), sndWl1) || h.seq() == sndWl1 || TcpHeader.after(ack, sndUna)) {
            windowChanged = window != sndWnd;
            sndWnd = window;
            sndWl1 = h.seq();
        }
        boolean sacked = false;
        if (peerSack && o.sackBlocks() > 0) sacked = sackTag(o);
        long now = ns.now() + skb.delay;
        if (TcpHeader.after(ack, sndUna)) {
            int priorInFlight = packetsInFlight();
            long firstSent = -1;
            boolean anyRetrans = false;
            int ackedSegs = 0;
            while (!rtx.isEmpty() && !TcpHeader.after(rtx.end(0), ack)) {
                if (rtx.has(0, RetransmitQueue.EVER_RETRANS)) anyRetrans = true;
                else if (firstSent < 0) firstSent = rtx.sentAt(0);
                if (!rtx.has(0, RetransmitQueue.SACKED)) rackAdvance(rtx.sentAt(0), rtx.has(0, RetransmitQueue.EVER_RETRANS));
                rtx.removeFirst();
                ackedSegs++;
            }
            if (!rtx.isEmpty() && TcpHeader.after(ack, rtx.seq(0))) rtx.trimFirst(ack);
            dstPendingConfirm = true; // tcp_ack(): FLAG_FORWARD_PROGRESS → sk_dst_confirm()
            int newly = ack - sndUna;
            if (finSent && ack == sndNxt) newly--; // the FIN's sequence number carries no byte
            bytesAcked += Math.max(0, newly);
            sndUna = ack;
            dupAcks = 0;
            long rttUs = -1;
            if (firstSent >= 0) rttUs = Math.max(1, (now - firstSent) / 1000);
            else if (!anyRetrans && timestamps && o.timestamps() && o.tsEcr() != 0) rttUs = Math.max(1, (tsVal() - o.tsEcr())) * 1000L;
            if (rttUs > 0) {
                rtt.sample(rttUs, sndUna, sndNxt);
                if (minRttUs == 0 || rttUs < minRttUs) minRttUs = rttUs;
            }
            ca.pktsAcked(cc, ackedSegs, rttUs, now);
            if (cc.caState == TcpCongestionState.CaState.RECOVERY || cc.caState == TcpCongestionState.CaState.LOSS) {
                if (!TcpHeader.before(ack, highSeq)) {
                    if (cc.caState == TcpCongestionState.CaState.RECOVERY) cc.sndCwnd = Math.max(1, Math.min(cc.sndCwnd, cc.sndSsthresh));
                    ca.exitRecovery(cc, now);
                } else if (cc.caState == TcpCongestionState.CaState.LOSS) {
                    congAvoid(ackedSegs, priorInFlight, now); // slow start from one segment while the lost ones go again
                }
            } else {
                congAvoid(ackedSegs, priorInFlight, now);
            }
            if (sndUna == sndNxt) cancelRto();
            else armRto();
            sndbufExpand();
            if (finSent && ack == sndNxt) finAcked();
            if (noSpace && writable()) {
                noSpace = false; // sk_stream_write_space(): the writer may go on
                if (owner != null) owner.readable(skb);
            }
        } else if (ack == sndUna && dataLen == 0 && !windowChanged && sndUna != sndNxt && !h.has(TcpHeader.FIN)) {
            dupAcks++;
        }
        fastRetransAlert(sacked, now);
    }

    private void congAvoid(int acked, int priorInFlight, long now) {
        cc.isCwndLimited = priorInFlight >= cc.sndCwnd;
        if (acked > 0 && cc.cwndLimited()) ca.congAvoid(cc, acked, now);
    }

    /** tcp_sacktag_write_queue(): marks the segments each block covers. Returns whether any new one was. */
    private boolean sackTag(TcpOptions o) {
        boolean any = false;
        for (int b = 0; b < o.sackBlocks(); b++) {
            int left = o.sackLeft(b);
            int right = o.sackRight(b);
            if (!TcpHeader.after(right, sndUna)) continue; // a D-SACK or stale block
            for (int i = 0; i < rtx.size(); i++) {
                if (!TcpHeader.before(rtx.seq(i), left) && !TcpHeader.after(rtx.end(i), right) && !rtx.has(i, RetransmitQueue.SACKED)) {
                    rackAdvance(rtx.sentAt(i), rtx.has(i, RetransmitQueue.EVER_RETRANS));
                    rtx.mark(i, RetransmitQueue.SACKED);
                    rtx.unmark(i, RetransmitQueue.LOST | RetransmitQueue.RETRANS);
                    any = true;
                }
            }
        }
        return any;
    }

    /** RACK: the newest send time among segments this ACK delivered, and that segment's RTT (tcp_rack_advance). */
    private void rackAdvance(long sentAt, boolean retransmitted) {
        // an ACK sooner than any RTT after a resend is the original's: it says nothing of the resend's time
        if (retransmitted && ns.now() - sentAt < minRttUs * 1000) return;
        if (sentAt > rackSentAt) {
            rackSentAt = sentAt;
            rackRttNanos = Math.max(0, ns.now() - sentAt);
        }
    }

    /**
     * tcp_rack_detect_loss(): a segment sent before one since delivered is lost once an RTT and
     * the reordering window have passed since it was sent — a retransmission too, which is how a
     * lost retransmission is found without waiting for the RTO. The window is a quarter of the
     * least RTT while fewer than three segments are SACKed and no recovery runs, else none
     * (tcp_rack_reo_wnd with no reordering seen). Segments not yet due arm the reordering timer
     * (tcp_rack_reo_timeout), in whole jiffies.
     */
    private boolean rackDetectLoss() {
        boolean recovering = cc.caState == TcpCongestionState.CaState.RECOVERY || cc.caState == TcpCongestionState.CaState.LOSS;
        // with nothing SACKed and nothing resent, every segment sent before a delivered one was delivered too
        if (rackSentAt == 0 || rtx.sackedOut() == 0 && !recovering) return false;
        long reoWnd = recovering || rtx.sackedOut() >= REORDERING ? 0 : Math.min(minRttUs * 1000 / 4, rtt.srttUs() * 1000 / 8);
        long now = ns.now();
        long wait = 0;
        boolean any = false;
        for (int i = 0; i < rtx.size(); i++) {
            if (rtx.has(i, RetransmitQueue.SACKED) || rtx.has(i, RetransmitQueue.LOST) && !rtx.has(i, RetransmitQueue.RETRANS)) continue;
            if (rtx.sentAt(i) >= rackSentAt) continue;
            long remaining = rackRttNanos + reoWnd - (now - rtx.sentAt(i));
            if (remaining <= 0) {
                rtx.mark(i, RetransmitQueue.LOST);
                rtx.unmark(i, RetransmitQueue.RETRANS);
                any = true;
            } else {
                wait = Math.max(wait, remaining);
            }
        }
        if (wait > 0 && reoEvent == null) {
            long jiffies = Jiffies.fromUsecs((wait + 999) / 1000, HZ);
            reoEvent = ns.sim().schedule(Jiffies.toNanos(jiffies, HZ), reoTask);
        }
        return any;
    }

    /** The reordering timer fired: what is due now is lost and goes again (tcp_rack_reo_timeout). */
    private void reoTimer() {
        reoEvent = null;
        if (state == State.CLOSED || rtx.isEmpty()) return;
        if (rackDetectLoss()) {
            if (cc.caState == TcpCongestionState.CaState.OPEN || cc.caState == TcpCongestionState.CaState.DISORDER) {
                highSeq = sndNxt;
                recoveries++;
                ca.enterRecovery(cc, ns.now());
            }
            xmitRetransmitQueue(0);
            armRto();
        }
    }

    /** tcp_packets_in_flight(). */
    private int packetsInFlight() { return rtx.inFlight(); }

    /**
     * tcp_fastretrans_alert(), reduced: a segment is lost once {@link #REORDERING} segments above
     * it are SACKed (tcp_mark_head_lost), or, without SACK, after three duplicate ACKs; the first
     * loss starts fast recovery (ssthresh and cwnd from the congestion control); lost segments go
     * again as the window allows.
     */
    private void fastRetransAlert(boolean sacked, long now) {
        if (rtx.isEmpty()) return;
        boolean newLoss = false;
        if (peerSack && rtx.sackedOut() >= REORDERING) {
            int sackedAbove = 0;
            for (int i = rtx.size() - 1; i >= 0; i--) {
                if (rtx.has(i, RetransmitQueue.SACKED)) {
                    sackedAbove++;
                } else if (sackedAbove >= REORDERING && !rtx.has(i, RetransmitQueue.LOST)) {
                    rtx.mark(i, RetransmitQueue.LOST);
                    rtx.unmark(i, RetransmitQueue.RETRANS);
                    newLoss = true;
                }
            }
        }
        if (peerSack && rackDetectLoss()) newLoss = true;
        if (!peerSack && dupAcks >= REORDERING && !rtx.has(0, RetransmitQueue.LOST) && cc.caState == TcpCongestionState.CaState.OPEN) {
            rtx.mark(0, RetransmitQueue.LOST);
            newLoss = true;
        }
        if (newLoss && (cc.caState == TcpCongestionState.CaState.OPEN || cc.caState == TcpCongestionState.CaState.DISORDER)) {
            highSeq = sndNxt;
            recoveries++;
            ca.enterRecovery(cc, now);
            // the fast retransmit itself: PRR lets one segment out however full the window is
            // (tcp_cwnd_reduction's sndcnt is at least 1 while nothing was sent in recovery)
            for (int i = 0; i < rtx.size(); i++) {
                if (rtx.has(i, RetransmitQueue.LOST) && !rtx.has(i, RetransmitQueue.RETRANS) && !rtx.has(i, RetransmitQueue.SACKED)) {
                    retransmit(i, now - ns.now());
                    break;
                }
            }
        }
        if (newLoss || sacked) xmitRetransmitQueue(now - ns.now());
    }

    /** tcp_xmit_retransmit_queue(): lost segments not yet resent, oldest first, while the window has room. */
    private void xmitRetransmitQueue(long delay) {
        long base = delay;
        long m0 = meter();
        for (int i = 0; i < rtx.size(); i++) {
            delay = base + meter() - m0;
            if (packetsInFlight() >= cc.sndCwnd) return;
            if (rtx.has(i, RetransmitQueue.LOST) && !rtx.has(i, RetransmitQueue.RETRANS) && !rtx.has(i, RetransmitQueue.SACKED)) {
                retransmit(i, delay);
            }
        }
    }

    private void retransmit(int i, long delay) {
        int seq = rtx.seq(i);
        int len = rtx.len(i);
        boolean fin = rtx.has(i, RetransmitQueue.FIN);
        int dataLen = fin ? len - 1 : len;
        rtx.mark(i, RetransmitQueue.RETRANS | RetransmitQueue.EVER_RETRANS);
        rtx.sentAt(i, ns.now() + delay);
        totalRetrans++;
        if (flow != null) flow.countRetransmit();
        sendData(seq, dataLen, fin, delay, "tcp-retransmit", false, rtx.has(i, RetransmitQueue.PSH));
    }

    /** tcp_data_queue(): in-order data to the reader, out-of-order to the ofo queue, old data dropped. */
    private void dataQueue(Skb skb, int seq, int len, boolean fin, int headers) {
        int end = seq + len;
        PacketBuffer b = skb.buf;
        if (finQueued && len > 0 && TcpHeader.after(end, rcvNxt)) {
            // tcp_rcv_state_process(): new data for a socket its process has closed has no reader:
            // the connection is aborted with a reset (TCPAbortOnData)
            long delay = skb.delay;
            ns.world().skbs().consume(skb);
            sendReset(delay);
            closeNow();
            return;
        }
        if (!TcpHeader.after(end, rcvNxt) && !(fin && end == rcvNxt && !finReceived)) {
            // entirely old: a retransmission of what we have; the duplicate ACK tells the sender
            ackPending = true;
            quick = Math.max(quick, 1);
            ns.world().skbs().consume(skb);
            return;
        }
        if (TcpHeader.after(seq, rcvNxt + Math.max(rcvWnd, 1)) || TcpHeader.after(seq, rcvNxt) && ofoFull(skb)) {
            ackPending = true;
            quick = Math.max(quick, 1);
            ns.world().skbs().consume(skb);
            return;
        }
        b.pull(headers);
        skb.readyAt = ns.now() + skb.delay;
        if (TcpHeader.after(seq, rcvNxt)) {
            // tcp_data_queue_ofo(): held until the hole fills; the ACK goes now, with SACK blocks
            ofoInsert(skb, seq, len, fin);
            // tcp_data_queue_ofo(): with SACK the window may grow for held data too
            if (peerSack) rcvSsthresh = ReceiveWindow.grow(rcvSsthresh, windowClamp, advmss, rcvMss, len, skb.truesize(), scalingRatio);
            lastSackStart = seq;
            ackPending = true;
            quick = Math.max(quick, 1);
            return;
        }
        if (TcpHeader.before(seq, rcvNxt)) {
            int overlap = rcvNxt - seq;
            b.pull(overlap);
            seq = rcvNxt;
            len -= overlap;
        }
        queueInOrder(skb, seq, len, fin, true);
        // what the hole held back may follow now
        while (!ofo.isEmpty()) {
            Ofo o = ofo.get(0);
            Skb next = o.skb();
            int nseq = o.seq();
            if (TcpHeader.after(nseq, rcvNxt)) break;
            ofo.remove(0);
            boolean nfin = o.fin();
            int nend = o.end();
            if (!TcpHeader.after(nend, rcvNxt) && !nfin) {
                rmemAlloc -= next.truesize();
                ns.world().skbs().consume(next);
                continue;
            }
            if (TcpHeader.before(nseq, rcvNxt)) next.buf.pull(rcvNxt - nseq);
            rmemAlloc -= next.truesize();
            queueInOrder(next, rcvNxt, nend - rcvNxt, nfin, false); // tcp_ofo_queue(): no measuring, no growing
        }
        if (!ofo.isEmpty()) ackPending = true;
    }

    /** @param arrived the segment just arrived (tcp_event_data_recv measures and grows), not one the hole held */
    private void queueInOrder(Skb skb, int seq, int len, boolean fin, boolean arrived) {
        if (len > 0) {
            if (arrived) {
                measureRcvMss(len, skb.truesize());
                rcvSsthresh = ReceiveWindow.grow(rcvSsthresh, windowClamp, advmss, rcvMss, len, skb.truesize(), scalingRatio);
            }
            if (quick == 0 && segsSinceAck == 0 && bytesReceived == 0) quick = Math.min(MAX_QUICKACKS, Math.max(2, rcvWnd / (2 * rcvMss)));
            rcvNxt = seq + len;
            bytesReceived += len;
            segsSinceAck += 1;
            rcvRttMeasure();
            receiveQueue.addLast(skb);
            rmemAlloc += skb.truesize();
        }
        PacketContext ctx = skb.ctx;
        long delay = skb.delay;
        if (len == 0) ns.world().skbs().consume(skb);
        ackPending = true;
        if (fin) {
            // tcp_fin(): the stream ends; the ACK waits (pingpong), so a reader that closes at once sends FIN with it
            rcvNxt++;
            finReceived = true;
            pingpong = true;
            switch (state) {
                case ESTABLISHED -> state = State.CLOSE_WAIT;
                case FIN_WAIT1 -> state = State.CLOSING;
                case FIN_WAIT2 -> { state = State.TIME_WAIT; sendAckNow(delay); closeNow(); }
                default -> { }
            }
        }
        if (owner != null) owner.wake(ctx, delay);
    }

    private boolean ofoFull(Skb skb) { return rmemAlloc + skb.truesize() > rcvbuf; }

    private void ofoInsert(Skb skb, int seq, int len, boolean fin) {
        int i = 0;
        while (i < ofo.size() && TcpHeader.before(ofo.get(i).seq(), seq)) i++;
        if (i < ofo.size() && ofo.get(i).seq() == seq) { // have it already
            ns.world().skbs().consume(skb);
            return;
        }
        ofo.add(i, new Ofo(skb, seq, fin));
        rmemAlloc += skb.truesize();
    }

    /** The SACK blocks for the next ACK: the ofo queue's contiguous ranges, the one just filled in first (RFC 2018). */
    private int sackBlocks() {
        if (ofo.isEmpty() || !peerSack) return 0;
        int n = 0;
        int max = timestamps ? 3 : 4;
        int first = -1;
        int start = ofo.get(0).seq();
        int end = ofo.get(0).end();
        int[] tmp = sackRanges;
        int ranges = 0;
        for (int i = 1; i <= ofo.size(); i++) {
            if (i < ofo.size() && !TcpHeader.after(ofo.get(i).seq(), end)) {
                if (TcpHeader.after(ofo.get(i).end(), end)) end = ofo.get(i).end();
                continue;
            }
            if (ranges < 8) {
                tmp[2 * ranges] = start;
                tmp[2 * ranges + 1] = end;
                if (!TcpHeader.before(lastSackStart, start) && TcpHeader.before(lastSackStart, end)) first = ranges;
                ranges++;
            }
            if (i < ofo.size()) {
                start = ofo.get(i).seq();
                end = ofo.get(i).end();
            }
        }
        if (first >= 0) {
            sackEdges[0] = tmp[2 * first];
            sackEdges[1] = tmp[2 * first + 1];
            n = 1;
        }
        for (int r = 0; r < ranges && n < max; r++) {
            if (r == first) continue;
            sackEdges[2 * n] = tmp[2 * r];
            sackEdges[2 * n + 1] = tmp[2 * r + 1];
            n++;
        }
        return n;
    }

    /** tcp_measure_rcv_mss(): the peer's segment size as seen, and the buffer's data-to-truesize ratio. */
    private void measureRcvMss(int len, int truesize) {
        if (len < rcvMss) pushed = true;
        if (len >= rcvMss) {
            if (len != rcvMss) {
                scalingRatio = ReceiveWindow.scalingRatio(len, truesize);
                int clamp = ReceiveWindow.winFromSpace(rcvbuf, scalingRatio);
                windowClamp = myWscale == 0 ? Math.min(clamp, ReceiveWindow.U16_MAX) : clamp;
            }
            rcvMss = Math.min(len, advmss);
        }
    }

    /** tcp_rcv_rtt_measure(): the receiver's round trip, one window of data at a time. */
    private void rcvRttMeasure() {
        long now = ns.now();
        if (rcvRttTime < 0) {
            rcvRttSeq = rcvNxt + Math.max(rcvWnd, 1);
            rcvRttTime = now;
            return;
        }
        if (TcpHeader.before(rcvNxt, rcvRttSeq)) return;
        long sample = Math.max(1, (now - rcvRttTime) / 1000);
        rcvRttUs = rcvRttUs == 0 ? sample : Math.min(rcvRttUs, sample) == sample ? sample : rcvRttUs - (rcvRttUs >> 3) + (sample >> 3);
        rcvRttSeq = rcvNxt + Math.max(rcvWnd, 1);
        rcvRttTime = now;
    }

    /** tcp_rcv_space_adjust(): a reader that copied more than last round trip gets a larger buffer, up to tcp_rmem[2]. */
    private void rcvSpaceAdjust(long now) {
        if (rcvRttUs == 0 || (now - rcvqTime) / 1000 < rcvRttUs) return;
        int copied = copiedSeq - rcvqSeq;
        if (copied > rcvqSpace) {
            long rcvwin = ((long) copied << 1) + 16L * advmss;
            long grow = rcvwin * (copied - rcvqSpace) / Math.max(1, rcvqSpace);
            rcvwin += grow << 1;
            long space = rcvwin * 256 / scalingRatio; // tcp_space_from_win()
            int buf = (int) Math.min(space, ReceiveWindow.TCP_RMEM_MAX);
            if (buf > rcvbuf) {
                rcvbuf = buf;
                int clamp = ReceiveWindow.winFromSpace(rcvbuf, scalingRatio);
                windowClamp = myWscale == 0 ? Math.min(clamp, ReceiveWindow.U16_MAX) : clamp;
            }
            rcvqSpace = copied;
        }
        rcvqSeq = copiedSeq;
        rcvqTime = now;
    }

    /** tcp_cleanup_rbuf(): after a read, an ACK when the window it frees would at least double what was offered. */
    private void cleanupRbuf(long delay) {
        if (state == State.CLOSED || state == State.SYN_SENT) return;
        int rcvWindowNow = rcvWup + rcvWnd - rcvNxt;
        // an ACK owed: every second full segment, or a small pushed one once the reader emptied the queue
        if (ackPending && ((rcvNxt - rcvWup) > rcvMss || pushed && !pingpong && rmemAlloc == 0)) {
            sendAckNow(delay);
            return;
        }
        if (2 * rcvWindowNow <= windowClamp) {
            int newWindow = selectWindowBytes();
            if (newWindow >= 2 * rcvWindowNow) sendAckNow(delay);
        }
    }

    /** __tcp_ack_snd_check(): ACK now (quick mode, two full segments, out-of-order data) or arm the delayed-ACK timer. */
    private void ackSndCheck(long delay) {
        if (!ackPending) return;
        boolean now = quick > 0 && !pingpong
                || (rcvNxt - rcvWup) > rcvMss && (rcvNxt - copiedSeq < 1 || selectWindowBytes() >= rcvWnd)
                || !ofo.isEmpty();
        if (now) {
            sendAckNow(delay);
        } else if (delackEvent == null) {
            delackEvent = ns.sim().schedule(delay + DELACK_NANOS, delackTask);
        }
    }

    private void delackTimer() {
        delackEvent = null;
        if (ackPending && state != State.CLOSED) sendAckNow(0);
    }

    private void sendAckNow(long delay) {
        sendAck(delay);
    }

    // ------------------------------------------------------------------ send

    /**
     * tcp_write_xmit(): new data while the congestion window, the peer's window and Nagle (with
     * Minshall's rule: one small segment in flight at most) allow; then the FIN once all is sent.
     */
    private void writeXmit(long delay) {
        if (state != State.ESTABLISHED && state != State.CLOSE_WAIT && state != State.FIN_WAIT1 && state != State.LAST_ACK
                && state != State.CLOSING) return;
        if (mss == 0) return;
        xmitRetransmitQueue(delay);
        int dataEnd = writeSeq;
        long base = delay;
        long m0 = meter();
        while (TcpHeader.before(sndNxt, dataEnd) && !finSent) {
            delay = base + meter() - m0; // each segment leaves after the work on those before it
            if (packetsInFlight() >= cc.sndCwnd) break;
            int wndEnd = sndUna + sndWnd;
            int len = Math.min(mss, dataEnd - sndNxt);
            if (TcpHeader.after(sndNxt + len, wndEnd)) {
                len = wndEnd - sndNxt;
                if (len <= 0) break;
                if (len < mss && len < dataEnd - sndNxt) break; // tcp_snd_wnd_test(): wait for the window to open a full segment
            }
            boolean last = sndNxt + len == dataEnd;
            // tcp_nagle_test() with Minshall's rule: a small segment waits while an earlier small one is unacknowledged
            if (len < mss && !finQueued && TcpHeader.after(sndSml, sndUna)) break;
            if (last) cc.isCwndLimited = false;
            int seq = sndNxt;
            if (rtx.isEmpty()) ca.txStart(cc, ns.now() + delay);
            rtx.add(seq, len, ns.now() + delay);
            sndNxt += len;
            if (len < mss) sndSml = sndNxt;
            cc.maxPacketsOut = Math.max(cc.maxPacketsOut, rtx.size());
            boolean psh = sendData(seq, len, false, delay, "tcp", true, false);
            // a write still to be pushed covers this segment: its skb carries PSH (tcp_push marks the tail)
            rtx.mark(rtx.size() - 1, (psh ? RetransmitQueue.PSH : 0) | (pushMarks.isEmpty() && !psh ? 0 : RetransmitQueue.PUSHED));
            if (rtoDeadline == 0) armRto();
        }
        delay = base + meter() - m0;
        if (finQueued && !finSent && sndNxt == writeSeq) {
            finSent = true;
            rtx.add(sndNxt, 1, ns.now() + delay);
            rtx.mark(rtx.size() - 1, RetransmitQueue.FIN);
            int seq = sndNxt;
            sndNxt++;
            switch (state) {
                case ESTABLISHED -> state = State.FIN_WAIT1;
                case CLOSE_WAIT -> state = State.LAST_ACK;
                default -> { }
            }
            sendData(seq, 0, true, delay, "tcp", false, false);
            if (rtoDeadline == 0) armRto();
        }
    }

    /** One segment of data (and/or FIN), with ACK, the window, timestamps and SACK blocks. */
    /** Returns whether the segment carried PSH. */
    private boolean sendData(int seq, int len, boolean fin, long delay, String kind, boolean firstTransmission, boolean psh) {
        int blocks = sackBlocks();
        int optLen = TcpHeader.optionsSize(0, false, timestamps, -1, blocks);
        Skb skb = newSegment(len, delay, kind);
        PacketBuffer b = skb.buf;
        int at = b.put(len);
        byte[] a = b.array();
        long streamOffset = (seq - iss - 1) & 0xFFFFFFFFL;
        for (int i = 0; i < len; i++) a[at + i] = payloadByte(streamOffset + i);
        int flags = TcpHeader.ACK;
        if (fin) flags |= TcpHeader.FIN;
        if (psh || firstTransmission && len > 0 && (!pushMarks.isEmpty() && pushMarks.peekFirst() - (seq + len) <= 0 || seq + len == writeSeq && finQueued)) {
            flags |= TcpHeader.PSH;
            while (!pushMarks.isEmpty() && pushMarks.peekFirst() - (seq + len) <= 0) pushMarks.pollFirst();
        }
        int window = selectWindow();
        writeHeader(skb, seq, rcvNxt, flags, window, optLen, 0, false, timestamps, tsRecent, -1, blocks);
        if (firstTransmission && len > 0) {
            skb.ctx.add(Cost.COPIES, 1);
            skb.ctx.add(Cost.COPY_BYTES, len);
            skb.ctx.add(Cost.SYSCALLS, pendingSyscalls);
            skb.ctx.add(Cost.MODE_SWITCHES, 2L * pendingSyscalls);
            pendingSyscalls = 0;
            if (flow != null) flow.countSent(skb.ctx.id(), len, ns.now() + delay);
        }
        if (ns.tracing(skb.ctx)) hop(skb, HopAction.SENT_BY_PROCESS, (firstTransmission ? "" : "again: ")
                + (fin ? "FIN " : "") + "seq " + ((seq - iss) & 0xFFFFFFFFL) + ":" + ((seq - iss + len) & 0xFFFFFFFFL) + ", " + len
                + " bytes (mss " + mss + ", cwnd " + cc.sndCwnd + ")");
        ackSent();
        send(skb, ipId++);
        return (flags & TcpHeader.PSH) != 0;
    }

    private void sendAck(long delay) {
        int blocks = sackBlocks();
        int optLen = TcpHeader.optionsSize(0, false, timestamps, -1, blocks);
        Skb skb = newSegment(0, delay, "tcp-ack");
        writeHeader(skb, sndNxt, rcvNxt, TcpHeader.ACK, selectWindow(), optLen, 0, false, timestamps, tsRecent, -1, blocks);
        ackSent();
        send(skb, ipId++);
    }

    /** Any segment carries the ACK: nothing is owed after it (tcp_event_ack_sent). */
    private void ackSent() {
        // tcp_dec_quickack_mode(): each ACK of new data sent spends one quick ACK
        if (quick > 0 && ackPending) quick--;
        ackPending = false;
        pushed = false;
        segsSinceAck = 0;
        if (delackEvent != null) {
            ns.sim().cancel(delackEvent);
            delackEvent = null;
        }
    }

    private void sendReset(long delay) {
        Skb skb = newSegment(0, delay, PacketContext.TCP_RESET);
        writeHeader(skb, sndNxt, rcvNxt, TcpHeader.RST | TcpHeader.ACK, 0, 0, 0, false, false, 0, -1, 0);
        send(skb, ipId++);
    }

    /** tcp_select_window(): the window to advertise in bytes, never less than what was offered (no shrinking), recorded. */
    private int selectWindow() {
        int curWin = rcvWup + rcvWnd - rcvNxt;
        if (curWin < 0) curWin = 0;
        int newWin = selectWindowBytes();
        if (newWin < curWin) newWin = (curWin + (1 << myWscale) - 1) & -(1 << myWscale);
        rcvWnd = newWin;
        rcvWup = rcvNxt;
        return Math.min(newWin >>> myWscale, ReceiveWindow.U16_MAX);
    }

    /** __tcp_select_window() in bytes: the threshold, within the free buffer, rounded up to the scale; 0 when less than a segment is free. */
    private int selectWindowBytes() {
        int free = ReceiveWindow.winFromSpace(Math.max(0, rcvbuf - rmemAlloc), scalingRatio);
        int full = Math.min(windowClamp, ReceiveWindow.winFromSpace(rcvbuf, scalingRatio));
        if (free < full / 2) {
            rcvSsthresh = Math.min(rcvSsthresh, 4 * advmss);
            if (free < rcvMss) return 0;
        }
        return ReceiveWindow.field(rcvSsthresh, Math.min(free, full), myWscale) << myWscale;
    }

    /** The work the CPU running now has done in its current item (0 outside one: a timer). */
    private long meter() {
        var cpu = ns.world().running();
        return cpu == null ? 0 : cpu.meter();
    }

    private Skb newSegment(int len, long delay, String kind) {
        PacketContext ctx = ns.tracer().newPacket(flow, kind, ns.host().name(), ns.now() + delay);
        Skb skb = ns.world().skbs().alloc(len + TcpHeader.MAX_LENGTH, ctx);
        // MAX_TCP_HEADER: room in front for the largest TCP header (40 bytes of options) and what
        // follows it down the stack, a VXLAN encapsulation's outer headers included
        skb.buf.reset(PacketBuffer.DEFAULT_HEADROOM + TcpHeader.MAX_LENGTH - TcpHeader.MIN_LENGTH);
        skb.delay = delay;
        return skb;
    }

    private void writeHeader(Skb skb, int seq, int ack, int flags, int window, int optLen, int mssOpt, boolean sackPerm,
                             boolean ts, int tsEcr, int wscale, int blocks) {
        PacketBuffer b = skb.buf;
        int hl = TcpHeader.MIN_LENGTH + optLen;
        int off = b.push(hl);
        int payload = b.length() - hl;
        out.wrap(b.array(), off).set(localPort, remotePort, seq, (flags & TcpHeader.ACK) != 0 ? ack : 0, hl, flags, window);
        TcpHeader.writeOptions(b.array(), off + TcpHeader.MIN_LENGTH, mssOpt, sackPerm, ts, ts ? tsVal() : 0, tsEcr, wscale, sackEdges, blocks);
        out.updateChecksum(localIp, remoteIp, hl + payload);
        b.transportHeader(off);
        skb.csumUnnecessary = true;
    }

    private void send(Skb skb, int id) {
        ns.snmp().tcpOutSegs++;
        // __tcp_transmit_skb(): skb_set_dst_pending_confirm; the first output clears the socket's flag
        skb.dstPendingConfirm = dstPendingConfirm;
        dstPendingConfirm = false;
        stack.sendIp(skb, localIp, remoteIp, Ipv4Header.PROTO_TCP, Ipv4Stack.DEFAULT_TTL, Ipv4Stack.Pmtudisc.WANT, 0, id & 0xFFFF);
    }

    private void hop(Skb skb, HopAction action, String text) {
        ns.tracer().hop(skb, ns, "", action, text);
    }

    /** tcp_init_buffer_space(): the window never offers more than the buffer holds (tcp_full_space). */
    private void initBufferSpace() {
        windowClamp = Math.min(windowClamp, ReceiveWindow.winFromSpace(rcvbuf, scalingRatio));
        if (myWscale == 0) windowClamp = Math.min(windowClamp, ReceiveWindow.U16_MAX);
    }

    /** tcp_sndbuf_expand(): room for two windows of segments, at least ten, at most tcp_wmem[2]. */
    private void sndbufExpand() {
        int perMss = Integer.highestOneBit(Math.max(mss, peerMss) + SKB_OVERHEAD - 1) * 2 + SK_BUFF;
        long mem = 2L * Math.max(TcpCongestionState.TCP_INIT_CWND, Math.max(cc.sndCwnd == Integer.MAX_VALUE ? 0 : cc.sndCwnd, REORDERING + 1)) * perMss;
        // the write queue is counted in data here (GSO skbs carry little more than their bytes): scale to it
        long dataRoom = mem * mss / perMss;
        if (dataRoom > sndbuf) sndbuf = (int) Math.min(dataRoom, TCP_WMEM_MAX);
    }

    // ------------------------------------------------------------------ timers and errors

    /**
     * Arms the retransmission timer for one RTO from now. Re-armed on nearly every ACK, it moves a
     * deadline: an event is scheduled only when none is pending, and one that fires early
     * waits on to the deadline (as mod_timer() would move it), so ACKs allocate no events.
     */
    private void armRto() {
        rtoDeadline = ns.now() + rtt.rtoNanos();
        if (rtoEvent != null && rtoEventAt > rtoDeadline) {
            // the pending event is later than the new deadline (a SYN's 1 s, then data's 204 ms): move it sooner
            ns.sim().cancel(rtoEvent);
            rtoEvent = null;
        }
        if (rtoEvent == null) {
            rtoEventAt = rtoDeadline;
            rtoEvent = ns.sim().schedule(rtt.rtoNanos(), rtoTask);
        }
    }

    private void cancelRto() {
        rtoDeadline = 0;
    }

    /** tcp_retransmit_timer(): back off, enter loss (cwnd 1), mark everything outstanding lost, resend the first. */
    private void retransmitTimer() {
        rtoEvent = null;
        if (rtoDeadline == 0 || state == State.CLOSED) return;
        if (rtoDeadline > ns.now()) {
            rtoEventAt = rtoDeadline;
            rtoEvent = ns.sim().schedule(rtoDeadline - ns.now(), rtoTask);
            return;
        }
        if (state == State.SYN_SENT || state == State.SYN_RECV) {
            if (++synRetries > SYN_RETRIES) {
                closeNow();
                if (owner != null) owner.wake(lastCtx, 0);
                return;
            }
            rtt.backoff();
            totalRetrans++;
            if (flow != null) flow.countRetransmit();
            if (state == State.SYN_SENT) sendSyn(0, true);
            else sendSynAck(0, null);
            return;
        }
        if (rtx.isEmpty()) return;
        timeouts++;
        rtt.backoff();
        if (cc.caState != TcpCongestionState.CaState.LOSS) highSeq = sndNxt;
        ca.enterLoss(cc, 0, ns.now());
        for (int i = 0; i < rtx.size(); i++) {
            if (!rtx.has(i, RetransmitQueue.SACKED)) {
                rtx.mark(i, RetransmitQueue.LOST);
                rtx.unmark(i, RetransmitQueue.RETRANS);
            }
        }
        highSeq = sndNxt;
        for (int i = 0; i < rtx.size(); i++) {
            if (rtx.has(i, RetransmitQueue.LOST)) {
                retransmit(i, 0);
                break;
            }
        }
        armRto();
    }

    /**
     * tcp_v4_err() on frag-needed about one of this socket's segments → tcp_v4_mtu_reduced(): the
     * path MTU (already in the namespace's cache) gives a smaller MSS (tcp_sync_mss), and
     * tcp_simple_retransmit() resends at once what no longer fits, without touching the window.
     */
    void mtuReduced(int newPmtu, long delay) {
        if (state == State.CLOSED || state == State.LISTEN || newPmtu >= pmtu) return;
        pmtu = newPmtu;
        int old = mss;
        mss = Mss.send(pmtu, peerMss, timestamps);
        if (mss >= old) return;
        if (rtx.resegment(mss)) {
            if (cc.caState != TcpCongestionState.CaState.LOSS) {
                highSeq = sndNxt;
                cc.caState = TcpCongestionState.CaState.LOSS;
                ca.setState(cc, TcpCongestionState.CaState.LOSS, ns.now());
            }
            xmitRetransmitQueue(delay);
        }
    }

    private void finAcked() {
        switch (state) {
            case FIN_WAIT1 -> state = finReceived ? State.TIME_WAIT : State.FIN_WAIT2;
            case CLOSING -> state = State.TIME_WAIT;
            case LAST_ACK -> state = State.CLOSED;
            default -> { }
        }
        if (state == State.TIME_WAIT || state == State.CLOSED) closeNow();
        else if (owner != null) owner.wake(lastCtx, 0);
    }

    /** The connection is over: timers stop, the port is free (TIME-WAIT is not kept). */
    private void closeNow() {
        cancelRto();
        if (delackEvent != null) {
            ns.sim().cancel(delackEvent);
            delackEvent = null;
        }
        if (state != State.TIME_WAIT) state = State.CLOSED;
        tcp.unhash(this);
        // ss -ti as the flow reports it is the sending side's: the end that wrote more than it read
        if (flow != null && sender()) flow.tcpInfo(info());
        if (owner != null) owner.wake(lastCtx, 0);
    }

    public long recoveries() { return recoveries; }
    public long timeouts() { return timeouts; }
    public long totalRetrans() { return totalRetrans; }

    /** Whether this end has written more than it has read: the one whose window, RTT and MSS a transfer is about. */
    public boolean sender() { return ((writeSeq - iss - 1) & 0xFFFFFFFFL) >= bytesReceived; }

    /** What {@code ss -ti} shows of this socket now. */
    public TcpInfo info() {
        return new TcpInfo(ca.name(), rtt.hasSample() ? rtt.tcpiRttUs() : 0, rtt.hasSample() ? rtt.tcpiRttvarUs() : 0,
                rtt.rtoNanos() / 1_000_000, cc.sndCwnd, cc.sndSsthresh, mss, pmtu, totalRetrans,
                (long) ((writeSeq - iss - 1) & 0xFFFFFFFFL), bytesAcked, bytesReceived, state.ss());
    }

    @Override public String toString() {
        return Ipv4Address.toString(localIp) + ":" + localPort + " → " + Ipv4Address.toString(remoteIp) + ":" + remotePort + " " + state.ss();
    }
}
