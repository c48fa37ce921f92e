package dev.overlaysim.scenarios.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overlaysim.scenarios.cli.ExitCodes;
import dev.overlaysim.scenarios.cli.Overlaysim;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import dev.overlaysim.scenarios.model.CompareSpec;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code overlaysim twin} fails the way every other command does (docs/cli.md, exit codes): bad input
 * exits 2 with its message, an internal error exits 3 with one line, and a stack trace appears only
 * with {@code --debug}. No namespace is made: the failures come before any, or from a stand-in for
 * {@link Twin#run} (TwinTest runs the real one, as root).
 */
class TwinCommandTest {

    private record Run(int exit, String out, String err) {}

    /** The overlaysim command line with {@code twin} running {@code runner} instead of {@link Twin#run}. */
    private static Run overlaysim(TwinCommand.Runner runner, String... args) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == TwinCommand.class && runner != null) return (K) new TwinCommand(runner);
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

    private static final String SEED = Path.of("examples/seed-vxlan.yaml").toString();

    @Test
    void aMissingScenarioFileIsBadInputWithoutAStackTrace() {
        Run r = overlaysim(null, "twin", "no-such-file.yaml");

        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).isEqualTo("overlaysim twin: no-such-file.yaml: no such file\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aRefusedScenarioIsBadInputWithItsProblemAndNoStackTrace() {
        // The real Twin.run: it loads the file and refuses it before it checks for root or makes a namespace.
        Run r = overlaysim(null, "twin", "src/test/resources/broken/unknown-key-typo.yaml");

        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).isEqualTo("overlaysim twin: src/test/resources/broken/unknown-key-typo.yaml:4:3: unknown key"
                + " 'subnetlen' in network (did you mean 'subnetLen'?); expected one of: cidr, subnetLen, subnetMin,"
                + " subnetMax, backend, legacyLeases\n");
    }

    @Test
    void anOutOfRangeFloodCountIsBadInput() {
        Run r = overlaysim(null, "twin", SEED, "--flood-count", "-1");

        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).isEqualTo("overlaysim twin: --flood-count -1 out of range (0-100000)\n");
    }

    @Test
    void anInternalErrorIsOneLineAndAStackTraceOnlyWithDebug() {
        TwinCommand.Runner boom = (file, options) -> { throw new IllegalStateException("boom"); };

        Run quiet = overlaysim(boom, "twin", SEED);
        assertThat(quiet.exit()).isEqualTo(ExitCodes.INTERNAL_ERROR);
        assertThat(quiet.err()).startsWith("overlaysim: internal error: IllegalStateException: boom\n")
                .contains("--debug").doesNotContain("\tat ").doesNotContain("java.lang.IllegalStateException");

        for (String[] args : new String[][] {{"--debug", "twin", SEED}, {"twin", SEED, "--debug"}}) {
            Run loud = overlaysim(boom, args);
            assertThat(loud.exit()).isEqualTo(ExitCodes.INTERNAL_ERROR);
            assertThat(loud.err()).startsWith("overlaysim: internal error: IllegalStateException: boom\n")
                    .contains("java.lang.IllegalStateException: boom").contains("\tat ");
        }
    }

    @Test
    void aCommandThatFailedBuildingTheNamespacesExitsThreeWithItsMessage() {
        TwinCommand.Runner failing = (file, options) -> {
            throw new TwinException(TwinException.Kind.INTERNAL, "ip netns add osim-1-node1: exit 1: File exists");
        };

        Run quiet = overlaysim(failing, "twin", SEED);
        assertThat(quiet.exit()).isEqualTo(ExitCodes.INTERNAL_ERROR);
        assertThat(quiet.err()).isEqualTo("overlaysim twin: ip netns add osim-1-node1: exit 1: File exists\n");

        Run loud = overlaysim(failing, "twin", SEED, "--debug");
        assertThat(loud.err()).startsWith("overlaysim twin: ip netns add osim-1-node1: exit 1: File exists\n").contains("\tat ");
    }

    @Test
    void aMissingToolIsBadInput() {
        Run r = overlaysim((file, options) -> {
            throw new TwinException(TwinException.Kind.MISSING, "the twin needs: tcpdump (apt-get install tcpdump)");
        }, "twin", SEED, "--debug");

        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).isEqualTo("overlaysim twin: the twin needs: tcpdump (apt-get install tcpdump)\n");
    }

    // ---- under load: --rates and --seconds

    private static final String LOAD = Path.of("examples/load-three-backends.yaml").toString();

    @Test
    void ratesAreReadWithTheScenarioFormatsRateSyntaxInTheOrderGiven() {
        List<CompareSpec.SweepRate> r = TwinCommand.parseRates("20kpps, 100kpps,max,1.5Mpps,500pps");

        assertThat(r).extracting(CompareSpec.SweepRate::text).containsExactly("20kpps", "100kpps", "max", "1.5Mpps", "500pps");
        assertThat(r).extracting(CompareSpec.SweepRate::packetsPerSecond)
                .containsExactly(20_000.0, 100_000.0, Double.POSITIVE_INFINITY, 1_500_000.0, 500.0);
    }

    @Test
    void aBadRateListIsRefusedNamingTheItem() {
        assertThatThrownBy(() -> TwinCommand.parseRates("20kpp,max"))
                .isInstanceOf(TwinException.class)
                .hasMessage("--rates '20kpp,max': unknown unit 'kpp' in rate '20kpp' (did you mean 'kpps'?); expected one of: pps, kpps, Mpps"
                        + " (or the word max)");
        assertThatThrownBy(() -> TwinCommand.parseRates("20kpps,,max"))
                .hasMessage("--rates '20kpps,,max': item 2 of 3 is empty; expected a comma-separated list like 20kpps,100kpps,max");
        assertThatThrownBy(() -> TwinCommand.parseRates("fast"))
                .hasMessage("--rates 'fast': expected a rate like 50kpps (units: pps, kpps, Mpps) or max, found 'fast'");
        assertThatThrownBy(() -> TwinCommand.parseRates("0kpps"))
                .hasMessage("--rates '0kpps': expected a rate of more than 0pps, found '0kpps'");
        assertThatThrownBy(() -> TwinCommand.parseRates("200Mpps"))
                .hasMessage("--rates '200Mpps': expected a rate of at most 100Mpps, found '200Mpps'");
        assertThatThrownBy(() -> TwinCommand.parseRates("20kpps,20000pps"))
                .hasMessage("--rates '20kpps,20000pps': 20000pps is the same rate as 20kpps; give each rate once");
        assertThatThrownBy(() -> TwinCommand.parseRates("max,max"))
                .hasMessage("--rates 'max,max': max is given twice; give each rate once");
    }

    @Test
    void ratesAndSecondsReachTheTwin() {
        Twin.Options[] seen = new Twin.Options[1];
        Run r = overlaysim((file, options) -> {
            seen[0] = options;
            return TwinReport.loadOnly("x", file.toString(), 1, "Linux", "osim-1-");
        }, "twin", LOAD, "--rates", "20kpps,max", "--seconds", "5");

        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(seen[0].rates()).extracting(CompareSpec.SweepRate::text).containsExactly("20kpps", "max");
        assertThat(seen[0].seconds()).isEqualTo(5);
        assertThat(seen[0].repeat()).as("default: the kernel runs each point once").isEqualTo(1);

        overlaysim((file, options) -> {
            seen[0] = options;
            return TwinReport.loadOnly("x", file.toString(), 1, "Linux", "osim-1-");
        }, "twin", LOAD, "--repeat", "3");
        assertThat(seen[0].repeat()).isEqualTo(3);

        overlaysim((file, options) -> {
            seen[0] = options;
            return TwinReport.loadOnly("x", file.toString(), 1, "Linux", "osim-1-");
        }, "twin", LOAD);
        assertThat(seen[0].rates()).as("default: each flow's own rate").isEmpty();
        assertThat(seen[0].seconds()).isEqualTo(2);
    }

    @Test
    void badRatesAndSecondsExitTwoWithTheirMessageAndNoStackTrace() {
        Run rates = overlaysim(null, "twin", LOAD, "--rates", "20kpp");
        assertThat(rates.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(rates.err()).isEqualTo("overlaysim twin: --rates '20kpp': unknown unit 'kpp' in rate '20kpp' (did you mean 'kpps'?);"
                + " expected one of: pps, kpps, Mpps (or the word max)\n");

        for (String bad : new String[] {"0", "61", "-3"}) {
            Run r = overlaysim(null, "twin", LOAD, "--seconds", bad);
            assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(r.err()).isEqualTo("overlaysim twin: --seconds " + bad + " out of range (1-60)\n");
        }
        for (String bad : new String[] {"0", "10"}) {
            Run r = overlaysim(null, "twin", LOAD, "--repeat", bad);
            assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(r.err()).isEqualTo("overlaysim twin: --repeat " + bad + " out of range (1-9)\n");
        }
        Run word = overlaysim(null, "twin", LOAD, "--seconds", "two");
        assertThat(word.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(word.err()).contains("--seconds").contains("two").doesNotContain("\tat ");
    }

    @Test
    void ratesForAScenarioWithoutARatedFlowAreRefusedBeforeAnythingRuns() {
        // The real Twin.run: it loads the file and refuses before it checks for root or makes a namespace.
        Run r = overlaysim(null, "twin", SEED, "--rates", "20kpps");

        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).isEqualTo("overlaysim twin: --rates: scenario seed-vxlan sends no flow at a rate (rate, bitrate or max);"
                + " --rates sets the offered rates of those flows\n");
    }

    @Test
    void theHelpShowsTheLoadOptions() {
        Run r = overlaysim(null, "twin", "--help");

        assertThat(r.out()).contains("--rates=LIST").contains("20kpps,100kpps,max").contains("--seconds=N").contains("(1-60; default 2)");
    }
}
