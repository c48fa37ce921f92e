package dev.overlaysim.scenarios.twin;

import dev.overlaysim.protocols.addr.MacAddress;
import dev.overlaysim.scenarios.twin.FrameFields.Mask;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** What a twin run found: the verdict per interface, the table checks, the masks used, and the RTTs. */
public final class TwinReport {
    /** One table of one namespace: the model's lines and the kernel's. */
    public record TableCheck(String namespace, String command, List<String> model, List<String> kernel) {
        public boolean equal() { return model.equals(kernel); }
    }

    /**
     * {@code ping -f} on the kernel next to the model's ping for the same pair: both round trips as
     * ping prints them, from the send to the reply's kernel receive stamp (SO_TIMESTAMP);
     * {@code simUserMeanNanos} is the model's to the return of recvmsg() ({@code ping -U}).
     */
    public record Timing(String from, String to, int kernelCount, long kernelMeanNanos, long kernelMinNanos,
                         int simCount, long simMeanNanos, long simMinNanos, long simUserMeanNanos, String fileUnderlay) {
        public double ratio() { return kernelMeanNanos == 0 ? Double.NaN : simMeanNanos / (double) kernelMeanNanos; }
    }

    private final String scenario;
    private final String source;
    private final long seed;
    private final String kernel;
    private final String prefix;
    private final List<FrameComparator.Result> interfaces;
    private final List<TableCheck> tables;
    private final Timing timing;
    private final int lateFrames;
    private final long windowNanos;
    private final Map<Long, Long> macMapping;
    private final List<String> setupFrames;
    private List<String> keepLines = List.of();
    private String costsLine = "";
    /** Why the round trip was not measured (ICMP blocked on a node), or null. */
    private String timingSkipped;
    private LoadReport load;

    TwinReport(String scenario, String source, long seed, String kernel, String prefix, List<FrameComparator.Result> interfaces,
               List<TableCheck> tables, Timing timing, int lateFrames, long windowNanos, Map<Long, Long> macMapping,
               List<String> setupFrames) {
        this.setupFrames = List.copyOf(setupFrames);
        this.scenario = scenario;
        this.source = source;
        this.seed = seed;
        this.kernel = kernel;
        this.prefix = prefix;
        this.interfaces = List.copyOf(interfaces);
        this.tables = List.copyOf(tables);
        this.timing = timing;
        this.lateFrames = lateFrames;
        this.windowNanos = windowNanos;
        this.macMapping = macMapping;
    }

    /** A report of flows with a rate only: no frames compared, no tables, no RTT; {@link #load} adds what was measured. */
    static TwinReport loadOnly(String scenario, String source, long seed, String kernel, String prefix) {
        return new TwinReport(scenario, source, seed, kernel, prefix, List.of(), List.of(), null, 0, 0, Map.of(), List.of());
    }

    /** The twin under load's comparison, printed after the frames (or alone, when every flow has a rate). */
    void load(LoadReport report) { this.load = report; }

    /** The twin under load's comparison; null when no flow had a rate. */
    public LoadReport load() { return load; }

    void keepLines(List<String> lines) { this.keepLines = List.copyOf(lines); }

    /** Where the model's costs came from (the scenario's, --costs FILE, --calibrate), printed under the timing. */
    void costsLine(String line) { this.costsLine = line; }

    /** The round trip was not measured, for this reason (printed where the timing would be). */
    void timingSkipped(String why) { this.timingSkipped = why; }

    public java.util.Optional<String> timingSkipped() { return java.util.Optional.ofNullable(timingSkipped); }

    public List<FrameComparator.Result> interfaces() { return interfaces; }
    public List<TableCheck> tables() { return tables; }
    public Timing timing() { return timing; }

    /** Every captured interface equal and every table equal. */
    public boolean equal() {
        return interfaces.stream().allMatch(FrameComparator.Result::equal) && tables.stream().allMatch(TableCheck::equal);
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("overlaysim twin: ").append(scenario).append(" (").append(source).append("), seed ").append(seed).append('\n');
        sb.append("kernel: ").append(kernel).append(", lab ").append(prefix).append("*\n");
        if (load != null && interfaces.isEmpty() && tables.isEmpty()) {
            // every flow has a rate: nothing was compared frame by frame
            return sb.append('\n').append(load.text()).toString();
        }
        sb.append(String.format(Locale.ROOT, "window: scenario time 0 to %.3f s (frames after it: %d, not compared)%n", windowNanos / 1e9, lateFrames));
        if (!setupFrames.isEmpty()) {
            sb.append("setup frames before time 0, while the lab was built (not compared): ").append(setupFrames.size()).append('\n');
            for (String f : setupFrames) sb.append("  ").append(f).append('\n');
        }
        sb.append("\ninterfaces (frames sim/kernel, of which ARP):\n");
        int w = 10;
        for (FrameComparator.Result r : interfaces) w = Math.max(w, r.iface().length());
        Set<Mask> masks = EnumSet.noneOf(Mask.class);
        for (FrameComparator.Result r : interfaces) {
            masks.addAll(r.masksUsed());
            sb.append(String.format(Locale.ROOT, "  %-" + w + "s  %-9s %3d/%-3d (ARP %d/%d)%n", r.iface(), r.equal() ? "equal" : "DIFFERENT",
                    r.simFrames(), r.kernelFrames(), r.simArp(), r.kernelArp()));
            for (FrameComparator.Difference d : r.differences()) sb.append("      ").append(d.format()).append('\n');
        }
        long tablesEqual = tables.stream().filter(TableCheck::equal).count();
        sb.append("\ntables (model rendering vs kernel output): ").append(tablesEqual).append('/').append(tables.size()).append(" equal\n");
        for (TableCheck t : tables) {
            if (t.equal()) continue;
            sb.append("  ").append(t.namespace()).append(": ").append(t.command()).append(" differs\n");
            for (String l : t.model()) if (!t.kernel().contains(l)) sb.append("      model only:  ").append(l).append('\n');
            for (String l : t.kernel()) if (!t.model().contains(l)) sb.append("      kernel only: ").append(l).append('\n');
            if (t.model().size() == t.kernel().size() && t.model().containsAll(t.kernel())) sb.append("      (same lines, other order)\n");
        }
        sb.append("\nmasked (not compared as values):\n");
        if (masks.isEmpty()) sb.append("  nothing\n");
        for (Mask m : masks) sb.append("  ").append(maskName(m)).append(": ").append(m.why()).append('\n');
        sb.append("  ordering: non-ARP frames compared in order; ARP frames as a multiset per interface\n");
        if (!macMapping.isEmpty()) {
            sb.append("MACs chosen by the kernel (sim -> kernel):");
            macMapping.forEach((s, k) -> sb.append(' ').append(MacAddress.toString(s)).append("->").append(MacAddress.toString(k)));
            sb.append('\n');
        }
        if (timing != null) {
            sb.append(String.format(Locale.ROOT, "%ntiming: %s -> %s, 56-byte echo requests, one in flight; round trip as ping prints it"
                    + " (send to the reply's kernel receive stamp, SO_TIMESTAMP)%n", timing.from(), timing.to()));
            sb.append(String.format(Locale.ROOT, "  %-8s %14s %13s%n", "", "mean RTT", "min RTT"));
            sb.append(String.format(Locale.ROOT, "  %-8s %11.1f us %10.1f us   (ping -f -c %d; iputils prints whole microseconds)%n", "kernel",
                    timing.kernelMeanNanos() / 1e3, timing.kernelMinNanos() / 1e3, timing.kernelCount()));
            sb.append(String.format(Locale.ROOT, "  %-8s %11.1f us %10.1f us   (%d pings, underlay latency 0, no serialization; to recvmsg()'s return: %.1f us)%n",
                    "model", timing.simMeanNanos() / 1e3, timing.simMinNanos() / 1e3, timing.simCount(), timing.simUserMeanNanos() / 1e3));
            sb.append(String.format(Locale.ROOT, "  sim/real %.2f   (the file's underlay: %s)%n", timing.ratio(), timing.fileUnderlay()));
            if (!costsLine.isEmpty()) sb.append("  costs: ").append(costsLine).append('\n');
        }
        if (timing == null && timingSkipped != null) sb.append("\ntiming: not measured: ").append(timingSkipped).append('\n');
        if (load != null) sb.append('\n').append(load.text());
        long eq = interfaces.stream().filter(FrameComparator.Result::equal).count();
        sb.append("\nverdict: ").append(equal() ? "EQUAL" : "DIFFERENT").append(" — ").append(eq).append('/').append(interfaces.size())
                .append(" interfaces equal, ").append(tablesEqual).append('/').append(tables.size()).append(" tables equal\n");
        for (String l : keepLines) sb.append(l).append('\n');
        return sb.toString();
    }

    static String maskName(Mask m) {
        return switch (m) {
            case IP_ID -> "ip.id (every IPv4 header, outer and inner)";
            case VXLAN_SOURCE_PORT -> "udp.srcport of VXLAN";
            case PING_TIMESTAMP -> "icmp.data.timestamp (16 bytes)";
            case TCP_SEQUENCE -> "tcp.seq, tcp.ack and SACK edges";
            case TCP_TIMESTAMP -> "tcp.option.timestamp tsval and tsecr";
            case CHECKSUM_OVER_MASKED -> "checksums over masked bytes";
            case UNDERLAY_PADDING -> "eth.padding on node eth0";
            case NONE -> "none";
        };
    }

    @Override public String toString() { return text(); }

    static List<String> differencesOf(TwinReport r) {
        List<String> out = new ArrayList<>();
        for (FrameComparator.Result i : r.interfaces) for (FrameComparator.Difference d : i.differences()) out.add(i.iface() + ": " + d.format());
        return out;
    }
}
