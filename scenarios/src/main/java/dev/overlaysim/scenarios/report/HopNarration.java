package dev.overlaysim.scenarios.report;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.World;
import dev.overlaysim.trace.Hop;
import dev.overlaysim.trace.HopAction;

/**
 * One hop of a walk in the seed document's words: where it happened ({@code node1/flannel.1},
 * {@code node1 flanneld} for a process) and what decided it, quoting the table entry as the tool
 * that shows that table prints it ({@code neighbour: 10.1.16.0 lladdr 5e:f8:4f:00:e3:37 PERMANENT},
 * {@code FDB: 5e:f8:4f:00:e3:37 dst 10.168.0.3 self permanent}), and whether the hop copied the
 * packet across the user/kernel boundary.
 */
final class HopNarration {
    /** A copy across the user/kernel boundary, as a hop's detail says it. */
    enum Crossing {
        NONE(""), USER_TO_KERNEL("user → kernel"), KERNEL_TO_USER("kernel → user");

        private final String arrow;

        Crossing(String arrow) { this.arrow = arrow; }

        String arrow() { return arrow; }
    }

    private static final String LOCAL_SUFFIX = " (local: up to the host stack)";
    private static final String COPIED = " copied ";

    private final World world;

    HopNarration(World world) { this.world = world; }

    /** {@code namespace/device}, the bare namespace for a decision of its stack, {@code namespace process} for a user process. */
    String place(Hop h) {
        if (h.device().isEmpty()) return h.namespace();
        return h.namespace() + (isProcess(h) ? " " : "/") + h.device();
    }

    /** The words for the hop, without its place, time or crossing marker. */
    String words(Hop h) {
        String d = h.detail() == null ? "" : h.detail();
        return switch (h.action()) {
            case SENT_BY_PROCESS, READ_BY_PROCESS -> withoutCopyNote(d);
            case TRANSMITTED -> "transmitted";
            case RECEIVED -> "received";
            case BRIDGED -> d.endsWith(LOCAL_SUFFIX)
                    ? "bridge: " + d.substring(0, d.length() - LOCAL_SUFFIX.length()) + " (local) → up to " + h.host() + "'s stack"
                    : "bridge: " + d;
            case FLOODED -> "bridge: flooded, " + d;
            case ROUTED -> isProcess(h) ? "subnet lookup: " + withoutCopyNote(d) : "route: " + d;
            case FORWARDED -> isProcess(h) ? d : "forward: " + d;
            case NEIGHBOUR -> "neighbour: " + withoutOwnDevice(d, h.device());
            case ARP_QUEUED -> "neighbour: " + withoutOwnDevice(d, h.device()) + (h.causeId() == h.packetId()
                    ? " — packet queued, ARP who-has sent" : " — packet queued behind the ARP who-has already sent");
            case VXLAN_FDB -> "FDB: " + withoutOwnDevice(d, h.device());
            case ENCAPSULATED -> "encapsulated " + d;
            case DECAPSULATED -> "decapsulated " + d;
            case TO_TUN -> "TUN: " + d;
            case DELIVERED -> (d.matches("^[a-z]+ socket .*") ? "delivered to " : "delivered: ") + d;
            case ICMP_ERROR -> "ICMP error: " + d;
            case TCP_RESET -> "TCP reset: " + d;
            case DROPPED -> "DROPPED: " + d;
            case FRAGMENTED -> "fragmented: " + d;
        };
    }

    /** Whether the hop copied the packet between user and kernel memory. */
    Crossing crossing(Hop h) {
        String d = h.detail() == null ? "" : h.detail();
        if (d.contains("copied user → kernel")) return Crossing.USER_TO_KERNEL;
        if (d.contains("copied kernel → user")) return Crossing.KERNEL_TO_USER;
        if (h.action() == HopAction.SENT_BY_PROCESS) return Crossing.USER_TO_KERNEL;
        if (h.action() == HopAction.READ_BY_PROCESS) return Crossing.KERNEL_TO_USER;
        return Crossing.NONE;
    }

    /** A hop's "device" is a process name when the namespace has no device of that name (flanneld, ping). */
    boolean isProcess(Hop h) {
        if (h.device().isEmpty()) return false;
        if (h.action() == HopAction.SENT_BY_PROCESS || h.action() == HopAction.READ_BY_PROCESS) return true;
        NetNamespace ns = world.namespace(h.namespace());
        return ns != null && ns.device(h.device()) == null;
    }

    /** "84 bytes copied user → kernel" → "84 bytes": the crossing marker says it. */
    private static String withoutCopyNote(String d) {
        String out = d.replace(COPIED + Crossing.USER_TO_KERNEL.arrow(), "").replace(COPIED + Crossing.KERNEL_TO_USER.arrow(), "");
        return out.strip();
    }

    /** "10.1.16.0 dev flannel.1 lladdr ..." on flannel.1 → "10.1.16.0 lladdr ...", as {@code ip neigh show dev flannel.1} prints it. */
    private static String withoutOwnDevice(String d, String device) {
        if (device.isEmpty()) return d;
        return d.replaceFirst(" dev " + java.util.regex.Pattern.quote(device) + "(?= |$)", "");
    }
}
