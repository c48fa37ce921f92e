package dev.overlaysim.flannel.subnet;

import dev.overlaysim.engine.Simulator;
import dev.overlaysim.flannel.etcd.Etcd;
import dev.overlaysim.flannel.etcd.EtcdctlView;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.Ipv4Prefix;
import dev.overlaysim.protocols.addr.MacAddress;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class EtcdSubnetManagerTest {
    static final long S = 1_000_000_000L;

    final Simulator sim = new Simulator(2024);
    final Etcd etcd = new Etcd(sim);
    final EtcdSubnetManager manager = new EtcdSubnetManager(etcd);
    final SplittableRandom random = sim.random().stream("flannel.subnet");

    static Ipv4Address node(int i) { return Ipv4Address.of(0x0AA8_0000 + i); }

    void config(String json) { etcd.put("/coreos.com/network/config", json); }

    @Test
    void withoutAConfigFlannelSaysSo() {
        SubnetAllocationException e = catchThrowableOfType(
                () -> manager.acquireLease(LeaseAttrs.udp(node(1)), Optional.empty(), random), SubnetAllocationException.class);
        assertThat(e.flannelText()).isEqualTo("flannel config not found in etcd store. Did you create your config using etcdv3 API?");
    }

    @Test
    void twoHundredFiftyFiveNodesThroughEtcdThenOutOfSubnets() {
        config("{\"Network\":\"10.1.0.0/16\",\"SubnetLen\":24,\"Backend\":{\"Type\":\"vxlan\"}}");
        List<Ipv4Prefix> got = new ArrayList<>();
        for (int i = 1; i <= 255; i++) {
            AcquiredLease l = manager.acquireLease(LeaseAttrs.vxlan(node(i), 1, MacAddress.of(0x02_00_00_00_00_00L + i)),
                    Optional.empty(), random);
            got.add(l.subnet());
        }
        assertThat(got).doesNotHaveDuplicates();
        assertThat(manager.leases()).hasSize(255);
        assertThat(etcd.getPrefix("/coreos.com/network/subnets/")).allSatisfy(kv -> assertThat(kv.leaseId()).isPositive());

        SubnetAllocationException e = catchThrowableOfType(
                () -> manager.acquireLease(LeaseAttrs.udp(node(256)), Optional.empty(), random), SubnetAllocationException.class);
        assertThat(e.flannelText()).isEqualTo("out of subnets");
    }

    @Test
    void theLeaseKeyLivesOneDayUnlessRenewed() {
        config("{\"Network\":\"10.1.0.0/16\",\"Backend\":{\"Type\":\"vxlan\"}}");
        AcquiredLease l = manager.acquirePinnedLease(LeaseAttrs.vxlan(node(2), 1, MacAddress.parse("5e:f8:4f:00:0f:00")), "10.1.15.0/24");
        assertThat(l.expiresAtNanos()).isEqualTo(86_400 * S);
        assertThat(etcd.get("/coreos.com/network/subnets/10.1.15.0-24").orElseThrow().value()).isEqualTo(
                "{\"PublicIP\":\"10.168.0.2\",\"PublicIPv6\":null,\"BackendType\":\"vxlan\",\"BackendData\":{\"VNI\":1,\"VtepMAC\":\"5e:f8:4f:00:0f:00\"}}");

        sim.runUntil(23 * 3600 * S);       // flanneld renews 60 min before expiry
        AcquiredLease renewed = manager.renewLease(l);
        assertThat(renewed.expiresAtNanos()).isEqualTo((23 * 3600 + 86_400) * S);
        sim.runUntil(86_400 * S);
        assertThat(manager.leases()).extracting(SubnetLease::subnet).containsExactly(Ipv4Prefix.parse("10.1.15.0/24"));
        sim.runUntil(renewed.expiresAtNanos());
        assertThat(manager.leases()).isEmpty();
    }

    @Test
    void aRestartedNodeGetsItsLeaseBackByPublicIp() {
        config("{\"Network\":\"10.1.0.0/16\",\"Backend\":{\"Type\":\"udp\"}}");
        AcquiredLease first = manager.acquireLease(LeaseAttrs.udp(node(3)), Optional.empty(), random);
        AcquiredLease again = manager.acquireLease(LeaseAttrs.udp(node(3)), Optional.empty(), random);
        assertThat(again.subnet()).isEqualTo(first.subnet());
        assertThat(again.source()).isEqualTo(Allocation.Source.REUSED);
        assertThat(again.etcdLeaseId()).isNotEqualTo(first.etcdLeaseId());
    }

    @Test
    void aReservationIsReusedWithoutATtl() {
        config("{\"Network\":\"10.1.0.0/16\",\"Backend\":{\"Type\":\"udp\"}}");
        etcd.put("/coreos.com/network/subnets/10.1.42.0-24", LeaseAttrs.udp(node(4)).toJson());
        AcquiredLease l = manager.acquireLease(LeaseAttrs.udp(node(4)), Optional.empty(), random);
        assertThat(l.subnet()).isEqualTo(Ipv4Prefix.parse("10.1.42.0/24"));
        assertThat(l.etcdLeaseId()).isEqualTo(Etcd.NO_LEASE);
        assertThat(etcd.get("/coreos.com/network/subnets/10.1.42.0-24").orElseThrow().leaseId()).isEqualTo(Etcd.NO_LEASE);
    }

    @Test
    void theSeedsTwoNodesPrintAsTheSeedShows() {
        config("{\"Network\":\"100.96.0.0/16\",\"Backend\":{\"Type\":\"udp\"}}");
        EtcdSubnetManager oldFlannel = new EtcdSubnetManager(etcd, SubnetKey.DEFAULT_PREFIX, true);
        oldFlannel.acquirePinnedLease(LeaseAttrs.udp(Ipv4Address.parse("10.168.0.2")), "100.96.1.0/24");
        oldFlannel.acquirePinnedLease(LeaseAttrs.udp(Ipv4Address.parse("10.168.0.3")), "100.96.2.0/24");

        EtcdctlView etcdctl = new EtcdctlView(etcd);
        assertThat(etcdctl.lsV2("/coreos.com/network/subnets").terminal()).isEqualTo(
                "/coreos.com/network/subnets/100.96.1.0-24\n/coreos.com/network/subnets/100.96.2.0-24\n");
        assertThat(etcdctl.getV2("/coreos.com/network/subnets/100.96.2.0-24").terminal())
                .isEqualTo("{\"PublicIP\":\"10.168.0.3\"}\n");
    }
}
