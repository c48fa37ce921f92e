package dev.overlaysim.linux.render;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.device.NetDevice;
import dev.overlaysim.linux.device.TunDevice;
import dev.overlaysim.linux.table.RoutingTable;
import dev.overlaysim.protocols.addr.MacAddress;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static dev.overlaysim.protocols.addr.Ipv4Address.parseInt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Exact iproute2 6.1 text for the seed's nodes. Expected texts were checked line by line against
 * captures of real iproute2 6.1 on a namespace lab with the same devices; {@code ␣} marks the
 * trailing spaces iproute2 prints. Docker's random names and MACs (host veth, docker0, veth MAC)
 * are read from the model and substituted for VETH, BRMAC and VETHMAC.
 */
class Iproute2Test {

    /** Writes trailing spaces visibly in expected texts: {@code "a␣\n"} is {@code "a \n"}. */
    private static String text(String s) { return s.replace('␣', ' '); }

    private static final class Node1 {
        final SeedHosts lab = SeedHosts.vxlan(1);
        final NetNamespace ns = lab.ns("node1");
        final NetDevice veth = ns.devices().get(4);
        final String brMac = MacAddress.toString(ns.device("docker0").mac());

        String expect(String s) {
            return text(s).replace("VETHMAC", MacAddress.toString(veth.mac())).replace("VETH", veth.name()).replace("BRMAC", brMac)
                    .replace("BRID", bridgeId(ns.device("docker0").mac()));
        }
    }

    private static String bridgeId(long mac) {
        StringBuilder sb = new StringBuilder("8000.");
        for (int shift = 40; shift >= 0; shift -= 8) sb.append(Long.toHexString(mac >>> shift & 0xFF)).append(shift > 0 ? ":" : "");
        return sb.toString();
    }

    @Nested class IpRoute {
        @Test void vxlanNode1PrintsTheSeedsTableWithIproute2sTrailingSpaces() {
            Node1 n = new Node1();
            assertThat(Iproute2.ipRoute(n.ns)).isEqualTo(text("""
                    default via 10.168.0.1 dev eth0␣
                    10.1.15.0/24 dev docker0 proto kernel scope link src 10.1.15.1␣
                    10.1.16.0/24 via 10.1.16.0 dev flannel.1 onlink␣
                    10.168.0.0/24 dev eth0 proto kernel scope link src 10.168.0.2␣
                    """));
        }

        @Test void udpNodeShowsFlannel0sKernelRouteForTheWholeNetwork() {
            SeedHosts lab = SeedHosts.udp(1);
            assertThat(Iproute2.ipRoute(lab.ns("node1"))).isEqualTo(text("""
                    default via 10.168.0.1 dev eth0␣
                    10.168.0.0/24 dev eth0 proto kernel scope link src 10.168.0.2␣
                    100.96.0.0/16 dev flannel0 proto kernel scope link src 100.96.1.0␣
                    100.96.1.0/24 dev docker0 proto kernel scope link src 100.96.1.1␣
                    """));
        }

        @Test void routesThroughDevicesWithoutCarrierSayLinkdown() {
            SeedHosts lab = SeedHosts.udp(1);
            NetNamespace ns = lab.ns("node1");
            ((TunDevice) ns.device("flannel0")).detach();
            lab.ns("container-1").device("eth0").setUp(false);
            assertThat(Iproute2.ipRoute(ns)).isEqualTo(text("""
                    default via 10.168.0.1 dev eth0␣
                    10.168.0.0/24 dev eth0 proto kernel scope link src 10.168.0.2␣
                    100.96.0.0/16 dev flannel0 proto kernel scope link src 100.96.1.0 linkdown␣
                    100.96.1.0/24 dev docker0 proto kernel scope link src 100.96.1.1 linkdown␣
                    """));
        }
    }

    @Nested class IpRouteGet {
        @Test void throughFlannel1TheSourceIsTheVtepsOwnAddress() {
            Node1 n = new Node1();
            assertThat(Iproute2.ipRouteGet(n.ns, parseInt("10.1.16.3")))
                    .isEqualTo(text("10.1.16.3 via 10.1.16.0 dev flannel.1 src 10.1.15.0 uid 0␣\n    cache␣\n"));
        }

        @Test void connectedDefaultAndLocalDestinations() {
            Node1 n = new Node1();
            assertThat(Iproute2.ipRouteGet(n.ns, parseInt("10.168.0.3"))).isEqualTo(text("10.168.0.3 dev eth0 src 10.168.0.2 uid 0␣\n    cache␣\n"));
            assertThat(Iproute2.ipRouteGet(n.ns, parseInt("10.1.15.2"))).isEqualTo(text("10.1.15.2 dev docker0 src 10.1.15.1 uid 0␣\n    cache␣\n"));
            assertThat(Iproute2.ipRouteGet(n.ns, parseInt("8.8.8.8"))).isEqualTo(text("8.8.8.8 via 10.168.0.1 dev eth0 src 10.168.0.2 uid 0␣\n    cache␣\n"));
            assertThat(Iproute2.ipRouteGet(n.ns, parseInt("10.1.15.1"))).isEqualTo(text("local 10.1.15.1 dev lo src 10.1.15.1 uid 0␣\n    cache <local>␣\n"));
            assertThat(Iproute2.ipRouteGet(n.lab.ns("container-1"), parseInt("10.1.16.3")))
                    .isEqualTo(text("10.1.16.3 via 10.1.15.1 dev eth0 src 10.1.15.2 uid 0␣\n    cache␣\n"));
        }

        @Test void udpNodeRoutesPeersIntoFlannel0() {
            SeedHosts lab = SeedHosts.udp(1);
            assertThat(Iproute2.ipRouteGet(lab.ns("node1"), parseInt("100.96.2.3"))).isEqualTo(text("100.96.2.3 dev flannel0 src 100.96.1.0 uid 0␣\n    cache␣\n"));
        }

        @Test void noRouteIsTheKernelsNetworkUnreachable() {
            SeedHosts lab = SeedHosts.vxlan(1);
            NetNamespace empty = lab.world.addHost("lonely").root();
            assertThatThrownBy(() -> Iproute2.ipRouteGet(empty, parseInt("10.1.16.3")))
                    .isInstanceOf(RoutingTable.RouteException.class).hasMessage("RTNETLINK answers: Network is unreachable");
        }
    }

    @Nested class IpNeigh {
        @Test void beforeAnyTrafficOnlyFlanneldsPermanentEntry() {
            Node1 n = new Node1();
            assertThat(Iproute2.ipNeigh(n.ns)).isEqualTo(text("10.1.16.0 dev flannel.1 lladdr 5e:f8:4f:00:e3:37 PERMANENT␣\n"));
            assertThat(Iproute2.ipNeighShowDev(n.ns, "flannel.1")).isEqualTo(text("10.1.16.0 lladdr 5e:f8:4f:00:e3:37 PERMANENT␣\n"));
            assertThat(Iproute2.ipNeighShowDev(n.ns, "eth0")).isEmpty();
        }

        @Test void afterAPingTheUnderlayPeerIsReachableAndTheContainerInDelay() {
            Node1 n = new Node1();
            n.lab.ping("container-1", "10.1.16.3", 5_000_000_000L);
            // Real node1 after one container ping: the same three lines, in the same states.
            assertThat(Iproute2.ipNeigh(n.ns)).isEqualTo(text("""
                    10.168.0.3 dev eth0 lladdr 42:01:0a:a8:00:03 REACHABLE␣
                    10.1.15.2 dev docker0 lladdr 02:42:0a:01:0f:02 DELAY␣
                    10.1.16.0 dev flannel.1 lladdr 5e:f8:4f:00:e3:37 PERMANENT␣
                    """));
            assertThat(Iproute2.ipNeighShowDev(n.ns, "eth0")).isEqualTo(text("10.168.0.3 lladdr 42:01:0a:a8:00:03 REACHABLE␣\n"));
        }

        @Test void unknownDeviceIsRejectedWithIproute2sMessage() {
            Node1 n = new Node1();
            assertThatThrownBy(() -> Iproute2.ipNeighShowDev(n.ns, "flannel.9"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("Device \"flannel.9\" does not exist. (in node1)");
        }
    }

    @Nested class BridgeFdb {
        @Test void allDevicesInIfindexOrderWithMulticastSelfEntries() {
            Node1 n = new Node1();
            assertThat(Iproute2.bridgeFdbShow(n.ns)).isEqualTo(n.expect("""
                    33:33:00:00:00:01 dev eth0 self permanent
                    01:00:5e:00:00:01 dev eth0 self permanent
                    33:33:00:00:00:01 dev docker0 self permanent
                    01:00:5e:00:00:6a dev docker0 self permanent
                    33:33:00:00:00:6a dev docker0 self permanent
                    01:00:5e:00:00:01 dev docker0 self permanent
                    BRMAC dev docker0 master docker0 permanent
                    5e:f8:4f:00:e3:37 dev flannel.1 dst 10.168.0.3 self permanent
                    VETHMAC dev VETH master docker0 permanent
                    33:33:00:00:00:01 dev VETH self permanent
                    01:00:5e:00:00:01 dev VETH self permanent
                    """));
        }

        @Test void afterAPingTheContainersMacIsLearnedOnItsPortWithATrailingSpace() {
            Node1 n = new Node1();
            n.lab.ping("container-1", "10.1.16.3", 5_000_000_000L);
            assertThat(Iproute2.bridgeFdbShow(n.ns)).contains(n.expect("""
                    5e:f8:4f:00:e3:37 dev flannel.1 dst 10.168.0.3 self permanent
                    02:42:0a:01:0f:02 dev VETH master docker0␣
                    VETHMAC dev VETH master docker0 permanent
                    33:33:00:00:00:01 dev VETH self permanent
                    """));
            assertThat(Iproute2.bridgeFdbShowDev(n.ns, n.veth.name())).isEqualTo(n.expect("""
                    02:42:0a:01:0f:02 master docker0␣
                    VETHMAC master docker0 permanent
                    33:33:00:00:00:01 self permanent
                    01:00:5e:00:00:01 self permanent
                    """));
        }

        @Test void perDeviceViews() {
            Node1 n = new Node1();
            assertThat(Iproute2.bridgeFdbShowDev(n.ns, "flannel.1")).isEqualTo("5e:f8:4f:00:e3:37 dst 10.168.0.3 self permanent\n");
            // As the kernel filters it: the bridge's own local entry is not listed under dev docker0.
            assertThat(Iproute2.bridgeFdbShowDev(n.ns, "docker0")).isEqualTo("""
                    33:33:00:00:00:01 self permanent
                    01:00:5e:00:00:6a self permanent
                    33:33:00:00:00:6a self permanent
                    01:00:5e:00:00:01 self permanent
                    """);
            assertThat(Iproute2.bridgeFdbShowDev(n.ns, "lo")).isEmpty();
        }

        @Test void withoutMulticastEntriesOnlyTheTablesRemain() {
            Node1 n = new Node1();
            assertThat(Iproute2.bridgeFdbShow(n.ns, Iproute2Options.DEFAULT.withMulticastFdbEntries(false))).isEqualTo(n.expect("""
                    BRMAC dev docker0 master docker0 permanent
                    5e:f8:4f:00:e3:37 dev flannel.1 dst 10.168.0.3 self permanent
                    VETHMAC dev VETH master docker0 permanent
                    """));
        }
    }

    @Nested class IpAddr {
        @Test void vxlanNode1() {
            Node1 n = new Node1();
            assertThat(Iproute2.ipAddr(n.ns)).isEqualTo(n.expect("""
                    1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
                        link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
                        inet 127.0.0.1/8 scope host lo
                           valid_lft forever preferred_lft forever
                    2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000
                        link/ether 42:01:0a:a8:00:02 brd ff:ff:ff:ff:ff:ff
                        inet 10.168.0.2/24 brd 10.168.0.255 scope global eth0
                           valid_lft forever preferred_lft forever
                    3: docker0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default qlen 1000
                        link/ether BRMAC brd ff:ff:ff:ff:ff:ff
                        inet 10.1.15.1/24 brd 10.1.15.255 scope global docker0
                           valid_lft forever preferred_lft forever
                    4: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN group default qlen 1000
                        link/ether 5e:f8:4f:00:0f:00 brd ff:ff:ff:ff:ff:ff
                        inet 10.1.15.0/32 scope global flannel.1
                           valid_lft forever preferred_lft forever
                    5: VETH@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master docker0 state UP group default qlen 1000
                        link/ether VETHMAC brd ff:ff:ff:ff:ff:ff link-netnsid 0
                    """));
        }

        @Test void containerSeesItsEthAsThePeerOfTheHostVeth() {
            Node1 n = new Node1();
            assertThat(Iproute2.ipAddr(n.lab.ns("container-1"))).isEqualTo(text("""
                    1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
                        link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
                        inet 127.0.0.1/8 scope host lo
                           valid_lft forever preferred_lft forever
                    2: eth0@if5: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default qlen 1000
                        link/ether 02:42:0a:01:0f:02 brd ff:ff:ff:ff:ff:ff link-netnsid 0
                        inet 10.1.15.2/24 brd 10.1.15.255 scope global eth0
                           valid_lft forever preferred_lft forever
                    """));
        }

        @Test void udpNodesFlannel0IsAPointToPointDeviceWithoutLinkAddress() {
            SeedHosts lab = SeedHosts.udp(1);
            assertThat(Iproute2.ipAddr(lab.ns("node1"))).contains(text("""
                    3: flannel0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1472 qdisc pfifo_fast state UNKNOWN group default qlen 500
                        link/none␣
                        inet 100.96.1.0/16 scope global flannel0
                           valid_lft forever preferred_lft forever
                    4: docker0:"""));
        }

        @Test void withoutCarrierDevicesSayNoCarrierAndDown() {
            SeedHosts lab = SeedHosts.udp(1);
            NetNamespace ns = lab.ns("node1");
            ((TunDevice) ns.device("flannel0")).detach();
            lab.ns("container-1").device("eth0").setUp(false);
            String out = Iproute2.ipAddr(ns);
            assertThat(out).contains("3: flannel0: <NO-CARRIER,POINTOPOINT,MULTICAST,NOARP,UP> mtu 1472 qdisc pfifo_fast state DOWN group default qlen 500\n")
                    .contains("4: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1472 qdisc noqueue state DOWN group default qlen 1000\n")
                    .containsPattern("5: veth[0-9a-f]{7}@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1472 qdisc noqueue master docker0 state DOWN group default qlen 1000\n");
            assertThat(Iproute2.ipAddr(lab.ns("container-1")))
                    .contains("2: eth0@if5: <BROADCAST,MULTICAST> mtu 1472 qdisc noqueue state DOWN group default qlen 1000\n");
        }

        @Test void optionsChangeTheMachineDependentQdiscs() {
            SeedHosts lab = SeedHosts.udp(1);
            String out = Iproute2.ipAddr(lab.ns("node1"), Iproute2Options.DEFAULT.withDefaultQdisc("fq_codel").withNicQdisc("pfifo_fast"));
            assertThat(out).contains("2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast state UP group default qlen 1000\n")
                    .contains("3: flannel0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1472 qdisc fq_codel state UNKNOWN group default qlen 500\n");
        }
    }

    @Nested class IpLinkDetails {
        @Test void flannel1() {
            Node1 n = new Node1();
            assertThat(Iproute2.ipLinkDetails(n.ns, "flannel.1")).isEqualTo(text("""
                    4: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
                        link/ether 5e:f8:4f:00:0f:00 brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535␣
                        vxlan id 1 local 10.168.0.2 dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536␣
                    """));
        }

        @Test void wholeNode1() {
            Node1 n = new Node1();
            assertThat(Iproute2.ipLinkDetails(n.ns, null)).isEqualTo(n.expect("""
                    1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
                        link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00 promiscuity 0  allmulti 0 minmtu 0 maxmtu 0 addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536␣
                    2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP mode DEFAULT group default qlen 1000
                        link/ether 42:01:0a:a8:00:02 brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 addrgenmode eui64 numtxqueues 2 numrxqueues 2 gso_max_size 65536 gso_max_segs 65535 tso_max_size 65536 tso_max_segs 65535 gro_max_size 65536 parentbus virtio parentdev virtio1␣
                    3: docker0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP mode DEFAULT group default qlen 1000
                        link/ether BRMAC brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535␣
                        bridge forward_delay 1500 hello_time 200 max_age 2000 ageing_time 30000 stp_state 0 priority 32768 vlan_filtering 0 bridge_id BRID designated_root BRID root_port 0 root_path_cost 0 topology_change 0 topology_change_detected 0 hello_timer    0.00 tcn_timer    0.00 topology_change_timer    0.00 gc_timer    0.10 group_fwd_mask 0 group_address 01:80:c2:00:00:00 mcast_snooping 1 no_linklocal_learn 0 mcast_vlan_snooping 0 mcast_router 1 mcast_query_use_ifaddr 0 mcast_querier 0 mcast_hash_elasticity 16 mcast_hash_max 4096 mcast_last_member_count 2 mcast_startup_query_count 2 mcast_last_member_interval 100 mcast_membership_interval 26000 mcast_querier_interval 25500 mcast_query_interval 12500 mcast_query_response_interval 1000 mcast_startup_query_interval 3124 mcast_stats_enabled 0 mcast_igmp_version 2 mcast_mld_version 1 nf_call_iptables 0 nf_call_ip6tables 0 nf_call_arptables 0 addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536␣
                    4: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
                        link/ether 5e:f8:4f:00:0f:00 brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535␣
                        vxlan id 1 local 10.168.0.2 dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536␣
                    5: VETH@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master docker0 state UP mode DEFAULT group default qlen 1000
                        link/ether VETHMAC brd ff:ff:ff:ff:ff:ff link-netnsid 0 promiscuity 1  allmulti 1 minmtu 68 maxmtu 65535␣
                        veth␣
                        bridge_slave state forwarding priority 32 cost 2 hairpin off guard off root_block off fastleave off learning on flood on port_id 0x8001 port_no 0x1 designated_port 32769 designated_cost 0 designated_bridge BRID designated_root BRID hold_timer    0.00 message_age_timer    0.00 forward_delay_timer    0.00 topology_change_ack 0 config_pending 0 proxy_arp off proxy_arp_wifi off mcast_router 1 mcast_fast_leave off mcast_flood on bcast_flood on mcast_to_unicast off neigh_suppress off group_fwd_mask 0 group_fwd_mask_str 0x0 vlan_tunnel off isolated off locked off addrgenmode eui64 numtxqueues 2 numrxqueues 2 gso_max_size 65536 gso_max_segs 65535 tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536␣
                    """));
        }

        @Test void containerVethAndUdpFlannel0() {
            Node1 n = new Node1();
            assertThat(Iproute2.ipLinkDetails(n.lab.ns("container-1"), "eth0")).isEqualTo(text("""
                    2: eth0@if5: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP mode DEFAULT group default qlen 1000
                        link/ether 02:42:0a:01:0f:02 brd ff:ff:ff:ff:ff:ff link-netnsid 0 promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535␣
                        veth addrgenmode eui64 numtxqueues 2 numrxqueues 2 gso_max_size 65536 gso_max_segs 65535 tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536␣
                    """));
            SeedHosts udp = SeedHosts.udp(1);
            assertThat(Iproute2.ipLinkDetails(udp.ns("node1"), "flannel0")).isEqualTo(text("""
                    3: flannel0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1472 qdisc pfifo_fast state UNKNOWN mode DEFAULT group default qlen 500
                        link/none  promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535␣
                        tun type tun pi off vnet_hdr off persist off addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 tso_max_size 65536 tso_max_segs 65535 gro_max_size 65536␣
                    """));
        }

        @Test void bridgeGcTimerCountsDownToTheNextCollection() {
            Node1 n = new Node1();
            n.lab.world.sim().runUntil(10_100_000_000L); // 10 s after the first collection at 100 ms
            assertThat(Iproute2.ipLinkDetails(n.ns, "docker0")).contains(" gc_timer  290.00 ");
        }
    }

    @Nested class IpStatsLink {
        @Test void beforeTrafficEveryCounterIsZero() {
            Node1 n = new Node1();
            assertThat(Iproute2.ipStatsLink(n.ns, "flannel.1")).isEqualTo(text("""
                    4: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000
                        link/ether 5e:f8:4f:00:0f:00 brd ff:ff:ff:ff:ff:ff
                        RX:  bytes packets errors dropped  missed   mcast          ␣
                                 0       0      0       0       0       0␣
                        TX:  bytes packets errors dropped carrier collsns          ␣
                                 0       0      0       0       0       0␣
                    """));
        }

        @Test void afterAPingTheCountersShowTheFramesOfTheWalk() {
            Node1 n = new Node1();
            n.lab.ping("container-1", "10.1.16.3", 5_000_000_000L);
            // eth0: out an ARP request (42) and the VXLAN frame (148); in the padded ARP reply (60) and the VXLAN reply (148).
            assertThat(Iproute2.ipStatsLink(n.ns, "eth0")).isEqualTo(text("""
                    2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP mode DEFAULT group default qlen 1000
                        link/ether 42:01:0a:a8:00:02 brd ff:ff:ff:ff:ff:ff
                        RX:  bytes packets errors dropped  missed   mcast          ␣
                               208       2      0       0       0       0␣
                        TX:  bytes packets errors dropped carrier collsns          ␣
                               190       2      0       0       0       0␣
                    """));
            assertThat(Iproute2.ipStatsLink(n.lab.ns("container-1"), "eth0")).isEqualTo(text("""
                    2: eth0@if5: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP mode DEFAULT group default qlen 1000
                        link/ether 02:42:0a:01:0f:02 brd ff:ff:ff:ff:ff:ff link-netnsid 0
                        RX:  bytes packets errors dropped  missed   mcast          ␣
                               140       2      0       0       0       0␣
                        TX:  bytes packets errors dropped carrier collsns          ␣
                               140       2      0       0       0       0␣
                    """));
        }

        @Test void columnsWidenForLargeCountersAsSizeColumnsDoes() {
            // size_columns() counts digits with "powi < val": 12 345 678 901 takes 11 columns, 10 000 000 000 only 10.
            assertThat(LinkLines.stats(12_345_678_901L, 9_876_543_210L, 0, 5, 10_000_000_000L, 7, 0)).isEqualTo(text("""
                        RX:   bytes    packets errors dropped  missed   mcast          ␣
                        12345678901 9876543210      0       5       0       0␣
                        TX:   bytes    packets errors dropped carrier collsns          ␣
                        10000000000          7      0       0       0       0␣
                    """));
        }
    }

    @Test void renderingIsDeterministicAcrossIdenticalWorlds() {
        Node1 a = new Node1();
        Node1 b = new Node1();
        a.lab.ping("container-1", "10.1.16.3", 5_000_000_000L);
        b.lab.ping("container-1", "10.1.16.3", 5_000_000_000L);
        for (String dev : new String[] {null, "docker0"}) {
            assertThat(Iproute2.ipLinkDetails(a.ns, dev)).isEqualTo(Iproute2.ipLinkDetails(b.ns, dev));
            assertThat(Iproute2.ipStatsLink(a.ns, dev)).isEqualTo(Iproute2.ipStatsLink(b.ns, dev));
        }
        assertThat(Iproute2.bridgeFdbShow(a.ns)).isEqualTo(Iproute2.bridgeFdbShow(b.ns));
        assertThat(Iproute2.ipAddr(a.ns)).isEqualTo(Iproute2.ipAddr(b.ns));
    }
}
