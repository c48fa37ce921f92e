package dev.overlaysim.scenarios.topology;

/**
 * One thing of the scenario's topology: a host (node, router), a container, a device, a user-space
 * process, or an underlay segment.
 *
 * @param id    unique in the graph and spelled as the walk spells places: {@code node1} (the
 *              host and its IP stack), {@code node1/eth0}, {@code container-1/eth0},
 *              {@code node1 flanneld}; segments are {@code segment:lan} (segments have their own
 *              namespace, so a segment may share a name with a host)
 * @param kind  what it is
 * @param host  the machine it lives on (the node for a container and its devices); the segment's
 *              name for a segment
 * @param name  its own name: {@code eth0}, {@code flanneld}, {@code container-1}, {@code lan}
 * @param label what a drawing writes next to it: an address, a subnet, a CIDR; empty when nothing
 */
public record Vertex(String id, Kind kind, String host, String name, String label) {

    /** The kinds of vertex, from the machines down to their devices. */
    public enum Kind {
        NODE("node"), ROUTER("router"), CONTAINER("container"), SEGMENT("segment"),
        NIC("nic"), BRIDGE("bridge"), VETH("veth"), TUN("tun"), VTEP("vxlan"), PROCESS("process");

        private final String word;

        Kind(String word) { this.word = word; }

        /** The word DOT attributes and JSON use. */
        public String word() { return word; }

        /** A device of a network namespace (as opposed to a machine, a process or a segment). */
        public boolean isDevice() {
            return this == NIC || this == BRIDGE || this == VETH || this == TUN || this == VTEP;
        }
    }

    public static final String SEGMENT_PREFIX = "segment:";
}
