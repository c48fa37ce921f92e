package dev.overlaysim.scenarios.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.overlaysim.flannel.subnet.FlannelConfigException;
import dev.overlaysim.flannel.subnet.NetworkConfig;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.Ipv4Prefix;
import dev.overlaysim.scenarios.model.BackendSpec;
import dev.overlaysim.scenarios.model.NetworkSpec;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The loader applies flannel's rules for the network config by running {@link NetworkConfig#parse}
 * (flanneld's check at run time) on the JSON the run writes to etcd: what flanneld refuses,
 * {@code validate} refuses, with the same text, at the value in {@code network:}.
 */
class FlannelNetworkRulesTest {

    /** {@code network:} at line 2; its keys from line 3, values at column 14 ({@code subnetLen: }) or 9 ({@code cidr: }). */
    private static String scenario(String networkKeys) {
        return "name: flannel-rules\n"
                + "network:\n"
                + networkKeys
                + "  backend: {type: vxlan}\n"
                + """
                underlay:
                  segments:
                    - {name: lan, cidr: 10.168.0.0/24}
                nodes:
                  - name: node1
                    ip: 10.168.0.2
                """;
    }

    @Test
    void subnetLenOneLongerThanTheNetworkIsRefusedAsFlanneldRefusesIt() {
        // Before: ScenarioChecks took any subnetLen longer than the prefix, so validate passed this
        // file and flanneld then logged "Failed to create SubnetManager: network must be able to
        // accommodate at least four subnets" at run time (pkg/subnet/config.go CheckNetworkConfig:
        // SubnetLen < Network.PrefixLen+2).
        String yaml = scenario("  cidr: 10.1.0.0/16\n  subnetLen: 17\n");

        ScenarioException e = catchThrowableOfType(() -> ScenarioLoader.fromYaml(yaml, "rules.yaml"), ScenarioException.class);

        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "rules.yaml:4:14: flanneld refuses this network config: network must be able to accommodate at least"
                        + " four subnets (Network 10.1.0.0/16 with SubnetLen 17; SubnetLen must be at least 18)");
    }

    @Test
    void subnetLenPrefixPlusTwoIsAccepted() {
        assertThat(ScenarioLoader.fromYaml(scenario("  cidr: 10.1.0.0/16\n  subnetLen: 18\n"), "rules.yaml")
                .network().effectiveSubnetLen()).isEqualTo(18);
    }

    static Stream<Arguments> refusedByFlanneld() {
        return Stream.of(
                arguments("  cidr: 10.1.0.0/16\n  subnetLen: 17\n", "4:14", net("10.1.0.0/16", 17, null, null)),
                arguments("  cidr: 10.1.0.0/16\n  subnetLen: 16\n", "4:14", net("10.1.0.0/16", 16, null, null)),
                arguments("  cidr: 10.1.0.0/28\n  subnetLen: 31\n", "4:14", net("10.1.0.0/28", 31, null, null)),
                arguments("  cidr: 10.1.0.0/29\n", "3:9", net("10.1.0.0/29", null, null, null)),
                arguments("  cidr: 0.0.0.0/0\n", "3:9", net("0.0.0.0/0", null, null, null)),
                arguments("  cidr: 10.1.0.0/16\n  subnetMin: 10.2.0.0\n", "4:14", net("10.1.0.0/16", null, "10.2.0.0", null)),
                arguments("  cidr: 10.1.0.0/16\n  subnetMax: 10.1.7.128\n", "4:14", net("10.1.0.0/16", null, null, "10.1.7.128")));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("refusedByFlanneld")
    void validateReportsFlanneldsOwnMessageAtTheValue(String networkKeys, String at, NetworkSpec same) {
        FlannelConfigException flanneld = catchThrowableOfType(() -> NetworkConfig.parse(same.flannelConfigJson()),
                FlannelConfigException.class);
        assertThat(flanneld.fromFlannel()).as("a check flanneld itself has").isTrue();

        ScenarioException e = catchThrowableOfType(() -> ScenarioLoader.fromYaml(scenario(networkKeys), "rules.yaml"),
                ScenarioException.class);

        // The first problem (0.0.0.0/0 also overlaps the underlay, reported after it).
        assertThat(e.problems().get(0)).hasToString("rules.yaml:" + at + ": flanneld refuses this network config: "
                + flanneld.getMessage());
    }

    @Test
    void theRunHandsFlanneldTheJsonTheLoaderChecked() {
        NetworkSpec n = new NetworkSpec(Ipv4Prefix.parse("10.1.0.0/16"), OptionalInt.of(24), Optional.of(Ipv4Address.parse("10.1.1.0")),
                Optional.of(Ipv4Address.parse("10.1.9.0")), new BackendSpec.Vxlan(7, 4789, true));

        assertThat(n.flannelConfigJson()).isEqualTo("{\"Network\":\"10.1.0.0/16\",\"SubnetLen\":24,\"SubnetMin\":\"10.1.1.0\","
                + "\"SubnetMax\":\"10.1.9.0\",\"Backend\":{\"Type\":\"vxlan\",\"VNI\":7,\"Port\":4789,\"DirectRouting\":true}}");
        assertThat(new NetworkSpec(Ipv4Prefix.parse("10.1.0.0/16"), OptionalInt.empty(), Optional.empty(), Optional.empty(),
                new BackendSpec.Udp(8285)).flannelConfigJson())
                .isEqualTo("{\"Network\":\"10.1.0.0/16\",\"Backend\":{\"Type\":\"udp\",\"Port\":8285}}");
        assertThat(NetworkConfig.parse(n.flannelConfigJson()).backendOptions()).containsEntry("VNI", 7L);
    }

    private static NetworkSpec net(String cidr, Integer subnetLen, String min, String max) {
        return new NetworkSpec(Ipv4Prefix.parse(cidr), subnetLen == null ? OptionalInt.empty() : OptionalInt.of(subnetLen),
                Optional.ofNullable(min).map(Ipv4Address::parse), Optional.ofNullable(max).map(Ipv4Address::parse),
                new BackendSpec.Vxlan(BackendSpec.Vxlan.DEFAULT_VNI, BackendSpec.Vxlan.DEFAULT_PORT, false));
    }
}
