package dev.overlaysim.scenarios.run;

/**
 * The verdict on one {@code expect:} item: what it asked for (in the file's words), whether it
 * held, and what was expected against what the run produced.
 */
public record CheckResult(int index, String check, boolean passed, String expected, String actual) {
    @Override public String toString() {
        return (passed ? "PASS " : "FAIL ") + check + (passed ? "" : "\n  expected: " + expected + "\n  actual:   " + actual);
    }
}
