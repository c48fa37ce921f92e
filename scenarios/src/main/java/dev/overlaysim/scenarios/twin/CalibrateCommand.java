package dev.overlaysim.scenarios.twin;

import dev.overlaysim.scenarios.cli.ExitCodes;
import dev.overlaysim.scenarios.cli.Subcommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code overlaysim calibrate [-o FILE] [--runs N] [--echoes N]}: measures this machine's kernel
 * ({@link Calibration}) and writes a {@code costs:} block. Failures take the twin's path: not root,
 * no compiler or a missing tool exit 2 with what is missing, a failed lab command exits 3. The
 * file is written only when every probe succeeded (to a temporary file, then moved into place).
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {
            "Measure this machine's kernel for each key of a scenario's costs: (syscall, copyPerKiB, wakeup, encap, decap, "
                    + "forward, proxy) and write them as a costs: block, each with its spread and method as a comment.",
            "Micro-probes time a syscall, a copy and a wake-up; round trips of ICMP echoes in probe labs (network namespaces "
                    + "osim-<pid>-calN-*, built as the twin builds a scenario, removed at the end) give the rest, each as the "
                    + "difference of two paths over the model's own count of that cost on them.",
            "Needs root, iproute2, ethtool, iputils-ping, tcpdump and gcc (the probes are compiled at run time). Takes about twenty seconds.",
            "Use it: costs: {include: costs.yaml} in a scenario, run --costs costs.yaml, twin --costs costs.yaml, or twin --calibrate."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:measured and written",
            "2:bad input (an option), a missing tool, or not root; nothing written",
            "3:internal error (a probe or a lab command failed); nothing written"})
public final class CalibrateCommand extends Subcommand {

    /** What the command runs: {@link Calibration#run}; tests give another to reach the output path without namespaces. */
    interface Runner {
        Calibration.Result run(Calibration.Options options);
    }

    private final Runner runner;

    public CalibrateCommand() { this(Calibration::run); }

    CalibrateCommand(Runner runner) { this.runner = runner; }

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", converter = dev.overlaysim.scenarios.cli.NonEmptyPath.class,
            description = "write the costs block here (default: standard output)")
    Path output;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "5", description = "repetitions of every probe, 1-50 (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--echoes", paramLabel = "N", defaultValue = "2000",
            description = "ICMP echoes per round-trip probe, 10-100000 (default ${DEFAULT-VALUE})")
    int echoes;

    @Override
    protected int execute() {
        if (runs < 1 || runs > 50) throw new TwinException(TwinException.Kind.BAD_INPUT, "--runs " + runs + " out of range (1-50)").as("calibrate");
        if (echoes < 10 || echoes > 100_000) {
            throw new TwinException(TwinException.Kind.BAD_INPUT, "--echoes " + echoes + " out of range (10-100000)").as("calibrate");
        }
        if (output != null) {
            Path dir = output.toAbsolutePath().getParent();
            if (Files.isDirectory(output)) throw new TwinException(TwinException.Kind.BAD_INPUT, output + " is a directory").as("calibrate");
            if (dir != null && !Files.isDirectory(dir)) {
                throw new TwinException(TwinException.Kind.BAD_INPUT, "cannot write " + output + ": no directory " + dir).as("calibrate");
            }
        }
        Calibration.Result result;
        try {
            result = runner.run(new Calibration.Options(runs, echoes, err()));
        } catch (TwinException e) {
            throw e.as("calibrate");
        }
        String yaml = result.yaml();
        if (output == null) {
            out().print(yaml);
            return ExitCodes.OK;
        }
        try {
            Path tmp = Files.createTempFile(output.toAbsolutePath().getParent(), ".calibrate-", ".yaml");
            Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
            Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new TwinException(TwinException.Kind.BAD_INPUT, "cannot write " + output + ": " + e.getMessage(), e).as("calibrate");
        }
        err().println("overlaysim calibrate: wrote " + output);
        for (String p : result.probes()) err().println(p);
        return ExitCodes.OK;
    }
}
