package dev.overlaysim.scenarios.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The topology as JSON: {@code {"scenario", "nodes": [{id, kind, host, name, label}], "edges":
 * [{from, to, kind}]}}, in the graph's (file) order. Also what the step-through view embeds.
 */
public final class TopologyJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TopologyJson() { }

    public static ObjectNode tree(Topology topology) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("scenario", topology.spec().name());
        ArrayNode nodes = root.putArray("nodes");
        for (Vertex v : topology.graph().vertexSet()) {
            nodes.addObject().put("id", v.id()).put("kind", v.kind().word()).put("host", v.host())
                    .put("name", v.name()).put("label", v.label());
        }
        ArrayNode edges = root.putArray("edges");
        for (Link e : topology.graph().edgeSet()) {
            edges.addObject().put("from", e.one().id()).put("to", e.other().id()).put("kind", e.kind().word());
        }
        return root;
    }

    public static String render(Topology topology) {
        try {
            return MAPPER.writeValueAsString(tree(topology)) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the topology as JSON", e);
        }
    }
}
