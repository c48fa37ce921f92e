/**
 * AssertJ assertions in the domain's words for scenario results, for users' JUnit tests:
 * <pre>{@code
 * ScenarioResult result = Scenario.load(Path.of("examples/seed-vxlan.yaml")).run();
 * ScenarioAssertions.assertThat(result)
 *         .allExpectationsHold()
 *         .flow("ping-1").deliveredAll().copiesOnSend(1).crossed("node1/flannel.1", "node2/flannel.1")
 *         .and().node("node1").routeTable().holds("10.1.16.0/24 via 10.1.16.0 dev flannel.1 onlink");
 * }</pre>
 * Every check returns its assert so checks chain, and fails with an {@link java.lang.AssertionError}
 * that says what was expected against what the run produced (the flow's drops, the whole table, the
 * devices crossed).
 */
package dev.overlaysim.scenarios.assertions;
