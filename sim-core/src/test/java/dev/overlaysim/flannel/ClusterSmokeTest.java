package dev.overlaysim.flannel;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.World;
import dev.overlaysim.linux.device.L2Segment;
import dev.overlaysim.linux.proc.Ping;
import dev.overlaysim.protocols.addr.Ipv4Prefix;
import dev.overlaysim.protocols.addr.MacAddress;
import dev.overlaysim.trace.Cost;
import dev.overlaysim.trace.Flow;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalInt;

import static dev.overlaysim.protocols.addr.Ipv4Address.parseInt;
import static org.assertj.core.api.Assertions.assertThat;

class ClusterSmokeTest {
    @Test
    void vxlanFromConfigAlone() {
        World world = new World(1);
        L2Segment lan = world.addSegment("lan", 1000, 10_000_000_000L);
        FlannelCluster c = new FlannelCluster(world, "{\"Network\":\"10.1.0.0/16\",\"Backend\":{\"Type\":\"vxlan\"}}");
        ClusterNode n1 = c.addNode("node1", lan, parseInt("10.168.0.2"), 24, parseInt("10.168.0.1"), 1500,
                new Flanneld.Options(Optional.of(Ipv4Prefix.parse("10.1.15.0/24")), Optional.of(MacAddress.parse("5e:f8:4f:00:0f:00"))));
        ClusterNode n2 = c.addNode("node2", lan, parseInt("10.168.0.3"), 24, parseInt("10.168.0.1"), 1500,
                new Flanneld.Options(Optional.of(Ipv4Prefix.parse("10.1.16.0/24")), Optional.of(MacAddress.parse("5e:f8:4f:00:e3:37"))));
        n1.addContainer("container-1", OptionalInt.of(parseInt("10.1.15.2")), 0);
        n2.addContainer("container-2", OptionalInt.of(parseInt("10.1.16.3")), 0);
        n1.startAt(0);
        n2.startAt(0);
        world.sim().runUntil(1_000_000_000L);
        NetNamespace ns = world.namespace("container-1");
        Flow flow = world.addFlow(new Flow("ping-1", "ping", "container-1", "10.1.16.3"));
        Ping p = ns.host().start(new Ping(ns, parseInt("10.1.16.3"), 2, 56, 1_000_000_000L, flow));
        world.sim().runUntil(4_000_000_000L);
        System.out.println(String.join("\n", world.host("node1").logLines()));
        System.out.println(String.join("\n", p.output()));
        assertThat(flow.delivered()).isEqualTo(2);
        assertThat(flow.perPacketSend(Cost.COPIES)).isEqualTo(1.0);
        assertThat(world.host("node1").root().routes().routes().stream().map(r -> r.format()))
                .contains("10.1.16.0/24 via 10.1.16.0 dev flannel.1 onlink");
        assertThat(c.etcd().get("/coreos.com/network/subnets/10.1.16.0-24").orElseThrow().value()).contains("\"PublicIP\":\"10.168.0.3\"");
    }
}
