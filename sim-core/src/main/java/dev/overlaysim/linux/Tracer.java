package dev.overlaysim.linux;

import dev.overlaysim.engine.Simulator;
import dev.overlaysim.linux.device.NetDevice;
import dev.overlaysim.protocols.buffer.PacketBuffer;
import dev.overlaysim.protocols.pcap.LinkType;
import dev.overlaysim.trace.DropReason;
import dev.overlaysim.trace.Flow;
import dev.overlaysim.trace.Hop;
import dev.overlaysim.trace.HopAction;
import dev.overlaysim.trace.PacketContext;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records what happened to packets: the hops of their walks (when tracing), the frames seen on
 * each device (when capturing, for pcaps), and every drop (always: drops are counted per device,
 * per namespace and per flow whatever the trace level).
 */
public final class Tracer {
    public enum Level { SUMMARY, WALK, FULL }

    /** Frames captured on one device, in order, as a pcap would hold them. */
    public record Capture(String name, LinkType linkType, List<Frame> frames) {}

    public record Frame(long time, byte[] bytes) {}

    /**
     * Where captured frames go when they are not kept ({@link #captureTo}): told each frame as the
     * device sees it, in the order a pcap of that device holds them. {@code frame} is the packet's
     * own buffer, valid only during the call (write its bytes out; do not keep it).
     */
    @FunctionalInterface
    public interface CaptureSink {
        void frame(Capture capture, long time, PacketBuffer frame);
    }

    private final Simulator sim;
    private Level level = Level.SUMMARY;
    private boolean walkedOnly;
    private boolean capturing;
    private CaptureSink sink;
    private final List<Hop> hops = new ArrayList<>();
    // Insertion-ordered: devices appear in the order they first saw a frame.
    private final Map<NetDevice, Capture> captures = new LinkedHashMap<>();
    private long nextPacketId = 1;
    private final List<LogLine> log = new ArrayList<>();

    /** A daemon's log line (flanneld's "Lease acquired: ..."), kept whatever the trace level. */
    public record LogLine(long time, String host, String source, String text) {}

    /**
     * How many verbose lines (klog {@code V(2)}, e.g. flanneld's per-lease "adding subnet: ...") each
     * host keeps by default; see {@link Host#keepVerboseLine}.
     */
    public static final int DEFAULT_VERBOSE_LINES_PER_HOST = 100;
    private int verboseLinesPerHost = DEFAULT_VERBOSE_LINES_PER_HOST;

    public void log(long time, String host, String source, String text) {
        log(new LogLine(time, host, source, text));
    }

    void log(LogLine line) { log.add(line); }

    /**
     * How many verbose lines each host keeps: a full mesh of N nodes logs N − 1 "adding subnet"
     * lines on every node, N² in all, which at thousands of nodes is gigabytes of text. Past the
     * cap a host logs one note saying so and counts the rest ({@link Host#verboseLinesNotKept()}).
     */
    public void verboseLinesPerHost(int lines) {
        if (lines < 0) throw new IllegalArgumentException("negative verbose line cap " + lines);
        this.verboseLinesPerHost = lines;
    }

    public int verboseLinesPerHost() { return verboseLinesPerHost; }

    public List<LogLine> logLines() { return Collections.unmodifiableList(log); }

    public Tracer(Simulator sim) { this.sim = sim; }

    public void level(Level level) { this.level = level; }

    /**
     * Record hops only for the packets a walk can show: each flow's first packet and what it
     * caused, ARP, and packets of no flow (control plane). A flow of a million packets then
     * keeps a few dozen hops, not tens of millions; drops and captures are unaffected.
     */
    public void walkedOnly(boolean on) { this.walkedOnly = on; }

    private boolean keeps(PacketContext ctx) {
        return !walkedOnly || ctx.flow() == null || ctx.firstOfFlow()
                || ctx.kind().equals(PacketContext.ARP_REQUEST) || ctx.kind().equals(PacketContext.ARP_REPLY);
    }
    public Level level() { return level; }
    public boolean tracing() { return level != Level.SUMMARY; }

    /** Whether hops of this packet are recorded: tracing, and (with {@link #walkedOnly}) a packet a walk shows. */
    public boolean tracing(PacketContext ctx) { return level != Level.SUMMARY && keeps(ctx); }
    public void capturing(boolean on) { this.capturing = on; }
    public boolean capturing() { return capturing; }

    /**
     * Capture every frame into {@code sink} as it is seen instead of keeping it: memory stays flat
     * however long the run ({@code --pcap} writes while running). {@link #captures()} then names the
     * captured devices but holds no frames. Null: keep frames again (when {@link #capturing}).
     */
    public void captureTo(CaptureSink sink) {
        this.sink = sink;
        if (sink != null) this.capturing = true;
    }

    /** Whether captured frames go to a {@link CaptureSink} rather than into {@link #captures()}. */
    public boolean streaming() { return sink != null; }

    public PacketContext newPacket(Flow flow, String kind, String host, long time) {
        return newPacket(flow, kind, host, time, null);
    }

    /** A packet that exists because of {@code cause} (a reply, an ICMP error, an ARP request); see {@link PacketContext#cause()}. */
    public PacketContext newPacket(Flow flow, String kind, String host, long time, PacketContext cause) {
        return new PacketContext(nextPacketId++, flow, kind, host, time, cause);
    }

    public void hop(Skb skb, NetDevice dev, HopAction action, String detail) {
        if (level == Level.SUMMARY) return;
        hop(skb, dev.namespace(), dev.name(), action, detail);
    }

    public void hop(Skb skb, NetNamespace ns, String device, HopAction action, String detail) {
        if (level == Level.SUMMARY) return;
        hop(skb, ns, device, action, detail, skb.ctx.causeId());
    }

    /** A hop whose {@link Hop#causeId()} is given, not the packet's own cause (an ARP_QUEUED hop names the resolution it waits for). */
    public void hop(Skb skb, NetNamespace ns, String device, HopAction action, String detail, long causeId) {
        if (level == Level.SUMMARY || !keeps(skb.ctx)) return;
        byte[] bytes = level == Level.FULL ? skb.buf.toByteArray() : null;
        PacketContext ctx = skb.ctx;
        hops.add(new Hop(sim.now() + skb.delay, ctx.id(), causeId, ctx.kind(), skb.fragment,
                ns.host().name(), ns.displayName(), device, action, detail, bytes));
    }

    /** A hop of a packet that lives in a user process's memory (flanneld between read and sendto). */
    public void userHop(PacketContext ctx, long time, NetNamespace ns, String where, HopAction action, String detail) {
        if (level == Level.SUMMARY || !keeps(ctx)) return;
        hops.add(new Hop(time, ctx.id(), ctx.causeId(), ctx.kind(), null,
                ns.host().name(), ns.displayName(), where, action, detail, null));
    }

    public void capture(NetDevice dev, Skb skb) {
        if (!capturing) return;
        Capture c = captures.get(dev);
        if (c == null) {
            c = new Capture(dev.namespace().displayName() + "-" + dev.name(), dev.isL3() ? LinkType.RAW : LinkType.ETHERNET,
                    sink == null ? new ArrayList<>() : List.of());
            captures.put(dev, c);
        }
        long time = sim.now() + skb.delay;
        if (sink != null) sink.frame(c, time, skb.buf);
        else c.frames().add(new Frame(time, skb.buf.toByteArray()));
    }

    /** Counts a drop on the device (or namespace), on the packet's flow, and in the walk. */
    public void drop(Skb skb, NetDevice dev, DropReason reason, String detail) {
        NetNamespace ns = dev.namespace();
        dev.stats().drop(reason);
        drop(skb, ns, dev.name(), reason, detail);
    }

    /** A drop that no device owns (a socket, a routing decision in the namespace). */
    public void drop(Skb skb, NetNamespace ns, String where, DropReason reason, String detail) {
        ns.countDrop(reason);
        skb.ctx.countDropOnFlow(reason, ns.displayName() + (where.isEmpty() ? "" : "/" + where));
        hop(skb, ns, where, HopAction.DROPPED, reason.id() + (detail == null ? "" : ": " + detail));
    }

    public List<Hop> hops() { return Collections.unmodifiableList(hops); }
    public List<Capture> captures() { return new ArrayList<>(captures.values()); }
}
