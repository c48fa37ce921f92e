package dev.overlaysim.protocols.codec;

import static dev.overlaysim.protocols.testing.WireBytes.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.MacAddress;
import dev.overlaysim.protocols.testing.Frames;
import org.junit.jupiter.api.Test;

class ArpPacketTest {
    private static final long A_MAC = MacAddress.parse("02:42:0a:01:0f:02").value();
    private static final long GW_MAC = MacAddress.parse("0a:58:0a:01:0f:01").value();
    private static final int A_IP = Ipv4Address.parseInt("10.1.15.2");
    private static final int GW_IP = Ipv4Address.parseInt("10.1.15.1");

    @Test
    void encodesARequestFieldByField() {
        byte[] a = new byte[1 + ArpPacket.LENGTH];
        new ArpPacket().wrap(a, 1).set(ArpPacket.OP_REQUEST, A_MAC, A_IP, 0, GW_IP);

        byte[] expected = bytes()
                .u16(1)                   // hardware type: Ethernet
                .u16(0x0800)              // protocol type: IPv4
                .u8(6)                    // hardware address length
                .u8(4)                    // protocol address length
                .u16(1)                   // operation: request
                .hex("02 42 0a 01 0f 02") // sender MAC
                .hex("0a 01 0f 02")       // sender IP 10.1.15.2
                .hex("00 00 00 00 00 00") // target MAC: unknown, zero as Linux sends it
                .hex("0a 01 0f 01")       // target IP 10.1.15.1
                .build();
        assertThat(expected).hasSize(ArpPacket.LENGTH).hasSize(28);
        assertThat(Arrays.copyOfRange(a, 1, 29)).isEqualTo(expected);

        ArpPacket d = new ArpPacket().decode(a, 1, 28);
        assertThat(d.hardwareType()).isEqualTo(1);
        assertThat(d.protocolType()).isEqualTo(0x0800);
        assertThat(d.operation()).isEqualTo(ArpPacket.OP_REQUEST);
        assertThat(d.senderMac()).isEqualTo(A_MAC);
        assertThat(d.senderIp()).isEqualTo(A_IP);
        assertThat(d.targetMac()).isZero();
        assertThat(d.targetIp()).isEqualTo(GW_IP);
    }

    @Test
    void encodesAReplyFieldByField() {
        byte[] a = new byte[ArpPacket.LENGTH];
        new ArpPacket().wrap(a, 0).set(ArpPacket.OP_REPLY, GW_MAC, GW_IP, A_MAC, A_IP);

        assertThat(a).isEqualTo(bytes()
                .u16(1)                   // hardware type: Ethernet
                .u16(0x0800)              // protocol type: IPv4
                .u8(6)                    // hardware address length
                .u8(4)                    // protocol address length
                .u16(2)                   // operation: reply
                .hex("0a 58 0a 01 0f 01") // sender MAC: the answer
                .hex("0a 01 0f 01")       // sender IP 10.1.15.1
                .hex("02 42 0a 01 0f 02") // target MAC: the asker
                .hex("0a 01 0f 02")       // target IP 10.1.15.2
                .build());

        ArpPacket d = new ArpPacket().decode(a, 0, a.length);
        assertThat(d.operation()).isEqualTo(ArpPacket.OP_REPLY);
        assertThat(d.senderMac()).isEqualTo(GW_MAC);
        assertThat(d.senderIp()).isEqualTo(GW_IP);
        assertThat(d.targetMac()).isEqualTo(A_MAC);
        assertThat(d.targetIp()).isEqualTo(A_IP);
    }

    @Test
    void onAVethTheFrameIs42BytesUnpadded() {
        assertThat(Frames.arpRequest()).hasSize(42);
        assertThat(Frames.arpReply()).hasSize(42);
    }

    @Test
    void rejectsWhatIsNotEthernetIpv4RequestOrReply() {
        byte[] a = new byte[28];
        new ArpPacket().wrap(a, 0).set(ArpPacket.OP_REQUEST, A_MAC, A_IP, 0, GW_IP);
        assertThatThrownBy(() -> new ArpPacket().decode(a, 0, 27))
                .isInstanceOf(MalformedPacketException.class)
                .hasMessage("ARP packet length at offset 0: found 27 bytes (expected: 28+ bytes)");
        byte[] op3 = a.clone();
        op3[7] = 3;
        assertThatThrownBy(() -> new ArpPacket().decode(op3, 0, 28))
                .hasMessage("ARP operation at offset 6: found 3 (expected: 1 (request) or 2 (reply))");
        byte[] hw6 = a.clone();
        hw6[1] = 6;
        assertThatThrownBy(() -> new ArpPacket().decode(hw6, 0, 28))
                .hasMessage("ARP hardware type at offset 0: found 6 (expected: 1 (Ethernet))");
        byte[] ipv6 = a.clone();
        ipv6[2] = (byte) 0x86;
        ipv6[3] = (byte) 0xdd;
        assertThatThrownBy(() -> new ArpPacket().decode(ipv6, 0, 28))
                .hasMessage("ARP protocol type at offset 2: found 0x86dd (expected: 0x0800 (IPv4))");
        byte[] lens = a.clone();
        lens[5] = 16;
        assertThatThrownBy(() -> new ArpPacket().decode(lens, 0, 28))
                .hasMessage("ARP address lengths at offset 4: found 6/16 (expected: 6/4 (Ethernet/IPv4))");
    }
}
