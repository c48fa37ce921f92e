package dev.overlaysim.scenarios.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.util.concurrent.Callable;

/** The {@code overlaysim} command: its subcommands, the global options and the exit-code table. */
@CommandLine.Command(
        name = "overlaysim",
        mixinStandardHelpOptions = true,
        versionProvider = Overlaysim.Version.class,
        header = "A deterministic packet-level simulator of Flannel container networking (UDP, VXLAN, host-gw).",
        description = {
                "Runs YAML scenarios: Linux nodes with flanneld, Docker and containers, traffic between them, and"
                        + " checks. Prints each flow's first packet hop by hop with the table entry that sent it there and"
                        + " every user/kernel copy it cost, writes pcaps and JSON, and shows the nodes' tables as ip,"
                        + " bridge and etcdctl print them.",
                "",
                "Start with:",
                "  overlaysim run              the seed document's VXLAN example (built in)",
                "  overlaysim examples         the scenarios that ship with overlaysim",
                "  overlaysim sweep FILE       a grid of backends x rates x seeds, on every core (or a cluster)",
                "  overlaysim help COMMAND     a command's options",
                ""},
        usageHelpAutoWidth = true,
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = {RunCommand.class, SweepCommand.class, ValidateCommand.class, ShowStateCommand.class, GraphCommand.class, ViewCommand.class,
                ExamplesCommand.class,
                dev.overlaysim.scenarios.twin.TwinCommand.class, dev.overlaysim.scenarios.twin.CalibrateCommand.class, dev.overlaysim.scenarios.lab.LabCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:ok (every expect: check held)",
                "1:an expect: check failed",
                "2:bad input: the scenario file or an argument was refused; nothing ran",
                "3:internal error: a bug in overlaysim, please report it"},
        footer = {"", "Docs: docs/cli.md, docs/scenario-format.md, docs/result-schema.md,",
                "      docs/model.md, docs/labs.md, docs/twin.md"})
public final class Overlaysim implements Callable<Integer> {

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "On an internal error, print the stack trace.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** No subcommand: the usage, on stderr, as bad input. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("overlaysim: missing a command");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.BAD_INPUT;
    }

    static boolean debugRequested(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--debug")) return true;
        }
        return false;
    }

    /** The version from the runnable jar's manifest; a build from the IDE or Maven's classes says so. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Overlaysim.class.getPackage().getImplementationVersion();
            return new String[] {"overlaysim " + (v == null ? "(development build)" : v),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
