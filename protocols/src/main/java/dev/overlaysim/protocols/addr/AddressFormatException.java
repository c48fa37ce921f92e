package dev.overlaysim.protocols.addr;

import java.util.Optional;

/**
 * A textual address or prefix that does not parse; the message quotes the input and the expected
 * form. The parts are kept apart, so that a caller with its own wording (the scenario loader, which
 * adds the file, line and column) need not take the message apart again.
 */
public final class AddressFormatException extends IllegalArgumentException {
    private final String what;
    private final String input;
    private final String expected;
    private final String meant;

    public AddressFormatException(String what, String input, String expected) {
        this(what, input, expected, null);
    }

    /**
     * @param meant the well-formed text the input most likely meant (a prefix with its host bits
     *              cleared), or {@code null} when there is none
     */
    public AddressFormatException(String what, String input, String expected, String meant) {
        super("invalid " + what + " '" + input + "': expected " + expected);
        this.what = what;
        this.input = input;
        this.expected = expected;
        this.meant = meant;
    }

    /** What was being parsed: {@code IPv4 address}, {@code IPv4 prefix}, {@code MAC address}. */
    public String what() { return what; }

    /** The text as given ({@code "null"} for none). */
    public String input() { return input; }

    /** What the parser expected instead, as the message says it. */
    public String expected() { return expected; }

    /** The well-formed text the input most likely meant, e.g. {@code 10.1.16.0/24} for {@code 10.1.16.1/24}. */
    public Optional<String> meant() { return Optional.ofNullable(meant); }
}
