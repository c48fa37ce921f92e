package dev.overlaysim.linux.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlaysim.linux.Host;
import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.linux.Tracer;
import dev.overlaysim.linux.World;
import dev.overlaysim.linux.device.L2Segment;
import dev.overlaysim.linux.device.Nic;
import dev.overlaysim.protocols.buffer.PacketBuffer;
import dev.overlaysim.protocols.codec.EthernetHeader;
import dev.overlaysim.protocols.codec.Ipv4Header;
import dev.overlaysim.protocols.codec.TcpHeader;
import dev.overlaysim.protocols.pcap.PcapReader;
import dev.overlaysim.trace.DropReason;
import dev.overlaysim.trace.PacketContext;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * tcp_v4_rcv() on a namespace with no TCP socket, against the real kernel: the capture
 * {@code kernel/tcp-rst-closed-port.pcap} (Linux 6.18, two namespaces over a veth, checksum
 * offload off) holds a SYN from 10.9.0.1 to 10.9.0.2:5202, where nothing listens, and the
 * kernel's answer. The SYN is played into a namespace that has the kernel's addresses and MACs;
 * its reset must be the kernel's, byte for byte.
 */
class TcpResetTest {
    private List<byte[]> kernel;
    private World world;
    private NetNamespace ns;
    private Nic vb;

    @BeforeEach
    void lab() throws Exception {
        kernel = PcapReader.read(Path.of(TcpResetTest.class.getResource("/kernel/tcp-rst-closed-port.pcap").toURI()))
                .records().stream().map(PcapReader.Record::bytes).toList();
        EthernetHeader syn = new EthernetHeader().wrap(kernel.get(0), 0);
        world = new World(1);
        L2Segment veth = world.addSegment("veth", 0, 10_000_000_000L);
        Host b = world.addHost("b");
        ns = b.root();
        vb = new Nic(ns, "vb", syn.dst(), 1500, veth);
        Ipv4Header ip = new Ipv4Header().wrap(kernel.get(0), EthernetHeader.LENGTH);
        vb.addAddress(ip.dst(), 24);
        vb.setUp(true);
        ns.neighbours().addPermanent(vb, ip.src(), syn.src());
        world.tracer().capturing(true);
    }

    private void play(byte[] frame) {
        PacketBuffer buf = new PacketBuffer(PacketBuffer.DEFAULT_HEADROOM + frame.length + 64, PacketBuffer.DEFAULT_HEADROOM);
        buf.copyIn(frame, 0, frame.length);
        PacketContext ctx = world.tracer().newPacket(null, "kernel-frame", "a", world.sim().now());
        ctx.ledger().leftSendingHost();
        vb.receive(new Skb(buf, ctx));
        world.sim().run();
    }

    private List<byte[]> sent() {
        for (Tracer.Capture c : world.tracer().captures()) {
            if (c.name().endsWith("-vb")) return c.frames().stream().map(Tracer.Frame::bytes)
                    .filter(f -> new Ipv4Header().wrap(f, EthernetHeader.LENGTH).src() == vb.primaryAddress()).toList();
        }
        return List.of();
    }

    @Test
    void aSynToAClosedPortIsAnsweredWithTheKernelsReset() {
        play(kernel.get(0));
        assertThat(sent()).hasSize(1);
        assertThat(sent().get(0)).isEqualTo(kernel.get(1));
        assertThat(ns.snmp().tcpInSegs).isEqualTo(1);
        assertThat(ns.snmp().tcpOutRsts).isEqualTo(1);
        assertThat(ns.drops()).containsEntry(DropReason.NO_SOCKET, 1L);
    }

    @Test
    void aSegmentWithAckIsResetAtTheSequenceItAcknowledged() {
        byte[] f = kernel.get(0).clone();
        int off = EthernetHeader.LENGTH + Ipv4Header.MIN_LENGTH;
        Ipv4Header ip = new Ipv4Header().wrap(f, EthernetHeader.LENGTH);
        TcpHeader t = new TcpHeader().wrap(f, off);
        f[off + TcpHeader.FLAGS_OFFSET] = (byte) TcpHeader.ACK;
        dev.overlaysim.protocols.codec.Bytes.put32(f, off + TcpHeader.ACK_OFFSET, 0x0102_0304);
        t.updateChecksum(ip.src(), ip.dst(), ip.payloadLength());
        play(f);
        byte[] r = sent().get(0);
        TcpHeader rst = new TcpHeader().wrap(r, off);
        assertThat(rst.flags()).isEqualTo(TcpHeader.RST);
        assertThat(rst.seq()).isEqualTo(0x0102_0304);
        assertThat(rst.ack()).isZero();
        assertThat(rst.window()).isZero();
        assertThat(rst.headerLength()).isEqualTo(TcpHeader.MIN_LENGTH);
    }

    @Test
    void aResetIsNeverAnsweredAndABadSegmentIsDroppedAndCounted() {
        byte[] f = kernel.get(1).clone(); // the kernel's own reset, played back the other way: swap the addresses
        int off = EthernetHeader.LENGTH + Ipv4Header.MIN_LENGTH;
        Ipv4Header ip = new Ipv4Header().wrap(f, EthernetHeader.LENGTH);
        int s = ip.src(), d = ip.dst();
        dev.overlaysim.protocols.codec.Bytes.put32(f, EthernetHeader.LENGTH + 12, d);
        dev.overlaysim.protocols.codec.Bytes.put32(f, EthernetHeader.LENGTH + 16, s);
        ip.updateChecksum();
        new TcpHeader().wrap(f, off).updateChecksum(d, s, ip.payloadLength());
        new EthernetHeader().wrap(f, 0).set(vb.mac(), new EthernetHeader().wrap(kernel.get(0), 0).src(), EthernetHeader.TYPE_IPV4);
        play(f);
        assertThat(sent()).isEmpty();
        assertThat(ns.snmp().tcpOutRsts).isZero();

        byte[] bad = kernel.get(0).clone();
        bad[off + 4] ^= 1; // a sequence-number bit: the checksum no longer holds
        play(bad);
        byte[] shortHeader = kernel.get(0).clone();
        shortHeader[off + TcpHeader.DATA_OFFSET_OFFSET] = (byte) 0x40; // 16 bytes: under the fixed header
        play(shortHeader);
        assertThat(sent()).isEmpty();
        assertThat(ns.snmp().tcpInSegs).isEqualTo(3);
        assertThat(ns.snmp().tcpInCsumErrors).isEqualTo(1);
        assertThat(ns.snmp().tcpInErrs).isEqualTo(2);
        assertThat(ns.drops()).containsEntry(DropReason.TCP_CSUM, 1L).containsEntry(DropReason.MALFORMED, 1L);
    }
}
