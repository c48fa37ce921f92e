package dev.overlaysim.scenarios.assertions;

import dev.overlaysim.linux.Tracer;
import dev.overlaysim.scenarios.run.CheckResult;
import dev.overlaysim.scenarios.run.FlowResult;
import dev.overlaysim.scenarios.run.ScenarioResult;
import dev.overlaysim.scenarios.run.HostCommands;
import org.assertj.core.api.AbstractAssert;

import java.util.List;
import java.util.stream.Collectors;

/** Assertions on a whole scenario run: its {@code expect:} items, its flows, its tables and its logs. */
public final class ScenarioResultAssert extends AbstractAssert<ScenarioResultAssert, ScenarioResult> {

    ScenarioResultAssert(ScenarioResult actual) {
        super(actual, ScenarioResultAssert.class);
    }

    /**
     * Every {@code expect:} item of the scenario file held; on failure lists each failed item with
     * its expected and actual.
     * Example: {@code assertThat(result).allExpectationsHold();}
     */
    public ScenarioResultAssert allExpectationsHold() {
        isNotNull();
        List<CheckResult> failed = actual.checks().stream().filter(c -> !c.passed()).toList();
        if (!failed.isEmpty()) {
            String account = failed.stream()
                    .map(c -> "  #" + c.index() + " " + c.check() + "\n    expected: " + c.expected() + "\n    actual:   " + c.actual())
                    .collect(Collectors.joining("\n"));
            failWithMessage("Expected every expect: item of scenario <%s> to hold but <%s> of <%s> failed:%n%s",
                    actual.spec().name(), failed.size(), actual.checks().size(), account);
        }
        return this;
    }

    /**
     * Switches to assertions on one traffic flow, by its name in the scenario.
     * Example: {@code assertThat(result).flow("ping-1").deliveredAll();}
     */
    public FlowAssert flow(String name) {
        isNotNull();
        FlowResult flow = null;
        for (FlowResult f : actual.flows()) if (f.name().equals(name)) flow = f;
        if (flow == null) {
            failWithMessage("Expected a flow named <%s> but the flows were <%s>",
                    name, actual.flows().stream().map(FlowResult::name).toList());
        }
        return new FlowAssert(flow, actual, this);
    }

    /**
     * Switches to assertions on the tables of a node, router or container at the end of the run.
     * Example: {@code assertThat(result).node("node1").routeTable().holds("10.1.16.0/24 via 10.1.16.0 dev flannel.1 onlink");}
     */
    public TableAssert node(String where) {
        isNotNull();
        return new TableAssert(where, this);
    }

    /**
     * Assertions on what a table command prints on a node, router or container (or, for etcdctl,
     * against the cluster) at the end of the run; see {@link HostCommands#SUPPORTED}.
     * Example: {@code assertThat(result).table("node1", "ip neigh show dev flannel.1").holds("10.1.16.0 lladdr 5e:f8:4f:00:e3:37 PERMANENT");}
     */
    public TableOutputAssert table(String where, String command) {
        isNotNull();
        HostCommands.Output output = null;
        try {
            output = actual.show(where, command);
        } catch (HostCommands.UnknownCommandException e) {
            failWithMessage("Expected <%s> to be a command overlaysim can show on <%s> but it was refused: %s",
                    command, where, e.getMessage());
        }
        return new TableOutputAssert(output, where, command, this);
    }

    /**
     * A daemon on the host logged a line containing the fragment (flanneld, dockerd, iptables, ...).
     * Example: {@code assertThat(result).logged("node1", "Lease acquired: 10.1.15.0/24");}
     */
    public ScenarioResultAssert logged(String host, String textFragment) {
        isNotNull();
        List<Tracer.LogLine> log = actual.log();
        boolean found = log.stream().anyMatch(l -> l.host().equals(host) && l.text().contains(textFragment));
        if (!found) {
            List<Tracer.LogLine> ofHost = log.stream().filter(l -> l.host().equals(host)).toList();
            String lines = ofHost.isEmpty()
                    ? "(no log lines from " + host + "; hosts that logged: "
                      + log.stream().map(Tracer.LogLine::host).distinct().toList() + ")"
                    : ofHost.stream().map(l -> "  " + l.source() + ": " + l.text()).collect(Collectors.joining("\n"));
            failWithMessage("Expected <%s> to have logged a line containing <%s> but its log was:%n%s",
                    host, textFragment, lines);
        }
        return this;
    }
}
