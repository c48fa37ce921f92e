package dev.overlaysim.linux;

/**
 * How much simulated time each kind of work takes. Defaults come from measurements on a 2-vCPU
 * Debian 12 VM (see LINUX-FACTS.md, "Real-kernel costs"): a bare syscall ≈ 200 ns, memcpy of
 * 1500 bytes ≈ 23 ns, a wake-up of a blocked process ≈ 2.8 µs. The per-hop and encapsulation costs
 * are set so that the mean container-to-container ping RTT falls near what that VM measured:
 * host-gw 13–15 µs, VXLAN 19–20 µs, UDP mode 49–53 µs.
 */
public record CostModel(long syscallNanos, long copyPicosPerByte, long wakeupNanos, long stackHopNanos,
                        long encapNanos, long decapNanos, long userProcessingNanos) {

    public static final CostModel DEFAULT = new CostModel(200, 15, 2_800, 650, 1_300, 1_300, 4_000);

    public long copyNanos(int bytes) {
        return (bytes * copyPicosPerByte) / 1000;
    }
}
