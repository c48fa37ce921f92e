package dev.overlaysim.scenarios.cli;

import dev.overlaysim.scenarios.load.IoErrors;
import dev.overlaysim.scenarios.report.Style;
import dev.overlaysim.scenarios.report.SweepChart;
import dev.overlaysim.scenarios.report.SweepGridReport;
import dev.overlaysim.scenarios.report.SweepIndexJson;
import dev.overlaysim.scenarios.run.SweepGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code overlaysim sweep FILE}: the grid of a scenario's {@code compare:} section (backends × rates
 * × seeds) run on this machine's cores, merged into one table, CSV and chart; or one index of it
 * ({@code --index}), or the grid as a Kubernetes Indexed Job ({@code --emit k8s DIR}). {@code sweep
 * merge DIR} ({@link SweepMergeCommand}) merges the per-index results. Every path ends in
 * {@link #report}, so the same grid gives the same bytes however it ran.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        header = "Run a sweep grid (backends × rates × seeds) in parallel; or one index of it; or emit it as a Kubernetes Indexed Job.",
        description = {
                "Runs every cell of the grid FILE's compare: section declares (backends × rates × seeds; seeds default to"
                        + " the file's seed) as an independent simulation, on --jobs threads, and prints one table: per backend"
                        + " and offered rate, the mean over the seeds (delivered also min–max). --out DIR also writes it as"
                        + " DIR/table.txt, DIR/sweep.csv (one row per cell) and DIR/sweep.svg (the chart). The results are in"
                        + " grid order whatever --jobs is: the same file gives the same bytes.",
                "",
                "A grid too big for one machine: --index K --out DIR runs only index K (cell K, or with --shards N the cells"
                        + " K, K+N, K+2N, ...) and writes DIR/index-K.json; 'overlaysim sweep merge DIR' merges them."
                        + " --emit k8s DIR writes DIR/sweep-job.yaml, a ConfigMap with the scenario and a batch/v1 Job"
                        + " (completionMode: Indexed) whose pod K runs --index K into a PersistentVolumeClaim."},
        usageHelpAutoWidth = true,
        subcommands = SweepMergeCommand.class,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:ran (or wrote the manifest)",
                "2:the file or an argument was refused, or an output could not be written; nothing ran, nothing was written",
                "3:internal error"})
final class SweepCommand extends Subcommand {
    static final String TABLE = "table.txt";
    static final String CSV = "sweep.csv";
    static final String SVG = "sweep.svg";
    static final String MANIFEST = "sweep-job.yaml";
    /** The options that shape the emitted Job and mean nothing to a run here. */
    static final List<String> EMIT_ONLY = List.of("--image", "--jar", "--results-claim", "--name", "--parallelism", "--pod-cpus", "--pod-memory");

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", converter = NonEmptyPath.class,
            description = "The scenario (YAML) with compare: backends, rates and (optionally) seeds. A bare example name"
                    + " (load-three-backends.yaml) runs the shipped example.")
    Path file;

    @Option(names = "--jobs", paramLabel = "N",
            description = "Run N cells at a time, each on its own thread (default: the processors available to the JVM).")
    Integer jobs;

    @Option(names = "--out", paramLabel = "DIR", converter = NonEmptyPath.class,
            description = "Write table.txt, sweep.csv and sweep.svg into DIR (created if missing; those files are replaced);"
                    + " with --index, write index-K.json there instead.")
    Path out;

    @Option(names = "--index", paramLabel = "K",
            description = "Run only index K (0-based) of the grid and write DIR/index-K.json (needs --out DIR). In a pod of the"
                    + " emitted Job: --index $(JOB_COMPLETION_INDEX); in a shell: --index \"$JOB_COMPLETION_INDEX\".")
    Integer index;

    @Option(names = "--shards", paramLabel = "N",
            description = "With --index or --emit: split the grid into N shards, shard K holding cells K, K+N, K+2N, ..."
                    + " (default: one shard per cell).")
    Integer shards;

    @Option(names = "--emit", arity = "2", paramLabel = "k8s DIR", hideParamSyntax = true,
            description = "Write DIR/sweep-job.yaml (DIR created if missing): the scenario as a ConfigMap and a Kubernetes"
                    + " Indexed Job running one pod per index. Runs nothing.")
    String[] emit;

    @Option(names = "--image", paramLabel = "IMAGE",
            description = "With --emit: the container image with Java 17+ and the overlaysim jar (default: overlaysim:VERSION,"
                    + " as docs/cli.md's Dockerfile builds it).")
    String image;

    @Option(names = "--jar", paramLabel = "PATH", defaultValue = "/opt/overlaysim/overlaysim.jar",
            description = "With --emit: the jar's path in the image (default: ${DEFAULT-VALUE}).")
    String jar;

    @Option(names = "--results-claim", paramLabel = "NAME", defaultValue = "overlaysim-sweep-results",
            description = "With --emit: the PersistentVolumeClaim the pods write index-K.json into, mounted at /results"
                    + " (default: ${DEFAULT-VALUE}; ReadWriteMany unless --parallelism 1).")
    String resultsClaim;

    @Option(names = "--name", paramLabel = "NAME",
            description = "With --emit: the Job's name, a DNS label of at most 52 characters (default: overlaysim-SCENARIO, the scenario's name);"
                    + " the ConfigMap is NAME-scenario.")
    String jobName;

    @Option(names = "--parallelism", paramLabel = "N",
            description = "With --emit: at most N pods at a time (default: all of them; the cluster's capacity limits it anyway).")
    Integer parallelism;

    @Option(names = "--pod-cpus", paramLabel = "N", defaultValue = "1",
            description = "With --emit: each pod requests N CPUs and runs its shard's cells N at a time (default: ${DEFAULT-VALUE}).")
    int podCpus;

    @Option(names = "--pod-memory", paramLabel = "QUANTITY", defaultValue = "512Mi",
            description = "With --emit: each pod's memory request (default: ${DEFAULT-VALUE}).")
    String podMemory;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto", converter = ColorOption.Converter.class,
            completionCandidates = ColorOption.Candidates.class,
            description = "Colour the table on stdout: auto (on a terminal, unless NO_COLOR is set), always or never. Files are never coloured.")
    ColorOption color;

    @Override
    protected int execute() {
        checkOptions();
        if (file == null) throw new BadInputException("sweep: missing FILE (the scenario with compare: backends and rates); see 'overlaysim help sweep'");
        if (out != null) checkDirectory("--out", out);
        Path emitDir = emit == null ? null : new NonEmptyPath().convertOrRefuse("--emit k8s", emit[1]);
        if (emitDir != null) checkDirectory("--emit k8s", emitDir);
        // Outputs are created only once the scenario is accepted: a refused file leaves no trace.
        ScenarioSource source = ScenarioSource.load(file);
        SweepGrid grid = SweepGrid.of(source.scenario().spec()).orElseThrow(() -> new BadInputException(
                source.name() + " has no sweep grid (compare: with rates:); nothing to sweep"));
        int shardCount = shards == null ? grid.size() : shards;
        if (shardCount > grid.size()) {
            throw new BadInputException("--shards " + shardCount + ": the grid has only " + grid.size() + " cells; expected 1 to " + grid.size());
        }
        if (index != null && index >= shardCount) {
            throw new BadInputException("--index " + index + ": the grid has " + shardCount + (shards == null ? " cells" : " shards")
                    + "; expected 0 to " + (shardCount - 1));
        }
        if (emitDir != null) return emitK8s(source, grid, shardCount, emitDir);
        int threads = jobs == null ? SweepGrid.defaultJobs() : jobs;
        if (index != null) {
            List<SweepGrid.Cell> cells = grid.shard(index, shardCount);
            List<SweepGrid.CellResult> results = grid.run(cells, threads);
            createDirectory("--out", out);
            Path target = out.resolve(SweepIndexJson.fileName(index));
            writeAtomically(target, SweepIndexJson.render(new SweepIndexJson.Part(grid.layout(), sha256(scenarioText(source)),
                    shardCount, index, results)));
            SweepGrid.Cell c = cells.get(0);
            out().println("index " + index + " of " + shardCount + ": " + (cells.size() == 1
                    ? "cell " + c.index() + " (" + c.backend() + ", " + c.rate().text() + ", seed " + c.seed() + ")"
                    : cells.size() + " cells") + " written to " + target);
            return ExitCodes.OK;
        }
        List<SweepGrid.CellResult> results = grid.run(grid.cells(), threads);
        report(this, grid.layout(), results, out, color.style());
        return ExitCodes.OK;
    }

    /** Options that cannot go together, or values out of range: refused before anything is read. */
    private void checkOptions() {
        if (jobs != null && jobs < 1) throw new BadInputException("--jobs " + jobs + ": expected at least 1");
        if (index != null && index < 0) throw new BadInputException("--index " + index + ": expected 0 or more");
        if (shards != null && shards < 1) throw new BadInputException("--shards " + shards + ": expected at least 1");
        if (emit != null) {
            if (!emit[0].equals("k8s")) throw new BadInputException("--emit " + emit[0] + ": the only kind is k8s (--emit k8s DIR)");
            if (emit[1].isEmpty()) throw new BadInputException("--emit k8s: expected a directory name, found an empty string");
            if (index != null || out != null || jobs != null) {
                throw new BadInputException("--emit k8s writes a manifest and runs nothing; it does not take --index, --out or --jobs");
            }
            if (parallelism != null && parallelism < 1) throw new BadInputException("--parallelism " + parallelism + ": expected at least 1");
            if (podCpus < 1) throw new BadInputException("--pod-cpus " + podCpus + ": expected at least 1");
            if (jobName != null && (jobName.length() > IndexedJobManifest.MAX_NAME || !IndexedJobManifest.DNS_LABEL.matcher(jobName).matches())) {
                throw new BadInputException("--name '" + jobName + "': expected a DNS label (lower-case letters, digits and '-', starting"
                        + " and ending with a letter or digit) of at most " + IndexedJobManifest.MAX_NAME + " characters");
            }
            if (resultsClaim.isEmpty() || !IndexedJobManifest.DNS_SUBDOMAIN.matcher(resultsClaim).matches()) {
                throw new BadInputException("--results-claim '" + resultsClaim + "': expected a PersistentVolumeClaim name (a DNS subdomain)");
            }
            if (image != null && (image.isBlank() || image.chars().anyMatch(Character::isWhitespace))) {
                throw new BadInputException("--image '" + image + "': expected an image reference like registry/overlaysim:0.1.0");
            }
            if (jar.isBlank()) throw new BadInputException("--jar: expected the jar's path in the image, found an empty string");
        } else {
            for (String o : EMIT_ONLY) {
                if (spec.commandLine().getParseResult().hasMatchedOption(o)) throw new BadInputException(o + " goes with --emit k8s DIR");
            }
            if (index != null && out == null) throw new BadInputException("--index " + index + " writes index-" + index + ".json: it needs --out DIR");
            if (shards != null && index == null) throw new BadInputException("--shards needs --index K (or --emit k8s DIR)");
        }
    }

    private int emitK8s(ScenarioSource source, SweepGrid grid, int shardCount, Path dir) {
        String name = jobName != null ? jobName : IndexedJobManifest.defaultName(grid.spec().name());
        String img = image != null ? image : "overlaysim:" + projectVersion();
        IndexedJobManifest.Settings s = new IndexedJobManifest.Settings(name, img, jar, resultsClaim, shardCount,
                parallelism == null ? shardCount : Math.min(parallelism, shardCount), podCpus, podMemory, 6);
        String manifest = IndexedJobManifest.render(s, scenarioText(source), source.name(), grid.size());
        createDirectory("--emit k8s", dir);
        Path target = dir.resolve(MANIFEST);
        writeAtomically(target, manifest);
        out().println("Indexed Job " + name + " (" + shardCount + " completions, " + grid.size() + " cells, image " + img
                + ") written to " + target);
        out().println("  kubectl apply -f " + target);
        out().println("  then copy index-*.json from the claim " + resultsClaim + " into a DIR and run: overlaysim sweep merge DIR --out DIR");
        return ExitCodes.OK;
    }

    /**
     * The one end of every sweep: prints the table on {@code cmd}'s stdout and, with {@code dir}, writes
     * it and the CSV and chart there. Refused outputs were checked before anything ran.
     */
    static void report(Subcommand cmd, SweepGrid.Layout layout, List<SweepGrid.CellResult> results, Path dir, Style style) {
        SweepGridReport.printTable(cmd.out(), style, layout, results);
        if (dir != null) {
            StringWriter table = new StringWriter();
            try (PrintWriter w = new PrintWriter(table)) {
                SweepGridReport.printTable(w, Style.PLAIN, layout, results);
            }
            createDirectory("--out", dir);
            writeAtomically(dir.resolve(TABLE), table.toString().replace(System.lineSeparator(), "\n"));
            writeAtomically(dir.resolve(CSV), SweepGridReport.csv(layout, results));
            writeAtomically(dir.resolve(SVG), SweepChart.svg(layout, results, layout.scenario() + ": sweep of flow " + layout.flow()));
            cmd.out().println();
            cmd.out().println("table, CSV and chart written to " + dir + ": " + TABLE + ", " + CSV + ", " + SVG);
        }
        cmd.out().flush();
        if (cmd.out().checkError()) throw new BadInputException("cannot write the table to stdout (closed, or the disk is full)");
    }

    /** A directory to write into: refused if it is a file; created later, once the input is accepted. */
    static void checkDirectory(String option, Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new BadInputException(option + " " + dir + " is a file; expected a directory (created if missing)");
        if (Files.isDirectory(dir) && !Files.isWritable(dir)) throw new BadInputException(option + ": cannot write into " + dir);
    }

    static void createDirectory(String option, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BadInputException("cannot create the " + option + " directory " + dir + ": " + IoErrors.describe(e));
        }
    }

    /**
     * Writes {@code text} through a temporary file renamed into place: a pod killed mid-write, or
     * a full disk, leaves no half file for {@code merge} to read.
     */
    static void writeAtomically(Path target, String text) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            // Not Files.createTempFile: its file is mode 0600 whatever the umask, and so would be the
            // result after the rename; a file opened the ordinary way gets the umask's mode (0644).
            tmp = dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                if (tmp != null) Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the write failed already; that is the error to report
            }
            throw new BadInputException("cannot write " + target + ": " + IoErrors.describe(e));
        }
    }

    /** The scenario's text as the pods get it (the ConfigMap) and as its SHA-256 is taken. */
    private String scenarioText(ScenarioSource source) {
        if (source.name().startsWith("built-in example ")) return ExampleCatalog.read(file.getFileName().toString());
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + IoErrors.describe(e));
        }
    }

    /** The version Maven built: overlaysim-version.properties, filtered at build time (the same from classes and from the jar). */
    static String projectVersion() {
        try (java.io.InputStream in = SweepCommand.class.getResourceAsStream("/overlaysim-version.properties")) {
            java.util.Properties p = new java.util.Properties();
            if (in != null) p.load(in);
            String v = p.getProperty("version", "");
            return v.isEmpty() || v.contains("${") ? "dev" : v;
        } catch (IOException e) {
            return "dev";
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
