package dev.overlaysim.scenarios.model;

import java.util.List;

/**
 * The optional {@code compare:} section: run the same scenario once more with each of these
 * backend types, each with its defaults, for a side-by-side table. The file's own
 * {@code network.backend} stays the primary run (the walk, the {@code expect:} checks, pcaps and
 * tables are the primary's).
 *
 * @param backends 2 or 3 distinct backend types ({@code udp}, {@code vxlan}, {@code host-gw}), in file order
 */
public record CompareSpec(List<String> backends) {

    public CompareSpec {
        backends = List.copyOf(backends);
    }
}
