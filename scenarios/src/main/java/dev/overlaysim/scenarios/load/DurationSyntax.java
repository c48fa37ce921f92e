package dev.overlaysim.scenarios.load;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as scenarios write them ({@code 300ns}, {@code 10us}, {@code 1.5ms}, {@code 2s},
 * {@code 0}) and as the simulator keeps them: a {@code long} of nanoseconds.
 */
public final class DurationSyntax {

    private static final Pattern SYNTAX = Pattern.compile("(-?)([0-9]+)(?:\\.([0-9]+))?([a-zA-Zµ]*)");

    private DurationSyntax() {
    }

    /**
     * Parses a duration exactly into nanoseconds. A bare {@code 0} needs no unit.
     *
     * @throws IllegalArgumentException for bad syntax, an unknown unit, a negative value, a value
     *                                  that is not a whole number of nanoseconds, or an overflow
     */
    public static long parseNanos(String text) {
        Matcher m = text == null ? null : SYNTAX.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException(
                    "expected a duration like 10us (units: ns, us, ms, s), found '" + text + "'");
        }
        if (!m.group(1).isEmpty()) {
            throw new IllegalArgumentException("expected a duration of zero or more, found '" + text + "'");
        }
        String unit = m.group(4);
        BigDecimal number = new BigDecimal(m.group(2) + (m.group(3) == null ? "" : "." + m.group(3)));
        if (unit.isEmpty()) {
            if (number.signum() == 0) {
                return 0;
            }
            throw new IllegalArgumentException(
                    "duration '" + text + "' has no unit; expected one of: ns, us, ms, s (like " + text + "ms)");
        }
        long factor = switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            default -> throw new IllegalArgumentException("unknown unit '" + unit + "' in duration '" + text
                    + "'; expected one of: ns, us, ms, s");
        };
        BigDecimal nanos = number.multiply(BigDecimal.valueOf(factor));
        BigInteger whole;
        try {
            whole = nanos.toBigIntegerExact();
        } catch (ArithmeticException notWhole) {
            throw new IllegalArgumentException(
                    "duration '" + text + "' is not a whole number of nanoseconds", notWhole);
        }
        if (whole.bitLength() > 63) {
            throw new IllegalArgumentException("duration '" + text + "' is too long; the limit is "
                    + format(Long.MAX_VALUE));
        }
        return whole.longValueExact();
    }

    /** Formats nanoseconds with the largest unit that keeps the value exact: {@code 1500000} → {@code 1500us}. */
    public static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        if (nanos % 1_000L == 0) {
            return nanos / 1_000L + "us";
        }
        return nanos + "ns";
    }
}
