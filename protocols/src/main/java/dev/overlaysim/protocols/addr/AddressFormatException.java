package dev.overlaysim.protocols.addr;

/** A textual address or prefix that does not parse; the message quotes the input and the expected form. */
public final class AddressFormatException extends IllegalArgumentException {
    public AddressFormatException(String what, String input, String expected) {
        super("invalid " + what + " '" + input + "': expected " + expected);
    }
}
