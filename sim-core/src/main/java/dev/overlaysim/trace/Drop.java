package dev.overlaysim.trace;

import java.util.Objects;

/**
 * Where and why packets of a flow were dropped: the reason (the kernel's SKB_DROP_REASON_* or the
 * component's) and the place, {@code host} or {@code host/device}, as the counters that rose there
 * would say. A flow counts its drops per {@code Drop}; its text, {@code reason at place}
 * ({@code tun-queue-full at node1/flannel0}), is the key of the JSON result and of the reports.
 * Ordered as that text sorts, so reports list drops the same way whatever holds them.
 */
public record Drop(DropReason reason, String place) implements Comparable<Drop> {
    private static final String AT = " at ";

    public Drop {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(place, "place");
    }

    /**
     * Parses {@code reason at place}, the text {@link #toString()} writes (a merged sweep reads it back).
     *
     * @throws IllegalArgumentException naming what was wrong: no {@code " at "}, or an unknown reason
     */
    public static Drop parse(String text) {
        int at = text.indexOf(AT);
        if (at < 0) throw new IllegalArgumentException("expected 'reason at place', like 'tun-queue-full at node1/flannel0', found '" + text + "'");
        DropReason reason = DropReason.byId(text.substring(0, at));
        if (reason == null) throw new IllegalArgumentException("unknown drop reason '" + text.substring(0, at) + "' in '" + text + "'");
        return new Drop(reason, text.substring(at + AT.length()));
    }

    /** True when this is the place {@code host/device}, or {@code host} itself when {@code device} is empty. */
    public boolean isAt(String host, String device) {
        return device.isEmpty() ? place.equals(host) : place.length() == host.length() + 1 + device.length()
                && place.startsWith(host) && place.charAt(host.length()) == '/' && place.endsWith(device);
    }

    /** {@code reason at place}. */
    @Override
    public String toString() { return reason.id() + AT + place; }

    // The text's order: ids first (' ' sorts before every character of an id), then places.
    @Override
    public int compareTo(Drop o) {
        int c = reason.id().compareTo(o.reason.id());
        return c != 0 ? c : place.compareTo(o.place);
    }
}
