package dev.overlaysim.scenarios.report;

import dev.overlaysim.engine.Durations;
import dev.overlaysim.linux.Tracer;

/** A daemon's log line as the report prints it: {@code [log 0.000000000 s] node1 flanneld: Lease acquired: 10.1.15.0/24}. */
final class LogLines {
    private LogLines() {}

    static String format(Tracer.LogLine l) {
        return "[log " + Durations.timestamp(l.time()) + " s] " + l.host() + " " + l.source() + ": " + l.text();
    }
}
