package dev.overlaysim.scenarios.cli;

import dev.overlaysim.scenarios.load.CostsFile;
import dev.overlaysim.scenarios.model.CostsSpec;

import java.nio.file.Path;

/**
 * {@code --costs FILE} of {@code run} and {@code twin}: the file's {@code costs:} block replaces the
 * scenario's. Its problems are the loader's ({@code file:line:column: message}, exit 2); a missing
 * file is said with the option's name.
 */
public final class CostsOption {
    private CostsOption() {}

    public static CostsSpec read(Path file) {
        try {
            return CostsFile.read(file, file.toString());
        } catch (CostsFile.Unreadable e) {
            throw new BadInputException("--costs " + file + ": " + e.getMessage());
        }
    }
}
