package dev.overlaysim.scenarios.cli;

import dev.overlaysim.scenarios.load.IoErrors;
import dev.overlaysim.scenarios.report.SweepIndexJson;
import dev.overlaysim.scenarios.run.SweepGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code overlaysim sweep merge DIR}: the per-index results of a sharded sweep ({@code index-K.json},
 * as {@code sweep FILE --index K} writes them, e.g. in the pods of the emitted Indexed Job) merged
 * in grid order into the same table, CSV and chart {@code sweep FILE} gives. Every index must be
 * there, once, from the same scenario text and the same sharding; otherwise nothing is written.
 */
@Command(name = "merge", mixinStandardHelpOptions = true,
        header = "Merge the index-K.json files of a sharded sweep into one table, CSV and chart.",
        description = "Reads DIR/index-K.json for every index K of the grid (other files are ignored), checks that they"
                + " come from the same scenario (its SHA-256), the same grid and the same --shards, and that none is"
                + " missing, then prints the table as 'overlaysim sweep FILE' does; --out writes table.txt, sweep.csv"
                + " and sweep.svg, byte for byte what 'sweep FILE --out' writes for the same grid.",
        usageHelpAutoWidth = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:merged",
                "2:DIR is missing or a result is missing, unreadable or from another grid; nothing was written",
                "3:internal error"})
final class SweepMergeCommand extends Subcommand {
    private static final Pattern INDEX_FILE = Pattern.compile("index-(0|[1-9][0-9]{0,8})\\.json");
    /** How many missing indexes a refusal names before it says "and N more". */
    private static final int NAMED = 10;

    @Parameters(index = "0", paramLabel = "DIR", converter = NonEmptyPath.class,
            description = "The directory holding index-0.json, index-1.json, ... (the results volume, copied).")
    Path dir;

    @Option(names = "--out", paramLabel = "DIR", converter = NonEmptyPath.class,
            description = "Write table.txt, sweep.csv and sweep.svg into DIR (created if missing; may be the results directory).")
    Path out;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto", converter = ColorOption.Converter.class,
            completionCandidates = ColorOption.Candidates.class,
            description = "Colour the table on stdout: auto (on a terminal, unless NO_COLOR is set), always or never. Files are never coloured.")
    ColorOption color;

    @Override
    protected int execute() {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException("sweep merge: " + dir + (Files.exists(dir) ? " is a file" : " does not exist")
                    + "; expected the directory of index-K.json files");
        }
        if (out != null) SweepCommand.checkDirectory("--out", out);
        TreeMap<Integer, Path> files = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Matcher m = INDEX_FILE.matcher(p.getFileName().toString());
                if (m.matches() && Files.isRegularFile(p)) files.put(Integer.parseInt(m.group(1)), p);
            }
        } catch (IOException e) {
            throw new BadInputException("cannot list " + dir + ": " + IoErrors.describe(e));
        }
        if (files.isEmpty()) throw new BadInputException("sweep merge: no index-K.json in " + dir + "; nothing to merge");

        SweepIndexJson.Part first = null;
        Path firstFile = null;
        List<SweepGrid.CellResult> byCell = new ArrayList<>();
        List<SweepIndexJson.Part> parts = new ArrayList<>();
        for (var e : files.entrySet()) {
            SweepIndexJson.Part part = read(e.getValue());
            if (part.index() != e.getKey()) {
                throw new BadInputException(e.getValue() + ": holds index " + part.index() + ", not " + e.getKey());
            }
            if (first == null) {
                first = part;
                firstFile = e.getValue();
            } else if (!part.scenarioSha256().equals(first.scenarioSha256()) || !part.layout().equals(first.layout())) {
                throw new BadInputException(e.getValue() + " is from another scenario or grid than " + firstFile
                        + " (scenario SHA-256 " + abbrev(part.scenarioSha256()) + " against " + abbrev(first.scenarioSha256()) + ")");
            } else if (part.shards() != first.shards()) {
                throw new BadInputException(e.getValue() + " is index " + part.index() + " of " + part.shards() + " shards; "
                        + firstFile + " of " + first.shards());
            }
            parts.add(part);
        }
        List<Integer> missing = new ArrayList<>();
        for (int k = 0; k < first.shards(); k++) if (!files.containsKey(k)) missing.add(k);
        int beyond = files.lastKey();
        if (beyond >= first.shards()) {
            throw new BadInputException(files.get(beyond) + ": index " + beyond + " of a grid of " + first.shards() + " shards");
        }
        if (!missing.isEmpty()) {
            List<String> names = missing.stream().limit(NAMED).map(SweepIndexJson::fileName).toList();
            throw new BadInputException("sweep merge: " + missing.size() + " of " + first.shards() + " index files missing in " + dir + ": "
                    + String.join(", ", names) + (missing.size() > NAMED ? " and " + (missing.size() - NAMED) + " more" : "")
                    + "; nothing merged (did those pods fail? kubectl get pods -l app.kubernetes.io/component=sweep)");
        }
        // Shard K holds cells K, K+N, ...: put every cell back at its place in the grid.
        SweepGrid.CellResult[] cells = new SweepGrid.CellResult[first.layout().size()];
        for (SweepIndexJson.Part p : parts) for (SweepGrid.CellResult r : p.results()) cells[r.cell().index()] = r;
        for (SweepGrid.CellResult r : cells) byCell.add(r);
        SweepCommand.report(this, first.layout(), byCell, out, color.style());
        return ExitCodes.OK;
    }

    private static SweepIndexJson.Part read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + IoErrors.describe(e));
        }
        try {
            return SweepIndexJson.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file + ": " + e.getMessage());
        }
    }

    private static String abbrev(String sha) { return sha.length() > 12 ? sha.substring(0, 12) + "…" : sha; }
}
