package dev.overlaysim.scenarios.run;

import dev.overlaysim.scenarios.model.DeviceRef;
import dev.overlaysim.scenarios.model.Expectation;
import dev.overlaysim.trace.Flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Evaluates {@code expect:} items against a result, each into a readable expected-against-actual verdict. */
final class Checks {
    private final ScenarioResult result;

    Checks(ScenarioResult result) { this.result = result; }

    List<CheckResult> evaluate(List<Expectation> expectations) {
        List<CheckResult> out = new ArrayList<>();
        int i = 0;
        for (Expectation e : expectations) out.add(check(++i, e));
        return out;
    }

    private CheckResult check(int i, Expectation e) {
        if (e instanceof Expectation.Delivered d) {
            FlowResult f = result.flow(d.flow());
            long want = d.count().isPresent() ? d.count().getAsInt() : f.sent();
            String what = "delivered: flow " + d.flow() + (d.count().isPresent() ? ", count " + want : " (all sent)");
            return new CheckResult(i, what, f.delivered() == want && (d.count().isPresent() || f.sent() > 0),
                    want + " of " + f.sent() + " delivered", f.delivered() + " of " + f.sent() + " delivered" + dropsText(f));
        }
        if (e instanceof Expectation.Dropped d) {
            FlowResult f = result.flow(d.flow());
            long matching = f.dropped(d.reason(), d.at().map(DeviceRef::host), d.at().map(DeviceRef::device));
            String filter = d.reason().map(r -> " with reason " + r).orElse("") + d.at().map(a -> " at " + a.host() + "/" + a.device()).orElse("");
            boolean ok = d.count().isPresent() ? matching == d.count().getAsInt() : matching > 0;
            return new CheckResult(i, "dropped: flow " + d.flow() + filter, ok,
                    (d.count().isPresent() ? d.count().getAsInt() + "" : "at least 1") + " dropped" + filter,
                    matching + " dropped" + filter + (f.drops().isEmpty() ? " (no drops at all)" : "; all drops: " + f.drops()));
        }
        if (e instanceof Expectation.Copies c) {
            FlowResult f = result.flow(c.flow());
            return perPacket(i, "copies", c.flow(), f, c.send(), c.receive(), f.perPacket().copiesSend(), f.perPacket().copiesReceive());
        }
        if (e instanceof Expectation.Syscalls c) {
            FlowResult f = result.flow(c.flow());
            return perPacket(i, "syscalls", c.flow(), f, c.send(), c.receive(), f.perPacket().syscallsSend(), f.perPacket().syscallsReceive());
        }
        if (e instanceof Expectation.Table t) {
            HostCommands.Output o;
            try {
                o = result.show(t.host(), t.command());
            } catch (HostCommands.UnknownCommandException ex) {
                return new CheckResult(i, "table: " + t.host() + " `" + t.command() + "`", false,
                        "a command overlaysim can show", ex.getMessage());
            }
            boolean holds = o.stdout().lines().map(String::strip).anyMatch(l -> l.equals(t.line().strip()));
            String what = "table: " + t.host() + " `" + t.command() + "` " + (t.present() ? "holds" : "lacks") + " \"" + t.line() + "\"";
            return new CheckResult(i, what, holds == t.present(), (t.present() ? "a line " : "no line ") + "\"" + t.line() + "\"",
                    o.stdout().isEmpty() ? "(empty output)" + (o.stderr().isEmpty() ? "" : " " + o.stderr().strip())
                            : "\n" + o.stdout().stripTrailing().indent(4).stripTrailing());
        }
        if (e instanceof Expectation.Crossed c) {
            List<String> crossed = result.devicesCrossed(c.flow());
            List<String> want = c.devices().stream().map(d -> d.host() + "/" + d.device()).toList();
            int missing = result.firstNotCrossed(c.flow(), want);
            return new CheckResult(i, "crossed: flow " + c.flow() + " " + want, missing < 0,
                    "devices in this order: " + String.join(" → ", want),
                    crossed.isEmpty() ? "no packet of the flow was traced" : String.join(" → ", crossed)
                            + (missing >= 0 ? " (missing " + want.get(missing) + ")" : ""));
        }
        if (e instanceof Expectation.Throughput t) {
            FlowResult f = result.flow(t.flow());
            String unit = t.bits() ? " Mbit/s" : " pps";
            double scale = t.bits() ? 1e6 : 1;
            java.util.function.DoubleFunction<String> format = v -> String.format(Locale.ROOT, "%.1f", v / scale) + unit;
            Optional<TcpResult.Transfer> transfer = f.tcp().flatMap(TcpResult::transfer);
            if (transfer.isPresent()) {
                // A tcp flow's goodput, as iperf3's receiver reports it (the loader takes only bitrates for one).
                TcpResult.Transfer x = transfer.get();
                return bounded(i, "throughput: flow " + t.flow() + " " + t.text(), x.bitsPerSecond(), t.min(), t.max(), format,
                        " goodput (" + x.bytes() + " bytes read in " + dev.overlaysim.engine.Durations.format(x.nanos()) + ")");
            }
            double actual = f.throughput().map(x -> t.bits() ? x.deliveredMbits() * 1e6 : x.deliveredPps()).orElse(0.0);
            return bounded(i, "throughput: flow " + t.flow() + " " + t.text(), actual, t.min(), t.max(), format, " delivered");
        }
        if (e instanceof Expectation.Retransmits r) {
            FlowResult f = result.flow(r.flow());
            long actual = f.tcp().map(TcpResult::retransmits).orElse(0L);
            return bounded(i, "retransmits: flow " + r.flow(), actual, asDouble(r.min()), asDouble(r.max()),
                    v -> String.valueOf((long) v), " segments sent again (TcpRetransSegs)");
        }
        if (e instanceof Expectation.Completed c) {
            return completed(i, c, result.flow(c.flow()));
        }
        if (e instanceof Expectation.Loss l) {
            FlowResult f = result.flow(l.flow());
            double loss = f.sent() == 0 ? 0 : 100.0 * (f.sent() - f.delivered()) / f.sent();
            return bounded(i, "loss: flow " + l.flow(), loss, l.min(), l.max(), v -> String.format(Locale.ROOT, "%.2f%%", v),
                    " of " + f.sent() + " lost" + dropsText(f));
        }
        if (e instanceof Expectation.Latency l) {
            FlowResult f = result.flow(l.flow());
            long actual = f.throughput().map(x -> switch (l.percentile()) {
                case 50 -> x.p50Nanos();
                case 90 -> x.p90Nanos();
                case 99 -> x.p99Nanos();
                default -> x.maxNanos();
            }).orElse(0L);
            String which = l.percentile() == 100 ? "max" : "p" + l.percentile();
            java.util.function.LongFunction<java.util.OptionalDouble> d = v -> java.util.OptionalDouble.of(v);
            return bounded(i, "latency: flow " + l.flow() + " " + which, actual,
                    l.min().isPresent() ? d.apply(l.min().getAsLong()) : java.util.OptionalDouble.empty(),
                    l.max().isPresent() ? d.apply(l.max().getAsLong()) : java.util.OptionalDouble.empty(),
                    v -> dev.overlaysim.engine.Durations.format((long) v), f.delivered() == 0 ? " (nothing delivered)" : "");
        }
        if (e instanceof Expectation.Cpu c) {
            HostLoad h = result.hosts().stream().filter(x -> x.host().equals(c.node())).findFirst().orElse(null);
            double busy = h == null ? 0 : h.busyPercent();
            return bounded(i, "cpu: node " + c.node(), busy, c.min(), c.max(), v -> String.format(Locale.ROOT, "%.1f%%", v),
                    h == null ? "" : String.format(Locale.ROOT, " busy (user %.1f%%, system %.1f%%, softirq %.1f%% of %d CPUs)",
                            h.userPercent(), h.systemPercent(), h.softirqPercent(), h.cpus()));
        }
        throw new IllegalStateException("unhandled expectation " + e.key());
    }

    /**
     * Requests whose whole response was read (default: every one the flow makes), or a tcp flow's
     * one transfer: all its bytes read before its timeout. The actual side says which did not, and
     * how far each got.
     */
    private static CheckResult completed(int i, Expectation.Completed c, FlowResult f) {
        Optional<TcpResult.Requests> requests = f.tcp().flatMap(TcpResult::requests);
        Optional<TcpResult.Transfer> transfer = f.tcp().flatMap(TcpResult::transfer);
        int asked = requests.map(TcpResult.Requests::asked).orElse(1);
        long want = c.count().isPresent() ? c.count().getAsInt() : asked;
        String what = "completed: flow " + c.flow() + (c.count().isPresent() ? ", count " + want : " (all)");
        if (transfer.isPresent()) {
            TcpResult.Transfer x = transfer.get();
            int done = x.complete() ? 1 : 0;
            return new CheckResult(i, what, done == want, want + " of 1 completed", done + " of 1 completed: " + x.bytes() + " of "
                    + x.bytesAsked().orElse(0) + " bytes read" + (x.complete() ? "" : " by the "
                    + dev.overlaysim.engine.Durations.format(x.timeoutNanos()) + " timeout"));
        }
        List<Flow.Exchange> exchanges = requests.map(TcpResult.Requests::exchanges).orElse(List.of());
        int done = requests.map(TcpResult.Requests::completed).orElse(0);
        StringBuilder actual = new StringBuilder(done + " of " + asked + " completed");
        if (exchanges.size() < asked) actual.append("; ").append(asked - exchanges.size()).append(" not made by the end of the run");
        for (int n = 0; n < exchanges.size(); n++) {
            int number = n + 1;
            TcpResult.howFar(exchanges.get(n)).ifPresent(stage -> actual.append("; #").append(number).append(' ').append(stage));
        }
        return new CheckResult(i, what, done == want, want + " of " + asked + " completed", actual.toString());
    }

    private static java.util.OptionalDouble asDouble(OptionalInt bound) {
        return bound.isPresent() ? java.util.OptionalDouble.of(bound.getAsInt()) : java.util.OptionalDouble.empty();
    }

    /** A measured value between optional bounds (inclusive), each side written in the value's own unit. */
    private static CheckResult bounded(int i, String what, double actual, java.util.OptionalDouble min, java.util.OptionalDouble max,
                                       java.util.function.DoubleFunction<String> format, String actualNote) {
        boolean ok = (min.isEmpty() || actual >= min.getAsDouble()) && (max.isEmpty() || actual <= max.getAsDouble());
        String expected = min.isPresent() && max.isPresent() ? "between " + format.apply(min.getAsDouble()) + " and " + format.apply(max.getAsDouble())
                : min.isPresent() ? "at least " + format.apply(min.getAsDouble()) : "at most " + format.apply(max.getAsDouble());
        return new CheckResult(i, what, ok, expected, format.apply(actual) + actualNote);
    }

    private CheckResult perPacket(int i, String what, String flow, FlowResult f, OptionalInt send, OptionalInt receive,
                                  double actualSend, double actualReceive) {
        boolean ok = f.delivered() > 0 && (send.isEmpty() || actualSend == send.getAsInt())
                && (receive.isEmpty() || actualReceive == receive.getAsInt());
        String expected = (send.isPresent() ? "send " + send.getAsInt() : "") + (send.isPresent() && receive.isPresent() ? ", " : "")
                + (receive.isPresent() ? "receive " + receive.getAsInt() : "") + " per packet";
        String actual = f.delivered() == 0 ? "nothing delivered, so no per-packet " + what + dropsText(f)
                : "send " + num(actualSend) + ", receive " + num(actualReceive) + " per packet (over " + f.delivered() + " delivered)";
        return new CheckResult(i, what + ": flow " + flow, ok, expected, actual);
    }

    private static String num(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.2f", d);
    }

    private static String dropsText(FlowResult f) {
        return f.drops().isEmpty() ? "" : "; drops: " + f.drops();
    }
}
