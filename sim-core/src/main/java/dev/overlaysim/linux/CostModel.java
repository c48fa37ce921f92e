package dev.overlaysim.linux;

/**
 * How much simulated time each kind of work takes, in nanoseconds (copies in picoseconds per byte).
 *
 * <p>Measured on a 2-vCPU Debian 12 VM (LINUX-FACTS.md, "Real-kernel costs"): a bare syscall
 * ≈ 200 ns, memcpy of 1500 bytes ≈ 23 ns (15 ps/byte), waking a blocked process ≈ 2.8 µs.
 * Fitted, so that container-to-container {@code ping -f} RTTs on that VM (host-gw 13–15 µs, VXLAN
 * 19–20 µs, UDP mode with a C forwarder 49–53 µs) come out of the model: one stack hop (a device's
 * receive or a forwarding decision) 650 ns, a VXLAN encapsulation or decapsulation 1.3 µs each, and
 * 7.5 µs of user-space work per packet in flanneld's proxy besides its syscalls and copies.
 * {@code java -cp bench/target/benchmarks.jar dev.overlaysim.bench.Calibration 0} prints, with a
 * zero-latency underlay: host-gw 13.11 µs, vxlan 19.69 µs, udp 51.16 µs. An underlay segment's
 * latency adds twice its value to every RTT.
 *
 * <p>{@code wakeupCpuNanos} is what waking a blocked process costs the CPU that wakes it
 * (try_to_wake_up and the IPI that gets the wakee's CPU out of idle; in a VM the IPI is a VM exit):
 * charged to the waker's work, not a latency. Measured on this project's 2-vCPU Firecracker VM at
 * 4.9 µs a wake-up with 50 µs between them (a pipe write with a reader asleep, less one without);
 * {@code contextSwitchNanos} is what a voluntary context switch costs the process itself: blocking
 * (schedule() out of its syscall) and being switched back in when woken, charged as its system
 * time when it next runs (on the same VM: 2.7 µs, a woken pipe reader's CPU per read less the read).
 * {@code proxyColdNanos} is flanneld's extra user-space work on the first packet after it was
 * woken: with a packet now and then its caches are cold and its CPU per packet is over twice what
 * it is under load (measured here: 18.8 µs a packet one echo at a time, 8 µs at 20 kpps and more).
 * All three 0 by default, since the reference VM's fit above folds them into its figures.
 *
 * <p>{@code haltPollNanos}: how long an idle CPU stays cheap to wake. A wake-up onto a CPU that has
 * been idle for less (busy, or idle only a moment: a vCPU its host is still polling, a shallow
 * C-state) costs the waker {@code wakeupCpuWarmNanos} and the woken {@code contextSwitchWarmNanos};
 * onto one idle for longer (halted: waking it takes an IPI its host must deliver, and it resumes
 * cold) the full {@code wakeupCpuNanos} and {@code contextSwitchNanos}. Measured on a 2-vCPU
 * Firecracker VM (PVM guest, no guest halt polling), a pipe write to a reader that blocked 1–7 µs
 * before cost the writer 0.8–2 µs and the reader 3 µs a read; from 8 µs on, 6–10 µs and 8–12 µs,
 * with nothing in between. 0 (the default): every wake-up costs the full figures.
 *
 * <p>{@code wakeupLocalNanos}: what a wake-up onto the waker's own CPU costs it. try_to_wake_up()
 * then enqueues the wakee on its own run queue and sends no IPI, so no vCPU is kicked: measured on
 * a 2-vCPU Firecracker VM, a byte's round trip between two processes pinned to one CPU took
 * 13.0 µs, 20.5 µs across two; less four syscalls and two switches back in, 1.4 µs a wake-up,
 * against 5.4 µs onto the other, idle, CPU. 0 (the default): such a wake-up costs what any other
 * does ({@link #wakeupCpuNanos(long)} by the CPU's idle time).
 *
 * <p>{@code sendmsgNanos}: the kernel's work in one sendmsg() on a datagram socket (UDP, or ping's
 * ICMP socket) besides the syscall's entry and return, the copy and the IP output hop: the fd and
 * the socket's security hooks, the route and neighbour of the destination, allocating and charging
 * the skb, the checksum of its payload, the device's queue. {@code pollNanos}: what a poll() or
 * select() that returns at once with an fd ready costs besides the bare syscall: copying the fd
 * sets in and out, each fd's {@code ->poll()}, arming and cancelling the timeout. Measured on a
 * 2-vCPU Firecracker VM, pinned to one CPU: a write() of 1400 bytes on a connected UDP socket out a
 * veth whose peer is down took 2.19 µs of CPU (getppid() 1.03 µs), the same with a pselect() for
 * writability before each 3.79 µs. Both 0 by default: the reference VM's fit folds them into its
 * stack hop.
 */
public record CostModel(long syscallNanos, long copyPicosPerByte, long wakeupNanos, long stackHopNanos,
                        long encapNanos, long decapNanos, long userProcessingNanos, long wakeupCpuNanos,
                        long contextSwitchNanos, long proxyColdNanos, long haltPollNanos, long wakeupCpuWarmNanos,
                        long contextSwitchWarmNanos, long wakeupLocalNanos, long sendmsgNanos, long pollNanos) {

    public static final CostModel DEFAULT = new CostModel(200, 15, 2_800, 650, 1_300, 1_300, 7_500, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** The fourteen figures before {@code sendmsgNanos}: a datagram's send and a ready poll() cost no more than their syscall. */
    public CostModel(long syscallNanos, long copyPicosPerByte, long wakeupNanos, long stackHopNanos,
                     long encapNanos, long decapNanos, long userProcessingNanos, long wakeupCpuNanos,
                     long contextSwitchNanos, long proxyColdNanos, long haltPollNanos, long wakeupCpuWarmNanos,
                     long contextSwitchWarmNanos, long wakeupLocalNanos) {
        this(syscallNanos, copyPicosPerByte, wakeupNanos, stackHopNanos, encapNanos, decapNanos, userProcessingNanos, wakeupCpuNanos,
                contextSwitchNanos, proxyColdNanos, haltPollNanos, wakeupCpuWarmNanos, contextSwitchWarmNanos, wakeupLocalNanos, 0, 0);
    }

    /** The thirteen figures before {@code wakeupLocalNanos}: a wake-up onto the waker's CPU costs as any other. */
    public CostModel(long syscallNanos, long copyPicosPerByte, long wakeupNanos, long stackHopNanos,
                     long encapNanos, long decapNanos, long userProcessingNanos, long wakeupCpuNanos,
                     long contextSwitchNanos, long proxyColdNanos, long haltPollNanos, long wakeupCpuWarmNanos,
                     long contextSwitchWarmNanos) {
        this(syscallNanos, copyPicosPerByte, wakeupNanos, stackHopNanos, encapNanos, decapNanos, userProcessingNanos, wakeupCpuNanos,
                contextSwitchNanos, proxyColdNanos, haltPollNanos, wakeupCpuWarmNanos, contextSwitchWarmNanos, 0, 0, 0);
    }

    public CostModel(long syscallNanos, long copyPicosPerByte, long wakeupNanos, long stackHopNanos,
                     long encapNanos, long decapNanos, long userProcessingNanos, long wakeupCpuNanos,
                     long contextSwitchNanos, long proxyColdNanos) {
        this(syscallNanos, copyPicosPerByte, wakeupNanos, stackHopNanos, encapNanos, decapNanos, userProcessingNanos, wakeupCpuNanos,
                contextSwitchNanos, proxyColdNanos, 0, 0, 0, 0, 0, 0);
    }

    public CostModel(long syscallNanos, long copyPicosPerByte, long wakeupNanos, long stackHopNanos,
                     long encapNanos, long decapNanos, long userProcessingNanos) {
        this(syscallNanos, copyPicosPerByte, wakeupNanos, stackHopNanos, encapNanos, decapNanos, userProcessingNanos, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** What waking a process onto a CPU that has been idle for {@code idleNanos} (0: busy) costs the waker. */
    public long wakeupCpuNanos(long idleNanos) { return halted(idleNanos) ? wakeupCpuNanos : wakeupCpuWarmNanos; }

    /**
     * What waking a process costs the waker: {@code wakeupLocalNanos} if the wakee goes to the
     * waker's own CPU ({@code onOwn}) and that figure is set, else as onto a CPU idle for
     * {@code idleNanos}.
     */
    public long wakeupCpuNanos(boolean onOwn, long idleNanos) {
        return onOwn && wakeupLocalNanos > 0 ? wakeupLocalNanos : wakeupCpuNanos(idleNanos);
    }

    /** What a woken process's switch back in costs it on a CPU that had been idle for {@code idleNanos} (0: busy). */
    public long contextSwitchNanos(long idleNanos) { return halted(idleNanos) ? contextSwitchNanos : contextSwitchWarmNanos; }

    private boolean halted(long idleNanos) { return haltPollNanos <= 0 || idleNanos >= haltPollNanos; }

    public long copyNanos(int bytes) {
        return (bytes * copyPicosPerByte) / 1000;
    }
}
