package dev.overlaysim.scenarios.cli;

import picocli.CommandLine;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Converts a file or directory argument, refusing an empty string: {@code Path.of("")} is the
 * current directory, so {@code run ''} would otherwise say "is a directory" and {@code examples
 * --write ''} would write into the current directory. Picocli reports the refusal as bad input
 * (exit 2): {@code Invalid value for positional parameter at index 0 (FILE): the path is empty ...}.
 */
public final class NonEmptyPath implements CommandLine.ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
        if (value.isEmpty()) {
            throw new CommandLine.TypeConversionException("the path is empty (an empty string); expected a file or directory name");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a valid path: " + e.getReason());
        }
    }

    /** As {@link #convert}, for a value picocli did not convert (one of an option's several): refused as bad input. */
    Path convertOrRefuse(String option, String value) {
        try {
            return convert(value);
        } catch (CommandLine.TypeConversionException e) {
            throw new BadInputException(option + ": " + e.getMessage());
        }
    }
}
