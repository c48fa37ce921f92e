package dev.overlaysim.bench;

import dev.overlaysim.docker.Container;
import dev.overlaysim.flannel.FlannelCluster;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.linux.World;
import dev.overlaysim.linux.stack.UdpSocket;
import dev.overlaysim.protocols.buffer.PacketBuffer;
import dev.overlaysim.protocols.codec.EthernetHeader;
import dev.overlaysim.protocols.codec.Ipv4Header;
import dev.overlaysim.protocols.codec.UdpHeader;
import dev.overlaysim.trace.PacketContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * Steady-state forwarding of one frame, entirely in the kernel model: container-1's eth0 → veth →
 * docker0 (bridge FDB) → node1's routing and neighbour tables → flannel.1 (VXLAN FDB, encapsulation
 * into headroom) → eth0 → the underlay → node2's eth0 → UDP 8472 → flannel.1 (decapsulation) →
 * routing → docker0 → veth → container-2, where a kernel socket takes the datagram. The same buffer
 * makes the trip every time; {@code -prof gc} shows what the path allocates per frame.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ForwardingBenchmark {
    @Param({"vxlan", "host-gw"})
    String backend;

    private World world;
    private Container from;
    private Container to;
    private byte[] template;
    private PacketBuffer buffer;
    private Skb skb;
    long delivered;

    @Setup(Level.Trial)
    public void setUp() {
        FlannelCluster c = Topologies.cluster(backend, 2, 1);
        world = c.world();
        from = c.nodes().get(0).containers().get(0);
        to = c.nodes().get(1).containers().get(0);
        UdpSocket.EncapHandler sink = (s, outerSrc, outerDst, port) -> delivered++;
        to.namespace().stack().udpBindEncap(0, 5000, sink);
        // The first datagram goes through the container's own stack, which resolves every
        // neighbour on the path; after that the frame is injected ready-made at container-1's eth0.
        template = frame(from, to);
        buffer = new PacketBuffer(PacketBuffer.DEFAULT_HEADROOM + 256, PacketBuffer.DEFAULT_HEADROOM);
        // every skb carries its packet's context (identity and cost ledger); the benchmark's one frame has one
        skb = new Skb(buffer, from.namespace().tracer().newPacket(null, PacketContext.UDP, from.namespace().host().name(), world.sim().now()));
        buffer.copyIn(template, EthernetHeader.LENGTH, template.length - EthernetHeader.LENGTH);
        from.namespace().stack().localOut(skb, null);
        world.sim().runUntil(world.sim().now() + TRIP);
        template = frame(from, to);
        delivered = 0;
    }

    /** A 64-byte UDP payload from container-1 to container-2:5000, with its Ethernet header to docker0. */
    private static byte[] frame(Container from, Container to) {
        var ns = from.namespace();
        long gwMac = ns.neighbours().list().isEmpty() ? 0 : ns.neighbours().list().get(0).mac();
        int len = EthernetHeader.LENGTH + Ipv4Header.MIN_LENGTH + UdpHeader.LENGTH + 64;
        byte[] f = new byte[len];
        new EthernetHeader().wrap(f, 0).set(gwMac, from.eth0().mac(), EthernetHeader.TYPE_IPV4);
        new Ipv4Header().wrap(f, 14).set(0, len - 14, 1, Ipv4Header.FLAG_DF, 64, Ipv4Header.PROTO_UDP, from.ip(), to.ip());
        new UdpHeader().wrap(f, 34).set(40000, 5000, len - 34).updateChecksum(from.ip(), to.ip());
        return f;
    }

    void send() {
        buffer.reset(PacketBuffer.DEFAULT_HEADROOM);
        buffer.copyIn(template, 0, template.length);
        skb.delay = 0;
        from.eth0().transmit(skb);
    }

    /** Long enough for one frame to cross both nodes (flanneld's renewal timers mean the run never goes idle). */
    static final long TRIP = 200_000L;

    @Benchmark
    public long forwardOneFrame() {
        send();
        world.sim().runUntil(world.sim().now() + TRIP);
        return delivered;
    }
}
