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
 */
public record CostModel(long syscallNanos, long copyPicosPerByte, long wakeupNanos, long stackHopNanos,
                        long encapNanos, long decapNanos, long userProcessingNanos) {

    public static final CostModel DEFAULT = new CostModel(200, 15, 2_800, 650, 1_300, 1_300, 7_500);

    public long copyNanos(int bytes) {
        return (bytes * copyPicosPerByte) / 1000;
    }
}
