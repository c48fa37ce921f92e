package dev.overlaysim.scenarios.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One broken scenario per file under {@code src/test/resources/broken/}, one mistake each, and the
 * exact problem the loader must report for it: {@code file:line:column: message}.
 */
class BrokenScenariosTest {

    static Stream<Arguments> brokenFiles() {
        return Stream.of(
                arguments("bad-ipv4.yaml",
                        "bad-ipv4.yaml:16:9: expected an IPv4 address like 10.1.15.2, found '10.168.0.300'"),
                arguments("bandwidth-unit-case.yaml",
                        "bandwidth-unit-case.yaml:8:72: unknown unit 'gbit' in bandwidth '10gbit' (did you mean 'Gbit'?); expected one of: bit, Kbit, Mbit, Gbit"),
                arguments("boolean-yes.yaml",
                        "boolean-yes.yaml:5:41: expected true or false, found 'yes'"),
                arguments("compare-backend-options.yaml",
                        "compare-backend-options.yaml:27:21: option 'vni' is not allowed in compare: each compared backend runs with its defaults; write just 'vxlan' (options belong in network.backend, the primary run)"),
                arguments("compare-duplicate-backend.yaml",
                        "compare-duplicate-backend.yaml:25:26: duplicate backend 'udp' in compare; it is first listed at 25:14"),
                arguments("compare-unknown-backend.yaml",
                        "compare-unknown-backend.yaml:25:19: unknown backend type 'hostgw' (did you mean 'host-gw'?); expected one of: udp, vxlan, host-gw"),
                arguments("completed-count-above-requests.yaml",
                        "completed-count-above-requests.yaml:23:35: count 11 is more than the 10 requests that flow 'web' makes (declared at 21:14)"),
                arguments("container-ip-is-docker0.yaml",
                        "container-ip-is-docker0.yaml:19:33: container 'container-2' ip 10.1.16.1 is taken by docker0 on node 'node2' (the bridge takes the first address of subnet 10.1.16.0/24)"),
                arguments("container-ip-is-network-address.yaml",
                        "container-ip-is-network-address.yaml:19:33: container 'container-2' ip 10.1.16.0 is the network address of subnet 10.1.16.0/24 of node 'node2'"),
                arguments("container-ip-outside-subnet.yaml",
                        "container-ip-outside-subnet.yaml:19:33: container 'container-2' ip 10.1.17.3 lies outside subnet 10.1.16.0/24 of node 'node2'"),
                arguments("container-ip-without-pinned-subnet.yaml",
                        "container-ip-without-pinned-subnet.yaml:18:33: container 'container-2' has ip 10.1.16.3 but node 'node2' pins no subnet (flanneld would lease one at random); pin one with 'subnet:' or drop the container's ip"),
                arguments("container-name-clashes-with-node.yaml",
                        "container-name-clashes-with-node.yaml:20:16: container name 'node1' is already taken by node 'node1' (at 10:11); nodes, containers and routers share one namespace"),
                arguments("crossed-unknown-host.yaml",
                        "crossed-unknown-host.yaml:23:51: unknown host 'node3' in device 'node3/eth0' (did you mean 'node1'?); expected a node, container or router: node1, container-1, node2, container-2"),
                arguments("duplicate-container-ip.yaml",
                        "duplicate-container-ip.yaml:15:33: duplicate IP 10.1.15.2: container 'container-3' and container 'container-1' (at 14:33)"),
                arguments("duplicate-container-name.yaml",
                        "duplicate-container-name.yaml:20:16: duplicate container name 'container-1'; it is first declared at 14:16"),
                arguments("duplicate-flow-name.yaml",
                        "duplicate-flow-name.yaml:22:18: duplicate flow name 'ping-1'; it is first declared at 21:11"),
                arguments("duplicate-key.yaml",
                        "duplicate-key.yaml:17:5: duplicate key 'ip'; it is first given at 16:5"),
                arguments("duplicate-node-ip.yaml",
                        "duplicate-node-ip.yaml:16:9: duplicate IP 10.168.0.2: node 'node2' and node 'node1' (at 11:9)"),
                arguments("duplicate-node-name.yaml",
                        "duplicate-node-name.yaml:15:11: duplicate node name 'node1'; it is first declared at 10:11"),
                arguments("duplicate-segment-name.yaml",
                        "duplicate-segment-name.yaml:9:14: duplicate segment name 'lan'; it is first declared at 8:14"),
                arguments("nodes-cannot-reach.yaml",
                        "nodes-cannot-reach.yaml:18:14: node 'node2' (segment 'lan-b') cannot reach node 'node1' (segment 'lan-a') at all: no router joins their segments; add a router with an interface on each (underlay: routers:)"),
                arguments("duration-without-unit.yaml",
                        "duration-without-unit.yaml:18:12: duration '5' has no unit; expected one of: ns, us, ms, s (like 5ms)"),
                arguments("empty-file.yaml",
                        "empty-file.yaml:1:1: the file has no content; expected a mapping with at least the keys name, network, underlay, nodes"),
                arguments("expect-count-above-sent.yaml",
                        "expect-count-above-sent.yaml:23:38: count 2 is more than the 1 packet that flow 'ping-1' sends (declared at 21:11)"),
                arguments("expect-unknown-flow.yaml",
                        "expect-unknown-flow.yaml:23:23: unknown flow 'ping-2' (did you mean 'ping-1'?); expected one of: ping-1"),
                arguments("integer-not-a-number.yaml",
                        "integer-not-a-number.yaml:2:7: expected an integer, found 'abc'"),
                arguments("integer-quoted.yaml",
                        "integer-quoted.yaml:4:14: expected an integer, found the quoted string \"24\" (remove the quotes)"),
                arguments("loss-above-one.yaml",
                        "loss-above-one.yaml:8:67: expected a probability from 0 to 1 (like 0.05), found '1.5'"),
                arguments("missing-required-key.yaml",
                        "missing-required-key.yaml:3:3: missing required key 'cidr' in network"),
                arguments("network-too-small.yaml",
                        "network-too-small.yaml:3:9: flanneld refuses this network config: network is too small. Minimum useful network prefix is /28 (Network is 10.1.0.0/29)"),
                arguments("node-ip-is-gateway.yaml",
                        "node-ip-is-gateway.yaml:16:9: node 'node2' ip 10.168.0.1 is the gateway of segment 'lan' (at 8:49)"),
                arguments("node-ip-outside-segment.yaml",
                        "node-ip-outside-segment.yaml:16:9: node 'node2' ip 10.168.1.3 lies outside its segment 'lan' (10.168.0.0/24)"),
                arguments("not-a-mapping.yaml",
                        "not-a-mapping.yaml:1:1: expected a mapping for the top level, found a list"),
                arguments("option-of-other-backend.yaml",
                        "option-of-other-backend.yaml:5:24: option 'vni' belongs to backend vxlan, not udp"),
                arguments("prefix-host-bits.yaml",
                        "prefix-host-bits.yaml:3:9: prefix 10.1.0.1/16 has host bits set; expected 10.1.0.0/16"),
                arguments("request-missing-receive.yaml",
                        "request-missing-receive.yaml:21:14: missing required key 'receive' in request flow 'web'"),
                arguments("retransmits-on-ping.yaml",
                        "retransmits-on-ping.yaml:23:25: a retransmits check needs a tcp or request flow; flow 'ping-1' sends pings, and only TCP sends segments again"),
                arguments("second-document.yaml",
                        "second-document.yaml:24:1: a second YAML document starts here; expected exactly one document per file"),
                arguments("segment-overlaps-network.yaml",
                        "segment-overlaps-network.yaml:8:25: segment 'lan' (10.1.200.0/24) overlaps the Flannel network 10.1.0.0/16 (at 3:9)"),
                arguments("segment-required-with-two-segments.yaml",
                        "segment-required-with-two-segments.yaml:17:5: missing key 'segment' in node 'node2': the underlay has 2 segments (lan, lan2), so each node must name its own"),
                arguments("size-unit-case.yaml",
                        "size-unit-case.yaml:21:66: unknown unit 'KB' in size '10KB' (did you mean 'kB'?); expected one of: B, kB, MB, GB, KiB, MiB, GiB (the B may be left out; 1 kB = 1000 bytes, 1 KiB = 1024)"),
                arguments("subnet-outside-network.yaml",
                        "subnet-outside-network.yaml:17:13: subnet 10.2.16.0/24 of node 'node2' lies outside the network 10.1.0.0/16"),
                arguments("subnet-wrong-length.yaml",
                        "subnet-wrong-length.yaml:17:13: subnet 10.1.16.0/25 of node 'node2' has prefix length 25; expected 24 (subnetLen)"),
                arguments("subnetlen-not-longer-than-network.yaml",
                        "subnetlen-not-longer-than-network.yaml:4:14: flanneld refuses this network config: network must be able to accommodate at least four subnets (Network 10.1.0.0/16 with SubnetLen 16; SubnetLen must be at least 18)"),
                arguments("subnetlen-one-longer-than-network.yaml",
                        "subnetlen-one-longer-than-network.yaml:4:14: flanneld refuses this network config: network must be able to accommodate at least four subnets (Network 10.1.0.0/16 with SubnetLen 17; SubnetLen must be at least 18)"),
                arguments("subnetlen-too-long.yaml",
                        "subnetlen-too-long.yaml:4:14: flanneld refuses this network config: SubnetLen must be less than /31 (SubnetLen is 31)"),
                arguments("subnets-overlap.yaml",
                        "subnets-overlap.yaml:17:13: subnet 10.1.15.0/24 of node 'node2' overlaps subnet 10.1.15.0/24 of node 'node1' (at 12:13)"),
                arguments("table-unknown-command.yaml",
                        "table-unknown-command.yaml:23:35: unknown command 'ipp route' (did you mean 'ip'?); expected a command starting with one of: ip, bridge, etcdctl, cat, iptables, route"),
                arguments("tcp-bytes-and-duration.yaml",
                        "tcp-bytes-and-duration.yaml:21:72: tcp flow has both 'bytes' and 'duration'; expected one of them: a flow sends bytes (like iperf3 -n) or for a duration (like iperf3 -t)"),
                arguments("tcp-unknown-congestion.yaml",
                        "tcp-unknown-congestion.yaml:21:71: unknown congestion control 'bbr'; expected one of: cubic, reno (as net.ipv4.tcp_congestion_control names them)"),
                arguments("timeline-block-icmp-bare-node.yaml",
                        "timeline-block-icmp-bare-node.yaml:23:25: expected a mapping for blockIcmp, like {node: node1}, found 'node1'"),
                arguments("timeline-two-events.yaml",
                        "timeline-two-events.yaml:23:31: timeline event has both 'linkDown' and 'linkUp'; expected exactly one of: nodeJoin, nodeLeave, flanneldRestart, leaseExpire, linkDown, linkUp, forwardPolicyDrop, forwardPolicyAccept, linkLoss, blockUdpPort, unblockUdpPort, blockIcmp, ... (14 in all)"),
                arguments("timeline-unknown-node.yaml",
                        "timeline-unknown-node.yaml:23:24: unknown node 'node3' (did you mean 'node1'?); expected one of: node1, node2"),
                arguments("traffic-unknown-container.yaml",
                        "traffic-unknown-container.yaml:21:49: unknown container 'container-3' (did you mean 'container-1'?); expected one of: container-1, container-2 (or an IPv4 address)"),
                arguments("unknown-alias.yaml",
                        "unknown-alias.yaml:17:13: unknown alias '*subnet'; expected an anchor '&subnet' defined earlier in the file"),
                arguments("unknown-backend-type.yaml",
                        "unknown-backend-type.yaml:5:19: unknown backend type 'vxaln' (did you mean 'vxlan'?); expected one of: udp, vxlan, host-gw"),
                arguments("unknown-key-typo.yaml",
                        "unknown-key-typo.yaml:4:3: unknown key 'subnetlen' in network (did you mean 'subnetLen'?); expected one of: cidr, subnetLen, subnetMin, subnetMax, backend, legacyLeases"),
                arguments("unknown-segment.yaml",
                        "unknown-segment.yaml:17:14: unknown segment 'lan2' (did you mean 'lan'?); expected one of: lan"),
                arguments("unknown-top-level-key.yaml",
                        "unknown-top-level-key.yaml:2:1: unknown key 'seeds' at the top level (did you mean 'seed'?); expected one of: name, description, seed, machine, network, underlay, nodes, costs, traffic, timeline, expect, compare"),
                arguments("vtepmac-multicast.yaml",
                        "vtepmac-multicast.yaml:13:14: MAC address 01:00:5e:00:00:01 is a multicast address (lowest bit of the first octet set); expected a unicast MAC"),
                arguments("vtepmac-with-host-gw.yaml",
                        "vtepmac-with-host-gw.yaml:13:5: option 'vtepMac' of node 'node1' belongs to backend vxlan, not host-gw"),
                arguments("yaml-syntax-error.yaml",
                        "yaml-syntax-error.yaml:22:7: YAML syntax error: expected ',' or '}', but got ':' (while parsing a flow mapping that starts at 21:11)"),
                arguments("yaml-tag.yaml",
                        "yaml-tag.yaml:1:7: YAML tags are not supported, found '!!str'; remove the tag"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void reportsExactlyThisProblem(String file, String expected) throws IOException {
        ScenarioException e = catchThrowableOfType(() -> ScenarioLoader.fromBytes(resource(file), file),
                ScenarioException.class);

        assertThat(e).as("loading %s must fail", file).isNotNull();
        assertThat(e.problems()).extracting(Problem::toString).containsExactly(expected);
        assertThat(e.getMessage()).isEqualTo(expected);
    }

    @Test
    void everyBrokenFileHasAnExpectedMessage() throws IOException {
        List<String> pinned = brokenFiles().map(a -> (String) a.get()[0]).sorted().toList();
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/broken"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).isEqualTo(pinned);
        }
        assertThat(pinned).hasSizeGreaterThanOrEqualTo(24);
    }

    static byte[] resource(String file) throws IOException {
        try (InputStream in = BrokenScenariosTest.class.getResourceAsStream("/broken/" + file)) {
            assertThat(in).as("resource /broken/%s", file).isNotNull();
            return in.readAllBytes();
        }
    }
}
