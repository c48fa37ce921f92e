package dev.overlaysim.protocols.pcap;

import static dev.overlaysim.protocols.testing.WireBytes.fromHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class PcapWriterTest {

    @Test
    void globalHeaderAndRecordAreLittleEndianNanosecondPcap() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] packet = {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 0x01};
        try (PcapWriter w = new PcapWriter(out, LinkType.ETHERNET)) {
            w.write(3_000_000_123L, new byte[] {9, 9, (byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 0x01, 9}, 2, 5);
            assertThat(w.records()).isEqualTo(1);
        }
        byte[] expected = concat(
                fromHex("4d 3c b2 a1"),   // magic 0xa1b23c4d: nanosecond timestamps, little-endian
                fromHex("02 00"),         // version major 2
                fromHex("04 00"),         // version minor 4
                fromHex("00 00 00 00"),   // thiszone: UTC
                fromHex("00 00 00 00"),   // sigfigs
                fromHex("00 00 04 00"),   // snaplen 262144
                fromHex("01 00 00 00"),   // network: LINKTYPE_ETHERNET
                fromHex("03 00 00 00"),   // ts_sec 3
                fromHex("7b 00 00 00"),   // ts_nsec 123
                fromHex("05 00 00 00"),   // incl_len 5
                fromHex("05 00 00 00"),   // orig_len 5
                packet);
        assertThat(out.toByteArray()).isEqualTo(expected);
        assertThat(out.size()).isEqualTo(PcapWriter.GLOBAL_HEADER_LENGTH + PcapWriter.RECORD_HEADER_LENGTH + 5);
    }

    @Test
    void rawLinkTypeAndSnaplenCut() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(out, LinkType.RAW, 4)) {
            w.write(0, new byte[10], 0, 10);
        }
        byte[] b = out.toByteArray();
        assertThat(Arrays.copyOfRange(b, 16, 24)).isEqualTo(fromHex("04 00 00 00 65 00 00 00")); // snaplen 4, network 101
        assertThat(Arrays.copyOfRange(b, 32, 40)).isEqualTo(fromHex("04 00 00 00 0a 00 00 00")); // incl_len 4, orig_len 10
        assertThat(b).hasSize(24 + 16 + 4);
        assertThat(LinkType.of(101)).isEqualTo(LinkType.RAW);
        assertThat(LinkType.ETHERNET.value()).isEqualTo(1);
        assertThatThrownBy(() -> LinkType.of(113)).hasMessage("unsupported pcap link type 113 (expected: 1 (ETHERNET) or 101 (RAW))");
    }

    @Test
    void rejectsTimesAPcapCannotHold() {
        PcapWriter w = new PcapWriter(new ByteArrayOutputStream(), LinkType.ETHERNET);
        assertThatThrownBy(() -> w.write(-1, new byte[1], 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.write((1L << 32) * 1_000_000_000L, new byte[1], 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.write(0, new byte[1], 1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void ioErrorsAreUnchecked() {
        OutputStream broken = new OutputStream() {
            @Override public void write(int b) throws IOException { throw new IOException("disk full"); }
            @Override public void write(byte[] b, int off, int len) throws IOException { throw new IOException("disk full"); }
        };
        PcapWriter w = new PcapWriter(broken, LinkType.ETHERNET); // header sits in the writer's buffer
        assertThatThrownBy(w::flush).isInstanceOf(UncheckedIOException.class).hasMessage("flushing pcap").hasRootCauseMessage("disk full");
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }
}
