package dev.overlaysim.scenarios.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.overlaysim.linux.CostModel;
import dev.overlaysim.scenarios.model.CostsSpec;
import dev.overlaysim.scenarios.run.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The costs file calibrate writes, read back; and {@code costs: {include: FILE}} with its errors at file:line:column. */
class CostsFileTest {

    @TempDir
    Path dir;

    private static final List<CostsFile.Entry> MEASURED = List.of(
            new CostsFile.Entry("syscall", 143, "median of 5 runs, spread 139-151 ns: getppid()"),
            new CostsFile.Entry("copyPerKiB", 41, "pipe write + read, 32 KiB less 1 KiB"),
            new CostsFile.Entry("wakeup", 3_120, ""),
            new CostsFile.Entry("encap", 610, "split evenly with decap"),
            new CostsFile.Entry("decap", 610, "split evenly with encap"),
            new CostsFile.Entry("forward", 390, "one stack hop"),
            new CostsFile.Entry("proxy", 1_500, "flanneld-like forwarder, user space"));

    private Path scenarioWith(String costsLine) throws IOException {
        Path s = dir.resolve("scenario.yaml");
        Files.writeString(s, ScenarioLoaderTest.MINIMAL + costsLine + "\n");
        return s;
    }

    @Test
    void whatIsWrittenReadsBackAsTheSameCosts() throws IOException {
        String text = CostsFile.write(List.of("overlaysim calibrate on a test machine"), MEASURED);
        Path f = dir.resolve("costs.yaml");
        Files.writeString(f, text);

        CostsSpec c = CostsFile.read(f, "costs.yaml");

        assertThat(c).isEqualTo(new CostsSpec(OptionalLong.of(143), OptionalLong.of(41), OptionalLong.of(3_120),
                OptionalLong.of(610), OptionalLong.of(610), OptionalLong.of(390), OptionalLong.of(1_500)));
        assertThat(text).startsWith("# overlaysim calibrate on a test machine\ncosts:\n  syscall: 143ns ")
                .contains("  wakeup: 3120ns\n")
                .contains("# split evenly with decap\n");
    }

    @Test
    void aScenarioIncludesTheFileRelativeToItself() throws IOException {
        Files.createDirectories(dir.resolve("machine"));
        Files.writeString(dir.resolve("machine/costs.yaml"), CostsFile.write(List.of(), MEASURED));

        CostsSpec c = ScenarioLoader.load(scenarioWith("costs: {include: machine/costs.yaml}")).costs();

        assertThat(c.syscall()).isEqualTo(OptionalLong.of(143));
        assertThat(c.proxy()).isEqualTo(OptionalLong.of(1_500));
        // and the model then runs with them: the proxy key reaches flanneld's per-packet user work
        CostModel m = Scenario.costs(c);
        assertThat(m.userProcessingNanos()).isEqualTo(1_500);
        assertThat(m.stackHopNanos()).isEqualTo(390);
        assertThat(m.copyPicosPerByte()).isEqualTo(41 * 1000 / 1024);
    }

    @Test
    void aMissingIncludedFileIsReportedAtTheIncludeValue() throws IOException {
        Path s = scenarioWith("costs: {include: nowhere.yaml}");

        ScenarioException e = catchThrowableOfType(() -> ScenarioLoader.load(s), ScenarioException.class);

        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                s + ":13:18: costs include 'nowhere.yaml': no such file (" + dir.resolve("nowhere.yaml") + ")");
    }

    @Test
    void aBadValueInTheIncludedFileIsReportedAtItsOwnLineAndColumn() throws IOException {
        Files.writeString(dir.resolve("costs.yaml"), "# measured\ncosts:\n  syscall: 143ns\n  wakeup: fast\n");
        Path s = scenarioWith("costs: {include: costs.yaml}");

        ScenarioException e = catchThrowableOfType(() -> ScenarioLoader.load(s), ScenarioException.class);

        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                dir.resolve("costs.yaml") + ":4:11: expected a duration like 10us (units: ns, us, ms, s), found 'fast'");
    }

    @Test
    void anUnknownKeyInTheIncludedFileIsReportedWithASuggestion() throws IOException {
        Files.writeString(dir.resolve("costs.yaml"), "costs:\n  sycall: 143ns\n");
        Path s = scenarioWith("costs: {include: costs.yaml}");

        ScenarioException e = catchThrowableOfType(() -> ScenarioLoader.load(s), ScenarioException.class);

        assertThat(e.problems()).extracting(Problem::toString).containsExactly(dir.resolve("costs.yaml")
                + ":2:3: unknown key 'sycall' in costs (did you mean 'syscall'?); expected one of: syscall, copyPerKiB, wakeup, encap, decap, forward, proxy, wakeupCpu, contextSwitch, proxyCold, haltPoll, wakeupCpuWarm, ... (16 in all)");
    }

    @Test
    void includeTakesNothingBesideIt() throws IOException {
        Files.writeString(dir.resolve("costs.yaml"), CostsFile.write(List.of(), MEASURED));
        Path s = scenarioWith("costs: {include: costs.yaml, wakeup: 1us}");

        ScenarioException e = catchThrowableOfType(() -> ScenarioLoader.load(s), ScenarioException.class);

        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                s + ":13:30: costs with 'include' takes nothing else: found 'wakeup'; put overrides in the included file");
    }

    @Test
    void anIncludedFileMayNotIncludeAnother() throws IOException {
        Files.writeString(dir.resolve("costs.yaml"), "costs:\n  include: other.yaml\n");
        Path s = scenarioWith("costs: {include: costs.yaml}");

        ScenarioException e = catchThrowableOfType(() -> ScenarioLoader.load(s), ScenarioException.class);

        assertThat(e.problems()).extracting(Problem::toString).containsExactly(dir.resolve("costs.yaml")
                + ":2:3: an included costs file cannot include another: 'include' belongs in the scenario's costs");
    }

    @Test
    void aCostsFileHoldsOnlyTheCostsKey() throws IOException {
        Path f = dir.resolve("costs.yaml");
        Files.writeString(f, "cost:\n  syscall: 1ns\n");

        assertThatThrownBy(() -> CostsFile.read(f, "costs.yaml")).isInstanceOf(ScenarioException.class)
                .hasMessage("costs.yaml:1:1: missing required key 'costs' at the top level\n"
                        + "costs.yaml:1:1: unknown key 'cost' at the top level of a costs file (did you mean 'costs'?); "
                        + "expected only costs (the block overlaysim calibrate writes)");
    }

    @Test
    void aDirectoryIsNotACostsFile() {
        assertThatThrownBy(() -> CostsFile.read(dir, "d")).isInstanceOf(CostsFile.Unreadable.class)
                .hasMessage("is a directory (" + dir + "); expected a costs file");
    }
}
