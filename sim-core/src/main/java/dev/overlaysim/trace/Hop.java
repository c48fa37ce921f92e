package dev.overlaysim.trace;

/**
 * One step of a packet's walk: which packet it was (its id, the id of the packet it exists because
 * of, and which fragment of it, if it was fragmented), where it was (host, namespace, device), what
 * happened, the table entry or rule that decided it (as the tool that shows that table would print
 * it), and, in a full trace, the bytes at that point.
 *
 * @param causeId  the id of the packet this one answers or was sent for ({@link PacketContext#cause()}),
 *                 0 when none; on an {@link HopAction#ARP_QUEUED} hop, the packet whose ARP
 *                 resolution this one waits behind (its own id when it started the resolution)
 * @param kind     what the packet is, as {@link PacketContext#kind()} says ({@code echo-request},
 *                 {@code echo-reply}, {@code icmp-error}, {@code arp-request}, ...); empty when unknown
 * @param fragment which fragment of the packet this hop saw ({@code frag 2/3, offset 1480, MF}),
 *                 null when the packet was whole
 */
public record Hop(long time, long packetId, long causeId, String kind, String fragment, String host, String namespace, String device,
                  HopAction action, String detail, byte[] bytes) {

    /** Where, as {@code host/device} for the root namespace or {@code container/device} for a container. */
    public String place() {
        return namespace + (device.isEmpty() ? "" : "/" + device);
    }
}
