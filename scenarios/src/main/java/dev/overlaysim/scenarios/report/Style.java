package dev.overlaysim.scenarios.report;

/**
 * How the text report is decorated: ANSI colours on a terminal, nothing otherwise. Colour only
 * ever wraps text; the plain rendering of every report is the same text without the escapes.
 */
public final class Style {
    /** No escapes at all: files, pipes, tests. */
    public static final Style PLAIN = new Style(false);
    /** ANSI SGR escapes, for a terminal. */
    public static final Style ANSI = new Style(true);

    private static final String RESET = "\u001b[0m";

    private final boolean ansi;

    private Style(boolean ansi) { this.ansi = ansi; }

    public boolean isAnsi() { return ansi; }

    public String bold(String s) { return wrap("1", s); }
    public String dim(String s) { return wrap("2", s); }
    public String red(String s) { return wrap("31", s); }
    public String green(String s) { return wrap("32", s); }
    public String yellow(String s) { return wrap("33", s); }
    public String blue(String s) { return wrap("34", s); }
    public String magenta(String s) { return wrap("35", s); }
    public String cyan(String s) { return wrap("36", s); }

    private String wrap(String sgr, String s) {
        return ansi && !s.isEmpty() ? "\u001b[" + sgr + "m" + s + RESET : s;
    }
}
