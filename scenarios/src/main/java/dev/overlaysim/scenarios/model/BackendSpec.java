package dev.overlaysim.scenarios.model;

/** Flannel's {@code Backend} object: the backend type and its options. */
public sealed interface BackendSpec {

    /** The backend type as Flannel spells it: {@code udp}, {@code vxlan} or {@code host-gw}. */
    String type();

    /**
     * The UDP backend: TUN {@code flannel0} and a user-space forwarder.
     *
     * @param port UDP port of the forwarder (Flannel's {@code Port}, default 8285)
     */
    record Udp(int port) implements BackendSpec {
        public static final String TYPE = "udp";
        public static final int DEFAULT_PORT = 8285;

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * The VXLAN backend: a kernel VTEP {@code flannel.<vni>}.
     *
     * @param vni           VXLAN network identifier (Flannel's {@code VNI}, default 1)
     * @param port          UDP destination port (Flannel's {@code Port}, default 8472, the Linux default)
     * @param directRouting route directly to peers on the same L2 segment (Flannel's {@code DirectRouting})
     */
    record Vxlan(int vni, int port, boolean directRouting) implements BackendSpec {
        public static final String TYPE = "vxlan";
        public static final int DEFAULT_VNI = 1;
        public static final int DEFAULT_PORT = 8472;

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** The host-gw backend: one route per peer subnet via the peer's IP. No options. */
    record HostGw() implements BackendSpec {
        public static final String TYPE = "host-gw";

        @Override
        public String type() {
            return TYPE;
        }
    }
}
