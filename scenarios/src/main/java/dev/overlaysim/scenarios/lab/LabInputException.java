package dev.overlaysim.scenarios.lab;

import java.util.List;

/**
 * Bad input to a lab command: an unknown lab, a directory that is not a lab, a refused lab
 * definition, answers file or scenario. Each problem is one line, {@code file:line:column: message}
 * where a place is known. The command line prints them and exits 2, without a stack trace.
 */
public final class LabInputException extends RuntimeException {

    private final transient List<String> problems;

    public LabInputException(List<String> problems) {
        super(String.join("\n", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a LabInputException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public LabInputException(String problem) {
        this(List.of(problem));
    }

    /** The problems, one line each. Never empty. */
    public List<String> problems() {
        return problems;
    }
}
