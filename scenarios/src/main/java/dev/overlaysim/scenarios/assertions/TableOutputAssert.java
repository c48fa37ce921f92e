package dev.overlaysim.scenarios.assertions;

import dev.overlaysim.scenarios.run.HostCommands;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on what one table command printed. Lines match exactly, ignoring trailing whitespace
 * (iproute2 leaves a space at the end of many lines); a failure shows the whole output.
 */
public final class TableOutputAssert extends AbstractAssert<TableOutputAssert, HostCommands.Output> {
    private final String where;
    private final String command;
    private final ScenarioResultAssert result;

    TableOutputAssert(HostCommands.Output actual, String where, String command, ScenarioResultAssert result) {
        super(actual, TableOutputAssert.class);
        this.where = where;
        this.command = command;
        this.result = result;
    }

    /**
     * The output has this line.
     * Example: {@code assertThat(result).table("node1", "ip route").holds("10.1.16.0/24 via 10.1.16.0 dev flannel.1 onlink");}
     */
    public TableOutputAssert holds(String line) {
        if (!has(line)) {
            failWithMessage("Expected %s `%s` to hold the line%n  <%s>%nbut it printed:%n%s",
                    where, command, line.stripTrailing(), printed());
        }
        return this;
    }

    /**
     * The output does not have this line.
     * Example: {@code assertThat(result).table("node1", "ip route").lacks("10.1.3.0/24 via 10.1.3.0 dev flannel.1 onlink");}
     */
    public TableOutputAssert lacks(String line) {
        if (has(line)) {
            failWithMessage("Expected %s `%s` to lack the line%n  <%s>%nbut it printed:%n%s",
                    where, command, line.stripTrailing(), printed());
        }
        return this;
    }

    /**
     * Back to the assertions on the whole run.
     * Example: {@code assertThat(result).node("node1").routeTable().holds(line).and().flow("ping-1").deliveredAll();}
     */
    public ScenarioResultAssert and() {
        return result;
    }

    private boolean has(String line) {
        String want = line.stripTrailing();
        return actual.stdout().lines().map(String::stripTrailing).anyMatch(want::equals);
    }

    /** Each line indented by two, trailing whitespace (iproute2's trailing spaces) dropped. */
    static String indented(String text) {
        return text.stripTrailing().lines().map(l -> l.isBlank() ? "" : "  " + l.stripTrailing())
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    private String printed() {
        String out = actual.stdout().isBlank() ? "  (nothing)" : indented(actual.stdout());
        if (!actual.stderr().isEmpty()) out += "\n  stderr: " + actual.stderr().strip();
        if (actual.exitCode() != 0) out += "\n  exit status " + actual.exitCode();
        return out;
    }
}
