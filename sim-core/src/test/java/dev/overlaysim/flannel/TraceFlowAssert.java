package dev.overlaysim.flannel;

import dev.overlaysim.trace.Cost;
import dev.overlaysim.trace.Flow;
import org.assertj.core.api.AbstractAssert;

import java.util.Map;
import java.util.TreeMap;

/** What became of a flow's packets, in the words of the trace: {@code assertThat(flow).delivered(2).droppedOnly("link-down at node1/eth0", 2)}. */
final class TraceFlowAssert extends AbstractAssert<TraceFlowAssert, Flow> {
    private TraceFlowAssert(Flow actual) { super(actual, TraceFlowAssert.class); }

    static TraceFlowAssert assertThat(Flow flow) { return new TraceFlowAssert(flow); }

    TraceFlowAssert sent(long n) {
        isNotNull();
        if (actual.sent() != n) failWithMessage("Expected flow <%s> to have sent <%s> packets but it sent <%s>", actual.name(), n, actual.sent());
        return this;
    }

    TraceFlowAssert delivered(long n) {
        isNotNull();
        if (actual.delivered() != n) {
            failWithMessage("Expected flow <%s> to have <%s> packets delivered but was <%s> (drops %s, ICMP errors %s)",
                    actual.name(), n, actual.delivered(), actual.drops(), actual.icmpErrors());
        }
        return this;
    }

    TraceFlowAssert noDrops() {
        isNotNull();
        if (!actual.drops().isEmpty()) failWithMessage("Expected flow <%s> to have no drops but was <%s>", actual.name(), actual.drops());
        return this;
    }

    /** Exactly these drops ("reason at place" → count), nothing else. */
    TraceFlowAssert droppedOnly(String reasonAtPlace, long count) {
        return droppedExactly(Map.of(reasonAtPlace, count));
    }

    TraceFlowAssert droppedExactly(Map<String, Long> expected) {
        isNotNull();
        // Written as the reports write them, "reason at place": the assertion reads like the output.
        Map<dev.overlaysim.trace.Drop, Long> want = new TreeMap<>();
        expected.forEach((k, v) -> want.put(dev.overlaysim.trace.Drop.parse(k), v));
        if (!want.equals(actual.drops())) {
            failWithMessage("Expected flow <%s> to have drops <%s> but was <%s>", actual.name(), want, actual.drops());
        }
        return this;
    }

    TraceFlowAssert icmpErrors(String... texts) {
        isNotNull();
        if (!actual.icmpErrors().equals(java.util.List.of(texts))) {
            failWithMessage("Expected flow <%s> to have ICMP errors <%s> but was <%s>", actual.name(), java.util.List.of(texts), actual.icmpErrors());
        }
        return this;
    }

    /** Mean per delivered packet on the send path (the request, on the pinging host). */
    TraceFlowAssert perPacketSend(Cost cost, double expected) {
        isNotNull();
        if (actual.perPacketSend(cost) != expected) {
            failWithMessage("Expected <%s> per packet on the send path of <%s> to be <%s> but was <%s>", cost.label(), actual.name(), expected, actual.perPacketSend(cost));
        }
        return this;
    }

    /** Mean per delivered packet on the receive path (the reply, on the pinging host). */
    TraceFlowAssert perPacketReceive(Cost cost, double expected) {
        isNotNull();
        if (actual.perPacketReceive(cost) != expected) {
            failWithMessage("Expected <%s> per packet on the receive path of <%s> to be <%s> but was <%s>", cost.label(), actual.name(), expected, actual.perPacketReceive(cost));
        }
        return this;
    }
}
