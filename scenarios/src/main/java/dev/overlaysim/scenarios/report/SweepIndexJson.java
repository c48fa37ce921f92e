package dev.overlaysim.scenarios.report;

import dev.overlaysim.trace.Drop;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overlaysim.scenarios.model.CompareSpec;
import dev.overlaysim.scenarios.run.Sweep;
import dev.overlaysim.scenarios.run.SweepGrid;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of one index of a sharded sweep ({@code overlaysim sweep FILE --index K}), as the
 * file {@code index-K.json} that {@code overlaysim sweep merge DIR} reads back: the grid's layout
 * (so merge needs no scenario file), the scenario text's SHA-256 (so results of different files are
 * never merged), the shard, and each of its cells' measurements. Numbers are written as Java's
 * shortest round-tripping decimal, so a merged table, CSV and chart are byte-identical to those
 * of a sweep that ran every cell in one process.
 */
public final class SweepIndexJson {
    /** The value of the {@code format} field; bumped with {@link #VERSION} on any incompatible change. */
    public static final String FORMAT = "overlaysim-sweep-index";
    public static final int VERSION = 1;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One index's file, read back. */
    public record Part(SweepGrid.Layout layout, String scenarioSha256, int shards, int index, List<SweepGrid.CellResult> results) {}

    private SweepIndexJson() {}

    /** The file name of index {@code index}: {@code index-7.json}. */
    public static String fileName(int index) { return "index-" + index + ".json"; }

    /** The document for {@code part}, pretty-printed with '\n' line ends, ending with a newline. */
    public static String render(Part part) {
        SweepGrid.Layout l = part.layout();
        ObjectNode root = NODES.objectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("scenario", l.scenario());
        root.put("scenarioSha256", part.scenarioSha256());
        root.put("flow", l.flow());
        ArrayNode backends = root.putArray("backends");
        l.backends().forEach(backends::add);
        ArrayNode rates = root.putArray("rates");
        for (CompareSpec.SweepRate r : l.rates()) rates.addObject().put("rate", r.text()).put("pps", r.packetsPerSecond());
        ArrayNode seeds = root.putArray("seeds");
        l.seeds().forEach(seeds::add);
        root.put("cells", l.size());
        root.put("shards", part.shards());
        root.put("index", part.index());
        ArrayNode results = root.putArray("results");
        for (SweepGrid.CellResult r : part.results()) {
            Sweep.Point p = r.point();
            ObjectNode o = results.addObject();
            o.put("cell", r.cell().index());
            o.put("backend", r.cell().backend());
            o.put("rate", r.cell().rate().text());
            o.put("seed", r.cell().seed());
            o.put("offeredPps", p.offeredPps());
            o.put("sentPps", p.sentPps());
            o.put("deliveredPps", p.deliveredPps());
            o.put("lossPercent", p.lossPercent());
            o.put("p99Nanos", p.p99Nanos());
            o.put("cpuNanosPerPacket", p.cpuNanosPerPacket());
            o.put("flanneldSwitchesPerPacket", p.flanneldSwitchesPerPacket());
            ObjectNode drops = o.putObject("drops");
            r.drops().forEach((k, v) -> drops.put(k.toString(), v));
        }
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(indenter).withArrayIndenter(indenter);
        try {
            return MAPPER.writer(printer).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a document {@link #render} wrote. Anything else (not JSON, another format or version, a
     * missing or mistyped field, cells that are not the shard's) is refused with an
     * {@link IllegalArgumentException} saying what and where, as {@code merge} reports it.
     */
    public static Part parse(String text) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (root == null || !root.isObject()) throw new IllegalArgumentException("expected a JSON object written by overlaysim sweep --index");
        if (!FORMAT.equals(root.path("format").asText(null))) {
            throw new IllegalArgumentException("format is " + root.path("format") + "; expected \"" + FORMAT + "\" (written by overlaysim sweep --index)");
        }
        int version = integer(root, "version", "");
        if (version != VERSION) throw new IllegalArgumentException("version " + version + "; this overlaysim reads version " + VERSION);
        List<String> backends = new ArrayList<>();
        for (JsonNode b : array(root, "backends", "")) backends.add(text(b, "backends[]"));
        List<CompareSpec.SweepRate> rates = new ArrayList<>();
        for (JsonNode r : array(root, "rates", "")) rates.add(new CompareSpec.SweepRate(string(r, "rate", "rates[]."), number(r, "pps", "rates[].")));
        List<Long> seeds = new ArrayList<>();
        for (JsonNode s : array(root, "seeds", "")) {
            if (!s.canConvertToLong() || !s.isIntegralNumber()) throw new IllegalArgumentException("seeds[]: expected an integer, found " + s);
            seeds.add(s.asLong());
        }
        SweepGrid.Layout layout = new SweepGrid.Layout(string(root, "scenario", ""), string(root, "flow", ""), backends, rates, seeds);
        if (layout.size() == 0) throw new IllegalArgumentException("the grid has no cells (backends, rates or seeds is empty)");
        int cells = integer(root, "cells", "");
        if (cells != layout.size()) {
            throw new IllegalArgumentException("cells is " + cells + " but backends × rates × seeds is " + layout.size());
        }
        int shards = integer(root, "shards", "");
        int index = integer(root, "index", "");
        List<SweepGrid.Cell> expected;
        try {
            expected = SweepGrid.shard(layout.cells(), index, shards);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("index " + index + " of " + shards + " shards: " + e.getMessage());
        }
        JsonNode results = array(root, "results", "");
        if (results.size() != expected.size()) {
            throw new IllegalArgumentException("results has " + results.size() + " cells; index " + index + " of " + shards
                    + " shards holds " + expected.size());
        }
        List<SweepGrid.CellResult> out = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            JsonNode o = results.get(i);
            String at = "results[" + i + "].";
            SweepGrid.Cell cell = expected.get(i);
            int number = integer(o, "cell", at);
            String backend = string(o, "backend", at);
            String rate = string(o, "rate", at);
            long seed = integerLong(o, "seed", at);
            if (number != cell.index() || !backend.equals(cell.backend()) || !rate.equals(cell.rate().text()) || seed != cell.seed()) {
                throw new IllegalArgumentException(at + ": cell " + number + " (" + backend + ", " + rate + ", seed " + seed
                        + ") where the grid has cell " + cell.index() + " (" + cell.backend() + ", " + cell.rate().text() + ", seed " + cell.seed() + ")");
            }
            Sweep.Point p = new Sweep.Point(number(o, "offeredPps", at), number(o, "sentPps", at), number(o, "deliveredPps", at),
                    number(o, "lossPercent", at), integerLong(o, "p99Nanos", at), number(o, "cpuNanosPerPacket", at),
                    number(o, "flanneldSwitchesPerPacket", at));
            Map<Drop, Long> drops = new LinkedHashMap<>();
            JsonNode d = o.get("drops");
            if (d == null || !d.isObject()) throw new IllegalArgumentException(at + "drops: expected an object (reason at place → count)");
            for (Iterator<Map.Entry<String, JsonNode>> it = d.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isIntegralNumber()) throw new IllegalArgumentException(at + "drops." + e.getKey() + ": expected a count");
                try {
                    drops.put(Drop.parse(e.getKey()), e.getValue().asLong());
                } catch (IllegalArgumentException bad) {
                    throw new IllegalArgumentException(at + "drops: " + bad.getMessage());
                }
            }
            out.add(new SweepGrid.CellResult(cell, p, drops));
        }
        return new Part(layout, string(root, "scenarioSha256", ""), shards, index, out);
    }

    private static JsonNode field(JsonNode o, String name, String at) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) throw new IllegalArgumentException(at + name + ": missing");
        return v;
    }

    private static String string(JsonNode o, String name, String at) { return text(field(o, name, at), at + name); }

    private static String text(JsonNode v, String what) {
        if (!v.isTextual()) throw new IllegalArgumentException(what + ": expected a string, found " + v);
        return v.asText();
    }

    private static int integer(JsonNode o, String name, String at) {
        JsonNode v = field(o, name, at);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw new IllegalArgumentException(at + name + ": expected an integer, found " + v);
        return v.asInt();
    }

    private static long integerLong(JsonNode o, String name, String at) {
        JsonNode v = field(o, name, at);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) throw new IllegalArgumentException(at + name + ": expected an integer, found " + v);
        return v.asLong();
    }

    private static double number(JsonNode o, String name, String at) {
        JsonNode v = field(o, name, at);
        // Jackson writes a non-finite double as a string ("NaN"); read it back the same way.
        if (v.isTextual() && List.of("NaN", "Infinity", "-Infinity").contains(v.asText())) return Double.parseDouble(v.asText());
        if (!v.isNumber()) throw new IllegalArgumentException(at + name + ": expected a number, found " + v);
        return v.asDouble();
    }

    private static JsonNode array(JsonNode o, String name, String at) {
        JsonNode v = field(o, name, at);
        if (!v.isArray()) throw new IllegalArgumentException(at + name + ": expected an array, found " + v);
        return v;
    }
}
