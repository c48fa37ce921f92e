package dev.overlaysim.scenarios.run;

import dev.overlaysim.trace.Drop;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What became of one traffic flow: packets sent and delivered, drops (reason and place, written {@code reason at place}) → count,
 * costs per delivered packet, ICMP errors that came back, the sending program's output (ping's lines),
 * for a flow sent at a rate its throughput, loss and latency percentiles, and for a tcp or request
 * flow what its connections report ({@link TcpResult}: goodput or exchange times, retransmits, ss -ti).
 */
public record FlowResult(String name, String kind, String from, String to, long sent, long delivered,
                         Map<Drop, Long> drops, PerPacket perPacket, List<String> icmpErrors, List<String> output,
                         java.util.Optional<Throughput> throughput, java.util.Optional<TcpResult> tcp) {

    /** A flow without a rate: no throughput figures. */
    public FlowResult(String name, String kind, String from, String to, long sent, long delivered,
                      Map<Drop, Long> drops, PerPacket perPacket, List<String> icmpErrors, List<String> output) {
        this(name, kind, from, to, sent, delivered, drops, perPacket, icmpErrors, output, java.util.Optional.empty());
    }

    /** A ping or udp flow: no TCP figures. */
    public FlowResult(String name, String kind, String from, String to, long sent, long delivered,
                      Map<Drop, Long> drops, PerPacket perPacket, List<String> icmpErrors, List<String> output,
                      java.util.Optional<Throughput> throughput) {
        this(name, kind, from, to, sent, delivered, drops, perPacket, icmpErrors, output, throughput, java.util.Optional.empty());
    }

    public long dropped() { return drops.values().stream().mapToLong(Long::longValue).sum(); }

    /**
     * Packets dropped for {@code reason} (a {@code DropReason} id, e.g. {@code tun-queue-full}) at
     * {@code host/device} ({@code device} empty: the host itself); an empty filter matches every drop.
     * The one place that matches drops: the scenario's {@code dropped:} check and the JUnit
     * assertions both count with it.
     */
    public long dropped(Optional<String> reason, Optional<String> host, Optional<String> device) {
        long n = 0;
        for (Map.Entry<Drop, Long> e : drops.entrySet()) {
            Drop d = e.getKey();
            if (reason.isPresent() && !reason.get().equals(d.reason().id())) continue;
            if (host.isPresent() && !d.isAt(host.get(), device.orElse(""))) continue;
            n += e.getValue();
        }
        return n;
    }
}
