package dev.overlaysim.linux;

import dev.overlaysim.linux.proc.Ping;
import dev.overlaysim.protocols.codec.Bytes;
import dev.overlaysim.protocols.codec.Checksums;
import dev.overlaysim.trace.Cost;
import dev.overlaysim.trace.Flow;
import dev.overlaysim.trace.Hop;
import dev.overlaysim.trace.HopAction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.overlaysim.protocols.addr.Ipv4Address.parseInt;
import static org.assertj.core.api.Assertions.assertThat;

/** The seed document's packet walks, on tables set by hand (no flanneld). */
class SeedWalkByHandTest {

    static Ping ping(HandBuiltHosts lab, String from, String to, int count, int size) {
        NetNamespace ns = lab.world.namespace(from);
        Flow flow = lab.world.addFlow(new Flow("ping-1", "ping", from, to));
        return ns.host().start(new Ping(ns, parseInt(to), count, size, 1_000_000_000L, flow));
    }

    static List<String> devicesCrossed(World world, long packetId) {
        List<String> out = new ArrayList<>();
        for (Hop h : world.tracer().hops()) {
            if (h.packetId() == packetId && (h.action() == HopAction.TRANSMITTED || h.action() == HopAction.RECEIVED)) {
                String place = h.host() + "/" + (h.namespace().equals(h.host()) ? "" : h.namespace() + ":") + h.device();
                if (out.isEmpty() || !out.get(out.size() - 1).equals(place)) out.add(place);
            }
        }
        return out;
    }

    @Test
    void vxlanPingCrossesTheSeedsDevicesAndCostsOneCopyEachWay() {
        HandBuiltHosts lab = HandBuiltHosts.seedVxlan(1);
        lab.world.tracer().level(Tracer.Level.FULL);
        lab.world.tracer().capturing(true);
        Ping ping = ping(lab, "container-1", "10.1.16.3", 1, 56);
        lab.world.sim().runUntil(5_000_000_000L);

        Flow flow = lab.world.flow("ping-1");
        assertThat(ping.output()).anyMatch(l -> l.startsWith("64 bytes from 10.1.16.3: icmp_seq=1 ttl=62"));
        assertThat(flow.delivered()).isEqualTo(1);
        assertThat(flow.perPacketSend(Cost.COPIES)).isEqualTo(1.0);
        assertThat(flow.perPacketReceive(Cost.COPIES)).isEqualTo(1.0);
        assertThat(flow.perPacketSend(Cost.ENCAPSULATIONS)).isEqualTo(1.0);

        long requestId = lab.world.tracer().hops().stream().filter(h -> h.action() == HopAction.SENT_BY_PROCESS)
                .findFirst().orElseThrow().packetId();
        assertThat(devicesCrossed(lab.world, requestId)).containsSubsequence(
                "node1/container-1:eth0", "node1/docker0", "node1/flannel.1", "node1/eth0",
                "node2/eth0", "node2/flannel.1", "node2/docker0", "node2/container-2:eth0");
    }

    @Test
    void theFrameOnNode1Eth0IsTheCapturedVxlanFrame() {
        HandBuiltHosts lab = HandBuiltHosts.seedVxlan(1);
        lab.world.tracer().capturing(true);
        ping(lab, "container-1", "10.1.16.3", 1, 56);
        lab.world.sim().runUntil(5_000_000_000L);
        byte[] f = lab.world.tracer().captures().stream().filter(c -> c.name().equals("node1-eth0")).findFirst().orElseThrow()
                .frames().stream().filter(fr -> fr.bytes().length == 148).findFirst().orElseThrow().bytes();
        assertThat(f).hasSize(148);
        assertThat(Bytes.u16(f, 12)).isEqualTo(0x0800);
        // outer IPv4: 20 bytes, TTL 64, DF clear, UDP, 10.168.0.2 → 10.168.0.3
        assertThat(f[14]).isEqualTo((byte) 0x45);
        assertThat(Bytes.u16(f, 16)).isEqualTo(134);
        assertThat(Bytes.u16(f, 20) & 0x4000).isZero();
        assertThat(f[22] & 0xFF).isEqualTo(64);
        assertThat(f[23] & 0xFF).isEqualTo(17);
        assertThat(Bytes.i32(f, 26)).isEqualTo(parseInt("10.168.0.2"));
        assertThat(Bytes.i32(f, 30)).isEqualTo(parseInt("10.168.0.3"));
        assertThat(Checksums.compute(f, 14, 20)).isZero();
        // outer UDP: source port from the flow hash, destination 8472, length 114, checksum valid
        assertThat(Bytes.u16(f, 34)).isBetween(32768, 60999);
        assertThat(Bytes.u16(f, 36)).isEqualTo(8472);
        assertThat(Bytes.u16(f, 38)).isEqualTo(114);
        assertThat(Bytes.u16(f, 40)).isNotZero();
        long pseudo = Checksums.pseudoHeader(parseInt("10.168.0.2"), parseInt("10.168.0.3"), 17, 114);
        assertThat(Checksums.finish(Checksums.add(pseudo, f, 34, 114))).isZero();
        // VXLAN: I flag, VNI 1
        assertThat(Bytes.hex(f, 42, 8)).isEqualTo("08 00 00 00 00 00 01 00");
        // inner Ethernet: flannel.1 MACs
        assertThat(Bytes.hex(f, 50, 6)).isEqualTo("5e f8 4f 00 e3 37");
        assertThat(Bytes.hex(f, 56, 6)).isEqualTo("5e f8 4f 00 0f 00");
        // inner IPv4: 84 bytes, TTL 63 DF, ICMP, 10.1.15.2 → 10.1.16.3
        assertThat(Bytes.u16(f, 66)).isEqualTo(84);
        assertThat(Bytes.u16(f, 70) & 0x4000).isEqualTo(0x4000);
        assertThat(f[72] & 0xFF).isEqualTo(63);
        assertThat(Bytes.i32(f, 76)).isEqualTo(parseInt("10.1.15.2"));
        assertThat(Bytes.i32(f, 80)).isEqualTo(parseInt("10.1.16.3"));
        assertThat(Checksums.compute(f, 64, 20)).isZero();
        // ICMP echo request with iputils' payload after the 16-byte timestamp
        assertThat(f[84] & 0xFF).isEqualTo(8);
        assertThat(Checksums.compute(f, 84, 64)).isZero();
        assertThat(f[84 + 8 + 16] & 0xFF).isEqualTo(0x10);
        assertThat(f[84 + 8 + 55] & 0xFF).isEqualTo(0x37);
    }

    @Test
    void udpModeCostsThreeCopiesEachWayAndTtlDropsByFour() {
        HandBuiltHosts lab = HandBuiltHosts.seedUdp(1);
        lab.world.tracer().level(Tracer.Level.WALK);
        lab.world.tracer().capturing(true);
        Ping ping = ping(lab, "container-1", "100.96.2.3", 1, 56);
        lab.world.sim().runUntil(5_000_000_000L);

        Flow flow = lab.world.flow("ping-1");
        assertThat(flow.delivered()).isEqualTo(1);
        assertThat(flow.perPacketSend(Cost.COPIES)).isEqualTo(3.0);
        assertThat(flow.perPacketReceive(Cost.COPIES)).isEqualTo(3.0);
        // The request left container-1 with TTL 64 and reached container-2 with 60: node1's forwarding,
        // node1's flanneld, node2's flanneld and node2's forwarding each took one.
        byte[] request = lab.world.tracer().captures().stream().filter(c -> c.name().equals("container-2-eth0"))
                .findFirst().orElseThrow().frames().stream().filter(f -> f.bytes().length == 98).findFirst().orElseThrow().bytes();
        assertThat(request[14 + 8] & 0xFF).isEqualTo(60);
        // and so did the reply on its way back: ping prints ttl=60
        assertThat(ping.output()).anyMatch(l -> l.startsWith("64 bytes from 100.96.2.3: icmp_seq=1 ttl=60"));
        // on eth0, a 56-byte ping is a 126-byte UDP datagram to port 8285
        byte[] outer = lab.world.tracer().captures().stream().filter(c -> c.name().equals("node1-eth0"))
                .findFirst().orElseThrow().frames().stream().filter(f -> f.bytes().length == 126).findFirst().orElseThrow().bytes();
        assertThat(Bytes.u16(outer, 36)).isEqualTo(8285);
        assertThat(Bytes.u16(outer, 20) & 0x4000).as("outer DF").isEqualTo(0x4000);
        assertThat(outer[22] & 0xFF).as("outer TTL").isEqualTo(64);
    }

    @Test
    void hostGwCostsOneCopyEachWay() {
        HandBuiltHosts lab = HandBuiltHosts.hostGw(1);
        lab.world.tracer().level(Tracer.Level.WALK);
        ping(lab, "container-1", "10.1.16.3", 3, 56);
        lab.world.sim().runUntil(5_000_000_000L);
        Flow flow = lab.world.flow("ping-1");
        assertThat(flow.delivered()).isEqualTo(3);
        assertThat(flow.perPacketSend(Cost.COPIES)).isEqualTo(1.0);
        assertThat(flow.perPacketReceive(Cost.COPIES)).isEqualTo(1.0);
        assertThat(flow.perPacketSend(Cost.ENCAPSULATIONS)).isZero();
    }

    @Test
    void theSameLabRunTwiceGivesByteIdenticalTraces() {
        List<String> first = fullTrace(7);
        List<String> second = fullTrace(7);
        assertThat(second).isEqualTo(first);
        assertThat(first).hasSizeGreaterThan(50);
    }

    private static List<String> fullTrace(long seed) {
        HandBuiltHosts lab = HandBuiltHosts.seedVxlan(seed);
        lab.world.tracer().level(Tracer.Level.FULL);
        lab.world.tracer().capturing(true);
        ping(lab, "container-1", "10.1.16.3", 3, 56);
        lab.world.sim().runUntil(5_000_000_000L);
        List<String> out = new ArrayList<>();
        for (Hop h : lab.world.tracer().hops()) {
            out.add(h.time() + " " + h.packetId() + " " + h.place() + " " + h.action() + " " + h.detail() + " "
                    + (h.bytes() == null ? "" : Bytes.hex(h.bytes(), 0, h.bytes().length)));
        }
        for (Tracer.Capture c : lab.world.tracer().captures()) {
            for (Tracer.Frame f : c.frames()) out.add(c.name() + " " + f.time() + " " + Bytes.hex(f.bytes(), 0, f.bytes().length));
        }
        return out;
    }
}
