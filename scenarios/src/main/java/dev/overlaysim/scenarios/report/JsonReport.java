package dev.overlaysim.scenarios.report;

import dev.overlaysim.trace.Drop;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overlaysim.linux.Tracer;
import dev.overlaysim.scenarios.model.NodeSpec;
import dev.overlaysim.scenarios.model.RouterSpec;
import dev.overlaysim.scenarios.run.CheckResult;
import dev.overlaysim.scenarios.run.FlowResult;
import dev.overlaysim.scenarios.run.HostLoad;
import dev.overlaysim.scenarios.run.Sweep;
import dev.overlaysim.scenarios.run.PerPacket;
import dev.overlaysim.scenarios.run.ScenarioResult;
import dev.overlaysim.scenarios.run.TcpResult;
import dev.overlaysim.trace.Flow;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * A run's result as JSON, in the schema {@code docs/result-schema.md} documents
 * ({@link #SCHEMA_VERSION}). Fields come in a fixed order and maps in a fixed order (drops sorted,
 * flows and nodes in file order), so the same file and seed give byte-identical output.
 */
public final class JsonReport {
    /** Bumped on any change that could break a reader: a renamed, removed or retyped field. */
    public static final int SCHEMA_VERSION = 1;

    /** The commands whose output {@code tables} holds for every node and router, in this order. */
    public static final List<String> TABLE_COMMANDS = List.of("ip route", "ip neigh", "bridge fdb show", "ip addr");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonReport() {}

    /** The document, pretty-printed with two-space indents and '\n' line ends, ending with a newline. */
    public static String render(ScenarioResult result) {
        return render(result, Map.of());
    }

    /**
     * The document with a {@code compare} object (backend type → its flows, in the same form as
     * {@code flows}), present when {@code compare} is not empty: a {@code compare:} run.
     */
    public static String render(ScenarioResult result, Map<String, ScenarioResult> compare) {
        return render(result, compare, null);
    }

    /** The document with a {@code sweep} object too when {@code sweep} is not null: a load curve. */
    public static String render(ScenarioResult result, Map<String, ScenarioResult> compare, Sweep sweep) {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
        try {
            ObjectNode doc = document(result, compare);
            if (sweep != null) doc.set("sweep", sweep(sweep));
            return MAPPER.writer(printer).writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("rendering the JSON result", e);
        }
    }

    static ObjectNode document(ScenarioResult r) {
        return document(r, Map.of());
    }

    static ObjectNode document(ScenarioResult r, Map<String, ScenarioResult> compare) {
        ObjectNode doc = NODES.objectNode();
        doc.put("schemaVersion", SCHEMA_VERSION);
        doc.put("scenario", r.spec().name());
        doc.put("description", r.spec().description().map(String::strip).orElse(""));
        doc.put("backend", r.spec().network().backend().type());
        doc.put("seed", r.seed());
        doc.put("endTimeNanos", r.endTime());
        doc.put("eventsExecuted", r.eventsExecuted());
        doc.put("passed", r.passed());
        ArrayNode flows = doc.putArray("flows");
        for (FlowResult f : r.flows()) flows.add(flow(f));
        ArrayNode checks = doc.putArray("checks");
        for (CheckResult c : r.checks()) checks.add(check(c));
        ObjectNode tables = doc.putObject("tables");
        for (NodeSpec n : r.spec().nodes()) tables.set(n.name(), tables(r, n.name()));
        for (RouterSpec router : r.spec().underlay().routers()) tables.set(router.name(), tables(r, router.name()));
        if (!r.hosts().isEmpty()) {
            ArrayNode hosts = doc.putArray("hosts");
            for (HostLoad h : r.hosts()) hosts.add(host(h));
        }
        ArrayNode log = doc.putArray("log");
        for (Tracer.LogLine l : r.log()) log.add(logLine(l));
        if (!compare.isEmpty()) {
            ObjectNode byBackend = doc.putObject("compare");
            for (Map.Entry<String, ScenarioResult> e : compare.entrySet()) {
                ArrayNode backendFlows = byBackend.putArray(e.getKey());
                for (FlowResult f : e.getValue().flows()) backendFlows.add(flow(f));
            }
        }
        return doc;
    }

    static ObjectNode flow(FlowResult f) {
        ObjectNode o = NODES.objectNode();
        o.put("name", f.name());
        o.put("kind", f.kind());
        o.put("from", f.from());
        o.put("to", f.to());
        o.put("sent", f.sent());
        o.put("delivered", f.delivered());
        ObjectNode drops = o.putObject("drops");
        for (Map.Entry<Drop, Long> d : f.drops().entrySet()) drops.put(d.getKey().toString(), d.getValue());
        PerPacket p = f.perPacket();
        ObjectNode pp = o.putObject("perPacket");
        pp.put("copiesSend", p.copiesSend());
        pp.put("copiesReceive", p.copiesReceive());
        pp.put("copiedBytesSend", p.copiedBytesSend());
        pp.put("copiedBytesReceive", p.copiedBytesReceive());
        pp.put("syscalls", p.syscallsSend() + p.syscallsReceive());
        pp.put("syscallsSend", p.syscallsSend());
        pp.put("syscallsReceive", p.syscallsReceive());
        pp.put("modeSwitches", p.modeSwitches());
        pp.put("wakeups", p.wakeups());
        pp.put("encapsulations", p.encapsulations());
        pp.put("decapsulations", p.decapsulations());
        pp.put("latencyNanos", p.latencyNanos());
        f.throughput().ifPresent(t -> {
            ObjectNode th = o.putObject("throughput");
            th.put("rate", t.rate());
            th.put("offeredPps", round(t.offeredPps()));
            th.put("deliveredPps", round(t.deliveredPps()));
            th.put("offeredMbits", round(t.offeredMbits()));
            th.put("deliveredMbits", round(t.deliveredMbits()));
            th.put("lossPercent", round(t.lossPercent()));
            th.put("latencyP50Nanos", t.p50Nanos());
            th.put("latencyP90Nanos", t.p90Nanos());
            th.put("latencyP99Nanos", t.p99Nanos());
            th.put("latencyMaxNanos", t.maxNanos());
            th.put("jitterNanos", t.jitterNanos());
        });
        f.tcp().ifPresent(t -> tcp(o, t));
        ArrayNode icmp = o.putArray("icmpErrors");
        f.icmpErrors().forEach(icmp::add);
        ArrayNode output = o.putArray("output");
        f.output().forEach(output::add);
        return o;
    }

    /**
     * A tcp flow's {@code transfer} or a request flow's {@code requests}, then for both the sender's
     * {@code retransmits} and its socket as {@code ss -ti} reads it ({@code ss}, when it had one).
     */
    private static void tcp(ObjectNode o, TcpResult t) {
        t.transfer().ifPresent(x -> {
            ObjectNode tr = o.putObject("transfer");
            tr.put("bytes", x.bytes());
            tr.put("startNanos", x.startNanos());
            tr.put("endNanos", x.endNanos());
            tr.put("goodputMbits", round(x.bitsPerSecond() / 1e6));
            if (x.bytesAsked().isPresent()) {
                tr.put("bytesAsked", x.bytesAsked().getAsLong());
                tr.put("timeoutNanos", x.timeoutNanos());
                tr.put("complete", x.complete());
            }
        });
        t.requests().ifPresent(q -> {
            ObjectNode rq = o.putObject("requests");
            rq.put("count", q.asked());
            rq.put("completed", q.completed());
            rq.put("timeoutNanos", q.timeoutNanos());
            ArrayNode exchanges = rq.putArray("exchanges");
            for (Flow.Exchange x : q.exchanges()) {
                ObjectNode e = exchanges.addObject();
                e.put("connectNanos", x.connectNanos());
                e.put("firstByteNanos", x.firstByteNanos());
                e.put("totalNanos", x.totalNanos());
            }
        });
        o.put("retransmits", t.retransmits());
        t.info().ifPresent(i -> {
            ObjectNode ss = o.putObject("ss");
            ss.put("state", i.state());
            ss.put("congestion", i.congestion());
            ss.put("rttMicros", i.rttMicros());
            ss.put("rttVarMicros", i.rttVarMicros());
            ss.put("rtoMillis", i.rtoMillis());
            ss.put("cwnd", i.cwnd());
            ss.put("ssthresh", i.ssthresh());
            ss.put("mss", i.mss());
            ss.put("pmtu", i.pmtu());
            ss.put("totalRetrans", i.totalRetrans());
            ss.put("bytesSent", i.bytesSent());
            ss.put("bytesAcked", i.bytesAcked());
            ss.put("bytesReceived", i.bytesReceived());
            ss.put("line", i.ssLine());
        });
    }

    private static ObjectNode sweep(Sweep sweep) {
        ObjectNode o = NODES.objectNode();
        o.put("flow", sweep.flow());
        ObjectNode byBackend = o.putObject("backends");
        for (Map.Entry<String, List<ScenarioResult>> e : sweep.byBackend().entrySet()) {
            ArrayNode points = byBackend.putArray(e.getKey());
            for (int i = 0; i < sweep.rates().size(); i++) {
                Sweep.Point p = sweep.point(i, e.getValue().get(i));
                ObjectNode po = points.addObject();
                po.put("rate", sweep.rates().get(i).text());
                po.put("offeredPps", round(p.offeredPps()));
                po.put("sentPps", round(p.sentPps()));
                po.put("deliveredPps", round(p.deliveredPps()));
                po.put("lossPercent", round(p.lossPercent()));
                po.put("latencyP99Nanos", p.p99Nanos());
                po.put("cpuNanosPerPacket", round(p.cpuNanosPerPacket()));
                po.put("flanneldCtxtSwitchesPerPacket", round(p.flanneldSwitchesPerPacket()));
                ObjectNode drops = po.putObject("drops");
                e.getValue().get(i).flow(sweep.flow()).drops().forEach((k, v) -> drops.put(k.toString(), v));
            }
        }
        return o;
    }

    /** Three decimals: enough for rates and shares, and the same text on every platform. */
    private static double round(double d) { return Math.round(d * 1000) / 1000.0; }

    private static ObjectNode host(HostLoad h) {
        ObjectNode o = NODES.objectNode();
        o.put("host", h.host());
        o.put("cpus", h.cpus());
        o.put("windowNanos", h.windowNanos());
        o.put("userNanos", h.userNanos());
        o.put("systemNanos", h.systemNanos());
        o.put("softirqNanos", h.softirqNanos());
        o.put("busyPercent", round(h.busyPercent()));
        o.put("softnetProcessed", h.softnetProcessed());
        o.put("softnetTimeSqueeze", h.softnetTimeSqueeze());
        ArrayNode procs = o.putArray("processes");
        for (HostLoad.ProcessLoad p : h.processes()) {
            ObjectNode po = procs.addObject();
            po.put("name", p.name());
            po.put("namespace", p.namespace());
            po.put("packets", p.packets());
            po.put("userNanos", p.userNanos());
            po.put("systemNanos", p.systemNanos());
            po.put("voluntaryCtxtSwitches", p.voluntarySwitches());
            po.put("nonvoluntaryCtxtSwitches", p.nonvoluntarySwitches());
            po.put("cpuNanosPerPacket", round(p.cpuNanosPerPacket()));
            po.put("ctxtSwitchesPerPacket", round(p.switchesPerPacket()));
        }
        return o;
    }

    private static ObjectNode check(CheckResult c) {
        ObjectNode o = NODES.objectNode();
        o.put("index", c.index());
        o.put("check", c.check());
        o.put("passed", c.passed());
        o.put("expected", c.expected());
        o.put("actual", c.actual());
        return o;
    }

    private static ObjectNode tables(ScenarioResult r, String where) {
        ObjectNode o = NODES.objectNode();
        for (String command : TABLE_COMMANDS) o.put(command, r.show(where, command).stdout());
        return o;
    }

    private static ObjectNode logLine(Tracer.LogLine l) {
        ObjectNode o = NODES.objectNode();
        o.put("timeNanos", l.time());
        o.put("host", l.host());
        o.put("source", l.source());
        o.put("text", l.text());
        return o;
    }
}
