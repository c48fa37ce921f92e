package dev.overlaysim.scenarios.model;

import java.util.List;

/**
 * The optional {@code compare:} section: run the same scenario once more with each of these
 * backend types, each with its defaults, for a side-by-side table. The file's own
 * {@code network.backend} stays the primary run (the walk, the {@code expect:} checks, pcaps and
 * tables are the primary's).
 *
 * @param backends 2 or 3 distinct backend types ({@code udp}, {@code vxlan}, {@code host-gw}), in file order
 *                 (1 to 3 for a load curve)
 * @param rates    the offered rates of a load curve, in file order; empty for a plain comparison
 * @param flow     the flow whose rate a load curve varies
 * @param seeds    the seeds {@code overlaysim sweep} runs each point of the load curve with, distinct, in file
 *                 order; empty when not given (the sweep then uses the scenario's {@code seed})
 */
public record CompareSpec(List<String> backends, List<SweepRate> rates, java.util.Optional<String> flow, List<Long> seeds) {

    /**
     * One offered rate of a load curve: {@code rate: 50kpps}, as written, and in datagrams per second.
     */
    public record SweepRate(String text, double packetsPerSecond) {}

    public CompareSpec {
        backends = List.copyOf(backends);
        rates = List.copyOf(rates);
        seeds = List.copyOf(seeds);
    }

    public CompareSpec(List<String> backends, List<SweepRate> rates, java.util.Optional<String> flow) {
        this(backends, rates, flow, List.of());
    }

    public CompareSpec(List<String> backends) {
        this(backends, List.of(), java.util.Optional.empty());
    }

    /**
     * A load curve ({@code rates:} given): every backend runs once per rate, with the rated flow
     * ({@code flow:}, or the scenario's only flow with a rate) sent at that rate.
     */
    public boolean isSweep() { return !rates.isEmpty(); }
}
