package dev.overlaysim.scenarios.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * A command of {@code overlaysim} ({@code run}, {@code validate}, {@code show}, {@code examples},
 * {@code twin} and each {@code lab} command): runs {@link #execute()} and maps whatever it throws
 * through {@link Failures}, the one error path of the command line (exit codes as docs/cli.md
 * gives them, a stack trace only with {@code --debug}), so a bare
 * {@code new CommandLine(new Overlaysim())} (as tests build it) exits and reports exactly as the
 * executable does.
 */
public abstract class Subcommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (RuntimeException e) {
            return Failures.report(e, err(), debug());
        } catch (OutOfMemoryError e) {
            // By now the stack is unwound and what filled the heap is garbage: there is room to say so.
            return Failures.outOfMemory(e, err(), debug());
        } finally {
            out().flush();
            err().flush();
        }
    }

    /** The work; returns the exit code ({@link ExitCodes}). */
    protected abstract int execute();

    /** {@code --debug} was given, before or after the command's name (it is inherited by every command). */
    protected final boolean debug() {
        return Overlaysim.debugRequested(spec.root().commandLine().getParseResult());
    }

    /** The command's name, e.g. {@code check} for {@code overlaysim lab check}. */
    protected final String name() { return spec.name(); }

    protected final PrintWriter out() { return spec.commandLine().getOut(); }

    protected final PrintWriter err() { return spec.commandLine().getErr(); }
}
