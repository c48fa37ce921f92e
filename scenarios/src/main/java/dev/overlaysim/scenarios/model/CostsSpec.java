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
 * @param wakeupCpu  what waking a blocked process costs the CPU that wakes it (try_to_wake_up, the IPI)
 * @param contextSwitch what a voluntary context switch costs the process: blocking and being switched back in
 * @param proxyCold  flanneld's extra user-space work on the first packet after a wake-up (cold caches)
 * @param haltPoll   how long an idle CPU stays cheap to wake: a wake-up onto a CPU idle for less costs
 *                   {@code wakeupCpuWarm} and {@code contextSwitchWarm} instead of {@code wakeupCpu} and
 *                   {@code contextSwitch} (0: always the full figures)
 * @param wakeupCpuWarm what waking a process onto a CPU busy or idle for less than {@code haltPoll} costs the waker
 * @param contextSwitchWarm what its switch back in costs a process woken onto such a CPU
 * @param wakeupLocal what waking a process onto the waker's own CPU costs it (no IPI; 0: as any other wake-up)
 * @param sendmsg    the kernel's work in a sendmsg() on a datagram socket besides the syscall, the copy and the IP output hop
 * @param poll       what a poll() or select() that finds an fd ready costs besides the bare syscall
 */
public record CostsSpec(
        OptionalLong syscall,
        OptionalLong copyPerKiB,
        OptionalLong wakeup,
        OptionalLong encap,
        OptionalLong decap,
        OptionalLong forward,
        OptionalLong proxy,
        OptionalLong wakeupCpu,
        OptionalLong contextSwitch,
        OptionalLong proxyCold,
        OptionalLong haltPoll,
        OptionalLong wakeupCpuWarm,
        OptionalLong contextSwitchWarm,
        OptionalLong wakeupLocal,
        OptionalLong sendmsg,
        OptionalLong poll) {

    /** No overrides. */
    public static final CostsSpec DEFAULTS = new CostsSpec(OptionalLong.empty(), OptionalLong.empty(),
            OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
            OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
            OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());

    /** The fourteen keys before {@code sendmsg}: it and {@code poll} stay the model's defaults. */
    public CostsSpec(OptionalLong syscall, OptionalLong copyPerKiB, OptionalLong wakeup, OptionalLong encap, OptionalLong decap,
                     OptionalLong forward, OptionalLong proxy, OptionalLong wakeupCpu, OptionalLong contextSwitch, OptionalLong proxyCold,
                     OptionalLong haltPoll, OptionalLong wakeupCpuWarm, OptionalLong contextSwitchWarm, OptionalLong wakeupLocal) {
        this(syscall, copyPerKiB, wakeup, encap, decap, forward, proxy, wakeupCpu, contextSwitch, proxyCold, haltPoll, wakeupCpuWarm,
                contextSwitchWarm, wakeupLocal, OptionalLong.empty(), OptionalLong.empty());
    }

    /** The thirteen keys before {@code wakeupLocal}: it stays the model's default. */
    public CostsSpec(OptionalLong syscall, OptionalLong copyPerKiB, OptionalLong wakeup, OptionalLong encap, OptionalLong decap,
                     OptionalLong forward, OptionalLong proxy, OptionalLong wakeupCpu, OptionalLong contextSwitch, OptionalLong proxyCold,
                     OptionalLong haltPoll, OptionalLong wakeupCpuWarm, OptionalLong contextSwitchWarm) {
        this(syscall, copyPerKiB, wakeup, encap, decap, forward, proxy, wakeupCpu, contextSwitch, proxyCold, haltPoll, wakeupCpuWarm,
                contextSwitchWarm, OptionalLong.empty());
    }

    /** The ten keys before {@code haltPoll}: it, {@code wakeupCpuWarm} and {@code contextSwitchWarm} stay the model's defaults. */
    public CostsSpec(OptionalLong syscall, OptionalLong copyPerKiB, OptionalLong wakeup, OptionalLong encap, OptionalLong decap,
                     OptionalLong forward, OptionalLong proxy, OptionalLong wakeupCpu, OptionalLong contextSwitch, OptionalLong proxyCold) {
        this(syscall, copyPerKiB, wakeup, encap, decap, forward, proxy, wakeupCpu, contextSwitch, proxyCold, OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty());
    }

    /** The seven keys before {@code wakeupCpu}: it, {@code contextSwitch} and {@code proxyCold} stay the model's defaults. */
    public CostsSpec(OptionalLong syscall, OptionalLong copyPerKiB, OptionalLong wakeup, OptionalLong encap, OptionalLong decap,
                     OptionalLong forward, OptionalLong proxy) {
        this(syscall, copyPerKiB, wakeup, encap, decap, forward, proxy, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
    }
}
