package dev.overlaysim.scenarios.cli;

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

    @Option(names = "--write", paramLabel = "DIR", description = "Copy the examples into DIR (created if missing).")
    Path dir;

    @Option(names = "--force", description = "With --write, overwrite files that already exist.")
    boolean force;

    @Override
    int execute() {
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
            throw new BadInputException("cannot create " + dir + ": " + e.getMessage());
        }
        List<String> existing = new ArrayList<>();
        for (String n : names) if (Files.exists(dir.resolve(n))) existing.add(n);
        if (!existing.isEmpty() && !force) {
            throw new BadInputException(dir + " already holds " + String.join(", ", existing) + "; nothing written (--force overwrites)");
        }
        for (String n : names) {
            Path target = dir.resolve(n);
            try {
                Files.writeString(target, ExampleCatalog.read(n), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new BadInputException("cannot write " + target + ": " + e.getMessage());
            }
            out().println("wrote " + target);
        }
    }
}
