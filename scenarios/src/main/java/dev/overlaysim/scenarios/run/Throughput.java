package dev.overlaysim.scenarios.run;

/**
 * A flow sent at a rate, measured as iperf3 and a latency histogram report it: packets and
 * megabits (of payload) per second offered by the sender and delivered to the receiving process,
 * the share lost, and percentiles of the one-way latency with its RFC 3550 jitter.
 *
 * @param offeredPps    datagrams the sender sent per second of the flow's duration (its CPU may keep it below the rate asked for)
 * @param deliveredPps  datagrams the receiving process read, per second of the same duration
 * @param lossPercent   (sent − delivered) ÷ sent × 100
 * @param p50Nanos      median latency; {@code p90Nanos}, {@code p99Nanos}, {@code maxNanos} likewise
 * @param jitterNanos   iperf3's jitter: the smoothed change of one-way latency between datagrams
 */
public record Throughput(String rate, double offeredPps, double deliveredPps, double offeredMbits, double deliveredMbits,
                         double lossPercent, long p50Nanos, long p90Nanos, long p99Nanos, long maxNanos, long jitterNanos) {}
