package dev.overlaysim.protocols.pcap;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import dev.overlaysim.protocols.buffer.PacketBuffer;

/**
 * Writes a classic libpcap file with nanosecond timestamps, what {@code tcpdump --time-stamp-precision=nano -w}
 * writes and Wireshark/tshark read. Every field is little-endian (the magic tells readers the order):
 * <pre>
 * global header (24 bytes)
 *   magic_number   u32  0xa1b23c4d   (nanosecond-resolution pcap; bytes 4d 3c b2 a1)
 *   version_major  u16  2
 *   version_minor  u16  4
 *   thiszone       i32  0            (timestamps are UTC)
 *   sigfigs        u32  0
 *   snaplen        u32  262144       (tcpdump's default)
 *   network        u32  link type    (1 Ethernet, 101 raw IP)
 * record header (16 bytes), then incl_len bytes of packet
 *   ts_sec         u32  simulated seconds
 *   ts_nsec        u32  nanoseconds within the second
 *   incl_len       u32  bytes saved (at most snaplen)
 *   orig_len       u32  bytes on the wire
 * </pre>
 * Timestamps are the simulated clock in nanoseconds since the start of the run (so the file starts
 * at 1970-01-01 00:00:00 UTC). I/O errors surface as {@link UncheckedIOException}.
 */
public final class PcapWriter implements Closeable, Flushable {
    public static final int MAGIC_NANOSECONDS = 0xA1B2_3C4D;
    public static final int VERSION_MAJOR = 2;
    public static final int VERSION_MINOR = 4;
    public static final int DEFAULT_SNAPLEN = 262_144;
    public static final int GLOBAL_HEADER_LENGTH = 24;
    public static final int RECORD_HEADER_LENGTH = 16;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** ts_sec is an unsigned 32-bit field: the last second it can hold (year 2106). */
    private static final long MAX_SECONDS = 0xFFFF_FFFFL;

    private final OutputStream out;
    private final LinkType linkType;
    private final int snaplen;
    private final byte[] header = new byte[GLOBAL_HEADER_LENGTH];
    private long records;

    /** A writer with the default snaplen; writes the global header at once. */
    public PcapWriter(OutputStream out, LinkType linkType) {
        this(out, linkType, DEFAULT_SNAPLEN);
    }

    /** A writer that saves at most {@code snaplen} bytes per packet; writes the global header at once. */
    public PcapWriter(OutputStream out, LinkType linkType, int snaplen) {
        if (out == null || linkType == null) {
            throw new NullPointerException("output stream and link type are required");
        }
        if (snaplen <= 0) {
            throw new IllegalArgumentException("snaplen " + snaplen + " must be positive");
        }
        this.out = out instanceof BufferedOutputStream ? out : new BufferedOutputStream(out, 1 << 16);
        this.linkType = linkType;
        this.snaplen = snaplen;
        putLe32(header, 0, MAGIC_NANOSECONDS);
        putLe16(header, 4, VERSION_MAJOR);
        putLe16(header, 6, VERSION_MINOR);
        putLe32(header, 8, 0);
        putLe32(header, 12, 0);
        putLe32(header, 16, snaplen);
        putLe32(header, 20, linkType.value());
        write(header, 0, GLOBAL_HEADER_LENGTH);
    }

    public LinkType linkType() { return linkType; }
    public int snaplen() { return snaplen; }
    /** How many packet records have been written. */
    public long records() { return records; }

    /**
     * Writes one packet record: a[off, off+len) captured at {@code timeNanos} of simulated time.
     * Packets longer than the snaplen are cut, with orig_len still the full length.
     */
    public void write(long timeNanos, byte[] a, int off, int len) {
        if (timeNanos < 0 || timeNanos / NANOS_PER_SECOND > MAX_SECONDS) {
            throw new IllegalArgumentException("timestamp " + timeNanos + " ns outside 0.." + MAX_SECONDS + " seconds");
        }
        if (off < 0 || len < 0 || off > a.length - len) {
            throw new IndexOutOfBoundsException("range offset " + off + " length " + len + " outside an array of " + a.length);
        }
        int saved = Math.min(len, snaplen);
        putLe32(header, 0, (int) (timeNanos / NANOS_PER_SECOND));
        putLe32(header, 4, (int) (timeNanos % NANOS_PER_SECOND));
        putLe32(header, 8, saved);
        putLe32(header, 12, len);
        write(header, 0, RECORD_HEADER_LENGTH);
        write(a, off, saved);
        records++;
    }

    /** Writes the packet held in {@code packet} (from its current offset). */
    public void write(long timeNanos, PacketBuffer packet) {
        write(timeNanos, packet.array(), packet.offset(), packet.length());
    }

    @Override public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("flushing pcap", e);
        }
    }

    /** Flushes and closes the underlying stream. */
    @Override public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing pcap", e);
        }
    }

    private void write(byte[] a, int off, int len) {
        try {
            out.write(a, off, len);
        } catch (IOException e) {
            throw new UncheckedIOException("writing pcap", e);
        }
    }

    private static void putLe16(byte[] a, int off, int v) {
        a[off] = (byte) v;
        a[off + 1] = (byte) (v >>> 8);
    }

    private static void putLe32(byte[] a, int off, int v) {
        a[off] = (byte) v;
        a[off + 1] = (byte) (v >>> 8);
        a[off + 2] = (byte) (v >>> 16);
        a[off + 3] = (byte) (v >>> 24);
    }
}
