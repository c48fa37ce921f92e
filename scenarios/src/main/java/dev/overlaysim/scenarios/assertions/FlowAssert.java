package dev.overlaysim.scenarios.assertions;

import dev.overlaysim.scenarios.model.DeviceRef;
import dev.overlaysim.scenarios.model.Expectation;
import dev.overlaysim.scenarios.run.FlowResult;
import dev.overlaysim.scenarios.run.ScenarioResult;
import org.assertj.core.api.AbstractAssert;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Assertions on one traffic flow of a run: delivery, drops (reason and place), costs per delivered
 * packet, the devices its first packet crossed, and what the sending program printed.
 * Per-packet checks need at least one delivered packet: with none there is nothing to average.
 */
public final class FlowAssert extends AbstractAssert<FlowAssert, FlowResult> {
    private static final double EPSILON = 1e-9;
    private final ScenarioResult run;
    private final ScenarioResultAssert result;

    FlowAssert(FlowResult actual, ScenarioResult run, ScenarioResultAssert result) {
        super(actual, FlowAssert.class);
        this.run = run;
        this.result = result;
    }

    /**
     * Back to the assertions on the whole run.
     * Example: {@code assertThat(result).flow("a").deliveredAll().and().flow("b").nothingDelivered();}
     */
    public ScenarioResultAssert and() {
        return result;
    }

    /**
     * Exactly this many packets arrived (for a ping: replies that made it back).
     * Example: {@code assertThat(result).flow("to-node3").delivered(3);}
     */
    public FlowAssert delivered(long count) {
        if (!holds(new Expectation.Delivered(actual.name(), OptionalInt.of(Math.toIntExact(count))))) {
            failWithMessage("Expected flow <%s> to deliver <%s> packets but it delivered <%s> of <%s> sent; drops: <%s>",
                    actual.name(), count, actual.delivered(), actual.sent(), actual.drops());
        }
        return this;
    }

    /**
     * At least one packet was sent and every one arrived.
     * Example: {@code assertThat(result).flow("ping-1").deliveredAll();}
     */
    public FlowAssert deliveredAll() {
        if (!holds(new Expectation.Delivered(actual.name(), OptionalInt.empty()))) {
            failWithMessage("Expected flow <%s> to deliver all it sent but it delivered <%s> of <%s> sent; drops: <%s>",
                    actual.name(), actual.delivered(), actual.sent(), actual.drops());
        }
        return this;
    }

    /**
     * At least one packet was sent and none arrived.
     * Example: {@code assertThat(result).flow("on-link").nothingDelivered();}
     */
    public FlowAssert nothingDelivered() {
        if (actual.sent() == 0 || !holds(new Expectation.Delivered(actual.name(), OptionalInt.of(0)))) {
            failWithMessage("Expected flow <%s> to deliver nothing of what it sent but it delivered <%s> of <%s> sent; drops: <%s>",
                    actual.name(), actual.delivered(), actual.sent(), actual.drops());
        }
        return this;
    }

    /**
     * Exactly this many packets were dropped, whatever the reasons and places.
     * Example: {@code assertThat(result).flow("to-node3").dropped(7);}
     */
    public FlowAssert dropped(long count) {
        if (!holds(new Expectation.Dropped(actual.name(), OptionalInt.of(Math.toIntExact(count)), Optional.empty(), Optional.empty()))) {
            failWithMessage("Expected flow <%s> to have <%s> packets dropped but it had <%s>; drops: <%s>",
                    actual.name(), count, actual.dropped(), actual.drops());
        }
        return this;
    }

    /**
     * At least one packet was dropped for this reason, wherever.
     * Example: {@code assertThat(result).flow("on-link").droppedWith("neigh-failed");}
     */
    public FlowAssert droppedWith(String reason) {
        if (!holds(new Expectation.Dropped(actual.name(), OptionalInt.empty(), Optional.of(reason), Optional.empty()))) {
            failWithMessage("Expected flow <%s> to have packets dropped with reason <%s> but the drops were <%s>",
                    actual.name(), reason, actual.drops());
        }
        return this;
    }

    /**
     * At least one packet was dropped for this reason at this place ({@code host/device}).
     * Example: {@code assertThat(result).flow("big-from-node2").droppedAt("node1/eth0", "rx-length");}
     */
    public FlowAssert droppedAt(String place, String reason) {
        if (!holds(new Expectation.Dropped(actual.name(), OptionalInt.empty(), Optional.of(reason), Optional.of(place(place))))) {
            failWithMessage("Expected flow <%s> to have packets dropped with reason <%s> at <%s> but the drops were <%s>",
                    actual.name(), reason, place, actual.drops());
        }
        return this;
    }

    /**
     * Exactly this many packets were dropped for this reason at this place ({@code host/device}).
     * Example: {@code assertThat(result).flow("to-node3").droppedAt("node1/eth0", "neigh-failed", 7);}
     */
    public FlowAssert droppedAt(String place, String reason, long count) {
        if (!holds(new Expectation.Dropped(actual.name(), OptionalInt.of(Math.toIntExact(count)), Optional.of(reason), Optional.of(place(place))))) {
            DeviceRef at = place(place);
            long n = actual.dropped(Optional.of(reason), Optional.of(at.host()), Optional.of(at.device()));
            failWithMessage("Expected flow <%s> to have <%s> packets dropped with reason <%s> at <%s> but it had <%s>; all drops: <%s>",
                    actual.name(), count, reason, place, n, actual.drops());
        }
        return this;
    }

    /**
     * Data copies between user and kernel space per delivered packet on the send path.
     * Example: {@code assertThat(result).flow("ping-1").copiesOnSend(3);}
     */
    public FlowAssert copiesOnSend(int copies) {
        return perPacket("copies on the send path", copies, actual.perPacket().copiesSend(),
                new Expectation.Copies(actual.name(), OptionalInt.of(copies), OptionalInt.empty()));
    }

    /**
     * Data copies between user and kernel space per delivered packet on the receive path.
     * Example: {@code assertThat(result).flow("ping-1").copiesOnReceive(3);}
     */
    public FlowAssert copiesOnReceive(int copies) {
        return perPacket("copies on the receive path", copies, actual.perPacket().copiesReceive(),
                new Expectation.Copies(actual.name(), OptionalInt.empty(), OptionalInt.of(copies)));
    }

    /**
     * System calls per delivered packet on the send path.
     * Example: {@code assertThat(result).flow("ping-1").syscallsOnSend(1);}
     */
    public FlowAssert syscallsOnSend(int syscalls) {
        return perPacket("syscalls on the send path", syscalls, actual.perPacket().syscallsSend(),
                new Expectation.Syscalls(actual.name(), OptionalInt.of(syscalls), OptionalInt.empty()));
    }

    /**
     * System calls per delivered packet on the receive path.
     * Example: {@code assertThat(result).flow("ping-1").syscallsOnReceive(1);}
     */
    public FlowAssert syscallsOnReceive(int syscalls) {
        return perPacket("syscalls on the receive path", syscalls, actual.perPacket().syscallsReceive(),
                new Expectation.Syscalls(actual.name(), OptionalInt.empty(), OptionalInt.of(syscalls)));
    }

    /**
     * Process wake-ups per delivered packet, both paths together.
     * Example: {@code assertThat(result).flow("ping-1").wakeups(3);}
     */
    public FlowAssert wakeups(double wakeups) {
        return perPacket("wake-ups", wakeups, actual.perPacket().wakeups(), null);
    }

    /**
     * Encapsulations per delivered packet, both paths together (0 for host-gw).
     * Example: {@code assertThat(result).flow("ping-1").encapsulations(0);}
     */
    public FlowAssert encapsulations(double encapsulations) {
        return perPacket("encapsulations", encapsulations, actual.perPacket().encapsulations(), null);
    }

    /**
     * The flow's first packet was received or transmitted on these {@code place/device}s in this
     * order (others may come between; see {@link ScenarioResult#devicesCrossed}).
     * Example: {@code assertThat(result).flow("ping-1").crossed("node1/eth0", "r1/eth0", "r1/eth1", "node2/eth0");}
     */
    public FlowAssert crossed(String... placesInOrder) {
        List<String> crossed = run.devicesCrossed(actual.name());
        List<String> want = Arrays.asList(placesInOrder);
        int j = run.firstNotCrossed(actual.name(), want);
        if (j >= 0) {
            failWithMessage("Expected flow <%s> to cross <%s> in this order but it crossed <%s>, where <%s> is missing%s",
                    actual.name(), String.join(" → ", want),
                    crossed.isEmpty() ? "nothing (no packet traced)" : String.join(" → ", crossed), want.get(j),
                    j > 0 ? " after <" + want.get(j - 1) + ">" : "");
        }
        return this;
    }

    /**
     * The mean simulated latency of delivered packets (for a ping, the round trip) lies in
     * {@code [minNanos, maxNanos]}.
     * Example: {@code assertThat(result).flow("ping-1").latencyBetween(50_000, 100_000);}
     */
    public FlowAssert latencyBetween(long minNanos, long maxNanos) {
        requireDelivered("a latency");
        long l = actual.perPacket().latencyNanos();
        if (l < minNanos || l > maxNanos) {
            failWithMessage("Expected flow <%s> to have a latency between <%s> and <%s> ns but was <%s> ns",
                    actual.name(), minNanos, maxNanos, l);
        }
        return this;
    }

    /**
     * The sending program (ping) printed exactly this line (trailing whitespace ignored).
     * Example: {@code assertThat(result).flow("ping-1").printed("64 bytes from 10.1.16.3: icmp_seq=1 ttl=62 time=0.064 ms");}
     */
    public FlowAssert printed(String line) {
        String want = line.stripTrailing();
        if (actual.output().stream().map(String::stripTrailing).noneMatch(want::equals)) {
            failWithMessage("Expected flow <%s> to have printed the line%n  <%s>%nbut it printed:%n%s",
                    actual.name(), want, outputText());
        }
        return this;
    }

    /**
     * The sending program (ping) printed a line containing this fragment.
     * Example: {@code assertThat(result).flow("ping-1").printedLineContaining("ttl=60");}
     */
    public FlowAssert printedLineContaining(String fragment) {
        if (actual.output().stream().noneMatch(l -> l.contains(fragment))) {
            failWithMessage("Expected flow <%s> to have printed a line containing <%s> but it printed:%n%s",
                    actual.name(), fragment, outputText());
        }
        return this;
    }

    private String outputText() {
        return actual.output().isEmpty() ? "  (nothing)" : TableOutputAssert.indented(String.join("\n", actual.output()));
    }

    /** {@code check}: the scenario format's check for it, which decides; null where the format has none (wake-ups, encapsulations). */
    private FlowAssert perPacket(String what, double expected, double value, Expectation check) {
        requireDelivered(what);
        if (check != null ? !holds(check) : Math.abs(value - expected) > EPSILON) {
            failWithMessage("Expected flow <%s> to have <%s> %s per packet but was <%s> (over %s delivered)",
                    actual.name(), num(expected), what, num(value), actual.delivered());
        }
        return this;
    }

    private void requireDelivered(String what) {
        if (actual.delivered() == 0) {
            failWithMessage("Expected flow <%s> to have %s per packet but nothing was delivered (<%s> sent); drops: <%s>",
                    actual.name(), what, actual.sent(), actual.drops());
        }
    }

    /** The one place that evaluates checks (the scenario file's {@code expect:} items) decides. */
    private boolean holds(Expectation check) { return run.check(check).passed(); }

    /** {@code place} as the scenario format writes it: {@code host/device}, or {@code host} for the host's own stack. */
    private static DeviceRef place(String place) {
        int slash = place.indexOf('/');
        return new DeviceRef(slash < 0 ? place : place.substring(0, slash), slash < 0 ? "" : place.substring(slash + 1));
    }

    private static String num(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.2f", d);
    }
}
