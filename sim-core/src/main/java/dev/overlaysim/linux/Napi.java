package dev.overlaysim.linux;

/**
 * What a CPU's receive softirq polls ({@code struct napi_struct}): a NIC's receive ring, or the
 * CPU's own backlog. {@code net_rx_action} takes one frame at a time from the first instance on
 * its poll list, within its budget.
 */
public interface Napi {
    /**
     * Takes one frame and carries it up the stack, its work starting {@code offset} into the CPU's
     * current item; returns whether frames are left.
     */
    boolean pollOne(long offset);
}
