package dev.overlaysim.bench;

import dev.overlaysim.protocols.buffer.PacketBuffer;
import dev.overlaysim.protocols.codec.Checksums;
import dev.overlaysim.protocols.codec.EthernetHeader;
import dev.overlaysim.protocols.codec.Ipv4Header;
import dev.overlaysim.protocols.codec.UdpHeader;
import dev.overlaysim.protocols.codec.VxlanEncapsulation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The wire codecs on the forwarding path: a VXLAN encapsulation followed by its decapsulation
 * (headers pushed into and pulled out of the same buffer's headroom), and the IPv4 header and UDP
 * checksums. Run with {@code -prof gc}: bytes allocated per operation should be ~0.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class CodecBenchmark {
    @Param({"64", "512", "1500"})
    int payload;

    private PacketBuffer frame;
    private final VxlanEncapsulation vxlan = new VxlanEncapsulation();
    private final Ipv4Header ip = new Ipv4Header();
    private final UdpHeader udp = new UdpHeader();
    private byte[] udpDatagram;

    @Setup
    public void setUp() {
        frame = new PacketBuffer(PacketBuffer.DEFAULT_HEADROOM + EthernetHeader.LENGTH + payload + 64, PacketBuffer.DEFAULT_HEADROOM);
        int at = frame.put(EthernetHeader.LENGTH + payload);
        new EthernetHeader().wrap(frame.array(), at).set(0x5ef84f00e337L, 0x5ef84f000f00L, EthernetHeader.TYPE_IPV4);
        for (int i = 0; i < payload; i++) frame.array()[at + EthernetHeader.LENGTH + i] = (byte) i;
        udpDatagram = new byte[UdpHeader.LENGTH + payload];
        udp.wrap(udpDatagram, 0).set(40000, 8472, udpDatagram.length);
        ip.wrap(new byte[20], 0).set(0, 20 + payload, 1, 0, 64, 17, 0x0aa80002, 0x0aa80003);
    }

    /** Push VXLAN + UDP + IPv4 (with the outer UDP checksum) in front of the frame, then take them off again. */
    @Benchmark
    public int vxlanEncapDecap() {
        vxlan.encapsulate(frame, 0x0aa80002, 0x0aa80003, 1, 0, 64, 49957, 8472, 1);
        return vxlan.decapsulate(frame);
    }

    @Benchmark
    public int ipv4HeaderChecksum() {
        return ip.updateChecksum().checksum();
    }

    @Benchmark
    public int udpChecksum() {
        return udp.wrap(udpDatagram, 0).updateChecksum(0x0aa80002, 0x0aa80003).checksum();
    }

    @Benchmark
    public int internetChecksumOfPayload() {
        return Checksums.compute(udpDatagram, 0, udpDatagram.length);
    }
}
