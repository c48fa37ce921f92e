package dev.overlaysim.scenarios.model;

import java.util.List;
import java.util.Optional;

/**
 * The physical network: L2 segments and the routers that join them.
 *
 * @param segments L2 segments, in file order (at least one)
 * @param routers  routers, in file order (maybe none)
 */
public record UnderlaySpec(List<SegmentSpec> segments, List<RouterSpec> routers) {

    public UnderlaySpec {
        segments = List.copyOf(segments);
        routers = List.copyOf(routers);
    }

    /** The segment with this name. */
    public Optional<SegmentSpec> segment(String segmentName) {
        return segments.stream().filter(s -> s.name().equals(segmentName)).findFirst();
    }
}
