package dev.overlaysim.scenarios.cli;

import dev.overlaysim.scenarios.lab.LabInputException;
import dev.overlaysim.scenarios.load.Problem;
import dev.overlaysim.scenarios.load.ScenarioException;
import dev.overlaysim.scenarios.run.HostCommands;
import dev.overlaysim.scenarios.twin.TwinException;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * The command line's one error path (every {@link Subcommand} and picocli's handler end here):
 * turns what went wrong into an exit code and a message on stderr. A refused scenario (its problems,
 * {@code file:line:column: message}), a refused lab input (its problems) or other bad input exits 2;
 * a twin that cannot go on exits 2 or 3 with its message; anything unexpected exits 3 with a
 * one-line "internal error". The stack trace only with {@code --debug}, and never for 1 or 2.
 */
final class Failures implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        boolean debug = commandLine.getCommand() instanceof Subcommand c ? c.debug() : Overlaysim.debugRequested(parseResult);
        return report(e, commandLine.getErr(), debug);
    }

    static int report(Throwable e, PrintWriter err, boolean debug) {
        if (e instanceof ScenarioException se) {
            for (Problem p : se.problems()) err.println(p);
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        if (e instanceof BadInputException || e instanceof HostCommands.UnknownCommandException) {
            err.println("overlaysim: " + e.getMessage());
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        if (e instanceof LabInputException le) {
            le.problems().forEach(err::println);
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        if (e instanceof TwinException te) {
            // The user's to fix (a scenario the twin cannot mirror, a missing tool, not root), or a
            // command that failed while building the namespaces: its message says which.
            err.println("overlaysim " + te.command() + ": " + te.getMessage());
            if (te.kind() != TwinException.Kind.INTERNAL) {
                err.flush();
                return ExitCodes.BAD_INPUT;
            }
            if (debug) e.printStackTrace(err);
            err.flush();
            return ExitCodes.INTERNAL_ERROR;
        }
        err.println("overlaysim: internal error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        if (debug) {
            e.printStackTrace(err);
        } else {
            err.println("This is a bug in overlaysim. Please report it with the scenario file and the command line;"
                    + " --debug prints the stack trace.");
        }
        err.flush();
        return ExitCodes.INTERNAL_ERROR;
    }

    /**
     * The heap was too small for the scenario (a large mesh, a long flow with {@code --trace full}):
     * exit 4 with the limit and how to raise it, not a stack trace (that only with {@code --debug}).
     */
    static int outOfMemory(OutOfMemoryError e, PrintWriter err, boolean debug) {
        long maxMiB = Runtime.getRuntime().maxMemory() >> 20;
        err.println("overlaysim: out of memory: this run needs more than the Java heap's limit of " + maxMiB + " MiB"
                + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")") + ".");
        err.println("Give the JVM more (JAVA_OPTS=-Xmx8g ./overlaysim ..., or java -Xmx8g -jar overlaysim.jar ...),"
                + " or make the scenario smaller (fewer nodes, shorter flows, no --trace full). Outputs written while"
                + " it ran (--pcap files) are incomplete.");
        if (debug) e.printStackTrace(err);
        err.flush();
        return ExitCodes.OUT_OF_MEMORY;
    }
}
