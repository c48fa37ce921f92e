package dev.overlaysim.scenarios.cli;

import dev.overlaysim.engine.Durations;
import picocli.CommandLine;

/** A duration as scenarios write it ({@code 1500ms}, {@code 2s}, {@code 10us}) into nanoseconds. */
final class DurationConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
