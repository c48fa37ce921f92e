package dev.overlaysim.scenarios.cli;

import dev.overlaysim.scenarios.report.Style;
import picocli.CommandLine;

import java.util.List;
import java.util.Locale;

/** {@code --color auto|always|never}; auto means colour on a terminal, unless NO_COLOR is set. */
enum ColorOption {
    AUTO, ALWAYS, NEVER;

    Style style() {
        return switch (this) {
            case ALWAYS -> Style.ANSI;
            case NEVER -> Style.PLAIN;
            case AUTO -> Terminal.isInteractive() && System.getenv("NO_COLOR") == null ? Style.ANSI : Style.PLAIN;
        };
    }

    static final class Converter implements CommandLine.ITypeConverter<ColorOption> {
        @Override
        public ColorOption convert(String value) {
            for (ColorOption c : values()) if (c.name().toLowerCase(Locale.ROOT).equals(value)) return c;
            throw new CommandLine.TypeConversionException("expected auto, always or never, found '" + value + "'");
        }
    }

    static final class Candidates implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() { return List.of("auto", "always", "never").iterator(); }
    }
}
