package dev.overlaysim.scenarios.cli;

import dev.overlaysim.scenarios.load.Problem;
import dev.overlaysim.scenarios.load.ScenarioException;
import dev.overlaysim.scenarios.load.ScenarioLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ValidateCommandTest {
    private static final Path BROKEN = Path.of("src/test/resources/broken");
    private static final Path EXAMPLES = Path.of("examples");

    static Stream<Path> brokenFiles() throws IOException {
        try (Stream<Path> s = Files.list(BROKEN)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("brokenFiles")
    void eachBrokenFileExitsTwoWithItsProblemsAndNoStackTrace(Path file) {
        List<Problem> problems = catchThrowableOfType(() -> ScenarioLoader.load(file), ScenarioException.class).problems();

        Cli r = Cli.run("validate", file.toString());

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.out()).startsWith(problems.get(0).toString() + "\n");
        for (Problem p : problems) assertThat(r.out()).contains(p.toString());
        assertThat(r.all()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void runRefusesABrokenFileTheSameWay() {
        Path file = BROKEN.resolve("unknown-key-typo.yaml");
        Problem first = catchThrowableOfType(() -> ScenarioLoader.load(file), ScenarioException.class).problems().get(0);

        Cli r = Cli.run("run", file.toString());

        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).startsWith(first.toString()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void everyExampleIsValid() throws IOException {
        List<String> files;
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            files = s.map(Path::toString).filter(n -> n.endsWith(".yaml")).sorted().toList();
        }

        Cli r = Cli.run(Stream.concat(Stream.of("validate"), files.stream()).toArray(String[]::new));

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out().lines().toList()).containsExactlyElementsOf(files.stream().map(f -> f + ": ok").toList());
    }

    @Test
    void oneBadFileAmongGoodOnesMakesTheWholeRunExitTwo() {
        Cli r = Cli.run("validate", "examples/seed-vxlan.yaml", BROKEN.resolve("bad-ipv4.yaml").toString());

        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.out()).startsWith("examples/seed-vxlan.yaml: ok\n").contains("bad-ipv4.yaml:");
    }

    @Test
    void validateNeedsAFile() {
        Cli r = Cli.run("validate");

        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("Missing required parameter").contains("Usage: overlaysim validate");
    }
}
