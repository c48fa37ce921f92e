package dev.overlaysim.linux.table;

/** Neighbour Unreachability Detection states, as {@code ip neigh} names them. */
public enum NudState {
    INCOMPLETE, REACHABLE, STALE, DELAY, PROBE, FAILED, NOARP, PERMANENT;

    /** States whose link-layer address may be used to send right away. */
    public boolean hasAddress() {
        return this == REACHABLE || this == STALE || this == DELAY || this == PROBE || this == PERMANENT || this == NOARP;
    }
}
