package dev.overlaysim.flannel.subnet;

/** A subnet lease key or lease value (LeaseAttrs JSON) that does not parse; quotes the input. */
public final class LeaseFormatException extends IllegalArgumentException {
    public LeaseFormatException(String what, String input, String problem) {
        super("invalid " + what + " '" + input + "': " + problem);
    }
}
