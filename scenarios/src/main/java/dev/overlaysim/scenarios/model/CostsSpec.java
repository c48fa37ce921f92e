package dev.overlaysim.scenarios.model;

import java.util.OptionalLong;

/**
 * Overrides of the timing model, each a duration in nanoseconds; empty = the model's default.
 *
 * @param syscall    one entry into and return from the kernel
 * @param copyPerKiB copying 1024 bytes between user and kernel space
 * @param wakeup     waking a blocked process (until it runs again)
 * @param encap      one VXLAN encapsulation
 * @param decap      one VXLAN decapsulation
 * @param forward    one stack hop: a device's receive, a bridge's forwarding or an IP forwarding decision
 * @param proxy      flanneld's UDP proxy: its user-space work per packet, besides its syscalls and copies
 */
public record CostsSpec(
        OptionalLong syscall,
        OptionalLong copyPerKiB,
        OptionalLong wakeup,
        OptionalLong encap,
        OptionalLong decap,
        OptionalLong forward,
        OptionalLong proxy) {

    /** No overrides. */
    public static final CostsSpec DEFAULTS = new CostsSpec(OptionalLong.empty(), OptionalLong.empty(),
            OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
}
