package dev.overlaysim.scenarios.report;

import dev.overlaysim.engine.Durations;
import dev.overlaysim.scenarios.run.FlowResult;
import dev.overlaysim.scenarios.run.PerPacket;
import dev.overlaysim.scenarios.run.ScenarioResult;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The side-by-side table of a {@code compare:} run: per flow, one column per backend (in the
 * section's order; the primary marked), one row per measure — delivered/sent, copies and syscalls
 * on the send/receive paths, wake-ups, mode switches, encapsulations, mean simulated latency.
 * Per-packet costs are {@code -} when nothing was delivered. A tcp flow adds its goodput (as
 * iperf3's receiver reports it) and its retransmitted segments: what TCP made of the path.
 */
public final class CompareTable {
    /** Row labels, in print order. */
    public static final List<String> ROWS = List.of(
            "delivered/sent", "copies send/receive", "syscalls send/receive", "wake-ups", "mode switches",
            "encapsulations", "latency");
    private static final String GAP = "  ";

    private final Style style;

    public CompareTable(Style style) { this.style = style; }

    /**
     * @param primary  the primary run (its backend is marked, and it names the flows)
     * @param compare  backend type → the run with that backend, in column order
     */
    public void print(PrintWriter out, ScenarioResult primary, Map<String, ScenarioResult> compare) {
        String primaryType = primary.spec().network().backend().type();
        out.println(style.bold("compare") + "  (the same traffic over each backend, seed " + primary.seed()
                + "; expect: checks apply to the primary run, " + primaryType + ")");
        List<String> headers = new ArrayList<>();
        for (String type : compare.keySet()) headers.add(type.equals(primaryType) ? type + " (primary)" : type);
        List<FlowResult> flows = primary.flows();
        if (flows.isEmpty()) out.println("no traffic in this scenario");
        // Widths are shared by every flow's table, so the columns line up down the page.
        List<List<List<String>>> tables = new ArrayList<>();
        List<List<String>> labels = new ArrayList<>();
        int labelWidth = 0;
        int[] widths = headers.stream().mapToInt(String::length).toArray();
        for (FlowResult named : flows) {
            List<List<String>> columns = new ArrayList<>();
            int c = 0;
            for (ScenarioResult r : compare.values()) {
                List<String> cells = cells(r.flow(named.name()));
                for (String cell : cells) widths[c] = Math.max(widths[c], cell.length());
                columns.add(cells);
                c++;
            }
            tables.add(columns);
            List<String> rowLabels = new ArrayList<>(ROWS.subList(0, ROWS.size() - 1));
            rowLabels.add("latency (" + (named.kind().equals("ping") ? "mean round trip" : "mean one way") + ")");
            if (named.tcp().flatMap(t -> t.transfer()).isPresent()) {
                rowLabels.add("goodput (iperf3 receiver)");
                rowLabels.add("retransmits");
            }
            for (String l : rowLabels) labelWidth = Math.max(labelWidth, l.length());
            labels.add(rowLabels);
        }
        for (int i = 0; i < flows.size(); i++) {
            FlowResult named = flows.get(i);
            List<List<String>> columns = tables.get(i);
            if (i > 0) out.println();
            out.println(style.bold(named.name()) + " (" + named.kind() + " " + named.from() + " → " + named.to() + ")");
            StringBuilder head = new StringBuilder("  ").append(pad("", labelWidth));
            for (int c = 0; c < columns.size(); c++) head.append(GAP).append(pad(headers.get(c), widths[c]));
            out.println(style.bold(head.toString().stripTrailing()));
            for (int row = 0; row < labels.get(i).size(); row++) {
                StringBuilder line = new StringBuilder("  ").append(pad(labels.get(i).get(row), labelWidth));
                for (int c = 0; c < columns.size(); c++) line.append(GAP).append(pad(columns.get(c).get(row), widths[c]));
                out.println(line.toString().stripTrailing());
            }
        }
        out.flush();
    }

    /** One column's cells, in {@link #ROWS} order. */
    static List<String> cells(FlowResult f) {
        List<String> cells = new ArrayList<>();
        cells.add(f.delivered() + "/" + f.sent());
        if (f.delivered() == 0) {
            for (int i = 1; i < ROWS.size(); i++) cells.add("-");
            tcpCells(f, cells);
            return cells;
        }
        PerPacket p = f.perPacket();
        cells.add(FlowSummary.num(p.copiesSend()) + "/" + FlowSummary.num(p.copiesReceive()));
        cells.add(FlowSummary.num(p.syscallsSend()) + "/" + FlowSummary.num(p.syscallsReceive()));
        cells.add(FlowSummary.num(p.wakeups()));
        cells.add(FlowSummary.num(p.modeSwitches()));
        cells.add(FlowSummary.num(p.encapsulations()));
        cells.add(Durations.format(p.latencyNanos()));
        tcpCells(f, cells);
        return cells;
    }

    private static void tcpCells(FlowResult f, List<String> cells) {
        f.tcp().flatMap(t -> t.transfer()).ifPresent(t -> {
            cells.add(Iperf3.bits(t.bitsPerSecond() / 8) + "s/sec");
            cells.add(Long.toString(f.tcp().get().retransmits()));
        });
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
