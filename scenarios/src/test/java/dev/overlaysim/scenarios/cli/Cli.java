package dev.overlaysim.scenarios.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line as a test sees it: {@code new CommandLine(new Overlaysim())}, stdout and stderr captured. */
record Cli(int exit, String out, String err) {

    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Overlaysim());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Cli(exit, out.toString(), err.toString());
    }

    /** Both streams, for messages that may go to either. */
    String all() { return out + err; }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
}
