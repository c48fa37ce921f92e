package dev.overlaysim.scenarios.cli;

import dev.overlaysim.scenarios.load.IoErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where {@code view -o} and {@code run --html} write the step-through page: refused before anything
 * is read or run when it cannot be written (an empty name, a directory, a missing directory), and
 * never the scenario file itself.
 */
final class HtmlOutput {

    private HtmlOutput() { }

    /** Refuses an unwritable destination; creates nothing. */
    static void check(String option, Path out) {
        if (out.toString().isBlank()) throw new BadInputException(option + " needs a file name; got an empty one");
        if (Files.isDirectory(out)) throw new BadInputException(option + " " + out + " is a directory; expected a file name (FILE.html)");
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new BadInputException("cannot write " + out + ": the directory " + parent + " does not exist");
        }
    }

    /** The page must never replace the scenario it shows. */
    static void refuseScenario(String option, Path out, Path scenario) {
        try {
            if (scenario != null && Files.exists(out) && Files.isSameFile(out, scenario)) {
                throw new BadInputException(option + " " + out + " is the scenario file itself; choose another file name");
            }
        } catch (IOException e) {
            throw new BadInputException("cannot check " + option + " " + out + ": " + IoErrors.describe(e));
        }
    }

    static void write(String option, Path out, String page) {
        try {
            Files.writeString(out, page, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("cannot write " + option + " " + out + ": " + IoErrors.describe(e));
        }
    }
}
