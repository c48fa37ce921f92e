package dev.overlaysim.linux;
import org.junit.jupiter.api.Test;
class DebugWalk {
    @Test void print() {
        HandBuiltLab lab = HandBuiltLab.seedVxlan(1);
        lab.world.tracer().level(Tracer.Level.WALK);
        SeedWalkByHandTest.ping(lab, "container-1", "10.1.16.3", 1, 56);
        lab.world.sim().runUntil(5_000_000_000L);
        lab.world.tracer().hops().forEach(h -> System.out.println(h.time()+" #"+h.packetId()+" "+h.place()+" "+h.action()+" "+h.detail()));
    }
}
