package dev.overlaysim.protocols.codec;

import static dev.overlaysim.protocols.testing.WireBytes.bytes;
import static dev.overlaysim.protocols.testing.WireBytes.fromHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VxlanHeaderTest {

    @Test
    void vni1IsWhatTheKernelSends() {
        byte[] a = new byte[VxlanHeader.LENGTH];
        new VxlanHeader().wrap(a, 0).set(1);
        byte[] expected = bytes()
                .u8(0x08)      // flags: I (VNI present)
                .hex("00 00 00") // reserved
                .hex("00 00 01") // VNI 1
                .u8(0)         // reserved
                .build();
        assertThat(expected).hasSize(8).isEqualTo(fromHex("08 00 00 00 00 00 01 00"));
        assertThat(a).isEqualTo(expected);

        VxlanHeader d = new VxlanHeader().decode(a, 0, 8);
        assertThat(d.flags()).isEqualTo(0x08);
        assertThat(d.hasVni()).isTrue();
        assertThat(d.flagsValid()).isTrue();
        assertThat(d.vni()).isEqualTo(1);
    }

    @Test
    void largestVni() {
        byte[] a = new byte[10];
        new VxlanHeader().wrap(a, 2).set(0xFF_FFFF);
        assertThat(a).isEqualTo(bytes()
                .u16(0)          // bytes before the header, untouched
                .u8(0x08)        // flags: I
                .hex("00 00 00") // reserved
                .hex("ff ff ff") // VNI 16777215
                .u8(0)           // reserved
                .build());
        assertThat(new VxlanHeader().decode(a, 2, 8).vni()).isEqualTo(0xFF_FFFF);
        assertThatThrownBy(() -> new VxlanHeader().wrap(a, 2).set(0x100_0000))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("VNI out of 24 bits: 16777216");
    }

    @Test
    void flagPolicyIsSeparateFromDecoding() {
        assertThat(new VxlanHeader().decode(fromHex("00 00 00 00 00 00 01 00"), 0, 8).flagsValid()).isFalse();
        assertThat(new VxlanHeader().decode(fromHex("00 00 00 00 00 00 01 00"), 0, 8).hasVni()).isFalse();
        assertThat(new VxlanHeader().decode(fromHex("0c 00 00 00 00 00 01 00"), 0, 8).flagsValid()).isFalse();
        assertThat(new VxlanHeader().decode(fromHex("08 00 00 01 00 00 01 00"), 0, 8).flagsValid()).isFalse();
        assertThat(new VxlanHeader().decode(fromHex("08 00 00 00 00 00 01 01"), 0, 8).flagsValid()).isFalse();
        assertThatThrownBy(() -> new VxlanHeader().decode(new byte[7], 0, 7))
                .isInstanceOf(MalformedPacketException.class)
                .hasMessage("VXLAN header length at offset 0: found 7 bytes (expected: 8+ bytes)");
    }

    @Test
    void overheadIs50Bytes() {
        assertThat(VxlanHeader.OVERHEAD).isEqualTo(50);
        assertThat(VxlanEncapsulation.HEADERS_LENGTH).isEqualTo(36);
    }
}
