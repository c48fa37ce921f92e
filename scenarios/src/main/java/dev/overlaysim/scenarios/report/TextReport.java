package dev.overlaysim.scenarios.report;

import dev.overlaysim.scenarios.run.FlowResult;
import dev.overlaysim.scenarios.run.ScenarioResult;

import java.io.PrintWriter;
import java.util.List;

/**
 * The human report of a run, top to bottom: the header, the walk with the daemons' log (unless
 * only a summary is wanted), a summary per flow, and the {@code expect:} verdicts.
 */
public final class TextReport {
    /** How much of the walk to print. */
    public enum Detail {
        /** Header, flow summaries and checks only. */
        SUMMARY,
        /** Plus the walk of each flow's first packet, with the daemons' log. */
        WALK,
        /** Plus each hop's packet dissected and dumped in hex. */
        FULL
    }

    private final Style style;

    public TextReport(Style style) { this.style = style; }

    public void print(PrintWriter out, ScenarioResult result, String source, Detail detail) {
        new RunHeader(style).print(out, result, source);
        if (detail != Detail.SUMMARY) {
            out.println();
            new WalkPrinter(result, style, detail == Detail.FULL).print(out);
        }
        out.println();
        out.println(style.bold("summary"));
        FlowSummary summary = new FlowSummary(style);
        if (result.flows().isEmpty()) out.println("no traffic in this scenario");
        List<FlowResult> flows = result.flows();
        for (int i = 0; i < flows.size(); i++) {
            if (i > 0) out.println();
            summary.print(out, flows.get(i));
        }
        if (!result.hosts().isEmpty()) {
            out.println();
            new LoadSummary(style).print(out, result.hosts());
        }
        out.println();
        out.println(style.bold("expect"));
        new CheckReport(style).print(out, result);
        out.flush();
    }
}
