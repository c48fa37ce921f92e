package dev.overlaysim.linux.proc;

import static dev.overlaysim.protocols.addr.Ipv4Address.parseInt;
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
import dev.overlaysim.protocols.codec.IcmpMessage;
import dev.overlaysim.protocols.codec.Ipv4Header;
import dev.overlaysim.trace.DropReason;
import dev.overlaysim.trace.Flow;
import dev.overlaysim.trace.PacketContext;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * A reply that arrives twice, as iputils 20221126 reports it. Nothing in the model duplicates a
 * packet, so the wire does it here: a's eth0 receives each echo reply again, byte for byte, 500 µs
 * after the request left (a switch loop would do the same). The duplicate goes the whole way up:
 * the stack, the ping socket, recvmsg().
 *
 * <p>The real ping, duplicates made by a raw socket in b answering each request twice, 20 ms apart
 * (two namespaces over a veth, b's kernel echo off, Linux 6.18):
 * <pre>
 * 64 bytes from 192.0.2.3: icmp_seq=1 ttl=64 time=0.445 ms
 * 64 bytes from 192.0.2.3: icmp_seq=1 ttl=64 time=20.7 ms (DUP!)
 * 64 bytes from 192.0.2.3: icmp_seq=2 ttl=64 time=0.301 ms
 * 64 bytes from 192.0.2.3: icmp_seq=2 ttl=64 time=20.5 ms (DUP!)
 * 64 bytes from 192.0.2.3: icmp_seq=3 ttl=64 time=0.284 ms
 *
 * --- 192.0.2.3 ping statistics ---
 * 3 packets transmitted, 3 received, +2 duplicates, 0% packet loss, time 402ms
 * rtt min/avg/max/mdev = 0.284/8.442/20.664/9.919 ms
 * </pre>
 * The duplicates are not received, but their round trips are in the statistics, and the average is
 * over all five (42212 µs / 5 = 8.442; over the three received it would be 14.070). The third
 * reply's duplicate is never printed: with {@code -c 3} ping exits at the third reply.
 */
class PingDuplicateTest {
    private static final long MS = 1_000_000L;
    private static final int A = parseInt("192.0.2.2");
    private static final int B = parseInt("192.0.2.3");

    @Test
    void aSecondReplyToAnAnsweredProbeIsPrintedAsDupAndCountedAsADuplicate() {
        World world = new World(1);
        L2Segment veth = world.addSegment("veth", 10_000, 10_000_000_000L);
        NetNamespace a = nic(world, "a", A, veth);
        NetNamespace b = nic(world, "b", B, veth);
        Nic va = (Nic) a.device("eth0");
        a.neighbours().addPermanent(va, B, b.device("eth0").mac());
        b.neighbours().addPermanent(b.device("eth0"), A, va.mac());
        world.tracer().capturing(true);

        Flow flow = world.addFlow(new Flow("dup", "ping", "a", "192.0.2.3"));
        Ping[] ping = new Ping[1];
        world.sim().at(1000 * MS, () -> ping[0] = a.host().start(new Ping(a, B, 3, 56, 200 * MS, flow)));
        for (int i = 0; i < 3; i++) world.sim().at((1000 + 200 * i) * MS + 500_000, () -> replayLastReply(world, va));
        world.sim().runUntil(3000 * MS);

        List<String> out = ping[0].output();
        assertThat(out).hasSize(6);
        Pattern reply = Pattern.compile("64 bytes from 192\\.0\\.2\\.3: icmp_seq=(\\d) ttl=64 time=0\\.(\\d{3}) ms( \\(DUP!\\))?");
        List<Long> trips = new ArrayList<>();
        String[] seqs = {"1", "1", "2", "2", "3"};
        for (int i = 0; i < 5; i++) {
            Matcher m = reply.matcher(out.get(i + 1));
            assertThat(m.matches()).as(out.get(i + 1)).isTrue();
            assertThat(m.group(1)).isEqualTo(seqs[i]);
            assertThat(m.group(3) != null).as("(DUP!) on line " + (i + 2)).isEqualTo(i == 1 || i == 3);
            trips.add(Long.parseLong(m.group(2)));
        }
        assertThat(trips.get(1)).as("the duplicate's round trip: sent 500 µs after the request").isGreaterThan(trips.get(0) + 400);

        // iputils' finish(): min/avg/max/mdev over the replies and the duplicates together
        long total = trips.size();
        long tsum = trips.stream().mapToLong(Long::longValue).sum();
        long tsum2 = trips.stream().mapToLong(x -> x * x).sum();
        long mdev = (long) Math.sqrt((double) ((tsum2 - tsum * tsum / total) / total));
        String rtt = String.format(java.util.Locale.ROOT, "rtt min/avg/max/mdev = 0.%03d/0.%03d/0.%03d/0.%03d ms",
                trips.stream().mapToLong(Long::longValue).min().orElseThrow(), tsum / total,
                trips.stream().mapToLong(Long::longValue).max().orElseThrow(), mdev);
        assertThat(ping[0].summary()).containsExactly(
                "--- 192.0.2.3 ping statistics ---",
                "3 packets transmitted, 3 received, +2 duplicates, 0% packet loss, time 400ms",
                rtt);
        assertThat(flow.delivered()).as("a duplicate is no second delivery").isEqualTo(3);
        // ping had exited when the third reply's copy came: it found no socket
        assertThat(a.drops()).containsEntry(DropReason.NO_SOCKET, 1L);
    }

    /**
     * One ping with a duplicate and an error: finish() prints {@code +N duplicates} before
     * {@code +N errors}. The second probe's ARP fails (b is gone from the link and from a's
     * neighbour table), and a answers its own ping with host unreachable.
     */
    @Test
    void duplicatesComeBeforeErrorsInTheStatisticsLine() {
        World world = new World(1);
        L2Segment veth = world.addSegment("veth", 10_000, 10_000_000_000L);
        NetNamespace a = nic(world, "a", A, veth);
        NetNamespace b = nic(world, "b", B, veth);
        Nic va = (Nic) a.device("eth0");
        a.neighbours().addPermanent(va, B, b.device("eth0").mac());
        b.neighbours().addPermanent(b.device("eth0"), A, va.mac());
        world.tracer().capturing(true);

        Flow flow = world.addFlow(new Flow("dup", "ping", "a", "192.0.2.3"));
        Ping[] ping = new Ping[1];
        world.sim().at(1000 * MS, () -> ping[0] = a.host().start(new Ping(a, B, 2, 56, 200 * MS, flow)));
        world.sim().at(1000 * MS + 500_000, () -> replayLastReply(world, va));
        world.sim().at(1100 * MS, () -> {
            a.neighbours().remove(va, B);
            b.device("eth0").setUp(false);
        });
        world.sim().runUntil(10_000 * MS);

        assertThat(ping[0].output()).contains("From 192.0.2.2 icmp_seq=2 Destination Host Unreachable");
        assertThat(ping[0].summary().get(1))
                .isEqualTo("2 packets transmitted, 1 received, +1 duplicates, +1 errors, 50% packet loss, time 200ms");
    }

    private static NetNamespace nic(World world, String name, int ip, L2Segment segment) {
        Host h = world.addHost(name);
        Nic eth0 = new Nic(h.root(), "eth0", 0x02_00_00_00_00_00L | (ip & 0xFFFF_FFFFL), 1500, segment);
        eth0.addAddress(ip, 24);
        eth0.setUp(true);
        return h.root();
    }

    /** The last echo reply a's eth0 received, received once more: a duplicate on the wire. */
    private static void replayLastReply(World world, Nic va) {
        byte[] last = null;
        for (Tracer.Capture c : world.tracer().captures()) {
            if (!c.name().equals("a-eth0")) continue;
            for (Tracer.Frame f : c.frames()) {
                byte[] bytes = f.bytes();
                Ipv4Header ip = new Ipv4Header().wrap(bytes, EthernetHeader.LENGTH);
                if (ip.protocol() == Ipv4Header.PROTO_ICMP && ip.dst() == A
                        && (bytes[ip.payloadOffset()] & 0xFF) == IcmpMessage.TYPE_ECHO_REPLY) last = bytes;
            }
        }
        assertThat(last).as("a's eth0 has received a reply to copy").isNotNull();
        PacketBuffer buf = new PacketBuffer(PacketBuffer.DEFAULT_HEADROOM + last.length + 64, PacketBuffer.DEFAULT_HEADROOM);
        buf.copyIn(last, 0, last.length);
        PacketContext ctx = world.tracer().newPacket(null, "duplicate", "b", world.sim().now());
        ctx.ledger().leftSendingHost();
        va.receive(new Skb(buf, ctx));
    }
}
