package dev.overlaysim.scenarios.cli;

import dev.overlaysim.scenarios.load.Problem;
import dev.overlaysim.scenarios.load.ScenarioException;
import dev.overlaysim.scenarios.run.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

/** {@code overlaysim validate FILE...}: loads each file without running it and reports every problem. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        header = "Check scenario files without running them.",
        description = "Checks scenario files without running them: syntax, types, unknown keys and the semantic rules"
                + " (overlapping subnets, unknown containers, nodes the underlay cannot join, ...). Prints 'FILE: ok'"
                + " or every problem as file:line:column: message; a valid file's warnings (host-gw nodes on"
                + " segments joined only by a router) as file:line:column: warning: message, before its 'ok'.",
        usageHelpAutoWidth = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every file is valid", "2:at least one file was refused", "3:internal error"})
final class ValidateCommand extends Subcommand {

    @Parameters(arity = "1..*", paramLabel = "FILE", converter = NonEmptyPath.class, description = "Scenario files (YAML).")
    List<Path> files;

    @Override
    protected int execute() {
        int exit = ExitCodes.OK;
        for (Path f : files) {
            try {
                Scenario scenario = Scenario.load(f);
                for (Problem w : scenario.warnings()) {
                    out().println(w.file() + ":" + w.line() + ":" + w.column() + ": warning: " + w.message());
                }
                int n = scenario.warnings().size();
                out().println(f + ": ok" + (n == 0 ? "" : " (" + n + (n == 1 ? " warning)" : " warnings)")));
            } catch (ScenarioException e) {
                for (Problem p : e.problems()) out().println(p);
                exit = ExitCodes.BAD_INPUT;
            }
        }
        return exit;
    }
}
