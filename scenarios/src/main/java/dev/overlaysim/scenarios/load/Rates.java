package dev.overlaysim.scenarios.load;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scenario format's packet-rate syntax, {@code 500pps}, {@code 50kpps}, {@code 1.5Mpps} or
 * {@code max}, in one place: the loader reads {@code rate:} and {@code compare.rates} with it, and
 * the command line ({@code twin --rates}) reads its lists with it, so both accept and refuse the
 * same texts with the same messages.
 */
public final class Rates {
    private static final Pattern RATE = Pattern.compile("([0-9]{1,12}(?:\\.[0-9]{1,9})?)([A-Za-z]*)");
    private static final List<String> UNITS = List.of("pps", "kpps", "Mpps");

    /** The most packets per second a rate may say: 100 M, far beyond what any host sends. */
    public static final double MAX_PPS = 100_000_000;

    private Rates() {}

    /**
     * Datagrams per second for {@code text}; positive infinity for {@code max}.
     *
     * @param found how to name the text in a message when it is not a rate at all (the loader says
     *              where it is in the file)
     * @throws IllegalArgumentException saying what was found and what is expected
     */
    public static double packetsPerSecond(String text, String found) {
        if (text.equals("max")) return Double.POSITIVE_INFINITY;
        Matcher m = RATE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a rate like 50kpps (units: pps, kpps, Mpps) or max, found " + found);
        }
        double factor = switch (m.group(2)) {
            case "pps" -> 1;
            case "kpps" -> 1e3;
            case "Mpps" -> 1e6;
            default -> throw new IllegalArgumentException("unknown unit '" + m.group(2) + "' in rate '" + text + "'"
                    + Suggest.didYouMean(m.group(2), UNITS) + "; expected one of: pps, kpps, Mpps (or the word max)");
        };
        double pps = Double.parseDouble(m.group(1)) * factor;
        if (!(pps > 0)) {
            throw new IllegalArgumentException("expected a rate of more than 0pps, found '" + text + "'");
        }
        if (pps > MAX_PPS) {
            throw new IllegalArgumentException("expected a rate of at most 100Mpps, found '" + text + "'");
        }
        return pps;
    }
}
