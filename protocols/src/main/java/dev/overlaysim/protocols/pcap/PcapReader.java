package dev.overlaysim.protocols.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a classic libpcap file (not pcapng): the 24-byte global header, then records of a 16-byte
 * header and the captured bytes. Both timestamp precisions (magic {@code a1b2c3d4} for
 * microseconds, {@code a1b23c4d} for nanoseconds) and both byte orders (the writer's own, told
 * by how the magic reads) are accepted; timestamps come back in nanoseconds since the epoch.
 * It reads what {@link PcapWriter} writes and what {@code tcpdump -w} writes (the kernel twin's
 * captures), with the writer's header layout.
 */
public final class PcapReader {
    /** Microsecond timestamps: what tcpdump writes unless asked for {@code --time-stamp-precision=nano}. */
    public static final int MAGIC_MICROS = 0xA1B2_C3D4;
    public static final int MAGIC_NANOS = PcapWriter.MAGIC_NANOSECONDS;
    private static final int GLOBAL_HEADER_LENGTH = PcapWriter.GLOBAL_HEADER_LENGTH;
    private static final int RECORD_HEADER_LENGTH = PcapWriter.RECORD_HEADER_LENGTH;

    /** One record: when it was captured (ns since the epoch), the length on the wire and the bytes captured. */
    public record Record(long timeNanos, int originalLength, byte[] bytes) {}

    /** A whole file: its link type (1 Ethernet, 101 raw IP, ...) and records in file order. */
    public record Capture(int linkType, boolean nanosecond, List<Record> records) {}

    /** Thrown for a file that is not a pcap file or ends inside a record. */
    public static final class PcapFormatException extends IOException {
        public PcapFormatException(String message) { super(message); }
    }

    private PcapReader() {}

    public static Capture read(Path file) throws IOException {
        return read(Files.readAllBytes(file), file.toString());
    }

    public static Capture read(byte[] data, String source) throws PcapFormatException {
        if (data.length < GLOBAL_HEADER_LENGTH) {
            throw new PcapFormatException(source + ": " + data.length + " bytes, too short for a pcap header (expected: 24+ bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
        int magic = b.getInt(0);
        boolean nanos;
        if (magic == MAGIC_MICROS || magic == MAGIC_NANOS) {
            nanos = magic == MAGIC_NANOS;
        } else {
            b.order(ByteOrder.LITTLE_ENDIAN);
            magic = b.getInt(0);
            if (magic != MAGIC_MICROS && magic != MAGIC_NANOS) {
                throw new PcapFormatException(String.format("%s: magic 0x%08x is not a classic pcap magic "
                        + "(expected: a1b2c3d4 or a1b23c4d, either byte order; pcapng is not read)", source, b.order(ByteOrder.BIG_ENDIAN).getInt(0)));
            }
            nanos = magic == MAGIC_NANOS;
        }
        int linkType = b.getInt(20) & 0x0FFF_FFFF; // upper bits may carry FCS information
        List<Record> records = new ArrayList<>();
        int off = GLOBAL_HEADER_LENGTH;
        while (off < data.length) {
            if (data.length - off < RECORD_HEADER_LENGTH) {
                throw new PcapFormatException(source + ": record header at offset " + off + " cut short ("
                        + (data.length - off) + " of 16 bytes)");
            }
            long sec = b.getInt(off) & 0xFFFF_FFFFL;
            long frac = b.getInt(off + 4) & 0xFFFF_FFFFL;
            int incl = b.getInt(off + 8);
            int orig = b.getInt(off + 12);
            if (incl < 0 || incl > data.length - off - RECORD_HEADER_LENGTH) {
                throw new PcapFormatException(source + ": record at offset " + off + " claims " + (incl & 0xFFFF_FFFFL)
                        + " captured bytes, " + (data.length - off - RECORD_HEADER_LENGTH) + " left in the file");
            }
            byte[] bytes = new byte[incl];
            System.arraycopy(data, off + RECORD_HEADER_LENGTH, bytes, 0, incl);
            records.add(new Record(sec * 1_000_000_000L + (nanos ? frac : frac * 1_000L), orig, bytes));
            off += RECORD_HEADER_LENGTH + incl;
        }
        return new Capture(linkType, nanos, records);
    }
}
