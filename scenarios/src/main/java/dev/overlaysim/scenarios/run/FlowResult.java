package dev.overlaysim.scenarios.run;

import java.util.List;
import java.util.Map;

/**
 * What became of one traffic flow: packets sent and delivered, drops as "reason at place" → count,
 * costs per delivered packet, ICMP errors that came back, the sending program's output (ping's lines),
 * and for a flow sent at a rate its throughput, loss and latency percentiles.
 */
public record FlowResult(String name, String kind, String from, String to, long sent, long delivered,
                         Map<String, Long> drops, PerPacket perPacket, List<String> icmpErrors, List<String> output,
                         java.util.Optional<Throughput> throughput) {

    /** A flow without a rate: no throughput figures. */
    public FlowResult(String name, String kind, String from, String to, long sent, long delivered,
                      Map<String, Long> drops, PerPacket perPacket, List<String> icmpErrors, List<String> output) {
        this(name, kind, from, to, sent, delivered, drops, perPacket, icmpErrors, output, java.util.Optional.empty());
    }

    public long dropped() { return drops.values().stream().mapToLong(Long::longValue).sum(); }
}
