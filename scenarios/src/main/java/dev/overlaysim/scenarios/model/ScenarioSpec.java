package dev.overlaysim.scenarios.model;

import java.util.List;
import java.util.Optional;

/**
 * A whole scenario, as loaded from a YAML file. Immutable.
 *
 * <p>Every component of every record in this package is non-null in a spec returned by
 * {@code ScenarioLoader}; optional settings are {@code Optional*}, and defaults the format fixes
 * are already filled in. Defaults that Flannel computes (subnet length, min and max) stay empty
 * and are derived where needed, e.g. {@link NetworkSpec#effectiveSubnetLen()}.
 *
 * @param name        scenario name, {@code [a-z0-9-]+}
 * @param description free text
 * @param seed        the seed of the simulation's random number generator (default 1)
 * @param network     Flannel's network configuration ({@code /coreos.com/network/config})
 * @param underlay    the physical network the nodes sit on
 * @param nodes       the Flannel nodes, in file order
 * @param costs       overrides of the timing model
 * @param traffic     the flows to send, in file order
 * @param timeline    faults and events, in file order (not sorted by time)
 * @param expect      checks to run after the simulation, in file order (they apply to this spec's own run)
 * @param compare     other backends to run the same scenario with, side by side; empty = none
 * @param machine     the one machine all nodes are namespaces of; empty = each node is a machine of its own
 */
public record ScenarioSpec(
        String name,
        Optional<String> description,
        long seed,
        NetworkSpec network,
        UnderlaySpec underlay,
        List<NodeSpec> nodes,
        CostsSpec costs,
        List<FlowSpec> traffic,
        List<TimelineEvent> timeline,
        List<Expectation> expect,
        Optional<CompareSpec> compare,
        Optional<MachineSpec> machine) {

    public ScenarioSpec {
        nodes = List.copyOf(nodes);
        traffic = List.copyOf(traffic);
        timeline = List.copyOf(timeline);
        expect = List.copyOf(expect);
    }

    /** A scenario without a {@code compare:} section. */
    public ScenarioSpec(String name, Optional<String> description, long seed, NetworkSpec network,
                        UnderlaySpec underlay, List<NodeSpec> nodes, CostsSpec costs, List<FlowSpec> traffic,
                        List<TimelineEvent> timeline, List<Expectation> expect) {
        this(name, description, seed, network, underlay, nodes, costs, traffic, timeline, expect, Optional.empty(), Optional.empty());
    }

    /** The same scenario with another timing model ({@code run --costs FILE} replaces the file's {@code costs:}). */
    public ScenarioSpec withCosts(CostsSpec other) {
        return new ScenarioSpec(name, description, seed, network, underlay, nodes, other, traffic, timeline, expect, compare, machine);
    }

    /** The node with this name. */
    public Optional<NodeSpec> node(String nodeName) {
        return nodes.stream().filter(n -> n.name().equals(nodeName)).findFirst();
    }

    /** The flow with this name. */
    public Optional<FlowSpec> flow(String flowName) {
        return traffic.stream().filter(f -> f.name().equals(flowName)).findFirst();
    }
}
