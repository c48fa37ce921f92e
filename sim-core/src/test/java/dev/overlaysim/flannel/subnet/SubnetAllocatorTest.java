package dev.overlaysim.flannel.subnet;

import dev.overlaysim.engine.Simulator;
import dev.overlaysim.flannel.etcd.Etcd;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.Ipv4Prefix;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SubnetAllocatorTest {
    static final NetworkConfig CONFIG = NetworkConfig.parse(
            "{\"Network\":\"10.1.0.0/16\",\"SubnetLen\":24,\"Backend\":{\"Type\":\"vxlan\"}}");
    final SubnetAllocator allocator = new SubnetAllocator(CONFIG);

    static Ipv4Address node(int i) { return Ipv4Address.of(0x0AA8_0000 + i); } // 10.168.x.y
    static Ipv4Prefix p(String s) { return Ipv4Prefix.parse(s); }
    static SubnetLease lease(String subnet, int node) { return new SubnetLease(p(subnet), LeaseAttrs.udp(node(node)), 1); }

    /** Allocates for {@code nodes} nodes in turn, as each would see the leases taken before it. */
    static List<Ipv4Prefix> allocateInTurn(int nodes, SplittableRandom random) {
        SubnetAllocator a = new SubnetAllocator(CONFIG);
        List<SubnetLease> leases = new ArrayList<>();
        List<Ipv4Prefix> order = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            Ipv4Prefix sn = a.allocate(leases, node(i), Optional.empty(), random).subnet();
            leases.add(new SubnetLease(sn, LeaseAttrs.udp(node(i)), 1));
            order.add(sn);
        }
        return order;
    }

    @Test
    void twoHundredFiftyFiveNodesGetDistinctSubnetsInRangeAndTheNextIsOutOfSubnets() {
        SplittableRandom random = new Simulator(42).random().stream("flannel.subnet");
        List<Ipv4Prefix> order = allocateInTurn(255, random);

        assertThat(order).doesNotHaveDuplicates().hasSize(255);
        assertThat(order).allSatisfy(sn -> {
            assertThat(sn.length()).isEqualTo(24);
            assertThat(Integer.compareUnsigned(sn.address(), CONFIG.subnetMin().value())).isGreaterThanOrEqualTo(0);
            assertThat(Integer.compareUnsigned(sn.address(), CONFIG.subnetMax().value())).isLessThanOrEqualTo(0);
        });
        assertThat(order).doesNotContain(p("10.1.0.0/24"));

        List<SubnetLease> all = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) all.add(new SubnetLease(order.get(i), LeaseAttrs.udp(node(i + 1)), 1));
        SubnetAllocationException e = catchThrowableOfType(
                () -> allocator.allocate(all, node(256), Optional.empty(), random), SubnetAllocationException.class);
        assertThat(e.flannelText()).isEqualTo("out of subnets");
        assertThat(e).hasMessage("out of subnets (all 255 subnets of /24 from 10.1.1.0 to 10.1.255.0 are leased)");
    }

    @Test
    void theSameSeedGivesTheSameAllocationOrder() {
        List<Ipv4Prefix> first = allocateInTurn(20, new Simulator(7).random().stream("flannel.subnet"));
        List<Ipv4Prefix> again = allocateInTurn(20, new Simulator(7).random().stream("flannel.subnet"));
        List<Ipv4Prefix> other = allocateInTurn(20, new Simulator(8).random().stream("flannel.subnet"));
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void theRandomPickIsAmongTheFirstHundredFreeSubnets() {
        List<SubnetLease> leases = List.of(lease("10.1.1.0/24", 1), lease("10.1.3.0/24", 2));
        List<Ipv4Prefix> free = allocator.freeCandidates(leases);
        assertThat(free).hasSize(100);
        assertThat(free.subList(0, 3)).containsExactly(p("10.1.2.0/24"), p("10.1.4.0/24"), p("10.1.5.0/24"));
        assertThat(free.get(99)).isEqualTo(p("10.1.102.0/24"));

        Allocation a = allocator.allocate(leases, node(9), Optional.empty(), new SplittableRandom(1));
        assertThat(a.source()).isEqualTo(Allocation.Source.RANDOM);
        assertThat(a.candidates()).isEqualTo(100);
        assertThat(free).contains(a.subnet());
    }

    @Test
    void aNodeWithALeaseForItsPublicIpGetsItBack() {
        List<SubnetLease> leases = List.of(lease("10.1.7.0/24", 1), lease("10.1.15.0/24", 2));
        Allocation a = allocator.allocate(leases, node(2), Optional.of(p("10.1.99.0/24")), new SplittableRandom(1));
        assertThat(a.subnet()).isEqualTo(p("10.1.15.0/24"));
        assertThat(a.source()).isEqualTo(Allocation.Source.REUSED);
    }

    @Test
    void aLeaseThatNoLongerFitsTheConfigIsDeletedAndStillCountsAsTakenThisRound() {
        SubnetLease old = new SubnetLease(p("10.1.0.0/25"), LeaseAttrs.udp(node(2)), 1); // wrong length and below SubnetMin
        Allocation a = allocator.allocate(List.of(old), node(2), Optional.empty(), new SplittableRandom(3));
        assertThat(a.staleToDelete()).contains(old);
        assertThat(a.source()).isEqualTo(Allocation.Source.RANDOM);
    }

    @Test
    void thePreviousSubnetFromSubnetEnvIsUsedWhenFreeAndInRange() {
        Allocation a = allocator.allocate(List.of(lease("10.1.7.0/24", 1)), node(2), Optional.of(p("10.1.15.0/24")),
                new SplittableRandom(1));
        assertThat(a).extracting(Allocation::subnet, Allocation::source).containsExactly(p("10.1.15.0/24"), Allocation.Source.PREVIOUS);

        Allocation taken = allocator.allocate(List.of(lease("10.1.15.0/24", 1)), node(2), Optional.of(p("10.1.15.0/24")),
                new SplittableRandom(1));
        assertThat(taken.source()).isEqualTo(Allocation.Source.RANDOM);
        assertThat(taken.subnet()).isNotEqualTo(p("10.1.15.0/24"));

        Allocation outOfRange = allocator.allocate(List.of(), node(2), Optional.of(p("10.1.0.0/24")), new SplittableRandom(1));
        assertThat(outOfRange.source()).isEqualTo(Allocation.Source.RANDOM);
    }

    @Test
    void aPinnedSubnetIsTakenWhenFreeInRangeAndOnABoundary() {
        Allocation a = allocator.pin(List.of(lease("10.1.16.0/24", 2)), node(1), "10.1.15.0/24");
        assertThat(a).extracting(Allocation::subnet, Allocation::source).containsExactly(p("10.1.15.0/24"), Allocation.Source.PINNED);
        assertThat(allocator.pin(List.of(lease("10.1.15.0/24", 1)), node(1), "10.1.15.0/24").source())
                .isEqualTo(Allocation.Source.REUSED);
    }

    @Test
    void pinnedSubnetConflictsSayWhatIsWrong() {
        List<SubnetLease> leases = List.of(lease("10.1.16.0/24", 2));
        assertThat(pinFails(leases, 1, "10.1.16.0/24"))
                .hasMessage("pinned subnet 10.1.16.0/24 is already leased to 10.168.0.2 (lease 10.1.16.0-24)");
        assertThat(pinFails(leases, 1, "10.1.15.7/24"))
                .hasMessage("pinned subnet 10.1.15.7/24 is not on a SubnetLen boundary (did you mean 10.1.15.0/24?)");
        assertThat(pinFails(leases, 1, "10.1.0.0/24"))
                .hasMessage("pinned subnet 10.1.0.0/24 is outside SubnetMin 10.1.1.0 .. SubnetMax 10.1.255.0 (Network 10.1.0.0/16)");
        assertThat(pinFails(leases, 1, "10.1.15.0/25")).hasMessage("pinned subnet 10.1.15.0/25 has length /25 but SubnetLen is 24");
        assertThat(pinFails(leases, 2, "10.1.15.0/24")).hasMessageStartingWith(
                "cannot pin 10.1.15.0/24 for 10.168.0.2: that node already holds 10.1.16.0/24");
        assertThat(pinFails(leases, 1, "banana")).hasMessageStartingWith("pinned subnet 'banana' does not parse");
    }

    SubnetAllocationException pinFails(List<SubnetLease> leases, int node, String subnet) {
        return catchThrowableOfType(() -> allocator.pin(leases, node(node), subnet), SubnetAllocationException.class);
    }

    @Test
    void reservationsHaveNoEtcdLease() {
        assertThat(new SubnetLease(p("10.1.2.0/24"), LeaseAttrs.udp(node(1)), Etcd.NO_LEASE).isReservation()).isTrue();
    }
}
