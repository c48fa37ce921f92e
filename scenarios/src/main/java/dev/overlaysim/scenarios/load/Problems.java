package dev.overlaysim.scenarios.load;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the problems of one file, and its warnings: what a file may say but will not do what
 * its author likely meant (host-gw across a router). Warnings never refuse the file.
 */
public final class Problems {

    private final String file;
    private final List<Problem> list = new ArrayList<>();
    private final List<Problem> warnings = new ArrayList<>();

    public Problems(String file) {
        this.file = file;
    }

    public String file() {
        return file;
    }

    public void add(Location at, String message) {
        list.add(new Problem(file, at.line(), at.column(), message));
    }

    /** Problems found in another file this one includes (they keep that file's name). */
    void addAll(List<Problem> others) {
        list.addAll(others);
    }

    void warn(Location at, String message) {
        warnings.add(new Problem(file, at.line(), at.column(), message));
    }

    /** The warnings so far, sorted by position. */
    List<Problem> warnings() {
        return warnings.stream().sorted(Problem.BY_POSITION).toList();
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    /** Throws a {@link ScenarioException} with every problem, sorted, when there is any. */
    public void throwIfAny() {
        if (!list.isEmpty()) {
            throw new ScenarioException(list);
        }
    }

    /** Throws a {@link ScenarioException} with every problem so far plus this one. */
    ScenarioException fatal(Location at, String message) {
        add(at, message);
        return new ScenarioException(list);
    }
}
