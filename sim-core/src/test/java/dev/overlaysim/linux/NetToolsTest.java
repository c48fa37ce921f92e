package dev.overlaysim.linux;

import dev.overlaysim.linux.render.NetTools;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** net-tools' and iptables' views, byte for byte as net-tools 2.10 and iptables print them. */
class NetToolsTest {

    @Test
    void routeNShowsTheSeedsVxlanRouteInNetToolsColumns() {
        HandBuiltHosts lab = HandBuiltHosts.seedVxlan(1);
        NetNamespace node1 = lab.world.host("node1").root();
        assertThat(NetTools.routeN(node1)).isEqualTo(
                "Kernel IP routing table\n"
                + "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n"
                + "0.0.0.0         10.168.0.1      0.0.0.0         UG    0      0        0 eth0\n"
                + "10.1.15.0       0.0.0.0         255.255.255.0   U     0      0        0 docker0\n"
                + "10.1.16.0       10.1.16.0       255.255.255.0   UG    0      0        0 flannel.1\n"
                + "10.168.0.0      0.0.0.0         255.255.255.0   U     0      0        0 eth0\n");
    }

    @Test
    void iptablesShowsTheForwardPolicyAndBlockedPorts() {
        HandBuiltHosts lab = HandBuiltHosts.seedVxlan(1);
        NetNamespace node2 = lab.world.host("node2").root();
        assertThat(NetTools.iptablesS(node2)).isEqualTo("-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n");
        node2.forwardPolicyDrop(true);
        node2.blockUdpPort(8472);
        node2.blockUdpPort(8285);
        assertThat(NetTools.iptablesS(node2)).isEqualTo("-P INPUT ACCEPT\n-P FORWARD DROP\n-P OUTPUT ACCEPT\n"
                + "-A INPUT -p udp -m udp --dport 8285 -j DROP\n"
                + "-A INPUT -p udp -m udp --dport 8472 -j DROP\n");
    }

    /** blockIcmp's two rules, each in its chain after INPUT's, as iptables -S lists chain by chain; gone once lifted. */
    @Test
    void iptablesShowsTheIcmpRulesWhileTheyAreInForce() {
        HandBuiltHosts lab = HandBuiltHosts.seedVxlan(1);
        NetNamespace node1 = lab.world.host("node1").root();
        node1.blockUdpPort(8472);
        node1.icmpBlocked(true);
        assertThat(NetTools.iptablesS(node1)).isEqualTo("-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n"
                + "-A INPUT -p udp -m udp --dport 8472 -j DROP\n"
                + "-A FORWARD -p icmp -j DROP\n"
                + "-A OUTPUT -p icmp -j DROP\n");
        node1.icmpBlocked(false);
        assertThat(NetTools.iptablesS(node1)).isEqualTo("-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n"
                + "-A INPUT -p udp -m udp --dport 8472 -j DROP\n");
    }
}
