package dev.overlaysim.protocols.codec;

/**
 * The one exception every decoder in this module throws on bad input: it says where (the byte
 * offset into the buffer), which field, what was found and what was expected. Decoders never leak
 * {@code IndexOutOfBoundsException} and never return a partial parse.
 */
public final class MalformedPacketException extends RuntimeException {
    private final int offset;
    private final String field;
    private final String found;
    private final String expected;

    public MalformedPacketException(int offset, String field, String found, String expected) {
        super(field + " at offset " + offset + ": found " + found + " (expected: " + expected + ")");
        this.offset = offset;
        this.field = field;
        this.found = found;
        this.expected = expected;
    }

    public int offset() { return offset; }
    public String field() { return field; }
    public String found() { return found; }
    public String expected() { return expected; }

    /** Throws unless {@code available >= needed}: the common "too short" check. */
    static void requireLength(String header, int offset, int available, int needed) {
        if (available < needed) {
            throw new MalformedPacketException(offset, header + " length",
                    available + " bytes", needed + "+ bytes");
        }
    }

    /** Throws unless the range [offset, offset+length) lies inside the array. */
    static void requireRange(byte[] array, int offset, int length) {
        if (array == null) {
            throw new MalformedPacketException(offset, "buffer", "null", "a byte array");
        }
        if (offset < 0 || length < 0 || offset > array.length || array.length - offset < length) {
            throw new MalformedPacketException(offset, "buffer range",
                    "offset " + offset + " length " + length + " in an array of " + array.length,
                    "a range inside the array");
        }
    }
}
