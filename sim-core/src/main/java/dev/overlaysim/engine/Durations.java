package dev.overlaysim.engine;

/** Formats nanosecond durations the way people read them: 1.5 ms, 850 µs, 200 ns. */
public final class Durations {
    private Durations() {}

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
}
