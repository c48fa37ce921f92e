package dev.overlaysim.linux.table;

import dev.overlaysim.linux.Host;
import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.World;
import dev.overlaysim.linux.device.Bridge;
import dev.overlaysim.linux.device.L2Segment;
import dev.overlaysim.linux.device.NetDevice;
import dev.overlaysim.linux.device.Nic;
import dev.overlaysim.linux.device.TunDevice;
import dev.overlaysim.linux.device.Veth;
import dev.overlaysim.linux.device.VxlanDevice;
import dev.overlaysim.linux.proc.UserProcess;
import dev.overlaysim.linux.table.RoutingTable.RouteException;
import dev.overlaysim.protocols.addr.Ipv4Prefix;
import dev.overlaysim.protocols.addr.MacAddress;
import dev.overlaysim.trace.PacketContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static dev.overlaysim.protocols.addr.Ipv4Address.parseInt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code ip route}: longest-prefix match, the kernel's nexthop checks on add/replace, the dump
 * order and the exact text iproute2 prints for the routes a flannel node has.
 */
class RoutingTableTest {
    static Ipv4Prefix p(String s) { return Ipv4Prefix.parse(s); }

    /** A node's root namespace with eth0 (10.168.0.2/24), docker0 (10.1.15.1/24, one port) and flannel.1. */
    NetNamespace ns;
    Nic eth0;
    Bridge docker0;
    VxlanDevice flannel1;
    /** A standalone table: the namespace's own one also holds the connected routes the devices add. */
    RoutingTable table;

    @BeforeEach
    void node() {
        World world = new World(1);
        L2Segment lan = world.addSegment("lan", 1_000, 10_000_000_000L);
        Host host = world.addHost("node1");
        ns = host.root();
        eth0 = new Nic(ns, "eth0", MacAddress.parse("42:01:0a:a8:00:02").value(), 1500, lan);
        eth0.setUp(true);
        docker0 = new Bridge(ns, "docker0", MacAddress.parse("02:42:ac:11:00:01").value(), 1450);
        docker0.setUp(true);
        NetNamespace c1 = host.addNamespace("container-1");
        Veth[] pair = Veth.createPair(c1, "eth0", MacAddress.parse("02:42:0a:01:0f:02").value(), ns, "veth1",
                MacAddress.parse("aa:bb:cc:00:00:01").value(), 1450);
        docker0.addPort(pair[1]);
        pair[0].setUp(true);
        pair[1].setUp(true);
        flannel1 = new VxlanDevice(ns, "flannel.1", MacAddress.parse("5e:f8:4f:00:0f:00").value(), 1450, 1,
                parseInt("10.168.0.2"), eth0, 8472, false);
        flannel1.setUp(true);
        table = new RoutingTable();
    }

    @Nested
    class LongestPrefixMatch {
        @Test
        void theMostSpecificOfOverlappingRoutesWins() {
            table.add(Route.dev(p("0.0.0.0/0"), eth0));
            table.add(Route.dev(p("10.1.0.0/16"), flannel1));
            table.add(Route.dev(p("10.1.15.0/24"), docker0));
            table.add(Route.dev(p("10.1.15.7/32"), eth0));

            assertThat(table.lookup(parseInt("10.1.15.7")).prefix()).isEqualTo(p("10.1.15.7/32"));
            assertThat(table.lookup(parseInt("10.1.15.8")).prefix()).isEqualTo(p("10.1.15.0/24"));
            assertThat(table.lookup(parseInt("10.1.15.0")).prefix()).isEqualTo(p("10.1.15.0/24"));
            assertThat(table.lookup(parseInt("10.1.15.255")).prefix()).isEqualTo(p("10.1.15.0/24"));
            assertThat(table.lookup(parseInt("10.1.16.3")).prefix()).isEqualTo(p("10.1.0.0/16"));
            assertThat(table.lookup(parseInt("10.1.255.255")).prefix()).isEqualTo(p("10.1.0.0/16"));
            assertThat(table.lookup(parseInt("10.2.0.1")).prefix()).isEqualTo(p("0.0.0.0/0"));
            assertThat(table.lookup(parseInt("255.255.255.254")).prefix()).isEqualTo(p("0.0.0.0/0"));
            assertThat(table.lookup(parseInt("0.0.0.0")).prefix()).isEqualTo(p("0.0.0.0/0"));
        }

        @Test
        void withoutADefaultRouteAnAddressOutsideEveryPrefixFindsNothing() {
            table.add(Route.dev(p("10.1.15.0/24"), docker0));
            assertThat(table.lookup(parseInt("10.1.16.1"))).isNull();
            assertThat(table.lookup(parseInt("10.1.14.255"))).isNull();
            assertThat(new RoutingTable().lookup(parseInt("10.1.15.1"))).isNull();
        }

        @Test
        void addressesWithTheHighBitSetMatchLikeAnyOther() {
            table.add(Route.dev(p("192.168.0.0/16"), eth0));
            table.add(Route.dev(p("200.0.0.0/8"), docker0));
            table.add(Route.dev(p("128.0.0.0/1"), flannel1));
            assertThat(table.lookup(parseInt("192.168.3.4")).device()).isSameAs(eth0);
            assertThat(table.lookup(parseInt("200.1.2.3")).device()).isSameAs(docker0);
            assertThat(table.lookup(parseInt("129.0.0.1")).device()).isSameAs(flannel1);
            assertThat(table.lookup(parseInt("127.255.255.255"))).isNull();
        }

        @Test
        void aRouteWhoseDeviceIsDownIsSkippedInFavourOfAShorterOne() {
            table.add(Route.dev(p("10.1.0.0/16"), eth0));
            table.add(Route.dev(p("10.1.16.0/24"), flannel1));
            assertThat(table.lookup(parseInt("10.1.16.3")).device()).isSameAs(flannel1);
            flannel1.setUp(false);
            assertThat(table.lookup(parseInt("10.1.16.3")).device()).isSameAs(eth0);
            eth0.setUp(false);
            assertThat(table.lookup(parseInt("10.1.16.3"))).isNull();
            flannel1.setUp(true);
            assertThat(table.lookup(parseInt("10.1.16.3")).device()).isSameAs(flannel1);
            // the route itself stayed in this table the whole time
            assertThat(table.size()).isEqualTo(2);
        }

        @Test
        void fiveThousandRandomRoutesEachFoundForAnAddressInsideItAgainstALinearScan() {
            SplittableRandom rng = new SplittableRandom(5000);
            NetDevice[] devs = {eth0, docker0, flannel1};
            Map<Ipv4Prefix, Route> added = new LinkedHashMap<>();
            while (added.size() < 5000) {
                int len = 8 + rng.nextInt(25);           // /8 .. /32
                int addr = 0x0A00_0000 | (rng.nextInt() & 0x00FF_FFFF); // inside 10/8 so they overlap a lot
                Ipv4Prefix prefix = Ipv4Prefix.containing(addr, len);
                if (added.containsKey(prefix)) continue;
                Route r = Route.dev(prefix, devs[added.size() % devs.length]);
                table.add(r);
                added.put(prefix, r);
            }
            assertThat(table.size()).isEqualTo(5000);
            List<Route> all = new ArrayList<>(added.values());
            for (Route r : all) {
                int inside = r.prefix().address() | (rng.nextInt() & ~r.prefix().mask());
                Route expected = null;
                for (Route c : all) {
                    if (c.prefix().contains(inside) && (expected == null || c.prefix().length() > expected.prefix().length())) {
                        expected = c;
                    }
                }
                assertThat(table.lookup(inside)).as("lookup %s (inside %s)", dev.overlaysim.protocols.addr.Ipv4Address.toString(inside), r.prefix())
                        .isSameAs(expected);
            }
            // and addresses outside 10/8 find nothing
            assertThat(table.lookup(parseInt("11.0.0.1"))).isNull();
            assertThat(table.lookup(parseInt("9.255.255.255"))).isNull();
        }
    }

    @Nested
    class AddChecks {
        @BeforeEach
        void connected() {
            table.add(Route.connected(p("10.168.0.0/24"), eth0, parseInt("10.168.0.2")));
            table.add(Route.connected(p("10.1.15.0/24"), docker0, parseInt("10.1.15.1")));
        }

        @Test
        void addingTheSamePrefixTwiceIsFileExistsAndKeepsTheFirst() {
            Route first = Route.via(p("10.1.16.0/24"), parseInt("10.168.0.3"), eth0, false);
            table.add(first);
            assertThatThrownBy(() -> table.add(Route.via(p("10.1.16.0/24"), parseInt("10.168.0.4"), eth0, false)))
                    .isInstanceOf(RouteException.class)
                    .hasMessage("RTNETLINK answers: File exists");
            assertThatThrownBy(() -> table.add(first)).hasMessage("RTNETLINK answers: File exists");
            assertThat(table.get(p("10.1.16.0/24"))).isSameAs(first);
            assertThat(table.size()).isEqualTo(3);
        }

        @Test
        void theSameAddressWithAnotherLengthIsADifferentRoute() {
            table.add(Route.dev(p("10.1.0.0/16"), flannel1));
            table.add(Route.dev(p("10.1.0.0/24"), flannel1));
            assertThat(table.size()).isEqualTo(4);
        }

        @Test
        void aGatewayNoConnectedRouteReachesIsNetworkUnreachable() {
            assertThatThrownBy(() -> table.add(Route.via(p("10.1.16.0/24"), parseInt("192.168.7.1"), eth0, false)))
                    .isInstanceOf(RouteException.class)
                    .hasMessage("RTNETLINK answers: Network is unreachable");
            assertThat(table.get(p("10.1.16.0/24"))).isNull();
            assertThat(table.size()).isEqualTo(2);
        }

        @Test
        void aGatewayReachableOnlyThroughAnotherGatewayIsNetworkUnreachableToo() {
            table.add(Route.via(p("0.0.0.0/0"), parseInt("10.168.0.1"), eth0, false));
            // the default route "reaches" 192.168.7.1, but only via a gateway: not on-link
            assertThatThrownBy(() -> table.add(Route.via(p("10.1.16.0/24"), parseInt("192.168.7.1"), eth0, false)))
                    .hasMessage("RTNETLINK answers: Network is unreachable");
        }

        @Test
        void aGatewayOnAnotherDevicesLinkIsNexthopHasInvalidGateway() {
            // 10.168.0.3 is on eth0's link, not docker0's
            assertThatThrownBy(() -> table.add(Route.via(p("10.1.16.0/24"), parseInt("10.168.0.3"), docker0, false)))
                    .isInstanceOf(RouteException.class)
                    .hasMessage("RTNETLINK answers: Nexthop has invalid gateway");
            assertThat(table.get(p("10.1.16.0/24"))).isNull();
        }

        @Test
        void aGatewayOnTheSameDevicesLinkIsAccepted() {
            Route hostGw = Route.via(p("10.1.16.0/24"), parseInt("10.168.0.3"), eth0, false);
            table.add(hostGw);
            assertThat(table.lookup(parseInt("10.1.16.3"))).isSameAs(hostGw);
        }

        @Test
        void onlinkSkipsTheGatewayCheckAsFlannelsVxlanRouteNeeds() {
            // flannel.1 has a /32, so nothing says 10.1.16.0 is on its link: only onlink makes this work
            assertThatThrownBy(() -> table.add(Route.via(p("10.1.16.0/24"), parseInt("10.1.16.0"), flannel1, false)))
                    .hasMessage("RTNETLINK answers: Network is unreachable");
            Route vxlan = Route.via(p("10.1.16.0/24"), parseInt("10.1.16.0"), flannel1, true);
            table.add(vxlan);
            assertThat(table.lookup(parseInt("10.1.16.3"))).isSameAs(vxlan);
            assertThat(vxlan.format()).isEqualTo("10.1.16.0/24 via 10.1.16.0 dev flannel.1 onlink");
        }
    }

    @Nested
    class ReplaceRemoveAndDump {
        @BeforeEach
        void connected() {
            table.add(Route.connected(p("10.168.0.0/24"), eth0, parseInt("10.168.0.2")));
        }

        @Test
        void replaceSwapsTheRouteForThePrefix() {
            table.add(Route.via(p("10.1.16.0/24"), parseInt("10.168.0.3"), eth0, false));
            Route vxlan = Route.via(p("10.1.16.0/24"), parseInt("10.1.16.0"), flannel1, true);
            table.replace(vxlan);
            assertThat(table.get(p("10.1.16.0/24"))).isSameAs(vxlan);
            assertThat(table.size()).isEqualTo(2);
        }

        @Test
        void replaceOfAnAbsentPrefixAdds() {
            Route r = Route.via(p("10.1.17.0/24"), parseInt("10.168.0.4"), eth0, false);
            table.replace(r);
            assertThat(table.get(p("10.1.17.0/24"))).isSameAs(r);
            assertThat(table.size()).isEqualTo(2);
        }

        @Test
        void aFailedReplaceKeepsTheOldRoute() {
            Route old = Route.via(p("10.1.16.0/24"), parseInt("10.168.0.3"), eth0, false);
            table.add(old);
            assertThatThrownBy(() -> table.replace(Route.via(p("10.1.16.0/24"), parseInt("10.99.0.1"), eth0, false)))
                    .hasMessage("RTNETLINK answers: Network is unreachable");
            assertThatThrownBy(() -> table.replace(Route.via(p("10.1.16.0/24"), parseInt("10.168.0.3"), docker0, false)))
                    .hasMessage("RTNETLINK answers: Nexthop has invalid gateway");
            assertThat(table.get(p("10.1.16.0/24"))).isSameAs(old);
            assertThat(table.lookup(parseInt("10.1.16.9"))).isSameAs(old);
            assertThat(table.size()).isEqualTo(2);
        }

        @Test
        void aFailedReplaceOfAnAbsentPrefixLeavesNothingBehind() {
            assertThatThrownBy(() -> table.replace(Route.via(p("10.1.16.0/24"), parseInt("10.99.0.1"), eth0, false)))
                    .hasMessage("RTNETLINK answers: Network is unreachable");
            assertThat(table.get(p("10.1.16.0/24"))).isNull();
            assertThat(table.size()).isEqualTo(1);
        }

        @Test
        void replaceChecksTheNewGatewayAgainstTheTableAsItIsBeforeTheSwap() {
            // ip route replace 10.168.0.0/24 via 10.168.0.5 dev eth0: 10.168.0.5 is on-link through the
            // very route being replaced, which the kernel still sees when it checks the nexthop
            Route viaNeighbour = Route.via(p("10.168.0.0/24"), parseInt("10.168.0.5"), eth0, false);
            table.replace(viaNeighbour);
            assertThat(table.get(p("10.168.0.0/24"))).isSameAs(viaNeighbour);
        }

        @Test
        void removeDeletesExactlyThatPrefixAndReportsWhetherItWasThere() {
            table.add(Route.dev(p("10.1.0.0/16"), flannel1));
            table.add(Route.dev(p("10.1.0.0/24"), docker0));
            assertThat(table.remove(p("10.1.0.0/24"))).isTrue();
            assertThat(table.remove(p("10.1.0.0/24"))).isFalse();
            assertThat(table.remove(p("10.2.0.0/16"))).isFalse();
            assertThat(table.lookup(parseInt("10.1.0.9")).prefix()).isEqualTo(p("10.1.0.0/16"));
            assertThat(table.size()).isEqualTo(2);
        }

        @Test
        void removeDeviceTakesEveryRouteThroughItAndOnlyThose() {
            table.add(Route.via(p("10.1.16.0/24"), parseInt("10.1.16.0"), flannel1, true));
            table.add(Route.via(p("10.1.17.0/24"), parseInt("10.1.17.0"), flannel1, true));
            table.add(Route.dev(p("10.1.0.0/16"), docker0));
            table.removeDevice(flannel1);
            assertThat(table.routes()).extracting(Route::format).containsExactly(
                    "10.1.0.0/16 dev docker0 scope link",
                    "10.168.0.0/24 dev eth0 proto kernel scope link src 10.168.0.2");
            assertThat(table.size()).isEqualTo(2);
            assertThat(table.lookup(parseInt("10.1.16.3")).device()).isSameAs(docker0);
        }

        @Test
        void routesAreDumpedByAddressUnsignedThenByPrefixLength() {
            table.add(Route.dev(p("200.0.0.0/8"), eth0));
            table.add(Route.via(p("0.0.0.0/0"), parseInt("10.168.0.1"), eth0, false));
            table.add(Route.dev(p("10.1.15.0/24"), docker0));
            table.add(Route.dev(p("10.1.0.0/24"), docker0));
            table.add(Route.dev(p("10.1.0.0/16"), flannel1));
            table.add(Route.dev(p("10.1.15.4/32"), docker0));
            table.add(Route.dev(p("10.0.0.0/8"), flannel1));
            assertThat(table.routes()).extracting(r -> r.prefix().toString()).containsExactly(
                    "0.0.0.0/0", "10.0.0.0/8", "10.1.0.0/16", "10.1.0.0/24", "10.1.15.0/24", "10.1.15.4/32",
                    "10.168.0.0/24", "200.0.0.0/8");
        }
    }

    @Nested
    class Format {
        @Test
        void theConnectedRouteOfDocker0() {
            assertThat(Route.connected(p("10.1.15.0/24"), docker0, parseInt("10.1.15.1")).format())
                    .isEqualTo("10.1.15.0/24 dev docker0 proto kernel scope link src 10.1.15.1");
        }

        @Test
        void theDefaultRouteViaTheGateway() {
            assertThat(Route.via(p("0.0.0.0/0"), parseInt("10.168.0.1"), eth0, false).format())
                    .isEqualTo("default via 10.168.0.1 dev eth0");
        }

        @Test
        void flannelsVxlanRouteIsOnlink() {
            assertThat(Route.via(p("10.1.16.0/24"), parseInt("10.1.16.0"), flannel1, true).format())
                    .isEqualTo("10.1.16.0/24 via 10.1.16.0 dev flannel.1 onlink");
        }

        @Test
        void theUdpBackendsDevOnlyRouteThroughFlannel0() {
            TunDevice flannel0 = new TunDevice(ns, "flannel0", 1472);
            flannel0.setUp(true);
            flannel0.attach(new UserProcess(ns, "flanneld", true) {
                @Override protected boolean step() { return false; }
            });
            assertThat(Route.dev(p("10.1.0.0/16"), flannel0).format()).isEqualTo("10.1.0.0/16 dev flannel0 scope link");
        }

        @Test
        void aTunWithoutItsProcessHasNoCarrierAndItsRouteSaysLinkdown() {
            TunDevice flannel0 = new TunDevice(ns, "flannel0", 1472);
            flannel0.setUp(true);
            assertThat(Route.dev(p("10.1.0.0/16"), flannel0).format()).isEqualTo("10.1.0.0/16 dev flannel0 scope link linkdown");
        }

        @Test
        void aHostRoutePrintsTheBareAddress() {
            assertThat(Route.via(p("10.1.16.3/32"), parseInt("10.168.0.3"), eth0, false).format())
                    .isEqualTo("10.1.16.3 via 10.168.0.3 dev eth0");
        }

        @Test
        void theNamespacesOwnTableHoldsTheConnectedRoutesOfItsUpDevices() {
            eth0.addAddress(parseInt("10.168.0.2"), 24);
            docker0.addAddress(parseInt("10.1.15.1"), 24);
            flannel1.addAddress(parseInt("10.1.15.0"), 32); // a /32 adds no route
            assertThat(ns.routes().routes()).extracting(Route::format).containsExactly(
                    "10.1.15.0/24 dev docker0 proto kernel scope link src 10.1.15.1",
                    "10.168.0.0/24 dev eth0 proto kernel scope link src 10.168.0.2");
        }
    }
}
