package dev.overlaysim.protocols.codec;

import static dev.overlaysim.protocols.testing.WireBytes.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import dev.overlaysim.protocols.addr.MacAddress;
import org.junit.jupiter.api.Test;

class EthernetHeaderTest {
    private static final int AT = 3; // write at an odd offset to catch offset mistakes

    @Test
    void encodesFieldByField() {
        byte[] a = new byte[AT + EthernetHeader.LENGTH + 2];
        new EthernetHeader().wrap(a, AT).set(
                MacAddress.parse("5e:f8:4f:00:e3:37").value(), MacAddress.parse("5e:f8:4f:00:0f:00").value(), EthernetHeader.TYPE_IPV4);

        byte[] expected = bytes()
                .hex("5e f8 4f 00 e3 37") // destination MAC
                .hex("5e f8 4f 00 0f 00") // source MAC
                .u16(0x0800)              // EtherType: IPv4
                .build();
        assertThat(expected).hasSize(EthernetHeader.LENGTH).hasSize(14);
        assertThat(Arrays.copyOfRange(a, AT, AT + 14)).isEqualTo(expected);
        assertThat(a[AT - 1]).isZero();
        assertThat(a[AT + 14]).isZero();

        EthernetHeader d = new EthernetHeader().decode(a, AT, 14);
        assertThat(d.offset()).isEqualTo(AT);
        assertThat(MacAddress.toString(d.dst())).isEqualTo("5e:f8:4f:00:e3:37");
        assertThat(MacAddress.toString(d.src())).isEqualTo("5e:f8:4f:00:0f:00");
        assertThat(d.etherType()).isEqualTo(EthernetHeader.TYPE_IPV4);
    }

    @Test
    void arpBroadcastFrameHeader() {
        byte[] a = new byte[14];
        new EthernetHeader().wrap(a, 0).set(MacAddress.MASK, MacAddress.parse("02:42:0a:01:0f:02").value(), EthernetHeader.TYPE_ARP);
        assertThat(a).isEqualTo(bytes()
                .hex("ff ff ff ff ff ff") // destination: broadcast
                .hex("02 42 0a 01 0f 02") // source: Docker MAC of 10.1.15.2
                .u16(0x0806)              // EtherType: ARP
                .build());
    }

    @Test
    void typeNames() {
        assertThat(EthernetHeader.typeName(0x0800)).isEqualTo("IPv4");
        assertThat(EthernetHeader.typeName(0x0806)).isEqualTo("ARP");
        assertThat(EthernetHeader.typeName(0x86dd)).isEqualTo("IPv6");
        assertThat(EthernetHeader.typeName(0x88cc)).isEqualTo("0x88cc");
    }

    @Test
    void shortFrameIsMalformedWithOffsetFoundAndExpected() {
        assertThatThrownBy(() -> new EthernetHeader().decode(new byte[20], 7, 13))
                .isInstanceOf(MalformedPacketException.class)
                .hasMessage("Ethernet header length at offset 7: found 13 bytes (expected: 14+ bytes)")
                .satisfies(e -> {
                    MalformedPacketException m = (MalformedPacketException) e;
                    assertThat(m.offset()).isEqualTo(7);
                    assertThat(m.field()).isEqualTo("Ethernet header length");
                    assertThat(m.found()).isEqualTo("13 bytes");
                    assertThat(m.expected()).isEqualTo("14+ bytes");
                });
    }

    @Test
    void rangeOutsideTheArrayIsMalformed() {
        assertThatThrownBy(() -> new EthernetHeader().decode(new byte[20], 10, 14))
                .isInstanceOf(MalformedPacketException.class)
                .hasMessage("buffer range at offset 10: found offset 10 length 14 in an array of 20 (expected: a range inside the array)");
        assertThatThrownBy(() -> new EthernetHeader().decode(null, 0, 14))
                .isInstanceOf(MalformedPacketException.class)
                .hasMessage("buffer at offset 0: found null (expected: a byte array)");
    }
}
