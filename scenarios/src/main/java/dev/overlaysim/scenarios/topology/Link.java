package dev.overlaysim.scenarios.topology;

import org.jgrapht.graph.DefaultEdge;

/**
 * An edge of the topology: what joins two vertices. JGraphT keeps the endpoints; the link keeps
 * what kind of joining it is, so a drawing and DOT can say it.
 */
public final class Link extends DefaultEdge {

    /** How two vertices are joined. */
    public enum Kind {
        /** A host (or container namespace) has this device or runs this process. */
        HAS("has"),
        /** A container runs on this node (shares its kernel). */
        RUNS_ON("runs on"),
        /** The two ends of a veth pair. */
        VETH_PAIR("veth pair"),
        /** A veth is a port of the bridge. */
        BRIDGE_PORT("bridge port"),
        /** A NIC is plugged into an underlay segment. */
        ATTACHED("attached"),
        /** A tunnel device sends what it encapsulates out of this NIC (or flanneld's socket does). */
        TUNNEL("tunnel over");

        private final String word;

        Kind(String word) { this.word = word; }

        public String word() { return word; }
    }

    private final Kind kind;

    public Link(Kind kind) { this.kind = kind; }

    public Kind kind() { return kind; }

    /** The vertex at one end (JGraphT's source; the graph is undirected). */
    public Vertex one() { return (Vertex) getSource(); }

    /** The vertex at the other end. */
    public Vertex other() { return (Vertex) getTarget(); }
}
