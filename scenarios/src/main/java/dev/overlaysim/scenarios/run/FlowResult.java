package dev.overlaysim.scenarios.run;

import java.util.List;
import java.util.Map;

/**
 * What became of one traffic flow: packets sent and delivered, drops as "reason at place" → count,
 * costs per delivered packet, ICMP errors that came back, and the sending program's output (ping's lines).
 */
public record FlowResult(String name, String kind, String from, String to, long sent, long delivered,
                         Map<String, Long> drops, PerPacket perPacket, List<String> icmpErrors, List<String> output) {

    public long dropped() { return drops.values().stream().mapToLong(Long::longValue).sum(); }
}
