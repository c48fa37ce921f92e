package dev.overlaysim.scenarios.topology;

import org.jgrapht.nio.Attribute;
import org.jgrapht.nio.DefaultAttribute;
import org.jgrapht.nio.dot.DOTExporter;

import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The topology in Graphviz's DOT, written by JGraphT's {@link DOTExporter}: one vertex per host,
 * container, device, process and segment (labelled with its id and address), one edge per link
 * (labelled with its kind). Vertex ids are {@code v0, v1, ...} in the graph's (file) order: DOT ids
 * cannot hold the {@code /} of {@code node1/eth0} unquoted, and the label carries the name anyway.
 */
public final class TopologyDot {

    private TopologyDot() { }

    public static String render(Topology topology) {
        Map<Vertex, String> ids = new LinkedHashMap<>();
        for (Vertex v : topology.graph().vertexSet()) ids.put(v, "v" + ids.size());
        DOTExporter<Vertex, Link> exporter = new DOTExporter<>(ids::get);
        exporter.setGraphIdProvider(() -> "topology");
        exporter.setGraphAttributeProvider(() -> {
            Map<String, Attribute> a = new LinkedHashMap<>();
            // JGraphT writes graph attributes unquoted, and a scenario name like across-router is
            // not a DOT ID (a hyphen): quoted here (names are [a-z0-9-], nothing to escape).
            a.put("label", DefaultAttribute.createAttribute("\"" + topology.spec().name() + "\""));
            return a;
        });
        exporter.setVertexAttributeProvider(v -> {
            Map<String, Attribute> a = new LinkedHashMap<>();
            // One line: a "\\n" escape is valid DOT, but JGraphT's own importer refuses it, and
            // the DOT must read back with the library that wrote it.
            a.put("label", DefaultAttribute.createAttribute(v.label().isEmpty() ? v.id() : v.id() + " " + v.label()));
            a.put("kind", DefaultAttribute.createAttribute(v.kind().word()));
            a.put("shape", DefaultAttribute.createAttribute(shape(v.kind())));
            return a;
        });
        exporter.setEdgeAttributeProvider(e -> {
            Map<String, Attribute> a = new LinkedHashMap<>();
            a.put("label", DefaultAttribute.createAttribute(e.kind().word()));
            return a;
        });
        StringWriter out = new StringWriter();
        exporter.exportGraph(topology.graph(), out);
        return out.toString();
    }

    private static String shape(Vertex.Kind kind) {
        return switch (kind) {
            case NODE, ROUTER -> "box3d";
            case CONTAINER -> "component";
            case SEGMENT -> "hexagon";
            case PROCESS -> "ellipse";
            default -> "box";
        };
    }
}
