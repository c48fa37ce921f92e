package dev.overlaysim.scenarios.assertions;

import dev.overlaysim.scenarios.run.ScenarioResult;

/**
 * Entry point of the scenario assertions; import statically next to (or instead of) AssertJ's
 * {@code Assertions.assertThat}.
 */
public final class ScenarioAssertions {
    private ScenarioAssertions() {}

    /**
     * Starts assertions on a scenario run.
     * Example: {@code assertThat(Scenario.load(path).run()).allExpectationsHold();}
     */
    public static ScenarioResultAssert assertThat(ScenarioResult actual) {
        return new ScenarioResultAssert(actual);
    }
}
