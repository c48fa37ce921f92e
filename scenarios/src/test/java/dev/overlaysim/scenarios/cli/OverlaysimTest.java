package dev.overlaysim.scenarios.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class OverlaysimTest {

    @Test
    void helpListsTheCommandsAndTheExitCodes() {
        Cli r = Cli.run("--help");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Usage: overlaysim", "run", "validate", "show", "examples")
                .contains("Exit codes:")
                .containsPattern("0 +ok")
                .containsPattern("1 +an expect: check failed")
                .containsPattern("2 +bad input")
                .containsPattern("3 +internal error");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : List.of("run", "validate", "show", "examples")) {
            Cli r = Cli.run(command, "--help");
            assertThat(r.exit()).as(command).isZero();
            assertThat(r.out()).as(command).contains("Usage: overlaysim " + command);
        }
    }

    @Test
    void version() {
        Cli r = Cli.run("--version");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("overlaysim ");
    }

    @Test
    void anUnknownCommandIsBadInput() {
        Cli r = Cli.run("frobnicate");

        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("Unmatched argument at index 0: 'frobnicate'").doesNotContain("\tat ");
    }

    @Test
    void anUnknownOptionIsBadInput() {
        Cli r = Cli.run("run", "--frobnicate");

        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("Unknown option: '--frobnicate'").contains("Usage: overlaysim run");
    }

    @Test
    void noCommandPrintsUsageAndIsBadInput() {
        Cli r = Cli.run();

        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("missing a command").contains("Usage: overlaysim");
    }

    @Test
    void examplesListsEveryShippedScenario() throws IOException {
        List<String> shipped;
        try (Stream<Path> s = Files.list(Path.of("examples"))) {
            shipped = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        }

        Cli r = Cli.run("examples");

        assertThat(r.exit()).isZero();
        assertThat(shipped).contains("seed-vxlan.yaml", "seed-udp.yaml", "host-gw.yaml");
        for (String name : shipped) assertThat(r.out()).containsPattern("(?m)^" + name.replace(".", "\\.") + " +\\S");
        assertThat(r.out()).doesNotContain("does not load");
    }

    @Test
    void examplesWriteCopiesThemAndRefusesToOverwrite(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("mine");

        Cli first = Cli.run("examples", "--write", target.toString());
        assertThat(first.exit()).as(first.toString()).isZero();
        String copy = Files.readString(target.resolve("seed-vxlan.yaml"));
        String original = Files.readString(Path.of("examples/seed-vxlan.yaml"));
        // The same scenario; only the editor's schema reference now points at the schema written beside it.
        assertThat(copy.substring(copy.indexOf('\n'))).isEqualTo(original.substring(original.indexOf('\n')));
        java.util.regex.Matcher ref = java.util.regex.Pattern.compile("\\$schema=(\\S+)").matcher(copy.lines().findFirst().orElseThrow());
        assertThat(ref.find()).isTrue();
        Path schema = target.resolve(ref.group(1)).normalize();
        assertThat(schema).exists();
        assertThat(Files.readString(schema)).isEqualTo(Files.readString(Path.of("src/main/resources/overlaysim-scenario.schema.json")));

        Cli again = Cli.run("examples", "--write", target.toString());
        assertThat(again.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(again.err()).contains("already holds").contains("--force");

        assertThat(Cli.run("examples", "--write", target.toString(), "--force").exit()).isZero();
    }

    @Test
    void anInternalErrorIsOneLineWithoutDebugAndAStackTraceWithIt() {
        StringWriter quiet = new StringWriter();
        int exit = Failures.report(new IllegalStateException("boom"), new PrintWriter(quiet), false);
        assertThat(exit).isEqualTo(ExitCodes.INTERNAL_ERROR);
        assertThat(quiet.toString()).startsWith("overlaysim: internal error: IllegalStateException: boom\n")
                .contains("--debug").doesNotContain("\tat ");

        StringWriter loud = new StringWriter();
        Failures.report(new IllegalStateException("boom"), new PrintWriter(loud), true);
        assertThat(loud.toString()).contains("\tat ");
    }

    @Test
    void debugIsAcceptedBeforeOrAfterTheCommand() {
        assertThat(Cli.run("--debug", "run", "--trace", "summary").exit()).isZero();
        assertThat(Cli.run("run", "--debug", "--trace", "summary").exit()).isZero();
    }
}
