package dev.overlaysim.scenarios.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress bar on stderr for runs that take more than a second, on a terminal only: how much of
 * the scenario's simulated time has run, and the wall time elapsed. It lives on its own thread and
 * only ever touches stderr, never the simulation; the wall clock it reads shows up nowhere but on
 * that line, which it erases when the run ends.
 */
final class Progress implements AutoCloseable, dev.overlaysim.scenarios.run.RunOptions.Progress {
    private static final long SHOW_AFTER_NANOS = 1_000_000_000L;
    private static final long TICK_MILLIS = 100;
    private static final int WIDTH = 24;
    private static final int BLOCK = 6;

    private final PrintWriter err;
    private final String label;
    private final Thread thread;
    private volatile boolean drawn;
    /** Fraction of simulated time done, from the run; negative until the run reports. */
    private volatile double done = -1;

    @Override
    public void at(long nowNanos, long endNanos) {
        done = endNanos <= 0 ? 1 : Math.min(1.0, nowNanos / (double) endNanos);
    }

    private Progress(PrintWriter err, String label, boolean enabled) {
        this.err = err;
        this.label = label;
        this.thread = enabled ? new Thread(this::loop, "overlaysim-progress") : null;
        if (thread != null) {
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Starts the bar for a run of {@code label}; it stays silent unless stderr is a terminal and the run lasts. */
    static Progress start(PrintWriter err, String label) {
        return new Progress(err, label, Terminal.isInteractive());
    }

    private void loop() {
        long start = System.nanoTime();
        try {
            Thread.sleep(SHOW_AFTER_NANOS / 1_000_000);
            for (int tick = 0; ; tick++) {
                String bar;
                double d = done;
                if (d >= 0) {
                    int filled = (int) Math.round(d * WIDTH);
                    bar = "#".repeat(filled) + " ".repeat(WIDTH - filled);
                } else {
                    int span = WIDTH - BLOCK;
                    int pos = tick % (2 * span);
                    if (pos > span) pos = 2 * span - pos;
                    bar = " ".repeat(pos) + "#".repeat(BLOCK) + " ".repeat(span - pos);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                err.print(String.format(Locale.ROOT, "\rrunning %s [%s] %.1f s", label, bar, seconds));
                err.flush();
                drawn = true;
                Thread.sleep(TICK_MILLIS);
            }
        } catch (InterruptedException done) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (thread == null) return;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (drawn) {
            err.print("\r\u001b[2K");
            err.flush();
        }
    }
}
