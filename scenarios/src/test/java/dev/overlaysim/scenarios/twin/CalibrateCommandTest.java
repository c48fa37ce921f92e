package dev.overlaysim.scenarios.twin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlaysim.scenarios.cli.ExitCodes;
import dev.overlaysim.scenarios.cli.Overlaysim;
import dev.overlaysim.scenarios.load.CostsFile;
import dev.overlaysim.scenarios.model.CostsSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code overlaysim calibrate} and the costs options of {@code twin}, without namespaces: the
 * measurement is a stand-in (CalibrationTest runs the real one, as root); what is tested is what the
 * command writes, and that bad input exits 2 with its message and writes nothing.
 */
class CalibrateCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private static Run overlaysim(CalibrateCommand.Runner calibrate, TwinCommand.Runner twin, String... args) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == CalibrateCommand.class && calibrate != null) return (K) new CalibrateCommand(calibrate);
                if (cls == TwinCommand.class && twin != null) return (K) new TwinCommand(twin);
                return CommandLine.defaultFactory().create(cls);
            }
        };
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Overlaysim(), factory);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static final Calibration.Result MEASURED = new Calibration.Result(List.of(
            new Calibration.Figure("syscall", 967, 952, 991, "getppid()"),
            new Calibration.Figure("copyPerKiB", 49, 48, 50, "pipe"),
            new Calibration.Figure("wakeup", 8459, 8348, 8539, "pipes"),
            new Calibration.Figure("encap", 420, 385, 507, "vxlan less host-gw"),
            new Calibration.Figure("decap", 420, 385, 507, "the same"),
            new Calibration.Figure("forward", 472, 435, 481, "a stack hop"),
            new Calibration.Figure("proxy", 4354, 3596, 4711, "udp less host-gw")),
            List.of("overlaysim calibrate, a test"), List.of("probe round trips: none"));

    private static final String SEED = Path.of("examples/seed-vxlan.yaml").toString();

    @Test
    void writesACostsBlockThatReadsBackAsWhatWasMeasured() {
        Path file = dir.resolve("costs.yaml");

        Run r = overlaysim(options -> MEASURED, null, "calibrate", "-o", file.toString());

        assertThat(r.exit()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("overlaysim calibrate: wrote " + file + "\n");
        assertThat(CostsFile.read(file, "costs.yaml")).isEqualTo(MEASURED.costs());
        assertThat(MEASURED.costs()).isEqualTo(new CostsSpec(OptionalLong.of(967), OptionalLong.of(49), OptionalLong.of(8459),
                OptionalLong.of(420), OptionalLong.of(420), OptionalLong.of(472), OptionalLong.of(4354)));
    }

    @Test
    void withoutOutputTheBlockGoesToStandardOutputWithItsSpreads() {
        Run r = overlaysim(options -> MEASURED, null, "calibrate");

        assertThat(r.exit()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).startsWith("# overlaysim calibrate, a test\n# probe round trips: none\ncosts:\n")
                .contains("  forward: 472ns ").contains("# spread 435-481 ns: a stack hop\n");
    }

    @Test
    void notRootIsBadInputAndWritesNothing() {
        Path file = dir.resolve("costs.yaml");
        CalibrateCommand.Runner notRoot = options -> {
            throw new TwinException(TwinException.Kind.MISSING, "calibrate needs: not root (uid 1000): twin and calibrate create network namespaces, devices and captures");
        };

        Run r = overlaysim(notRoot, null, "calibrate", "-o", file.toString());

        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).isEqualTo("overlaysim calibrate: calibrate needs: not root (uid 1000): twin and calibrate create network namespaces,"
                + " devices and captures\n");
        assertThat(file).doesNotExist();
    }

    @Test
    void aProbeThatFailedIsAnInternalErrorAndWritesNothing() {
        Path file = dir.resolve("costs.yaml");
        Run r = overlaysim(options -> {
            throw new TwinException(TwinException.Kind.INTERNAL, "command failed (exit 1): ip netns add osim-1-cal1-node1");
        }, null, "calibrate", "-o", file.toString());

        assertThat(r.exit()).isEqualTo(ExitCodes.INTERNAL_ERROR);
        assertThat(r.err()).isEqualTo("overlaysim calibrate: command failed (exit 1): ip netns add osim-1-cal1-node1\n");
        assertThat(file).doesNotExist();
    }

    @Test
    void outOfRangeOptionsAndAMissingDirectoryAreBadInput() {
        Run runs = overlaysim(options -> MEASURED, null, "calibrate", "--runs", "0");
        assertThat(runs.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(runs.err()).isEqualTo("overlaysim calibrate: --runs 0 out of range (1-50)\n");

        Run echoes = overlaysim(options -> MEASURED, null, "calibrate", "--echoes", "5");
        assertThat(echoes.err()).isEqualTo("overlaysim calibrate: --echoes 5 out of range (10-100000)\n");

        Path nowhere = dir.resolve("no/such/dir/costs.yaml");
        Run missing = overlaysim(options -> { throw new AssertionError("must not measure"); }, null, "calibrate", "-o", nowhere.toString());
        assertThat(missing.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(missing.err()).isEqualTo("overlaysim calibrate: cannot write " + nowhere + ": no directory " + nowhere.getParent() + "\n");
    }

    @Test
    void twinCostsReachesTheTwinAndABadFileIsRefusedAtItsLine() throws IOException {
        Path file = dir.resolve("costs.yaml");
        Files.writeString(file, MEASURED.yaml());
        AtomicReference<Twin.Options> seen = new AtomicReference<>();
        TwinCommand.Runner capture = (f, options) -> {
            seen.set(options);
            throw new TwinException(TwinException.Kind.MISSING, "stop here");
        };

        overlaysim(null, capture, "twin", SEED, "--costs", file.toString());
        assertThat(seen.get().costs()).contains(MEASURED.costs());
        assertThat(seen.get().calibrate()).isFalse();

        Files.writeString(file, "costs:\n  syscall: 1 ns\n");
        Run bad = overlaysim(null, capture, "twin", SEED, "--costs", file.toString());
        assertThat(bad.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(bad.err()).startsWith(file + ":2:12: ");

        Run both = overlaysim(null, capture, "twin", SEED, "--costs", file.toString(), "--calibrate");
        assertThat(both.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(both.err()).isEqualTo("overlaysim twin: --calibrate and --costs both give the model's costs; use one\n");

        Run gone = overlaysim(null, capture, "twin", SEED, "--costs", dir.resolve("gone.yaml").toString());
        assertThat(gone.err()).isEqualTo("overlaysim: --costs " + dir.resolve("gone.yaml") + ": no such file (" + dir.resolve("gone.yaml") + ")\n");
    }
}
