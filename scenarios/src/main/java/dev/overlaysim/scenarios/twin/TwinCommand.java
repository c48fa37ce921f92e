package dev.overlaysim.scenarios.twin;

import dev.overlaysim.scenarios.cli.ExitCodes;
import dev.overlaysim.scenarios.cli.Main;
import dev.overlaysim.scenarios.cli.Subcommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.overlaysim.scenarios.load.Rates;
import dev.overlaysim.scenarios.model.CompareSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code overlaysim twin FILE [--pcap DIR] [--keep] [--seed N] [--rates LIST] [--seconds N] [--repeat N]}: runs the scenario in the simulator
 * and on the real kernel, in network namespaces, and compares them frame by frame. Failures take
 * the command line's one path ({@link Subcommand}): a {@link TwinException} prints
 * {@code overlaysim twin: <message>} and exits 2 (the user's to fix) or 3, anything else is an
 * internal error (exit 3); a stack trace only with {@code --debug}.
 */
@Command(name = "twin", mixinStandardHelpOptions = true,
        description = {
            "Run the scenario in the simulator and on this machine's Linux kernel (network namespaces, real iproute2, "
                    + "ping and tcpdump), then compare the frames of every interface field by field.",
            "Needs root, iproute2, tcpdump, ethtool, iputils-ping (and gcc for the UDP backend or UDP flows). Everything it "
                    + "creates lives in namespaces named osim-<pid>-*, removed at the end, also on failure or Ctrl-C.",
            "Flows with a rate (rate, bitrate, max) run under load instead: iperf3 sends them through the lab (and the UDP "
                    + "backend's proxy) per backend of compare: backends: and per offered rate, side by side with the simulator; "
                    + "so do bulk tcp flows (a duration, or more than 64 kB: iperf3 -c, goodput and retransmits per backend). "
                    + "That needs iperf3 too."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every captured interface (and table) equal",
            "1:at least one difference (reported with field, sim value and kernel value)",
            "2:bad input, a scenario the twin cannot mirror, a missing tool, or not root",
            "3:internal error"})
public final class TwinCommand extends Subcommand {
    public static final int EQUAL = ExitCodes.OK;
    public static final int DIFFERENT = 1;
    public static final int BAD_INPUT = ExitCodes.BAD_INPUT;
    public static final int INTERNAL_ERROR = ExitCodes.INTERNAL_ERROR;

    /** What the command runs: {@link Twin#run}; tests give another to reach the error path without namespaces. */
    interface Runner {
        TwinReport run(Path scenarioFile, Twin.Options options);
    }

    private final Runner runner;

    public TwinCommand() { this(Twin::run); }

    TwinCommand(Runner runner) { this.runner = runner; }

    @Parameters(index = "0", paramLabel = "FILE", converter = dev.overlaysim.scenarios.cli.NonEmptyPath.class, description = "the scenario file (YAML)")
    Path file;

    @Option(names = "--pcap", paramLabel = "DIR", converter = dev.overlaysim.scenarios.cli.NonEmptyPath.class, description = "write <interface>.sim.pcap and <interface>.kernel.pcap here")
    Path pcapDir;

    @Option(names = "--keep", description = "leave the lab up afterwards and print how to enter it (ip netns exec ... bash)")
    boolean keep;

    @Option(names = "--seed", paramLabel = "N", description = "simulate with this seed instead of the file's")
    Long seed;

    @Option(names = "--flood-count", paramLabel = "N", defaultValue = "2000",
            description = "echo requests for the RTT measurement with ping -f (0: skip it; default ${DEFAULT-VALUE})")
    int floodCount;

    @Option(names = "--costs", paramLabel = "FILE", converter = dev.overlaysim.scenarios.cli.NonEmptyPath.class,
            description = "simulate with the costs: block of FILE (as overlaysim calibrate writes it) instead of the scenario's")
    Path costs;

    @Option(names = "--calibrate", description = "measure this machine first (overlaysim calibrate, about twenty seconds) and simulate with its costs")
    boolean calibrate;

    @Option(names = "--rates", paramLabel = "LIST",
            description = "under load: the offered rates of the flows with a rate, comma-separated, as the scenario format writes them "
                    + "(pps, kpps, Mpps or max), like 20kpps,100kpps,max (default: each flow's own rate)")
    String rates;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "" + Twin.Options.DEFAULT_SECONDS,
            description = "under load: how long each offered rate, and each bulk tcp flow with a duration, is sent, by iperf3 and in the simulator (1-60; default ${DEFAULT-VALUE})")
    int seconds;

    /** The most seconds one offered rate may be sent for ({@code --seconds}). */
    static final int MAX_SECONDS = 60;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "under load: run iperf3 N times at each point, one after another, and report each of the kernel's figures as the"
                    + " median of the N runs, with the saturation runs' lowest and highest (1-" + MAX_REPEAT + "; default ${DEFAULT-VALUE})")
    int repeat;

    /** The most kernel runs per point ({@code --repeat}): 9 × 3 rates × 3 backends × 2 s is already two minutes of iperf3. */
    static final int MAX_REPEAT = 9;

    /**
     * {@code --rates LIST}: each item read with the scenario format's rate syntax ({@link Rates}), in
     * the order given; an empty item, a bad rate or one given twice is refused naming it.
     */
    static List<CompareSpec.SweepRate> parseRates(String list) {
        List<CompareSpec.SweepRate> out = new ArrayList<>();
        String[] items = list.split(",", -1);
        for (int i = 0; i < items.length; i++) {
            String text = items[i].strip();
            if (text.isEmpty()) {
                throw new TwinException(TwinException.Kind.BAD_INPUT, "--rates '" + list + "': item " + (i + 1) + " of " + items.length
                        + " is empty; expected a comma-separated list like 20kpps,100kpps,max");
            }
            double pps;
            try {
                pps = Rates.packetsPerSecond(text, "'" + text + "'");
            } catch (IllegalArgumentException e) {
                throw new TwinException(TwinException.Kind.BAD_INPUT, "--rates '" + list + "': " + e.getMessage());
            }
            for (CompareSpec.SweepRate r : out) {
                if (r.packetsPerSecond() == pps) {
                    throw new TwinException(TwinException.Kind.BAD_INPUT, "--rates '" + list + "': " + text
                            + (r.text().equals(text) ? " is given twice" : " is the same rate as " + r.text()) + "; give each rate once");
                }
            }
            out.add(new CompareSpec.SweepRate(text, pps));
        }
        return out;
    }

    @Override
    protected int execute() {
        if (!Files.isRegularFile(file)) {
            throw new TwinException(TwinException.Kind.BAD_INPUT, file + ": no such file");
        }
        if (floodCount < 0 || floodCount > 100_000) {
            throw new TwinException(TwinException.Kind.BAD_INPUT, "--flood-count " + floodCount + " out of range (0-100000)");
        }
        if (seconds < 1 || seconds > MAX_SECONDS) {
            throw new TwinException(TwinException.Kind.BAD_INPUT, "--seconds " + seconds + " out of range (1-" + MAX_SECONDS + ")");
        }
        if (repeat < 1 || repeat > MAX_REPEAT) {
            throw new TwinException(TwinException.Kind.BAD_INPUT, "--repeat " + repeat + " out of range (1-" + MAX_REPEAT + ")");
        }
        List<CompareSpec.SweepRate> offered = rates == null ? List.of() : parseRates(rates);
        if (calibrate && costs != null) {
            throw new TwinException(TwinException.Kind.BAD_INPUT, "--calibrate and --costs both give the model's costs; use one");
        }
        // Read before anything runs: a bad costs file is refused like a bad scenario (file:line:column, exit 2).
        Optional<dev.overlaysim.scenarios.model.CostsSpec> given = costs == null ? Optional.empty()
                : Optional.of(dev.overlaysim.scenarios.cli.CostsOption.read(costs));
        TwinReport report = runner.run(file, new Twin.Options(Optional.ofNullable(pcapDir), keep,
                seed == null ? OptionalLong.empty() : OptionalLong.of(seed), floodCount, err(), given, calibrate, offered, seconds, repeat));
        out().print(report.text());
        return report.equal() ? EQUAL : DIFFERENT;
    }

    /**
     * Runs {@code overlaysim twin ARGS...} (tests start it in a child JVM): the command line as the
     * executable runs it, {@code --debug} included.
     */
    public static void main(String[] args) {
        String[] withCommand = new String[args.length + 1];
        withCommand[0] = "twin";
        System.arraycopy(args, 0, withCommand, 1, args.length);
        Main.main(withCommand);
    }
}
