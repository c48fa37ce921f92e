package dev.overlaysim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code run --costs FILE}: the file's costs replace the scenario's, the run stays deterministic, and a bad file is refused at its line. */
class RunCostsOptionTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private static Run overlaysim(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Overlaysim());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static final String HOST_GW = Path.of("examples/host-gw.yaml").toString();

    @Test
    void theFilesCostsReplaceTheScenariosAndTheRunIsDeterministic() throws IOException {
        Path costs = dir.resolve("costs.yaml");
        Files.writeString(costs, "# measured elsewhere\ncosts:\n  syscall: 967ns\n  wakeup: 8459ns\n  forward: 472ns\n");

        Run plain = overlaysim("run", HOST_GW, "--json", "-");
        Run once = overlaysim("run", HOST_GW, "--json", "-", "--costs", costs.toString());
        Run again = overlaysim("run", HOST_GW, "--json", "-", "--costs", costs.toString());

        assertThat(once.exit()).isEqualTo(ExitCodes.OK);
        assertThat(once.out()).isEqualTo(again.out());
        assertThat(latencies(once.out())).isNotEqualTo(latencies(plain.out()));
    }

    @Test
    void aBadCostsFileIsRefusedAtItsLineAndNothingRuns() throws IOException {
        Path costs = dir.resolve("costs.yaml");
        Files.writeString(costs, "costs:\n  syscall: 2s\n");

        Run r = overlaysim("run", HOST_GW, "--costs", costs.toString());

        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(costs + ":2:12: expected a duration of at most 1s, found '2s'\n");
    }

    private static String latencies(String json) {
        StringBuilder sb = new StringBuilder();
        var m = java.util.regex.Pattern.compile("\"latencyNanos\": (\\d+)").matcher(json);
        while (m.find()) sb.append(m.group(1)).append(' ');
        return sb.toString();
    }
}
