package dev.overlaysim.scenarios.load;

import dev.overlaysim.scenarios.model.BackendSpec;
import dev.overlaysim.scenarios.model.NodeSpec;
import dev.overlaysim.scenarios.model.ScenarioSpec;
import dev.overlaysim.scenarios.topology.Topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules that need the topology as a graph ({@link Topology}): every node must reach every other
 * over the underlay (refused otherwise: no backend can carry a packet between them), and host-gw
 * nodes should share one L2 segment (a warning: flanneld's route via a peer that is not on-link is
 * refused by the kernel, which the host-gw-router lab lets students find out, so the file still runs).
 */
final class UnderlayReach {

    private final Problems problems;
    private final Sources sources;

    UnderlayReach(Problems problems, Sources sources) {
        this.problems = problems;
        this.sources = sources;
    }

    void check(ScenarioSpec spec) {
        Topology topology = Topology.of(spec);
        Map<String, NodeSpec> nodes = new LinkedHashMap<>();
        spec.nodes().forEach(n -> nodes.put(n.name(), n));
        List<List<String>> groups = topology.nodesByReach();
        if (groups.size() > 1) {
            NodeSpec first = nodes.get(groups.get(0).get(0));
            for (List<String> group : groups.subList(1, groups.size())) {
                NodeSpec cut = nodes.get(group.get(0));
                problems.add(sources.at(cut, "segment"), "node '" + cut.name() + "' (segment '" + cut.segment()
                        + "') cannot reach node '" + first.name() + "' (segment '" + first.segment() + "') at all:"
                        + " no router joins their segments; add a router with an interface on each (underlay: routers:)");
            }
            return;
        }
        if (spec.network().backend() instanceof BackendSpec.HostGw) {
            warnHostGwAcrossRouters(topology, spec);
        }
    }

    /** One warning per pair of segments holding host-gw nodes, naming the first node on each and the routers between. */
    private void warnHostGwAcrossRouters(Topology topology, ScenarioSpec spec) {
        Map<String, List<NodeSpec>> bySegment = new LinkedHashMap<>();
        for (NodeSpec n : spec.nodes()) bySegment.computeIfAbsent(n.segment(), k -> new ArrayList<>()).add(n);
        List<String> segments = List.copyOf(bySegment.keySet());
        for (int i = 0; i < segments.size(); i++) {
            for (int j = i + 1; j < segments.size(); j++) {
                List<NodeSpec> left = bySegment.get(segments.get(i));
                List<NodeSpec> right = bySegment.get(segments.get(j));
                NodeSpec a = left.get(0);
                NodeSpec b = right.get(0);
                List<String> routers = topology.routersBetween(a.name(), b.name());
                String via = routers.size() == 1 ? "router '" + routers.get(0) + "'"
                        : "routers " + String.join(", ", routers.stream().map(r -> "'" + r + "'").toList());
                long others = (long) left.size() * right.size() - 1;
                problems.warn(sources.at(b, "segment"), "host-gw needs its nodes on one L2 segment: node '" + a.name()
                        + "' (segment '" + a.segment() + "') and node '" + b.name() + "' (segment '" + b.segment()
                        + "') are joined only through " + via + ", so each flanneld's route via the other's IP is not"
                        + " on-link and the kernel refuses it (network is unreachable)"
                        + (others > 0 ? " (and so are " + others + " other node pairs of these two segments)" : "")
                        + "; put them on one segment, or use the vxlan backend");
            }
        }
    }
}
