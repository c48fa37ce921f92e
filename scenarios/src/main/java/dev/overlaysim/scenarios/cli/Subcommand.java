package dev.overlaysim.scenarios.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * A subcommand: runs {@link #execute()} and maps whatever it throws through {@link Failures}, so a
 * bare {@code new CommandLine(new Overlaysim())} (as tests build it) exits and reports exactly as
 * the executable does.
 */
abstract class Subcommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandSpec spec;

    @CommandLine.ParentCommand
    Overlaysim parent;

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (RuntimeException e) {
            return Failures.report(e, err(), debug());
        } finally {
            out().flush();
            err().flush();
        }
    }

    /** The work; returns the exit code. */
    abstract int execute();

    boolean debug() { return parent != null && parent.debug; }

    PrintWriter out() { return spec.commandLine().getOut(); }

    PrintWriter err() { return spec.commandLine().getErr(); }
}
