package dev.overlaysim.scenarios.twin;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

/**
 * {@code overlaysim twin FILE [--pcap DIR] [--keep] [--seed N]}: runs the scenario in the simulator
 * and on the real kernel, in network namespaces, and compares them frame by frame.
 */
@Command(name = "twin", mixinStandardHelpOptions = true,
        description = {
            "Run the scenario in the simulator and on this machine's Linux kernel (network namespaces, real iproute2, "
                    + "ping and tcpdump), then compare the frames of every interface field by field.",
            "Needs root, iproute2, tcpdump, ethtool, iputils-ping (and gcc for the UDP backend or UDP flows). Everything it "
                    + "creates lives in namespaces named osim-<pid>-*, removed at the end, also on failure or Ctrl-C."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every captured interface (and table) equal",
            "1:at least one difference (reported with field, sim value and kernel value)",
            "2:bad input, a scenario the twin cannot mirror, a missing tool, or not root",
            "3:internal error"})
public final class TwinCommand implements Callable<Integer> {
    public static final int EQUAL = 0;
    public static final int DIFFERENT = 1;
    public static final int BAD_INPUT = 2;
    public static final int INTERNAL_ERROR = 3;

    @Spec CommandSpec spec;

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

    @Override public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(file)) {
            err.println("overlaysim twin: " + file + ": no such file");
            err.flush();
            return BAD_INPUT;
        }
        if (floodCount < 0 || floodCount > 100_000) {
            err.println("overlaysim twin: --flood-count " + floodCount + " out of range (0-100000)");
            err.flush();
            return BAD_INPUT;
        }
        try {
            TwinReport report = Twin.run(file, new Twin.Options(Optional.ofNullable(pcapDir), keep,
                    seed == null ? OptionalLong.empty() : OptionalLong.of(seed), floodCount, err));
            out.print(report.text());
            out.flush();
            return report.equal() ? EQUAL : DIFFERENT;
        } catch (TwinException e) {
            err.println("overlaysim twin: " + e.getMessage());
            err.flush();
            return switch (e.kind()) {
                case BAD_INPUT, MISSING -> BAD_INPUT;
                case INTERNAL -> INTERNAL_ERROR;
            };
        } catch (RuntimeException e) {
            err.println("overlaysim twin: internal error: " + e);
            e.printStackTrace(err);
            err.flush();
            return INTERNAL_ERROR;
        }
    }

    /** Runs {@code twin} on its own, outside the overlaysim command (tests start it in a child JVM). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new TwinCommand()).execute(args));
    }
}
