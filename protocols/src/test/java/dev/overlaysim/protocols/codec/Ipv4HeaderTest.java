package dev.overlaysim.protocols.codec;

import static dev.overlaysim.protocols.testing.WireBytes.bytes;
import static dev.overlaysim.protocols.testing.WireBytes.fromHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import dev.overlaysim.protocols.addr.Ipv4Address;
import org.junit.jupiter.api.Test;

class Ipv4HeaderTest {
    private static int ip(String s) { return Ipv4Address.parseInt(s); }

    @Test
    void knownGoodHeaderChecksum() {
        // The textbook example (Wikipedia "Internet checksum"/"IPv4 header checksum"):
        // 4500+0073+0000+4000+4011+c0a8+0001+c0a8+00c7 = 0x2479c; folded 0x479e; complemented 0xb861.
        byte[] a = new byte[20];
        new Ipv4Header().wrap(a, 0).set(0, 0x73, 0, Ipv4Header.FLAG_DF, 64, Ipv4Header.PROTO_UDP,
                ip("192.168.0.1"), ip("192.168.0.199"));
        assertThat(a).isEqualTo(fromHex("45 00 00 73 00 00 40 00 40 11 b8 61 c0 a8 00 01 c0 a8 00 c7"));
        byte[] datagram = Arrays.copyOf(fromHex("45 00 00 73 00 00 40 00 40 11 b8 61 c0 a8 00 01 c0 a8 00 c7"), 0x73);
        Ipv4Header d = new Ipv4Header().decode(datagram, 0, datagram.length);
        assertThat(d.checksum()).isEqualTo(0xb861);
        assertThat(d.checksumValid()).isTrue();
    }

    @Test
    void encodesTheCapturedInnerHeaderFieldByField() {
        byte[] a = new byte[2 + 20 + 64];
        Ipv4Header h = new Ipv4Header().wrap(a, 2)
                .set(0, 84, 0x1c46, Ipv4Header.FLAG_DF, 63, Ipv4Header.PROTO_ICMP, ip("10.1.15.2"), ip("10.1.16.3"));

        byte[] expected = bytes()
                .u8(0x45)        // version 4, IHL 5 (20 bytes)
                .u8(0x00)        // TOS: DSCP 0, ECN 0
                .u16(84)         // total length: 20 + ICMP 8 + 56 data
                .u16(0x1c46)     // identification
                .u16(0x4000)     // flags DF, fragment offset 0
                .u8(63)          // TTL: 64 less one hop
                .u8(1)           // protocol: ICMP
                .u16(0xec5c)     // checksum: words sum to 0x113a2, fold 0x13a3, complement 0xec5c (by hand)
                .ip("10.1.15.2") // source
                .ip("10.1.16.3") // destination
                .build();
        assertThat(expected).hasSize(Ipv4Header.MIN_LENGTH);
        assertThat(Arrays.copyOfRange(a, 2, 22)).isEqualTo(expected);

        Ipv4Header d = new Ipv4Header().decode(a, 2, 84);
        assertThat(d.version()).isEqualTo(4);
        assertThat(d.headerLength()).isEqualTo(20);
        assertThat(d.tos()).isZero();
        assertThat(d.totalLength()).isEqualTo(84);
        assertThat(d.identification()).isEqualTo(0x1c46);
        assertThat(d.dontFragment()).isTrue();
        assertThat(d.moreFragments()).isFalse();
        assertThat(d.fragmentOffset()).isZero();
        assertThat(d.isFragment()).isFalse();
        assertThat(d.ttl()).isEqualTo(63);
        assertThat(d.protocol()).isEqualTo(Ipv4Header.PROTO_ICMP);
        assertThat(d.checksum()).isEqualTo(0xec5c);
        assertThat(d.checksumValid()).isTrue();
        assertThat(d.src()).isEqualTo(ip("10.1.15.2"));
        assertThat(d.dst()).isEqualTo(ip("10.1.16.3"));
        assertThat(d.payloadOffset()).isEqualTo(22);
        assertThat(d.payloadLength()).isEqualTo(64);
        assertThat(h.offset()).isEqualTo(2);
    }

    @Test
    void optionsAreCoveredByHeaderLengthAndChecksum() {
        byte[] a = new byte[24 + 8];
        Ipv4Header h = new Ipv4Header().wrap(a, 0)
                .set(0, 32, 0x1234, 0, 64, Ipv4Header.PROTO_UDP, ip("10.1.15.2"), ip("10.1.16.3"));
        Bytes.put8(a, 0, 0x46);          // IHL 6
        Bytes.put32(a, 20, 0x9404_0000); // Router Alert (RFC 2113)
        h.updateChecksum();

        assertThat(Arrays.copyOfRange(a, 0, 24)).isEqualTo(bytes()
                .u8(0x46)          // version 4, IHL 6 (24 bytes)
                .u8(0)             // TOS
                .u16(32)           // total length: 24 + 8
                .u16(0x1234)       // identification
                .u16(0x0000)       // no flags, offset 0
                .u8(64)            // TTL
                .u8(17)            // protocol: UDP
                .u16(0xa08e)       // checksum including the option word 9404 0000 (sum 0x15f70, fold 0x5f71, by hand)
                .ip("10.1.15.2")   // source
                .ip("10.1.16.3")   // destination
                .hex("94 04 00 00") // option: Router Alert, length 4, value 0
                .build());
        Ipv4Header d = new Ipv4Header().decode(a, 0, a.length);
        assertThat(d.headerLength()).isEqualTo(24);
        assertThat(d.payloadOffset()).isEqualTo(24);
        assertThat(d.payloadLength()).isEqualTo(8);
        assertThat(d.checksumValid()).isTrue();
    }

    @Test
    void flagsAndFragmentOffset() {
        byte[] a = new byte[20];
        Ipv4Header h = new Ipv4Header().wrap(a, 0)
                .set(0xb8, 20, 0xbeef, Ipv4Header.FLAG_MF | (1480 / 8), 5, Ipv4Header.PROTO_UDP, ip("10.0.0.1"), ip("10.0.0.2"));
        assertThat(Arrays.copyOfRange(a, 0, 8)).isEqualTo(bytes()
                .u8(0x45)   // version 4, IHL 5
                .u8(0xb8)   // TOS: DSCP 46 (EF), ECN 0
                .u16(20)    // total length
                .u16(0xbeef) // identification
                .u16(0x20b9) // flags MF (0x2000), offset 185 units = 1480 bytes
                .build());
        assertThat(h.moreFragments()).isTrue();
        assertThat(h.dontFragment()).isFalse();
        assertThat(h.fragmentOffset()).isEqualTo(1480);
        assertThat(h.isFragment()).isTrue();
        h.flagsAndOffset(Ipv4Header.FLAG_RESERVED | Ipv4Header.FLAG_DF);
        assertThat(Bytes.u16(a, 6)).isEqualTo(0xc000);
        assertThat(h.dontFragment()).isTrue();
        assertThat(h.isFragment()).isFalse();
        h.flagsAndOffset(Ipv4Header.OFFSET_MASK); // last fragment at the largest offset
        assertThat(h.fragmentOffset()).isEqualTo(0x1FFF * 8);
        assertThat(h.isFragment()).isTrue();
    }

    @Test
    void decrementTtlPatchesTheChecksumIncrementally() {
        byte[] a = fromHex("45 00 00 54 1c 46 40 00 40 01 eb 5c 0a 01 0f 02 0a 01 10 03");
        Ipv4Header h = new Ipv4Header().wrap(a, 0);
        assertThat(h.checksumValid()).isTrue();
        h.decrementTtl();
        assertThat(h.ttl()).isEqualTo(63);
        assertThat(h.checksum()).isEqualTo(0xec5c); // TTL/protocol word 4001 -> 3f01: checksum + 0x0100
        assertThat(h.checksumValid()).isTrue();
    }

    @Test
    void malformedHeadersSayWhatAndWhere() {
        byte[] good = fromHex("45 00 00 14 00 00 00 00 40 11 00 00 0a 00 00 01 0a 00 00 02");
        assertThatThrownBy(() -> new Ipv4Header().decode(good, 0, 19))
                .isInstanceOf(MalformedPacketException.class)
                .hasMessage("IPv4 header length at offset 0: found 19 bytes (expected: 20+ bytes)");
        byte[] v6 = good.clone();
        v6[0] = 0x65;
        assertThatThrownBy(() -> new Ipv4Header().decode(v6, 0, 20))
                .hasMessage("IPv4 version at offset 0: found 6 (expected: 4)");
        byte[] ihl4 = good.clone();
        ihl4[0] = 0x44;
        assertThatThrownBy(() -> new Ipv4Header().decode(ihl4, 0, 20))
                .hasMessage("IPv4 IHL at offset 0: found 4 (expected: 5..15 (20..60 bytes))");
        byte[] ihl6 = good.clone();
        ihl6[0] = 0x46;
        assertThatThrownBy(() -> new Ipv4Header().decode(ihl6, 0, 20))
                .hasMessage("IPv4 header with options length at offset 0: found 20 bytes (expected: 24+ bytes)");
        byte[] shortTotal = good.clone();
        shortTotal[3] = 19;
        assertThatThrownBy(() -> new Ipv4Header().decode(shortTotal, 0, 20))
                .hasMessage("IPv4 total length at offset 2: found 19 (expected: 20+ (the header length))");
        byte[] longTotal = good.clone();
        longTotal[3] = 21;
        assertThatThrownBy(() -> new Ipv4Header().decode(longTotal, 0, 20))
                .hasMessage("IPv4 total length at offset 2: found 21 (only 20 bytes present) (expected: at most the bytes present)");
    }
}
