package dev.overlaysim.scenarios.examples;

import dev.overlaysim.scenarios.run.Scenario;
import dev.overlaysim.scenarios.run.ScenarioResult;
import java.nio.file.Path;

/** Where the shipped examples are (tests run in the module's directory) and how their tests are named. */
final class Examples {
    static final Path DIRECTORY = Path.of("examples");

    private Examples() {}

    /** Loads and runs {@code examples/NAME.yaml}. */
    static ScenarioResult run(String name) {
        return Scenario.load(DIRECTORY.resolve(name + ".yaml")).run();
    }

    /** {@code seed-vxlan.yaml} → {@code SeedVxlanExampleTest}. */
    static String testClassFor(String fileName) {
        String base = fileName.endsWith(".yaml") ? fileName.substring(0, fileName.length() - ".yaml".length()) : fileName;
        StringBuilder out = new StringBuilder();
        for (String part : base.split("[-_.]")) {
            if (!part.isEmpty()) out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return out + "ExampleTest";
    }
}
