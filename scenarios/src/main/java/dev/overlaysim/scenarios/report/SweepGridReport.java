package dev.overlaysim.scenarios.report;

import dev.overlaysim.trace.Drop;
import dev.overlaysim.engine.Durations;
import dev.overlaysim.scenarios.model.CompareSpec;
import dev.overlaysim.scenarios.run.Sweep;
import dev.overlaysim.scenarios.run.SweepGrid;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The merged results of {@code overlaysim sweep}, whether its cells ran here or came back as
 * per-index JSON files: a table (one row per backend and offered rate, the mean over the seeds, the
 * delivered rate also as min–max), a CSV (one row per cell) and the rows the chart draws. Everything
 * is computed from {@link SweepGrid.CellResult}s in cell order, so both paths give the same bytes.
 */
public final class SweepGridReport {

    /** One backend at one offered rate, over the grid's seeds: means, and the spread of what varies. */
    public record Row(String backend, CompareSpec.SweepRate rate, int runs, double offeredPps, double sentPps,
                      double deliveredPps, double deliveredMinPps, double deliveredMaxPps, double lossPercent, double p99Nanos,
                      double cpuNanosPerPacket, double cpuMinNanos, double cpuMaxNanos, double flanneldSwitchesPerPacket,
                      Optional<Map.Entry<Drop, Long>> mostDrops) {}

    private SweepGridReport() {}

    /**
     * The rows of the table, backend by backend, rate by rate, in file order.
     *
     * @param results one per cell of {@code grid}, in cell order
     */
    public static List<Row> rows(SweepGrid.Layout grid, List<SweepGrid.CellResult> results) {
        if (results.size() != grid.size()) {
            throw new IllegalArgumentException("expected " + grid.size() + " cell results, got " + results.size());
        }
        List<Row> rows = new ArrayList<>();
        int seeds = grid.seeds().size();
        for (int i = 0; i < results.size(); i += seeds) {
            List<SweepGrid.CellResult> group = results.subList(i, i + seeds);
            SweepGrid.Cell first = group.get(0).cell();
            double sent = 0, delivered = 0, loss = 0, p99 = 0, cpu = 0, switches = 0;
            double dMin = Double.POSITIVE_INFINITY, dMax = Double.NEGATIVE_INFINITY;
            double cMin = Double.POSITIVE_INFINITY, cMax = Double.NEGATIVE_INFINITY;
            Map<Drop, Long> drops = new LinkedHashMap<>();
            for (int j = 0; j < seeds; j++) {
                SweepGrid.CellResult r = group.get(j);
                if (r.cell().index() != i + j || !r.cell().backend().equals(first.backend())) {
                    throw new IllegalArgumentException("cell results out of order at cell " + r.cell().index());
                }
                Sweep.Point p = r.point();
                sent += p.sentPps();
                delivered += p.deliveredPps();
                loss += p.lossPercent();
                p99 += p.p99Nanos();
                cpu += p.cpuNanosPerPacket();
                switches += p.flanneldSwitchesPerPacket();
                dMin = Math.min(dMin, p.deliveredPps());
                dMax = Math.max(dMax, p.deliveredPps());
                cMin = Math.min(cMin, p.cpuNanosPerPacket());
                cMax = Math.max(cMax, p.cpuNanosPerPacket());
                r.drops().forEach((k, v) -> drops.merge(k, v, Long::sum));
            }
            Optional<Map.Entry<Drop, Long>> most = drops.entrySet().stream().max(Map.Entry.comparingByValue())
                    .map(e -> Map.entry(e.getKey(), e.getValue()));
            rows.add(new Row(first.backend(), first.rate(), seeds, first.rate().packetsPerSecond(), sent / seeds, delivered / seeds,
                    dMin, dMax, loss / seeds, p99 / seeds, cpu / seeds, cMin, cMax, switches / seeds, most));
        }
        return rows;
    }

    /** The table, as {@code overlaysim sweep} prints it. */
    public static void printTable(PrintWriter out, Style style, SweepGrid.Layout grid, List<SweepGrid.CellResult> results) {
        out.println(style.bold("sweep") + " of flow " + grid.flow() + ": " + grid.backends().size() + " backend"
                + (grid.backends().size() == 1 ? "" : "s") + " × " + grid.rates().size() + " rate" + (grid.rates().size() == 1 ? "" : "s")
                + " × " + grid.seeds().size() + " seed" + (grid.seeds().size() == 1 ? "" : "s") + " = " + grid.size()
                + " runs (simulated); seeds " + String.join(", ", grid.seeds().stream().map(String::valueOf).toList()));
        out.println("each row: the mean over the seeds; delivered also min–max; drops summed over the seeds");
        String backend = null;
        for (Row r : rows(grid, results)) {
            if (!r.backend().equals(backend)) {
                backend = r.backend();
                out.println();
                out.println("  " + style.bold(backend));
                out.println(String.format(Locale.ROOT, "  %10s %10s %10s %23s %7s %11s %12s %13s  %s", "offered", "sent", "delivered",
                        "delivered min–max", "loss", "p99", "CPU/packet", "flanneld cs/p", "most drops at"));
            }
            out.println(String.format(Locale.ROOT, "  %10s %10s %10s %23s %6.1f%% %11s %12s %13s  %s",
                    FlowSummary.pps(r.offeredPps()), FlowSummary.pps(r.sentPps()), FlowSummary.pps(r.deliveredPps()),
                    FlowSummary.pps(r.deliveredMinPps()) + " – " + FlowSummary.pps(r.deliveredMaxPps()), r.lossPercent(),
                    Durations.format(Math.round(r.p99Nanos())), Durations.format(Math.round(r.cpuNanosPerPacket())),
                    r.backend().equals("udp") ? String.format(Locale.ROOT, "%.3f", r.flanneldSwitchesPerPacket()) : "-",
                    r.mostDrops().map(d -> d.getKey() + " (" + d.getValue() + ")").orElse("-")));
        }
    }

    /** The CSV header line's columns. */
    public static final List<String> CSV_COLUMNS = List.of("cell", "backend", "rate", "seed", "offered_pps", "sent_pps", "delivered_pps",
            "loss_percent", "p99_ns", "cpu_ns_per_packet", "flanneld_switches_per_packet", "dropped", "most_drops_at");

    /** One row per cell, in cell order (RFC 4180, LF line ends). */
    public static String csv(SweepGrid.Layout grid, List<SweepGrid.CellResult> results) {
        if (results.size() != grid.size()) {
            throw new IllegalArgumentException("expected " + grid.size() + " cell results, got " + results.size());
        }
        StringBuilder out = new StringBuilder(String.join(",", CSV_COLUMNS)).append('\n');
        for (SweepGrid.CellResult r : results) {
            Sweep.Point p = r.point();
            long dropped = r.drops().values().stream().mapToLong(Long::longValue).sum();
            String most = r.drops().entrySet().stream().max(Map.Entry.comparingByValue()).map(e -> e.getKey().toString()).orElse("");
            out.append(String.format(Locale.ROOT, "%d,%s,%s,%d,%.3f,%.3f,%.3f,%.4f,%d,%.3f,%.6f,%d,%s\n",
                    r.cell().index(), csvField(r.cell().backend()), csvField(r.cell().rate().text()), r.cell().seed(),
                    p.offeredPps(), p.sentPps(), p.deliveredPps(), p.lossPercent(), p.p99Nanos(), p.cpuNanosPerPacket(),
                    p.flanneldSwitchesPerPacket(), dropped, csvField(most)));
        }
        return out.toString();
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
