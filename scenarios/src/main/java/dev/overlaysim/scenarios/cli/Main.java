package dev.overlaysim.scenarios.cli;

import picocli.CommandLine;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The {@code overlaysim} executable: the command line, with UTF-8 output whatever the locale. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line as the executable runs it; tests use {@code new CommandLine(new Overlaysim())}, which behaves the same. */
    static CommandLine commandLine() {
        return new CommandLine(new Overlaysim())
                .setOut(utf8(FileDescriptor.out))
                .setErr(utf8(FileDescriptor.err))
                .setExecutionExceptionHandler(new Failures());
    }

    // The walk is full of arrows and µ; a C or POSIX locale must not turn them into '?'.
    private static PrintWriter utf8(FileDescriptor fd) {
        return new PrintWriter(new OutputStreamWriter(new FileOutputStream(fd), StandardCharsets.UTF_8), true);
    }
}
