package dev.overlaysim.protocols.codec;

import static dev.overlaysim.protocols.testing.WireBytes.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.testing.RefChecksum;
import org.junit.jupiter.api.Test;

class UdpHeaderTest {
    private static final int SRC = Ipv4Address.parseInt("10.1.15.2");
    private static final int DST = Ipv4Address.parseInt("10.1.16.3");
    private static final byte[] PAYLOAD = "hello overlaysim\n".getBytes(StandardCharsets.US_ASCII); // 17 bytes: odd

    @Test
    void checksumCoversPseudoHeaderHeaderAndData() {
        byte[] a = new byte[8 + PAYLOAD.length];
        System.arraycopy(PAYLOAD, 0, a, 8, PAYLOAD.length);
        UdpHeader h = new UdpHeader().wrap(a, 0).set(40000, 5001, a.length).updateChecksum(SRC, DST);

        byte[] zeroed = bytes().u16(40000).u16(5001).u16(25).u16(0).raw(PAYLOAD).build();
        int checksum = RefChecksum.of(RefChecksum.pseudoHeader("10.1.15.2", "10.1.16.3", 17, 25), zeroed);
        byte[] expected = bytes()
                .u16(40000)    // source port
                .u16(5001)     // destination port
                .u16(25)       // length: header 8 + data 17
                .u16(checksum) // checksum over pseudo-header (src, dst, 0, 17, 25), header and data (odd byte padded)
                .raw(PAYLOAD)  // data
                .build();
        assertThat(Arrays.copyOf(a, 8)).hasSize(UdpHeader.LENGTH);
        assertThat(a).isEqualTo(expected);
        assertThat(checksum).isNotZero();

        UdpHeader d = new UdpHeader().decode(a, 0, a.length);
        assertThat(d.srcPort()).isEqualTo(40000);
        assertThat(d.dstPort()).isEqualTo(5001);
        assertThat(d.length()).isEqualTo(25);
        assertThat(d.checksum()).isEqualTo(checksum);
        assertThat(d.payloadOffset()).isEqualTo(8);
        assertThat(d.payloadLength()).isEqualTo(17);
        assertThat(d.checksumValid(SRC, DST)).isTrue();
        assertThat(d.checksumValid(SRC, DST + 1)).as("another destination breaks the pseudo-header").isFalse();
        assertThat(h.offset()).isZero();
    }

    @Test
    void zeroChecksumMeansNone() {
        byte[] a = new byte[12];
        new UdpHeader().wrap(a, 0).set(40000, 5001, 12);
        assertThat(a).isEqualTo(bytes()
                .u16(40000) // source port
                .u16(5001)  // destination port
                .u16(12)    // length
                .u16(0)     // checksum: none (IPv4 only)
                .u32(0)     // data
                .build());
        assertThat(new UdpHeader().decode(a, 0, 12).checksumValid(SRC, DST)).isTrue();
    }

    @Test
    void aComputedZeroIsSentAsAllOnes() {
        byte[] a = new byte[10];
        UdpHeader h = new UdpHeader().wrap(a, 0).set(40000, 5001, 10).updateChecksum(SRC, DST);
        // make the data word the checksum just computed: the sum becomes 0xffff and the checksum 0
        Bytes.put16(a, 8, h.checksum());
        h.updateChecksum(SRC, DST);
        assertThat(h.checksum()).isEqualTo(0xFFFF);
        assertThat(h.checksumValid(SRC, DST)).isTrue();
    }

    @Test
    void lengthMustFitTheBytesPresent() {
        byte[] a = new byte[12];
        new UdpHeader().wrap(a, 0).set(1, 2, 13);
        assertThatThrownBy(() -> new UdpHeader().decode(a, 0, 12))
                .isInstanceOf(MalformedPacketException.class)
                .hasMessage("UDP length at offset 4: found 13 (expected: 8..12 (header to the bytes present))");
        new UdpHeader().wrap(a, 0).set(1, 2, 7);
        assertThatThrownBy(() -> new UdpHeader().decode(a, 0, 12))
                .hasMessage("UDP length at offset 4: found 7 (expected: 8..12 (header to the bytes present))");
        assertThatThrownBy(() -> new UdpHeader().decode(a, 0, 7))
                .hasMessage("UDP header length at offset 0: found 7 bytes (expected: 8+ bytes)");
    }
}
