package dev.overlaysim.scenarios.load;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A scenario file was refused. Holds every problem found, sorted by line and column; the message is
 * their {@code file:line:column: message} lines joined by newlines.
 */
public final class ScenarioException extends RuntimeException {

    private final transient List<Problem> problems;

    /** @param problems at least one problem; they are sorted by position */
    public ScenarioException(List<Problem> problems) {
        super(render(problems));
        this.problems = problems.stream().sorted(Problem.BY_POSITION).toList();
    }

    private static String render(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ScenarioException needs at least one problem");
        }
        return problems.stream().sorted(Problem.BY_POSITION).map(Problem::toString)
                .collect(Collectors.joining("\n"));
    }

    /** The problems, sorted by line, then column. Never empty. */
    public List<Problem> problems() {
        return problems;
    }
}
