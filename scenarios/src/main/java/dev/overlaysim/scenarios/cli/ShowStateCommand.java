package dev.overlaysim.scenarios.cli;

import dev.overlaysim.scenarios.model.ContainerSpec;
import dev.overlaysim.scenarios.model.NodeSpec;
import dev.overlaysim.scenarios.model.RouterSpec;
import dev.overlaysim.scenarios.model.ScenarioSpec;
import dev.overlaysim.scenarios.run.RunOptions;
import dev.overlaysim.scenarios.run.ScenarioResult;
import dev.overlaysim.scenarios.run.HostCommands;
import dev.overlaysim.linux.Tracer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code overlaysim show FILE NODE -- COMMAND...}: a node's tables as the real tools print them, after the run. */
@Command(name = "show", mixinStandardHelpOptions = true,
        header = "Print a node's tables (ip route, ip neigh, bridge fdb, etcdctl ...) after a run.",
        usageHelpAutoWidth = true,
        description = {
                "Runs the scenario (to its end, or to --at) and prints what COMMAND prints on NODE (a node, router or"
                        + " container), exactly as the real tool would. Put -- before COMMAND so that its options are"
                        + " not taken for overlaysim's.",
                "",
                "COMMAND is one of:",
                "  ip route        ip route get ADDRESS     ip neigh [show dev DEV]",
                "  ip addr         ip link [show DEV]       bridge fdb show [dev DEV]",
                "  ip -d link [show DEV]                    ip -s link [show DEV]",
                "  etcdctl get [--prefix] KEY               etcdctl get --v2 KEY",
                "  etcdctl ls KEY                           cat /run/flannel/subnet.env",
                "  nstat -az (UDP counters)                 cat /proc/net/softnet_stat",
                "  cat /proc/stat (cpu lines)",
                "",
                "Example:",
                "  overlaysim show seed-vxlan.yaml node1 -- bridge fdb show dev flannel.1",
                ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the command succeeded", "1:the command itself failed (as the real tool would)",
                "2:bad input: the file, NODE or COMMAND was refused", "3:internal error"})
final class ShowStateCommand extends Subcommand {

    @Parameters(index = "0", paramLabel = "FILE", converter = NonEmptyPath.class, description = "The scenario (YAML).")
    Path file;

    @Parameters(index = "1", paramLabel = "NODE", description = "A node, router or container of the scenario.")
    String where;

    @Parameters(index = "2..*", arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments.")
    List<String> command;

    @Option(names = "--at", paramLabel = "TIME", converter = DurationConverter.class,
            description = "Show the state at TIME (like 2s) instead of at the end of the run.")
    Long at;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the random number generator (default: the file's seed).")
    Long seed;

    @Override
    protected int execute() {
        ScenarioSource source = ScenarioSource.load(file);
        List<String> names = names(source.scenario().spec());
        if (!names.contains(where)) {
            throw new BadInputException("no node, router or container named '" + where + "' in " + file
                    + "; expected one of: " + String.join(", ", names));
        }
        RunOptions options = RunOptions.DEFAULT.withTrace(Tracer.Level.SUMMARY).withCapture(false);
        if (seed != null) options = options.withSeed(seed);
        if (at != null) options = options.withUntil(at);
        ScenarioResult result = source.scenario().run(options);
        HostCommands.Output o = result.show(where, String.join(" ", command));
        out().print(o.stdout());
        err().print(o.stderr());
        return o.exitCode();
    }

    private static List<String> names(ScenarioSpec spec) {
        List<String> out = new ArrayList<>();
        for (NodeSpec n : spec.nodes()) {
            out.add(n.name());
            for (ContainerSpec c : n.containers()) out.add(c.name());
        }
        for (RouterSpec r : spec.underlay().routers()) out.add(r.name());
        return out;
    }
}
