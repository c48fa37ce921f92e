package dev.overlaysim.scenarios.twin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the commands that build and inspect the lab ({@code ip}, {@code bridge}, {@code sysctl},
 * {@code ethtool}), each to completion with a time limit, and remembers every command it ran so
 * that the lab can be printed as a shell script. A command that fails throws with its stderr.
 */
final class Shell {
    /** What a command printed and how it ended. */
    record Result(int exitCode, String out, String err) {}

    private static final long TIMEOUT_SECONDS = 30;
    private final List<String> history = new ArrayList<>();

    /** Runs a command and returns its stdout; a non-zero exit throws {@link TwinException} (internal). */
    String run(String... command) {
        Result r = tryRun(command);
        if (r.exitCode() != 0) {
            throw new TwinException(TwinException.Kind.INTERNAL, "command failed (exit " + r.exitCode() + "): "
                    + String.join(" ", command) + (r.err().isBlank() ? "" : "\n  " + r.err().strip()));
        }
        return r.out();
    }

    /** Runs a command and returns how it ended, whatever that was. */
    Result tryRun(String... command) {
        history.add(String.join(" ", command));
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            byte[][] out = new byte[2][];
            Thread err = new Thread(() -> out[1] = readAll(p.getErrorStream()));
            err.start();
            out[0] = readAll(p.getInputStream());
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new TwinException(TwinException.Kind.INTERNAL, "command did not finish in " + TIMEOUT_SECONDS + " s: "
                        + String.join(" ", command));
            }
            err.join();
            return new Result(p.exitValue(), new String(out[0], StandardCharsets.UTF_8), new String(out[1], StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TwinException(TwinException.Kind.MISSING, "cannot run " + command[0] + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TwinException(TwinException.Kind.INTERNAL, "interrupted while running " + String.join(" ", command), e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** Every command run so far, in order, as shell lines. */
    List<String> history() { return List.copyOf(history); }

    /** Is {@code tool} an executable on the PATH (or an absolute path)? */
    static boolean onPath(String tool) {
        if (tool.startsWith("/")) return new java.io.File(tool).canExecute();
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && new java.io.File(dir, tool).canExecute()) return true;
        }
        return false; // only the PATH counts: the commands the twin runs (and ip netns exec) search it too
    }
}
