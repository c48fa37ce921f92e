package dev.overlaysim.trace;

/**
 * One step of a packet's walk: where it was (host, namespace, device), what happened, the table
 * entry or rule that decided it (as the tool that shows that table would print it), and, in a
 * full trace, the bytes at that point.
 */
public record Hop(long time, long packetId, String host, String namespace, String device,
                  HopAction action, String detail, byte[] bytes) {

    /** Where, as {@code host/device} for the root namespace or {@code container/device} for a container. */
    public String place() {
        return namespace + (device.isEmpty() ? "" : "/" + device);
    }
}
