package dev.overlaysim.scenarios.model;

import dev.overlaysim.protocols.addr.MacAddress;

/**
 * A fault or event applied to a node at a point in simulated time. Each is written in the file as
 * {@code {at: <duration>, <key>: <node or options>}}; {@link #key()} is that key.
 */
public sealed interface TimelineEvent {

    /** When the event happens. */
    long atNanos();

    /** The node it applies to. */
    String node();

    /** The event's key in the file, e.g. {@code linkDown}. */
    String key();

    /** flanneld starts again on a node that left ({@code nodeLeave}): it takes a lease again. */
    record NodeJoin(long atNanos, String node) implements TimelineEvent {
        public String key() {
            return "nodeJoin";
        }
    }

    /** flanneld stops on the node and its lease is deleted; peers remove their routes. */
    record NodeLeave(long atNanos, String node) implements TimelineEvent {
        public String key() {
            return "nodeLeave";
        }
    }

    /** flanneld is restarted: it re-reads subnet.env and reprograms its tables. */
    record FlanneldRestart(long atNanos, String node) implements TimelineEvent {
        public String key() {
            return "flanneldRestart";
        }
    }

    /** The node's lease expires in etcd (flanneld does not notice until it renews or exits). */
    record LeaseExpire(long atNanos, String node) implements TimelineEvent {
        public String key() {
            return "leaseExpire";
        }
    }

    /** The node's {@code eth0} loses carrier. */
    record LinkDown(long atNanos, String node) implements TimelineEvent {
        public String key() {
            return "linkDown";
        }
    }

    /** The node's {@code eth0} regains carrier. */
    record LinkUp(long atNanos, String node) implements TimelineEvent {
        public String key() {
            return "linkUp";
        }
    }

    /** Frames in and out of the node's {@code eth0} are lost with this probability from now on. */
    record LinkLoss(long atNanos, String node, double loss) implements TimelineEvent {
        public String key() {
            return "linkLoss";
        }
    }

    /** The node drops incoming UDP datagrams to this port (a firewall rule). */
    record BlockUdpPort(long atNanos, String node, int port) implements TimelineEvent {
        public String key() {
            return "blockUdpPort";
        }
    }

    /** Removes a {@code blockUdpPort} rule. */
    record UnblockUdpPort(long atNanos, String node, int port) implements TimelineEvent {
        public String key() {
            return "unblockUdpPort";
        }
    }

    /**
     * The node's host namespace sends no ICMP, neither its own (frag-needed, echo replies, port
     * unreachables) nor what it forwards: iptables -A OUTPUT/-A FORWARD -p icmp -j DROP, the
     * path-MTU black hole.
     */
    record BlockIcmp(long atNanos, String node) implements TimelineEvent {
        public String key() {
            return "blockIcmp";
        }
    }

    /** Removes the rules of {@code blockIcmp}. */
    record UnblockIcmp(long atNanos, String node) implements TimelineEvent {
        public String key() {
            return "unblockIcmp";
        }
    }

    /** The node's VTEP gets a new MAC address; peers keep the old one until they see the lease change. */
    record VtepMacChange(long atNanos, String node, MacAddress mac) implements TimelineEvent {
        public String key() {
            return "vtepMacChange";
        }
    }

    /** The node's iptables FORWARD chain policy becomes DROP (Docker ≥ 1.13 does this). */
    record ForwardPolicyDrop(long atNanos, String node) implements TimelineEvent {
        public String key() {
            return "forwardPolicyDrop";
        }
    }

    /** The node's iptables FORWARD chain policy becomes ACCEPT again. */
    record ForwardPolicyAccept(long atNanos, String node) implements TimelineEvent {
        public String key() {
            return "forwardPolicyAccept";
        }
    }
}
