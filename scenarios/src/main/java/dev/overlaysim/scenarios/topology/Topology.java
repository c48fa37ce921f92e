package dev.overlaysim.scenarios.topology;

import dev.overlaysim.scenarios.model.BackendSpec;
import dev.overlaysim.scenarios.model.ContainerSpec;
import dev.overlaysim.scenarios.model.NodeSpec;
import dev.overlaysim.scenarios.model.RouterSpec;
import dev.overlaysim.scenarios.model.ScenarioSpec;
import dev.overlaysim.scenarios.model.SegmentSpec;
import org.jgrapht.Graph;
import org.jgrapht.GraphPath;
import org.jgrapht.alg.connectivity.ConnectivityInspector;
import org.jgrapht.alg.shortestpath.BFSShortestPath;
import org.jgrapht.graph.AsSubgraph;
import org.jgrapht.graph.SimpleGraph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The scenario's topology as a graph (JGraphT): the nodes with their devices (eth0, docker0, the
 * veths, flannel0 or flannel.VNI) and flanneld, the containers with their eth0, the routers with
 * one NIC per segment, and the underlay segments. Built from the scenario file alone, so that
 * {@code validate} and {@code graph} need no run; a run can name the veths as Docker did.
 *
 * <p>Vertices and edges are added in file order and JGraphT's default graphs keep insertion order,
 * so every walk over the graph (DOT, JSON, the drawing) comes out the same for the same file.
 */
public final class Topology {

    /** Names the host side of a container's veth: {@code (node, container) → vethb593bc1}. */
    public static final BiFunction<String, String, String> UNNAMED_VETHS = (node, container) -> "veth(" + container + ")";

    private final ScenarioSpec spec;
    private final Graph<Vertex, Link> graph = new SimpleGraph<>(null, null, false);
    private final Map<String, Vertex> byId = new LinkedHashMap<>();

    private Topology(ScenarioSpec spec) { this.spec = spec; }

    /** The topology of a scenario file; a veth is named after its container ({@code veth(container-1)}). */
    public static Topology of(ScenarioSpec spec) {
        return of(spec, UNNAMED_VETHS);
    }

    /** The topology with the host side of each veth named by {@code vethName} (a run knows Docker's names). */
    public static Topology of(ScenarioSpec spec, BiFunction<String, String, String> vethName) {
        Topology t = new Topology(spec);
        t.build(vethName);
        return t;
    }

    private void build(BiFunction<String, String, String> vethName) {
        for (SegmentSpec s : spec.underlay().segments()) {
            add(Vertex.SEGMENT_PREFIX + s.name(), Vertex.Kind.SEGMENT, s.name(), s.name(), s.cidr().toString());
        }
        for (RouterSpec r : spec.underlay().routers()) {
            Vertex router = add(r.name(), Vertex.Kind.ROUTER, r.name(), r.name(), "");
            int i = 0;
            for (RouterSpec.Interface iface : r.interfaces()) {
                Vertex nic = device(router, "eth" + i++, Vertex.Kind.NIC, iface.ip().toString());
                link(nic, segment(iface.segment()), Link.Kind.ATTACHED);
            }
        }
        BackendSpec backend = spec.network().backend();
        for (NodeSpec n : spec.nodes()) {
            Vertex node = add(n.name(), Vertex.Kind.NODE, n.name(), n.name(),
                    n.ip() + n.subnet().map(s -> " (" + s + ")").orElse(""));
            Vertex eth0 = device(node, "eth0", Vertex.Kind.NIC, n.ip().toString());
            link(eth0, segment(n.segment()), Link.Kind.ATTACHED);
            Vertex docker0 = device(node, "docker0", Vertex.Kind.BRIDGE, "");
            Vertex flanneld = add(n.name() + " flanneld", Vertex.Kind.PROCESS, n.name(), "flanneld", "");
            link(node, flanneld, Link.Kind.HAS);
            if (backend instanceof BackendSpec.Udp) {
                // flanneld reads flannel0 and sends what it read from its UDP socket, out of eth0.
                Vertex tun = device(node, "flannel0", Vertex.Kind.TUN, "");
                link(tun, flanneld, Link.Kind.TUNNEL);
                link(flanneld, eth0, Link.Kind.TUNNEL);
            } else if (backend instanceof BackendSpec.Vxlan v) {
                link(device(node, "flannel." + v.vni(), Vertex.Kind.VTEP, "VNI " + v.vni()), eth0, Link.Kind.TUNNEL);
            }
            for (ContainerSpec c : n.containers()) {
                Vertex container = add(c.name(), Vertex.Kind.CONTAINER, n.name(), c.name(), "");
                link(container, node, Link.Kind.RUNS_ON);
                Vertex inside = device(container, "eth0", Vertex.Kind.VETH, c.ip().map(Object::toString).orElse(""));
                Vertex outside = device(node, vethName.apply(n.name(), c.name()), Vertex.Kind.VETH, "");
                link(inside, outside, Link.Kind.VETH_PAIR);
                link(outside, docker0, Link.Kind.BRIDGE_PORT);
            }
        }
    }

    private Vertex add(String id, Vertex.Kind kind, String host, String name, String label) {
        Vertex v = new Vertex(id, kind, host, name, label);
        if (byId.putIfAbsent(id, v) != null) throw new IllegalStateException("two vertices named " + id);
        graph.addVertex(v);
        return v;
    }

    /** A device of {@code owner}'s namespace, joined to it. The device lives on the owner's machine. */
    private Vertex device(Vertex owner, String name, Vertex.Kind kind, String label) {
        Vertex d = add(owner.id() + "/" + name, kind, owner.host(), name, label);
        link(owner, d, Link.Kind.HAS);
        return d;
    }

    private Vertex segment(String name) {
        return byId.get(Vertex.SEGMENT_PREFIX + name);
    }

    private void link(Vertex a, Vertex b, Link.Kind kind) {
        graph.addEdge(a, b, new Link(kind));
    }

    public ScenarioSpec spec() { return spec; }

    /** The whole graph (undirected, read it, do not change it). */
    public Graph<Vertex, Link> graph() { return graph; }

    /** The vertex with this id, if any. */
    public Optional<Vertex> vertex(String id) { return Optional.ofNullable(byId.get(id)); }

    /** The vertices of one kind, in file order. */
    public List<Vertex> vertices(Vertex.Kind kind) {
        return graph.vertexSet().stream().filter(v -> v.kind() == kind).toList();
    }

    /** The devices, processes and containers on {@code host} (a node or router), in the order they were added. */
    public List<Vertex> on(String host) {
        return graph.vertexSet().stream().filter(v -> v.host().equals(host) && v.kind() != Vertex.Kind.SEGMENT && !v.id().equals(host)).toList();
    }

    /**
     * The underlay alone: segments, the NICs plugged into them, and the nodes and routers those
     * belong to. Overlay devices are left out: reachability between nodes is the underlay's.
     */
    public Graph<Vertex, Link> underlay() {
        Set<Vertex> keep = new LinkedHashSet<>();
        for (Vertex v : graph.vertexSet()) {
            switch (v.kind()) {
                case SEGMENT, ROUTER, NIC -> keep.add(v);
                case NODE -> keep.add(v);
                default -> { }
            }
        }
        return new AsSubgraph<>(graph, keep);
    }

    /** The nodes, grouped by which can reach which over the underlay; groups in file order. */
    public List<List<String>> nodesByReach() {
        ConnectivityInspector<Vertex, Link> reach = new ConnectivityInspector<>(underlay());
        Map<Set<Vertex>, List<String>> groups = new LinkedHashMap<>();
        for (Vertex node : vertices(Vertex.Kind.NODE)) {
            groups.computeIfAbsent(reach.connectedSetOf(node), k -> new ArrayList<>()).add(node.id());
        }
        return List.copyOf(groups.values());
    }

    /** The routers on the shortest underlay path between two nodes (empty when they share a segment or cannot reach). */
    public List<String> routersBetween(String nodeA, String nodeB) {
        GraphPath<Vertex, Link> path = BFSShortestPath.findPathBetween(underlay(), byId.get(nodeA), byId.get(nodeB));
        if (path == null) return List.of();
        return path.getVertexList().stream().filter(v -> v.kind() == Vertex.Kind.ROUTER).map(Vertex::id).toList();
    }
}
