package dev.overlaysim.scenarios.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad load settings in a scenario: each is refused by {@code run} with exit 2 and one message at
 * its file:line:column, saying what was found and what is allowed; no stack trace, nothing written,
 * and no second message that only repeats the first (the checks and load curve naming the flow).
 */
class LoadInputMessagesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "rate: 200kpps|rate: 0kpps|s.yaml:37:90: expected a rate of more than 0pps, found '0kpps'",
            "rate: 200kpps|rate: -5kpps|s.yaml:37:90: expected a rate like 50kpps (units: pps, kpps, Mpps) or max, found '-5kpps'",
            "rate: 200kpps|rate: 0|s.yaml:37:90: unknown unit '' in rate '0'; expected one of: pps, kpps, Mpps (or the word max)",
            "rate: 200kpps|rate: 200kpps, count: 10|s.yaml:37:99: udp flow has both 'rate' and 'count'; a flow sends either at a rate for a duration, or count datagrams one per interval",
            "rate: 200kpps|bitrate: 0Mbit|s.yaml:37:93: expected a bandwidth of at least 1bit/s in whole bits per second, found '0Mbit'",
            "duration: 100ms|duration: 100|s.yaml:37:109: duration '100' has no unit; expected one of: ns, us, ms, s (like 100ms)",
    })
    void aBadRateOrDurationIsOneMessageAtItsPlace(String from, String to, String message, @TempDir Path dir) throws Exception {
        Cli r = run(dir, Files.readString(Path.of("examples", "load-three-backends.yaml")).replace(from, to));
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.all().strip().lines()).as(r.toString()).containsExactly(dir + "/" + message);
        assertThat(r.all()).doesNotContain("Exception", "\tat ");
        try (var files = Files.list(dir)) {
            assertThat(files).as("nothing written").containsExactly(dir.resolve("s.yaml"));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"0|expected an integer from 1 to 256, found 0", "257|expected an integer from 1 to 256, found 257",
            "two|expected an integer, found 'two'"})
    void cpusOutsideOneTo256IsRefusedAtEachNode(String cpus, String message, @TempDir Path dir) throws Exception {
        Cli r = run(dir, Files.readString(Path.of("examples", "load-three-backends.yaml")).replace("cpus: 2", "cpus: " + cpus));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.all().strip().lines()).containsExactly(dir + "/s.yaml:26:11: " + message, dir + "/s.yaml:32:11: " + message);
    }

    private static Cli run(Path dir, String yaml) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, yaml);
        return Cli.run("run", f.toString(), "--json", dir.resolve("out.json").toString());
    }
}
