package dev.overlaysim.scenarios.report;

import dev.overlaysim.engine.Durations;
import dev.overlaysim.linux.Tracer;
import dev.overlaysim.scenarios.run.FlowResult;
import dev.overlaysim.scenarios.run.ScenarioResult;
import dev.overlaysim.trace.Hop;
import dev.overlaysim.trace.HopAction;
import dev.overlaysim.trace.PacketContext;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The walk: each flow's first packet (and, for a ping, its reply) narrated hop by hop as the seed
 * document tells it, with every user/kernel copy marked and counted per host, times in µs from
 * the moment the packet was sent, and the daemons' log lines interleaved where they happened.
 * With bytes on ({@code --trace full}) each hop whose packet changed shows its dissection and hex.
 */
public final class WalkPrinter {
    private static final String NOTE = "┆ ";

    private final ScenarioResult result;
    private final Style style;
    private final HopNarration narration;
    private final HopBytes bytes;

    /** @param withBytes dissect and dump the packet at each hop (needs a run traced at {@code FULL}) */
    public WalkPrinter(ScenarioResult result, Style style, boolean withBytes) {
        this.result = result;
        this.style = style;
        this.narration = new HopNarration(result.world());
        this.bytes = withBytes ? new HopBytes(result.spec().network().backend()) : null;
    }

    /**
     * One walked packet: the flow it belongs to, the packet's id (0 when nothing was sent), a title,
     * its hops in the order they happened, and the time "+0 µs" refers to.
     */
    record Block(String flow, long packetId, String title, List<Hop> hops, long origin, String whenEmpty) {
        long firstTime() { return hops.isEmpty() ? Long.MAX_VALUE : hops.get(0).time(); }
    }

    public void print(PrintWriter out) {
        List<Block> blocks = blocks();
        int timeWidth = 0;
        int placeWidth = 0;
        for (Block b : blocks) {
            for (Hop h : b.hops()) {
                timeWidth = Math.max(timeWidth, relative(h.time() - b.origin()).length());
                placeWidth = Math.max(placeWidth, narration.place(h).length());
            }
        }
        List<Tracer.LogLine> log = result.log();
        int next = 0;
        for (Block b : blocks) {
            next = printLog(out, log, next, b.firstTime());
            out.println();
            out.println(style.bold(b.title()));
            if (b.hops().isEmpty()) {
                out.println("  " + b.whenEmpty());
                continue;
            }
            Map<String, Integer> copiesByHost = new HashMap<>();
            byte[] shown = null;
            for (int i = 0; i < b.hops().size(); i++) {
                Hop h = b.hops().get(i);
                next = printLog(out, log, next, h.time());
                out.println(line(h, b.origin(), timeWidth, placeWidth, copiesByHost));
                String indent = " ".repeat(timeWidth + 2);
                if (h.action() == HopAction.ARP_QUEUED) {
                    for (Hop arp : arpExchange(b, i)) {
                        out.println(indent + style.dim(NOTE + narration.place(arp) + "  " + arp.detail()));
                    }
                }
                if (bytes != null && h.bytes() != null && !Arrays.equals(shown, h.bytes())) {
                    shown = h.bytes();
                    String pad = indent + " ".repeat(placeWidth + 2) + "│ ";
                    for (String l : bytes.lines(h.bytes())) out.println(style.dim(pad + l));
                }
            }
        }
        printLog(out, log, next, Long.MAX_VALUE);
    }

    private String line(Hop h, long origin, int timeWidth, int placeWidth, Map<String, Integer> copiesByHost) {
        String time = pad(relative(h.time() - origin), timeWidth, true);
        String place = pad(narration.place(h), placeWidth, false);
        String words = narration.words(h);
        if (h.fragment() != null) words = "[" + h.fragment() + "] " + words;
        if (h.action() == HopAction.DROPPED) words = style.red(style.bold(words));
        else if (h.action() == HopAction.ENCAPSULATED || h.action() == HopAction.DECAPSULATED) words = style.green(words);
        HopNarration.Crossing c = narration.crossing(h);
        String marker = "";
        if (c != HopNarration.Crossing.NONE) {
            int n = copiesByHost.merge(h.host(), 1, Integer::sum);
            marker = "  " + style.yellow(style.bold("[" + c.arrow() + " copy #" + n + " on " + h.host() + "]"));
        }
        return style.dim(time) + "  " + style.cyan(place) + "  " + words + marker;
    }

    /**
     * The ARP exchange a queued packet waited for: the requests sent for the resolution its hop names
     * ({@link Hop#causeId()}) and the replies to those requests, wherever they were delivered, from
     * the moment it was queued until it moved on. By identity, never by address or time alone: two
     * hosts resolving the same address at the same instant are two exchanges.
     */
    List<Hop> arpExchange(Block b, int queuedAt) {
        Hop queued = b.hops().get(queuedAt);
        long until = queuedAt + 1 < b.hops().size() ? b.hops().get(queuedAt + 1).time() : Long.MAX_VALUE;
        List<Hop> out = new ArrayList<>();
        if (queued.causeId() == 0) return out;
        Set<Long> exchange = new HashSet<>();
        exchange.add(queued.causeId());
        for (Hop h : result.hops()) {
            boolean request = h.kind().equals(PacketContext.ARP_REQUEST);
            if (!request && !h.kind().equals(PacketContext.ARP_REPLY)) continue;
            if (!exchange.contains(h.causeId())) continue;
            if (request) exchange.add(h.packetId());
            if (h.action() == HopAction.DELIVERED && h.time() >= queued.time() && h.time() <= until) out.add(h);
        }
        return out;
    }

    private int printLog(PrintWriter out, List<Tracer.LogLine> log, int from, long before) {
        int i = from;
        for (; i < log.size() && log.get(i).time() < before; i++) {
            out.println(style.magenta(LogLines.format(log.get(i))));
        }
        return i;
    }

    /** The walked packets, flow by flow: each flow's first packet, then the packets it caused (its reply, an ICMP error). */
    List<Block> blocks() {
        List<List<Block>> perFlow = new ArrayList<>();
        for (FlowResult f : result.flows()) {
            List<Hop> request = result.walkOfFirstPacket(f.name());
            List<Block> blocks = new ArrayList<>();
            boolean ping = f.kind().equals("ping");
            // a TCP flow's walk is its first data segment (the handshake before it is in the pcaps)
            boolean tcp = f.kind().equals("tcp") || f.kind().equals("request");
            String what = ping ? "first echo request" : tcp ? "first data segment" : "first " + f.kind() + " datagram";
            long origin = request.isEmpty() ? 0 : request.get(0).time();
            String title = f.name() + ": " + what + ", " + f.from() + " → " + f.to()
                    + (request.isEmpty() ? "" : ", sent at " + Durations.format(origin));
            blocks.add(new Block(f.name(), request.isEmpty() ? 0 : request.get(0).packetId(), title, request, origin, notSent(f)));
            if (!request.isEmpty()) {
                for (long id : result.answersTo(request.get(0).packetId())) {
                    List<Hop> caused = result.walkOf(id);
                    Hop first = caused.get(0);
                    String t = first.kind().equals(PacketContext.ECHO_REPLY)
                            ? f.name() + ": its echo reply, " + first.namespace() + " → " + f.from()
                            : f.name() + ": the ICMP error it caused, " + first.namespace() + " → " + f.from();
                    blocks.add(new Block(f.name(), id, t, caused, origin, ""));
                }
            }
            perFlow.add(blocks);
        }
        perFlow.sort(Comparator.comparingLong(b -> b.get(0).firstTime()));
        List<Block> out = new ArrayList<>();
        perFlow.forEach(out::addAll);
        return out;
    }

    private static String notSent(FlowResult f) {
        for (String l : f.output()) if (l.startsWith("overlaysim: ")) return l.substring("overlaysim: ".length());
        return "no packet of the flow was sent";
    }

    /** Nanoseconds as {@code +12.345 µs}. */
    static String relative(long nanos) {
        long abs = Math.abs(nanos);
        return (nanos < 0 ? "-" : "+") + abs / 1000 + "." + String.format(java.util.Locale.ROOT, "%03d", abs % 1000) + " µs";
    }

    private static String pad(String s, int width, boolean right) {
        if (s.length() >= width) return s;
        String spaces = " ".repeat(width - s.length());
        return right ? spaces + s : s + spaces;
    }
}
