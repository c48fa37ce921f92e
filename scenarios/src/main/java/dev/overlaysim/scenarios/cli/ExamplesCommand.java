package dev.overlaysim.scenarios.cli;

import dev.overlaysim.scenarios.load.IoErrors;
import dev.overlaysim.scenarios.load.ScenarioException;
import dev.overlaysim.scenarios.run.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code overlaysim examples [--write DIR]}: the scenarios that ship with overlaysim. */
@Command(name = "examples", mixinStandardHelpOptions = true,
        header = "List the scenarios that ship with overlaysim, or copy them out.",
        description = "Lists the scenarios that ship with overlaysim (name and description), or copies them into a"
                + " directory to read, edit and run.",
        usageHelpAutoWidth = true)
final class ExamplesCommand extends Subcommand {

    @Option(names = "--write", paramLabel = "DIR", converter = NonEmptyPath.class, description = "Copy the examples into DIR (created if missing), with the JSON Schema they refer to.")
    Path dir;

    @Option(names = "--force", description = "With --write, overwrite files that already exist.")
    boolean force;

    @Override
    protected int execute() {
        List<String> names = ExampleCatalog.names();
        if (dir == null) {
            list(names);
            return ExitCodes.OK;
        }
        write(names);
        return ExitCodes.OK;
    }

    private void list(List<String> names) {
        int width = names.stream().mapToInt(String::length).max().orElse(0);
        for (String n : names) {
            out().println(n + " ".repeat(width - n.length()) + "  " + describe(n));
        }
        out().println();
        out().println("Run one by name, e.g. overlaysim run seed-udp.yaml (a file of that name in the current directory");
        out().println("comes first); overlaysim run alone runs " + ExampleCatalog.DEMO + ". Copy them out with --write DIR.");
    }

    private static String describe(String name) {
        try {
            return Scenario.fromYaml(ExampleCatalog.read(name), name).spec().description()
                    .map(d -> d.strip().replaceAll("\\s+", " ")).orElse("");
        } catch (ScenarioException e) {
            return "(does not load: " + e.problems().get(0) + ")";
        }
    }

    private void write(List<String> names) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BadInputException("cannot create " + dir + ": " + IoErrors.describe(e));
        }
        List<String> files = new ArrayList<>(names);
        files.add(SCHEMA);
        List<String> existing = new ArrayList<>();
        for (String n : files) if (Files.exists(dir.resolve(n))) existing.add(n);
        if (!existing.isEmpty() && !force) {
            throw new BadInputException(dir + " already holds " + String.join(", ", existing) + "; nothing written (--force overwrites)");
        }
        for (String n : files) {
            Path target = dir.resolve(n);
            try {
                // The copies' first line points editors at the schema; in the repo it is a path into
                // the sources, so the copies point at the schema written beside them instead.
                String text = n.equals(SCHEMA) ? schema()
                        : ExampleCatalog.read(n).replace("$schema=" + REPO_SCHEMA_REF, "$schema=./" + SCHEMA);
                Files.writeString(target, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new BadInputException("cannot write " + target + ": " + IoErrors.describe(e));
            }
            out().println("wrote " + target);
        }
    }

    /** The JSON Schema of the scenario format, as shipped in the jar. */
    static final String SCHEMA = "overlaysim-scenario.schema.json";
    /** How the examples in the repository refer to it. */
    static final String REPO_SCHEMA_REF = "../src/main/resources/" + SCHEMA;

    private static String schema() throws IOException {
        try (java.io.InputStream in = ExamplesCommand.class.getResourceAsStream("/" + SCHEMA)) {
            if (in == null) throw new IOException("the schema is missing from the class path (/" + SCHEMA + ")");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
