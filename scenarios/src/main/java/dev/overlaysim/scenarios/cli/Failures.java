package dev.overlaysim.scenarios.cli;

import dev.overlaysim.scenarios.load.Problem;
import dev.overlaysim.scenarios.load.ScenarioException;
import dev.overlaysim.scenarios.run.ShowCommand;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * Turns what went wrong into an exit code and a message on stderr: a refused scenario (its problems,
 * {@code file:line:column: message}) or other bad input exits 2, anything unexpected exits 3 with a
 * one-line "internal error" (the stack trace only with {@code --debug}). Never a stack trace for 1 or 2.
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
        if (e instanceof BadInputException || e instanceof ShowCommand.UnknownCommandException) {
            err.println("overlaysim: " + e.getMessage());
            err.flush();
            return ExitCodes.BAD_INPUT;
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
}
