package dev.overlaysim.scenarios.load;

import java.util.Comparator;

/**
 * One thing wrong with a scenario file, with where it is. {@link #toString()} is
 * {@code file:line:column: message}, the form editors and terminals turn into links.
 *
 * @param file    the source name (the path as given, or a name passed to the loader)
 * @param line    1-based line
 * @param column  1-based column (in Unicode code points)
 * @param message what was found and what was expected
 */
public record Problem(String file, int line, int column, String message) {

    /** Orders problems by line, then column, then message. */
    public static final Comparator<Problem> BY_POSITION = Comparator.comparingInt(Problem::line)
            .thenComparingInt(Problem::column)
            .thenComparing(Problem::message);

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
