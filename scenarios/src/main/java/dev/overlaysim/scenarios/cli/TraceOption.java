package dev.overlaysim.scenarios.cli;

import dev.overlaysim.linux.Tracer;
import dev.overlaysim.scenarios.report.TextReport;
import picocli.CommandLine;

import java.util.List;
import java.util.Locale;

/** {@code --trace summary|walk|full}: how much of the walk the report prints, and how much the run records. */
enum TraceOption {
    SUMMARY(TextReport.Detail.SUMMARY, Tracer.Level.SUMMARY),
    WALK(TextReport.Detail.WALK, Tracer.Level.WALK),
    FULL(TextReport.Detail.FULL, Tracer.Level.FULL);

    final TextReport.Detail detail;
    final Tracer.Level level;

    TraceOption(TextReport.Detail detail, Tracer.Level level) {
        this.detail = detail;
        this.level = level;
    }

    static final class Converter implements CommandLine.ITypeConverter<TraceOption> {
        @Override
        public TraceOption convert(String value) {
            for (TraceOption t : values()) if (t.name().toLowerCase(Locale.ROOT).equals(value)) return t;
            throw new CommandLine.TypeConversionException("expected summary, walk or full, found '" + value + "'");
        }
    }

    static final class Candidates implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() { return List.of("summary", "walk", "full").iterator(); }
    }
}
