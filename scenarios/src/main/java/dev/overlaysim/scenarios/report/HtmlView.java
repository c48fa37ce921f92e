package dev.overlaysim.scenarios.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.device.NetDevice;
import dev.overlaysim.linux.device.Veth;
import dev.overlaysim.scenarios.i18n.Lang;
import dev.overlaysim.linux.Tracer;
import dev.overlaysim.scenarios.run.FlowResult;
import dev.overlaysim.scenarios.run.RunOptions;
import dev.overlaysim.scenarios.run.Scenario;
import dev.overlaysim.scenarios.run.ScenarioResult;
import dev.overlaysim.scenarios.topology.Topology;
import dev.overlaysim.scenarios.topology.TopologySvg;
import dev.overlaysim.scenarios.topology.Vertex;
import dev.overlaysim.trace.Hop;
import dev.overlaysim.trace.HopAction;
import dev.overlaysim.trace.PacketContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The step-through view: one self-contained HTML page (the template {@code /view/view.html}, its
 * CSS and JS inline, nothing fetched) with the topology drawn ({@link TopologySvg}) and a player
 * over the walked packets of each flow. It is a renderer over the run's recorded hops, the very
 * blocks {@link WalkPrinter} prints, embedded as JSON: each step is one hop with the place the
 * page highlights, the walk's words for it, the table line that decided it, the copy it cost (if
 * any) and its PDU dissected by the same {@link HopBytes} as {@code --trace full}. The run must be
 * traced at FULL for the PDUs. Same result, same bytes.
 */
public final class HtmlView {

    private static final String TEMPLATE = "/view/view.html";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ScenarioResult result;
    private final ViewWords words;
    private final Lang lang;
    private final HopNarration narration;
    private final PduLayers pdus;
    private final WalkPrinter walk;

    private HtmlView(ScenarioResult result, Lang lang) {
        this.result = result;
        this.lang = lang;
        this.words = new ViewWords(lang);
        this.narration = new HopNarration(result.world());
        this.pdus = new PduLayers(new HopBytes(result.spec().network().backend()));
        this.walk = new WalkPrinter(result, Style.PLAIN, false);
    }

    /** The page for a run traced at FULL ({@code source}: how the header names the scenario, e.g. its path). */
    public static String render(ScenarioResult result, String source, Lang lang) {
        return new HtmlView(result, lang).page(source);
    }

    /** Runs {@code scenario} with {@code options}, traced at FULL (the PDUs need the bytes), and renders its page. */
    public static String render(Scenario scenario, RunOptions options, String source, Lang lang) {
        return render(scenario.run(options.withTrace(Tracer.Level.FULL)), source, lang);
    }

    private String page(String source) {
        Topology topology = Topology.of(result.spec(), this::vethName);
        List<WalkPrinter.Block> blocks = walk.blocks();
        List<TopologySvg.Extra> extras = processesNotInTheFile(topology, blocks);
        Set<String> places = new LinkedHashSet<>();
        topology.graph().vertexSet().stream().filter(v -> v.kind() != Vertex.Kind.SEGMENT).forEach(v -> places.add(v.id()));
        extras.forEach(e -> places.add(e.id()));

        ObjectNode data = MAPPER.createObjectNode();
        data.put("lang", lang.code());
        data.set("words", words.json());
        ObjectNode scenario = data.putObject("scenario");
        scenario.put("name", result.spec().name());
        scenario.put("source", source);
        scenario.put("backend", result.spec().network().backend().type());
        scenario.put("seed", result.seed());
        ArrayNode flows = data.putArray("flows");
        for (FlowResult f : result.flows()) {
            ObjectNode flow = flows.addObject();
            flow.put("name", f.name());
            flow.put("title", f.name() + " (" + f.kind() + " " + f.from() + " → " + f.to() + ")");
            ArrayNode packets = flow.putArray("packets");
            int n = 0;
            for (WalkPrinter.Block b : blocks) {
                if (b.flow().equals(f.name())) packets.add(packet(b, n++ == 0, f, places));
            }
        }
        Map<String, String> fill = Map.of(
                "{{LANG}}", lang == Lang.ZH ? "zh-CN" : "en",
                "{{TITLE}}", esc(result.spec().name() + " — overlaysim " + words.get("title")),
                "{{HEADING}}", esc(result.spec().name()),
                "{{SUBHEADING}}", esc(source + " · " + words.get("backend") + " " + result.spec().network().backend().type()
                        + " · " + words.get("seed") + " " + result.seed()),
                "<!--TOPOLOGY-->", TopologySvg.draw(topology, extras, words.drawing()),
                "/*VIEW-DATA*/", json(data));
        // One pass over the template: a scenario's name can never be taken for a placeholder.
        Matcher m = PLACEHOLDER.matcher(template());
        StringBuilder out = new StringBuilder();
        while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(fill.get(m.group())));
        m.appendTail(out);
        return out.toString();
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[A-Z]+}}|<!--TOPOLOGY-->|/\\*VIEW-DATA\\*/");

    private ObjectNode packet(WalkPrinter.Block b, boolean first, FlowResult f, Set<String> places) {
        ObjectNode p = MAPPER.createObjectNode();
        String what;
        if (first) what = words.get(f.kind().equals("ping") ? "firstRequest"
                : f.kind().equals("tcp") || f.kind().equals("request") ? "firstSegment" : "firstDatagram");
        else what = words.get(b.hops().get(0).kind().equals(PacketContext.ECHO_REPLY) ? "reply" : "icmpError");
        p.put("title", what + (b.hops().isEmpty() ? "" : " (#" + b.packetId() + ")"));
        if (b.hops().isEmpty()) p.put("empty", b.whenEmpty().isEmpty() ? words.get("notSent") : b.whenEmpty());
        ArrayNode steps = p.putArray("steps");
        Map<String, Integer> copies = new HashMap<>();
        String decision = "";
        byte[] shown = null;
        ArrayNode pduList = p.putArray("pdus");
        int pdu = -1;
        for (int i = 0; i < b.hops().size(); i++) {
            Hop h = b.hops().get(i);
            ObjectNode s = steps.addObject();
            s.put("t", WalkPrinter.relative(h.time() - b.origin()));
            s.put("place", narration.place(h));
            s.put("highlight", highlight(h, places));
            s.put("host", h.host());
            s.put("action", h.action().name().toLowerCase(java.util.Locale.ROOT));
            String text = narration.words(h);
            s.put("words", h.fragment() == null ? text : "[" + h.fragment() + "] " + text);
            if (decides(h)) decision = text;
            s.put("decision", decision);
            HopNarration.Crossing c = narration.crossing(h);
            if (c != HopNarration.Crossing.NONE) {
                ObjectNode copy = s.putObject("copy");
                copy.put("n", copies.merge(h.host(), 1, Integer::sum));
                copy.put("host", h.host());
                copy.put("arrow", c.arrow());
                copy.put("by", narration.place(h));
            }
            if (h.action() == HopAction.DROPPED) s.put("drop", h.detail() == null ? "" : h.detail());
            if (h.action() == HopAction.ARP_QUEUED) {
                ArrayNode arp = s.putArray("arp");
                for (Hop a : walk.arpExchange(b, i)) arp.add(narration.place(a) + "  " + a.detail());
            }
            if (h.bytes() != null && !Arrays.equals(shown, h.bytes())) {
                shown = h.bytes();
                pduList.add(pdus.of(h.bytes()));
                pdu = pduList.size() - 1;
            }
            s.put("pdu", pdu);
        }
        return p;
    }

    /** Hops whose words quote the table entry (or lease) that sent the packet on. */
    private static boolean decides(Hop h) {
        return switch (h.action()) {
            case ROUTED, NEIGHBOUR, ARP_QUEUED, VXLAN_FDB, BRIDGED, FLOODED -> true;
            default -> false;
        };
    }

    /** The drawn place a hop lights up: its device or process, else its namespace's IP stack. */
    private String highlight(Hop h, Set<String> places) {
        String own = h.device().isEmpty() ? h.namespace()
                : narration.isProcess(h) ? h.namespace() + " " + h.device() : h.namespace() + "/" + h.device();
        return places.contains(own) ? own : h.namespace();
    }

    /** The processes the walk went through that the file does not declare: ping, the UDP senders. */
    private List<TopologySvg.Extra> processesNotInTheFile(Topology topology, List<WalkPrinter.Block> blocks) {
        Set<String> seen = new LinkedHashSet<>();
        List<TopologySvg.Extra> out = new ArrayList<>();
        for (WalkPrinter.Block b : blocks) {
            for (Hop h : b.hops()) {
                if (!narration.isProcess(h)) continue;
                String id = h.namespace() + " " + h.device();
                if (topology.vertex(id).isEmpty() && seen.add(id)) out.add(new TopologySvg.Extra(h.host(), id, h.device(), h.namespace()));
            }
        }
        return out;
    }

    /** The host side of a container's veth as Docker named it in this run; the file's name when it is gone. */
    private String vethName(String node, String container) {
        NetNamespace ns = result.world().namespace(container);
        NetDevice eth0 = ns == null ? null : ns.device("eth0");
        if (eth0 instanceof Veth v && v.peer() != null) return v.peer().name();
        return Topology.UNNAMED_VETHS.apply(node, container);
    }

    /** JSON for a {@code <script>} element: no {@code <} at all, so neither {@code </script>} nor {@code <!--} can end it. */
    private static String json(ObjectNode data) {
        try {
            return MAPPER.writeValueAsString(data).replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the view's data", e);
        }
    }

    private static String template() {
        try (InputStream in = HtmlView.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) throw new IllegalStateException("the view template " + TEMPLATE + " is missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
