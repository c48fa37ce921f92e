package dev.overlaysim.flannel;

import dev.overlaysim.flannel.etcd.KeyValue;
import dev.overlaysim.linux.Tracer;
import dev.overlaysim.protocols.addr.Ipv4Prefix;
import dev.overlaysim.trace.Hop;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.overlaysim.flannel.LanCluster.MS;
import static dev.overlaysim.flannel.LanCluster.S;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A world is a function of its seed: three VXLAN nodes with nothing pinned (random subnets and VTEP
 * MACs), node3 joining at 2 s, pings across, node2's lease expiring at 4 s. Run twice with one seed,
 * every hop and every etcd key is the same; another seed allocates other subnets.
 */
class DeterminismTest {
    /** What one run leaves behind. */
    record Outcome(List<String> hops, List<KeyValue> etcd, List<Ipv4Prefix> subnets, List<String> logs) {}

    private static Outcome run(long seed) {
        LanCluster lab = LanCluster.of(seed, LanCluster.config("vxlan", "10.1.0.0/16"));
        lab.world.tracer().level(Tracer.Level.WALK);
        lab.node("node1", "10.168.0.2", Flanneld.Options.NONE, 0).addContainer("container-1", java.util.OptionalInt.empty(), 0);
        lab.node("node2", "10.168.0.3", Flanneld.Options.NONE, 0).addContainer("container-2", java.util.OptionalInt.empty(), 0);
        lab.node("node3", "10.168.0.4", Flanneld.Options.NONE, 2 * S).addContainer("container-3", java.util.OptionalInt.empty(), 0);
        lab.runUntil(S);
        String c2 = dev.overlaysim.protocols.addr.Ipv4Address.toString(lab.node("node2").container("container-2").orElseThrow().ip());
        lab.ping("container-1", c2, 5, S, S + 100 * MS);
        lab.at(2500 * MS, () -> {
            String c3 = dev.overlaysim.protocols.addr.Ipv4Address.toString(lab.node("node3").container("container-3").orElseThrow().ip());
            lab.ping("container-2", c3, 3, 300 * MS, 2600 * MS);
        });
        lab.at(4 * S, () -> lab.node("node2").expireLease());
        lab.runUntil(10 * S);

        List<String> hops = lab.world.tracer().hops().stream()
                .map((Hop h) -> h.time() + " " + h.packetId() + " " + h.place() + " " + h.action() + " " + h.detail())
                .toList();
        List<Ipv4Prefix> subnets = lab.cluster.nodes().stream()
                .map(n -> n.flanneld().lease().orElseThrow().subnet()).toList();
        List<String> logs = lab.world.tracer().logLines().stream().map(Object::toString).toList();
        return new Outcome(hops, lab.cluster.etcd().all(), subnets, logs);
    }

    @Test
    void theSameSeedGivesTheSameHopsAndTheSameEtcd() {
        Outcome first = run(42);
        Outcome second = run(42);

        assertThat(first.hops()).hasSizeGreaterThan(100);
        assertThat(second.hops()).containsExactlyElementsOf(first.hops());
        assertThat(second.etcd()).containsExactlyElementsOf(first.etcd());
        assertThat(second.subnets()).containsExactlyElementsOf(first.subnets());
        assertThat(second.logs()).containsExactlyElementsOf(first.logs());
    }

    @Test
    void anotherSeedAllocatesOtherSubnets() {
        Outcome a = run(42);
        Outcome b = run(43);

        assertThat(b.subnets()).isNotEqualTo(a.subnets());
        assertThat(b.etcd()).isNotEqualTo(a.etcd());
    }
}
