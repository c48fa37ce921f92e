package dev.overlaysim.engine;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations, kept as the simulator keeps time: a {@code long} of nanoseconds. The one place that
 * reads and writes them: {@link #format} the way people read them (1.5 ms, 850 µs, 200 ns),
 * {@link #timestamp} the way logs print simulated time, and {@link #parse}/{@link #formatExact} the
 * way scenarios and the command line write them ({@code 300ns}, {@code 10us}, {@code 1.5ms},
 * {@code 2s}, {@code 0}).
 */
public final class Durations {
    private Durations() {}

    private static final Pattern SYNTAX = Pattern.compile("(-?)([0-9]+)(?:\\.([0-9]+))?([a-zA-Zµ]*)");

    public static final long MICROS = 1_000L;
    public static final long MILLIS = 1_000_000L;
    public static final long SECONDS = 1_000_000_000L;

    public static String format(long nanos) {
        if (nanos == 0) return "0";
        long abs = Math.abs(nanos);
        // Choose the unit after rounding to 3 decimals, so 999,999,999 ns is "1 s", not "1000 ms".
        if (abs >= SECONDS - MICROS / 2) return trim(nanos / (double) SECONDS) + " s";
        if (abs >= MILLIS) return trim(nanos / (double) MILLIS) + " ms";
        if (abs >= MICROS) return trim(nanos / (double) MICROS) + " µs";
        return nanos + " ns";
    }

    /** Simulated time as seconds with nanosecond precision, e.g. {@code 1.000012345}. */
    public static String timestamp(long nanos) {
        if (nanos < 0) return (nanos / SECONDS) + "." + String.format("%09d", nanos % SECONDS);
        // Zero-padded by hand: String.format costs a parse of the pattern per call, and logs call this a lot.
        StringBuilder sb = new StringBuilder(21).append(nanos / SECONDS).append('.');
        String frac = Long.toString(nanos % SECONDS);
        for (int i = frac.length(); i < 9; i++) sb.append('0');
        return sb.append(frac).toString();
    }

    private static String trim(double v) {
        String s = String.format(java.util.Locale.ROOT, "%.3f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * Parses a duration exactly into nanoseconds. A bare {@code 0} needs no unit.
     *
     * @throws IllegalArgumentException for bad syntax, an unknown unit, a negative value, a value
     *                                  that is not a whole number of nanoseconds, or an overflow
     */
    public static long parse(String text) {
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
            case "us", "µs" -> MICROS;
            case "ms" -> MILLIS;
            case "s" -> SECONDS;
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
                    + formatExact(Long.MAX_VALUE));
        }
        return whole.longValueExact();
    }

    /**
     * Formats nanoseconds as a scenario writes them, with the largest unit that keeps the value
     * exact: {@code 1500000} → {@code 1500us}; {@link #parse} reads it back.
     */
    public static String formatExact(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        if (nanos % SECONDS == 0) {
            return nanos / SECONDS + "s";
        }
        if (nanos % MILLIS == 0) {
            return nanos / MILLIS + "ms";
        }
        if (nanos % MICROS == 0) {
            return nanos / MICROS + "us";
        }
        return nanos + "ns";
    }
}
