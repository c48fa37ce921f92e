package dev.overlaysim.protocols.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

class PcapReaderTest {

    @Test
    void pcapReaderReadsNanosecondAndMicrosecondFilesInBothByteOrders() throws Exception {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(o, LinkType.ETHERNET)) {
            w.write(1_500_000_123L, new byte[] {1, 2, 3}, 0, 3);
        }
        PcapReader.Capture c = PcapReader.read(o.toByteArray(), "ns");
        assertThat(c.nanosecond()).isTrue();
        assertThat(c.linkType()).isEqualTo(1);
        assertThat(c.records()).singleElement().satisfies(rec -> {
            assertThat(rec.timeNanos()).isEqualTo(1_500_000_123L);
            assertThat(rec.bytes()).containsExactly(1, 2, 3);
        });
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            ByteBuffer b = ByteBuffer.allocate(24 + 16 + 2).order(order);
            b.putInt(PcapReader.MAGIC_MICROS).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(101);
            b.putInt(7).putInt(250).putInt(2).putInt(2).put((byte) 0x45).put((byte) 0);
            PcapReader.Capture m = PcapReader.read(b.array(), order.toString());
            assertThat(m.nanosecond()).isFalse();
            assertThat(m.linkType()).isEqualTo(101);
            assertThat(m.records().get(0).timeNanos()).isEqualTo(7_000_250_000L);
        }
        assertThatThrownBy(() -> PcapReader.read(new byte[30], "zeros")).hasMessageContaining("magic 0x00000000");
        byte[] cut = java.util.Arrays.copyOf(o.toByteArray(), 24 + 10);
        assertThatThrownBy(() -> PcapReader.read(cut, "cut")).hasMessageContaining("cut short");
    }

    @Test
    void readsBackEveryRecordTheWriterWrote() throws Exception {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(o, LinkType.ETHERNET, 4)) {
            w.write(0, new byte[] {1, 2, 3, 4, 5, 6}, 0, 6);   // cut to the snaplen: 4 of 6 bytes kept
            w.write(2_000_000_001L, new byte[] {7}, 0, 1);
        }
        PcapReader.Capture c = PcapReader.read(o.toByteArray(), "w");
        assertThat(c.records()).hasSize(2);
        assertThat(c.records().get(0).bytes()).containsExactly(1, 2, 3, 4);
        assertThat(c.records().get(0).originalLength()).isEqualTo(6);
        assertThat(c.records().get(1).timeNanos()).isEqualTo(2_000_000_001L);
        assertThat(c.records().get(1).bytes()).containsExactly(7);
    }
}
