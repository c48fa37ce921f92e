package dev.overlaysim.scenarios.load;

import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;

/** "did you mean" suggestions and "expected one of" lists for messages. */
public final class Suggest {

    private static final int MAX_LISTED = 12;

    private Suggest() {
    }

    /**
     * {@code " (did you mean 'x'?)"} for the closest candidate that differs from {@code found} only in
     * case or by at most two edits; the empty string when there is none. Ties go to the earlier one.
     */
    public static String didYouMean(String found, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = candidate.equalsIgnoreCase(found) ? 0
                    : distance(found.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT), 3);
            if (distance <= 2 && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    /** {@code "a, b, c"}; long lists are cut after a dozen entries. */
    public static String list(Collection<String> items) {
        if (items.size() <= MAX_LISTED) {
            return String.join(", ", items);
        }
        return items.stream().limit(MAX_LISTED).collect(Collectors.joining(", "))
                + ", ... (" + items.size() + " in all)";
    }

    /**
     * Levenshtein distance between two strings, giving up (returning {@code limit}) once it is
     * certain to reach {@code limit}; long inputs cost at most O(n * m) with n, m bounded by keys.
     */
    static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) >= limit) {
            return limit;
        }
        if (a.length() > 64 || b.length() > 64) {
            return a.equals(b) ? 0 : limit;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMin = Math.min(rowMin, current[j]);
            }
            if (rowMin >= limit) {
                return limit;
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return Math.min(previous[b.length()], limit);
    }
}
