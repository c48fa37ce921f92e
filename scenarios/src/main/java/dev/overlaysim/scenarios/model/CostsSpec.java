package dev.overlaysim.scenarios.model;

import java.util.OptionalLong;

/**
 * Overrides of the timing model, each a duration in nanoseconds; empty = the model's default.
 *
 * @param syscall    one entry into and return from the kernel
 * @param copyPerKiB copying 1024 bytes between user and kernel space
 * @param wakeup     waking a blocked process
 * @param encap      one encapsulation (VXLAN or UDP header push)
 * @param decap      one decapsulation
 * @param forward    one IP forwarding decision (route lookup, TTL, checksum)
 */
public record CostsSpec(
        OptionalLong syscall,
        OptionalLong copyPerKiB,
        OptionalLong wakeup,
        OptionalLong encap,
        OptionalLong decap,
        OptionalLong forward) {

    /** No overrides. */
    public static final CostsSpec DEFAULTS = new CostsSpec(OptionalLong.empty(), OptionalLong.empty(),
            OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
}
