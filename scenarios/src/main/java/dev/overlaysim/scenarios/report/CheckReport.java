package dev.overlaysim.scenarios.report;

import dev.overlaysim.scenarios.run.CheckResult;
import dev.overlaysim.scenarios.run.ScenarioResult;

import java.io.PrintWriter;

/** The {@code expect:} verdicts: PASS or FAIL per check, expected against actual for each failure, and a tally. */
public final class CheckReport {
    private final Style style;

    public CheckReport(Style style) { this.style = style; }

    public void print(PrintWriter out, ScenarioResult result) {
        if (result.checks().isEmpty()) {
            out.println("no expect: checks in this scenario");
            return;
        }
        long failed = 0;
        for (CheckResult c : result.checks()) {
            if (c.passed()) {
                out.println("  " + style.green("PASS") + "  " + c.check());
            } else {
                failed++;
                out.println("  " + style.red(style.bold("FAIL")) + "  " + c.check());
                out.println("          expected: " + c.expected());
                out.println("          actual:   " + c.actual());
            }
        }
        int n = result.checks().size();
        out.println(failed == 0
                ? style.green((n == 1 ? "the check" : "all " + n + " checks") + " passed")
                : style.red(style.bold(failed + " of " + n + " checks failed")));
    }
}
