package dev.overlaysim.scenarios.cli;

import dev.overlaysim.scenarios.load.IoErrors;
import dev.overlaysim.scenarios.report.CompareTable;
import dev.overlaysim.scenarios.report.SweepChart;
import dev.overlaysim.scenarios.report.SweepTable;
import dev.overlaysim.scenarios.run.Sweep;
import dev.overlaysim.scenarios.report.JsonReport;
import dev.overlaysim.scenarios.report.PcapExport;
import dev.overlaysim.scenarios.report.TextReport;
import dev.overlaysim.scenarios.run.RunOptions;
import dev.overlaysim.scenarios.run.ScenarioResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code overlaysim run [FILE]}: runs a scenario and reports the walk, the flows, the checks; writes pcaps and JSON. */
@Command(name = "run", mixinStandardHelpOptions = true,
        header = "Run a scenario: the walk, a summary per flow, the expect: verdicts; pcaps and JSON.",
        description = "Runs a scenario and prints the walk of each flow's first packet (and, for a ping, its reply),"
                + " a summary per flow and the expect: verdicts; for a file with compare:, then a table of the same"
                + " traffic over each listed backend, side by side. Without FILE, runs the built-in demo: the seed"
                + " document's VXLAN example (" + ExampleCatalog.DEMO + ").",
        usageHelpAutoWidth = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:ran, and every expect: check held",
                "1:ran, and an expect: check failed",
                "2:the file or an argument was refused; nothing ran",
                "3:internal error"})
final class RunCommand extends Subcommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", converter = NonEmptyPath.class,
            description = "The scenario (YAML). Default: the built-in demo.")
    Path file;

    @Option(names = "--pcap", paramLabel = "DIR",
            description = "Write one pcap per interface into DIR (created if missing): node1-eth0.pcap, node1-flannel.1.pcap, ...")
    Path pcapDir;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Write the result as JSON (docs/result-schema.md) to FILE; '-' writes it to stdout instead of the report.")
    String json;

    @Option(names = "--trace", paramLabel = "LEVEL", defaultValue = "walk", converter = TraceOption.Converter.class,
            completionCandidates = TraceOption.Candidates.class,
            description = "summary: flows and checks only; walk: plus each flow's first packet hop by hop (default);"
                    + " full: plus the packet's bytes dissected at each hop.")
    TraceOption trace;

    @Option(names = "--chart", paramLabel = "FILE",
            description = "For a file with a load curve (compare: with rates:), draw it as SVG into FILE:"
                    + " delivered against offered rate, and CPU per packet, one line per backend.")
    Path chart;

    @Option(names = "--html", paramLabel = "FILE", converter = NonEmptyPath.class,
            description = "Write the step-through view of the walk (as 'overlaysim view' writes it) to FILE.")
    Path html;

    @Option(names = "--costs", paramLabel = "FILE", converter = NonEmptyPath.class,
            description = "Timing-model costs from FILE (a costs: block, as overlaysim calibrate writes it), instead of the scenario's costs:.")
    Path costs;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the random number generator (default: the file's seed).")
    Long seed;

    @Option(names = "--until", paramLabel = "TIME", converter = DurationConverter.class,
            description = "Stop the simulation at TIME (like 1500ms); default: the last traffic or timeline event plus 5s.")
    Long until;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto", converter = ColorOption.Converter.class,
            completionCandidates = ColorOption.Candidates.class,
            description = "Colour the report: auto (on a terminal, unless NO_COLOR is set), always or never.")
    ColorOption color;

    @Override
    protected int execute() {
        if (pcapDir != null && pcapDir.toString().isEmpty()) {
            throw new BadInputException("--pcap: expected a directory name, found an empty string");
        }
        if (json != null && json.isEmpty()) {
            throw new BadInputException("--json: expected a file name or '-', found an empty string");
        }
        Path jsonFile = json == null || json.equals("-") ? null : Path.of(json);
        checkOutputs(jsonFile);
        if (html != null) HtmlOutput.check("--html", html);
        // Outputs are created only once the scenario is accepted: a refused file leaves no trace.
        ScenarioSource source = ScenarioSource.load(file);
        if (costs != null) source = new ScenarioSource(source.scenario().withCosts(CostsOption.read(costs)), source.name());
        refuseOverwritingTheScenario("--json", jsonFile);
        refuseOverwritingTheScenario("--chart", chart);
        if (html != null) HtmlOutput.refuseScenario("--html", html, file);
        if (chart != null && source.scenario().spec().compare().map(c -> !c.isSweep()).orElse(true)) {
            throw new BadInputException("--chart: " + source.name() + " has no load curve (compare: with rates:); nothing to draw");
        }
        createPcapDir();
        // The view shows each hop's PDU: with --html the run keeps the bytes (the report prints as asked).
        RunOptions options = RunOptions.DEFAULT.withTrace(html != null ? dev.overlaysim.linux.Tracer.Level.FULL : trace.level);
        if (seed != null) options = options.withSeed(seed);
        if (until != null) options = options.withUntil(until);
        ScenarioResult result;
        Map<String, ScenarioResult> compare;
        Sweep sweep;
        // --pcap writes each device's file while the run goes: no frame is kept in memory.
        PcapExport.Stream pcaps = pcapDir == null ? null : new PcapExport.Stream(pcapDir);
        try (Progress progress = Progress.start(err(), source.scenario().spec().name())) {
            try {
                result = source.scenario().run(options.withProgress(progress).withCaptureTo(pcaps));
            } finally {
                if (pcaps != null) closePcaps(pcaps);
            }
            // A compare: section runs the same scenario once more per other backend (no pcaps for those).
            compare = source.scenario().runEachBackend(options, result);
            sweep = source.scenario().runSweep(options);
        }
        boolean jsonToStdout = "-".equals(json);
        PrintWriter notes = jsonToStdout ? err() : out();
        if (!jsonToStdout) {
            new TextReport(color.style()).print(out(), result, source.name(), trace.detail);
            if (!compare.isEmpty()) {
                out().println();
                new CompareTable(color.style()).print(out(), result, compare);
            }
            if (sweep != null) {
                out().println();
                new SweepTable(color.style()).print(out(), sweep);
            }
        }
        if (chart != null) writeChart(sweep, source.scenario().spec().name());
        if (pcaps != null) {
            notes.println(pcaps.files().size() + " pcap files written to " + pcapDir + ": "
                    + String.join(", ", pcaps.files().stream().map(p -> p.getFileName().toString()).toList()));
        }
        if (json != null) writeJson(result, compare, sweep, jsonFile);
        if (html != null) {
            HtmlOutput.write("--html", html, dev.overlaysim.scenarios.report.HtmlView.render(result, source.name(),
                    dev.overlaysim.scenarios.i18n.Lang.fromLocale(java.util.Locale.getDefault())));
            notes.println("view written to " + html);
        }
        if (chart != null) notes.println("load curve drawn to " + chart);
        if (jsonFile != null) notes.println("JSON result written to " + jsonFile);
        out().flush();
        if (out().checkError()) throw new BadInputException("cannot write the report to stdout (closed, or the disk is full)");
        return result.passed() ? ExitCodes.OK : ExitCodes.EXPECT_FAILED;
    }

    /** The JSON must never replace the scenario it reports on. */
    private void refuseOverwritingTheScenario(String option, Path out) {
        if (out == null || file == null || !Files.exists(out)) {
            return;
        }
        try {
            if (Files.isSameFile(out, file)) {
                throw new BadInputException(option + " " + out + " is the scenario file itself; choose another file name");
            }
        } catch (IOException e) {
            throw new BadInputException("cannot check " + option + " " + out + ": " + IoErrors.describe(e));
        }
    }

    /** Refuses unwritable destinations before anything is read or run; creates nothing. */
    private void checkOutputs(Path jsonFile) {
        if (pcapDir != null && Files.exists(pcapDir) && !Files.isDirectory(pcapDir)) {
            throw new BadInputException("--pcap " + pcapDir + " is a file; expected a directory (created if missing)");
        }
        if (jsonFile != null) {
            if (Files.isDirectory(jsonFile)) throw new BadInputException("--json " + jsonFile + " is a directory; expected a file name or '-'");
            Path parent = jsonFile.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new BadInputException("cannot write " + jsonFile + ": the directory " + parent + " does not exist");
            }
        }
        if (chart != null) {
            if (chart.toString().isBlank()) throw new BadInputException("--chart needs a file name; got an empty one");
            if (Files.isDirectory(chart)) throw new BadInputException("--chart " + chart + " is a directory; expected a file name (FILE.svg)");
            Path parent = chart.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new BadInputException("cannot write " + chart + ": the directory " + parent + " does not exist");
            }
        }
    }

    private void createPcapDir() {
        if (pcapDir != null) {
            try {
                Files.createDirectories(pcapDir);
            } catch (IOException e) {
                throw new BadInputException("cannot create the pcap directory " + pcapDir + ": " + IoErrors.describe(e));
            }
            if (!Files.isWritable(pcapDir)) throw new BadInputException("cannot write into the pcap directory " + pcapDir);
        }
    }

    private void closePcaps(PcapExport.Stream pcaps) {
        try {
            pcaps.close();
        } catch (IOException e) {
            throw new BadInputException("cannot write the pcaps into " + pcapDir + ": " + IoErrors.describe(e));
        }
    }

    private void writeChart(Sweep sweep, String name) {
        try {
            Files.writeString(chart, SweepChart.svg(sweep, name + ": load curve of flow " + sweep.flow()));
        } catch (IOException e) {
            throw new BadInputException("cannot write --chart " + chart + ": " + IoErrors.describe(e));
        }
    }

    private void writeJson(ScenarioResult result, Map<String, ScenarioResult> compare, Sweep sweep, Path jsonFile) {
        String text = JsonReport.render(result, compare, sweep);
        if (jsonFile == null) {
            out().print(text);
            out().flush();
            // A PrintWriter keeps its errors to itself: a closed pipe or a full disk must not exit 0.
            if (out().checkError()) throw new BadInputException("cannot write the JSON result to stdout (closed, or the disk is full)");
            return;
        }
        try {
            Files.writeString(jsonFile, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("cannot write " + jsonFile + ": " + IoErrors.describe(e));
        }
    }

}
