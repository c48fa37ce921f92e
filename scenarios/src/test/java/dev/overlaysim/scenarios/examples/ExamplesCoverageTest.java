package dev.overlaysim.scenarios.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every shipped example has its own test class through ScenarioAssertions, found by name:
 * {@code examples/seed-vxlan.yaml} ↔ {@code SeedVxlanExampleTest} in this package.
 */
class ExamplesCoverageTest {

    @Test
    void everyExampleHasATestClass() throws IOException {
        List<String> examples;
        try (Stream<Path> files = Files.list(Examples.DIRECTORY)) {
            examples = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        }

        assertThat(examples).as("shipped examples").isNotEmpty();
        assertThat(untested(examples)).as("examples without a test class in " + Examples.class.getPackageName()).isEmpty();
    }

    @Test
    void anExampleWithoutATestClassIsNamedWithTheClassToWrite() {
        assertThat(untested(List.of("seed-vxlan.yaml", "no-such-example.yaml")))
                .containsExactly("no-such-example.yaml (write NoSuchExampleExampleTest)");
    }

    @Test
    void testClassesAreNamedAfterTheirFile() {
        assertThat(Examples.testClassFor("seed-vxlan.yaml")).isEqualTo("SeedVxlanExampleTest");
        assertThat(Examples.testClassFor("l2-question.yaml")).isEqualTo("L2QuestionExampleTest");
        assertThat(Examples.testClassFor("three-backends.yaml")).isEqualTo("ThreeBackendsExampleTest");
    }

    private static List<String> untested(List<String> exampleFiles) {
        return exampleFiles.stream()
                .filter(n -> !exists(Examples.class.getPackageName() + "." + Examples.testClassFor(n)))
                .map(n -> n + " (write " + Examples.testClassFor(n) + ")")
                .toList();
    }

    private static boolean exists(String className) {
        try {
            Class.forName(className, false, ExamplesCoverageTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
