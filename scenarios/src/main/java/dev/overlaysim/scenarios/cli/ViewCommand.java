package dev.overlaysim.scenarios.cli;

import dev.overlaysim.scenarios.lab.LabCommand;
import dev.overlaysim.scenarios.i18n.Lang;
import dev.overlaysim.scenarios.report.HtmlView;
import dev.overlaysim.scenarios.run.RunOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;

/** {@code overlaysim view FILE -o walk.html}: runs the scenario and writes its step-through page. */
@Command(name = "view", mixinStandardHelpOptions = true,
        header = "Write a step-through view of each flow's packets as one HTML file.",
        description = "Runs the scenario and writes one self-contained HTML page (opens from disk, offline; nothing is"
                + " fetched): the topology drawn, each node's user space over its kernel, and a player over the walk of"
                + " each flow's first packet and its reply: play, pause, step back and forward, jump to a hop, speed."
                + " Each step lights the packet's device and shows the PDU by layer with its hex, the table entry that"
                + " decided the next hop, and the user/kernel copies counted so far. The same file and seed give the same bytes.",
        usageHelpAutoWidth = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "2:the file or an argument was refused; nothing was written", "3:internal error"})
final class ViewCommand extends Subcommand {

    @Parameters(index = "0", paramLabel = "FILE", converter = NonEmptyPath.class, description = "The scenario (YAML).")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.html", required = true, converter = NonEmptyPath.class,
            description = "Where to write the page.")
    Path output;

    @Option(names = "--lang", paramLabel = "en|zh", converter = LabCommand.LangConverter.class,
            description = "Language of the page's labels: en or zh (default: zh when the locale's language is Chinese, else en).")
    Lang lang;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the random number generator (default: the file's seed).")
    Long seed;

    @Override
    protected int execute() {
        HtmlOutput.check("-o", output);
        ScenarioSource source = ScenarioSource.load(file);
        HtmlOutput.refuseScenario("-o", output, file);
        RunOptions options = seed == null ? RunOptions.DEFAULT : RunOptions.DEFAULT.withSeed(seed);
        Lang language = lang != null ? lang : Lang.fromLocale(Locale.getDefault());
        HtmlOutput.write("-o", output, HtmlView.render(source.scenario(), options, source.name(), language));
        out().println("view of " + source.name() + " written to " + output);
        return ExitCodes.OK;
    }
}
