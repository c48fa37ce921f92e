package dev.overlaysim.protocols.codec;

import static dev.overlaysim.protocols.testing.WireBytes.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import dev.overlaysim.protocols.buffer.PacketBuffer;
import dev.overlaysim.protocols.testing.Frames;
import dev.overlaysim.protocols.testing.RefChecksum;
import org.junit.jupiter.api.Test;

class IcmpMessageTest {

    private static byte[] echo(int type) {
        byte[] payload = Frames.pingPayload();
        byte[] a = new byte[8 + payload.length];
        System.arraycopy(payload, 0, a, 8, payload.length);
        new IcmpMessage().wrap(a, 0, a.length).setEcho(type, 0x0d3c, 1);
        return a;
    }

    @Test
    void echoRequestFieldByField() {
        byte[] a = echo(IcmpMessage.TYPE_ECHO_REQUEST);
        byte[] expected = bytes()
                .u8(8)                   // type: echo request
                .u8(0)                   // code
                .u16(0x95b7)             // checksum over the whole message
                .u16(0x0d3c)             // identifier (ping's pid)
                .u16(1)                  // sequence number
                .hex("00 f1 53 65 00 00 00 00") // tv_sec 1700000000, little-endian
                .hex("40 e2 01 00 00 00 00 00") // tv_usec 123456, little-endian
                .hex("10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f") // iputils fill: 0x10, 0x11, ...
                .hex("20 21 22 23 24 25 26 27 28 29 2a 2b 2c 2d 2e 2f")
                .hex("30 31 32 33 34 35 36 37")
                .build();
        assertThat(expected).hasSize(64);
        assertThat(a).isEqualTo(expected);
        // the checksum independently: over the message with a zero checksum field
        byte[] zeroed = a.clone();
        zeroed[2] = 0;
        zeroed[3] = 0;
        assertThat(RefChecksum.of(zeroed)).isEqualTo(0x95b7);

        IcmpMessage d = new IcmpMessage().decode(a, 0, a.length);
        assertThat(d.type()).isEqualTo(IcmpMessage.TYPE_ECHO_REQUEST);
        assertThat(d.code()).isZero();
        assertThat(d.identifier()).isEqualTo(0x0d3c);
        assertThat(d.sequence()).isEqualTo(1);
        assertThat(d.checksumValid()).isTrue();
        assertThat(d.isError()).isFalse();
        assertThat(d.dataOffset()).isEqualTo(8);
        assertThat(d.dataLength()).isEqualTo(56);
        assertThat(IcmpMessage.describe(d.type(), d.code())).isEqualTo("Echo (ping) request");
    }

    @Test
    void echoReplyDiffersOnlyInTypeAndChecksum() {
        byte[] a = echo(IcmpMessage.TYPE_ECHO_REPLY);
        byte[] request = echo(IcmpMessage.TYPE_ECHO_REQUEST);
        assertThat(Arrays.copyOfRange(a, 0, 8)).isEqualTo(bytes()
                .u8(0)       // type: echo reply
                .u8(0)       // code
                .u16(0x9db7) // checksum: type word 0800 -> 0000 raises it by 0x0800
                .u16(0x0d3c) // identifier
                .u16(1)      // sequence
                .build());
        assertThat(Arrays.copyOfRange(a, 8, 64)).isEqualTo(Arrays.copyOfRange(request, 8, 64));
        IcmpMessage d = new IcmpMessage().decode(a, 0, a.length);
        assertThat(d.checksumValid()).isTrue();
        assertThat(IcmpMessage.describe(d.type(), d.code())).isEqualTo("Echo (ping) reply");
    }

    @Test
    void fragNeededQuotesHeaderPlus8WithNextHopMtu() {
        PacketBuffer offending = Frames.bigUdp();
        byte[] off = offending.toByteArray();
        assertThat(IcmpMessage.quoteLength(20, 1500)).isEqualTo(28);
        byte[] frame = Frames.fragNeeded();
        assertThat(frame).hasSize(14 + 20 + 8 + 28);
        byte[] icmp = Arrays.copyOfRange(frame, 34, frame.length);

        byte[] zeroed = bytes().u8(3).u8(4).u16(0).u16(0).u16(1450).raw(Arrays.copyOf(off, 28)).build();
        int checksum = RefChecksum.of(zeroed);
        byte[] expected = bytes()
                .u8(3)                      // type: destination unreachable
                .u8(4)                      // code: fragmentation needed and DF set
                .u16(checksum)              // checksum over the whole message
                .u16(0)                     // unused
                .u16(1450)                  // next-hop MTU (RFC 1191)
                .raw(Arrays.copyOf(off, 20)) // the offending IPv4 header (DF, 1500 bytes)
                .raw(Arrays.copyOfRange(off, 20, 28)) // its first 8 payload bytes: the UDP header
                .build();
        assertThat(expected).hasSize(36);
        assertThat(icmp).isEqualTo(expected);
        assertThat(checksum).isEqualTo(0x7f9f);

        IcmpMessage d = new IcmpMessage().decode(icmp, 0, icmp.length);
        assertThat(d.type()).isEqualTo(IcmpMessage.TYPE_DEST_UNREACHABLE);
        assertThat(d.code()).isEqualTo(IcmpMessage.CODE_FRAG_NEEDED);
        assertThat(d.nextHopMtu()).isEqualTo(1450);
        assertThat(d.isError()).isTrue();
        assertThat(d.checksumValid()).isTrue();
        assertThat(d.dataLength()).isEqualTo(28);
        Ipv4Header quoted = new Ipv4Header().wrap(icmp, d.dataOffset());
        assertThat(quoted.totalLength()).isEqualTo(1500);
        assertThat(quoted.dontFragment()).isTrue();
        assertThat(new UdpHeader().wrap(icmp, d.dataOffset() + 20).dstPort()).isEqualTo(5001);
        assertThat(IcmpMessage.describe(3, 4)).isEqualTo("Destination unreachable (Fragmentation needed)");
    }

    @Test
    void timeExceededQuotesTheExpiredEchoRequest() {
        byte[] frame = Frames.timeExceeded();
        byte[] icmp = Arrays.copyOfRange(frame, 34, frame.length);
        PacketBuffer expired = Frames.echoIp(IcmpMessage.TYPE_ECHO_REQUEST, Frames.CONTAINER_A_IP, Frames.CONTAINER_B_IP, 1, 7);
        byte[] quote = Arrays.copyOfRange(expired.array(), expired.offset(), expired.offset() + 28);
        int checksum = RefChecksum.of(bytes().u8(11).u8(0).u16(0).u32(0).raw(quote).build());
        assertThat(icmp).isEqualTo(bytes()
                .u8(11)        // type: time exceeded
                .u8(0)         // code: TTL exceeded in transit
                .u16(checksum) // checksum
                .u32(0)        // unused
                .raw(quote)    // IPv4 header of the expired packet (TTL 1) + ICMP echo header
                .build());
        IcmpMessage d = new IcmpMessage().decode(icmp, 0, icmp.length);
        assertThat(d.checksumValid()).isTrue();
        assertThat(d.isError()).isTrue();
        assertThat(new Ipv4Header().wrap(icmp, 8).ttl()).isEqualTo(1);
        assertThat(IcmpMessage.describe(11, 0)).isEqualTo("Time-to-live exceeded");
    }

    @Test
    void shortMessageIsMalformed() {
        assertThatThrownBy(() -> new IcmpMessage().decode(new byte[7], 0, 7))
                .isInstanceOf(MalformedPacketException.class)
                .hasMessage("ICMP message length at offset 0: found 7 bytes (expected: 8+ bytes)");
    }
}
