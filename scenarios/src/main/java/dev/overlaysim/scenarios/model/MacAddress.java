package dev.overlaysim.scenarios.model;

import java.util.Locale;

/**
 * A 48-bit Ethernet MAC address in lowercase, colon-separated form, e.g. {@code 5e:f8:4f:00:0f:00}.
 *
 * @param text six two-digit lowercase hex groups separated by colons
 */
public record MacAddress(String text) {

    public MacAddress {
        if (text == null || !text.matches("[0-9a-f]{2}(:[0-9a-f]{2}){5}")) {
            throw new IllegalArgumentException(
                    "expected a MAC address like 5e:f8:4f:00:0f:00, found '" + text + "'");
        }
    }

    /**
     * Parses six colon-separated hex pairs in either case and stores them lowercase.
     *
     * @throws IllegalArgumentException with a message saying what was expected
     */
    public static MacAddress parse(String text) {
        if (text == null || !text.matches("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}")) {
            throw new IllegalArgumentException(
                    "expected a MAC address like 5e:f8:4f:00:0f:00, found '" + text + "'");
        }
        return new MacAddress(text.toLowerCase(Locale.ROOT));
    }

    /** The first octet. */
    public int firstOctet() {
        return Integer.parseInt(text.substring(0, 2), 16);
    }

    /** True for a group (multicast or broadcast) address: the I/G bit of the first octet is set. */
    public boolean isMulticast() {
        return (firstOctet() & 0x01) != 0;
    }

    /** True for 00:00:00:00:00:00. */
    public boolean isZero() {
        return "00:00:00:00:00:00".equals(text);
    }

    @Override
    public String toString() {
        return text;
    }
}
