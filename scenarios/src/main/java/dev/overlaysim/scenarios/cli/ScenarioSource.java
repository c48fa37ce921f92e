package dev.overlaysim.scenarios.cli;

import dev.overlaysim.scenarios.run.Scenario;

import java.nio.file.Files;
import java.nio.file.Path;

/** A scenario to run and the name the report gives its source: a file, or the built-in demo. */
record ScenarioSource(Scenario scenario, String name) {

    /**
     * Loads {@code file}; the built-in demo when it is null; a shipped example when {@code file} is an
     * example's bare name ({@code seed-udp.yaml}) and no such file exists here. A refused file throws
     * {@code ScenarioException}.
     */
    static ScenarioSource load(Path file) {
        if (file == null) return example(ExampleCatalog.DEMO, "built-in demo ");
        String bare = file.getFileName() == null ? "" : file.getFileName().toString();
        if (file.getParent() == null && !Files.exists(file) && ExampleCatalog.exists(bare)) {
            return example(bare, "built-in example ");
        }
        return new ScenarioSource(Scenario.load(file), file.toString());
    }

    private static ScenarioSource example(String fileName, String what) {
        return new ScenarioSource(Scenario.fromYaml(ExampleCatalog.read(fileName), fileName), what + fileName);
    }
}
