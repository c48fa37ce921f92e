package dev.overlaysim.flannel.subnet;

import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.Ipv4Prefix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class NetworkConfigTest {

    static FlannelConfigException rejects(String json) {
        FlannelConfigException e = catchThrowableOfType(() -> NetworkConfig.parse(json), FlannelConfigException.class);
        assertThat(e).as("expected %s to be rejected", json).isNotNull();
        return e;
    }

    @Test
    void aSlashSixteenGetsSlashTwentyFourSubnetsFromTheSecondToTheLast() {
        NetworkConfig c = NetworkConfig.parse("{\"Network\":\"10.1.0.0/16\",\"Backend\":{\"Type\":\"vxlan\"}}");
        assertThat(c.network()).isEqualTo(Ipv4Prefix.parse("10.1.0.0/16"));
        assertThat(c.subnetLen()).isEqualTo(24);
        assertThat(c.subnetMin()).isEqualTo(Ipv4Address.parse("10.1.1.0"));
        assertThat(c.subnetMax()).isEqualTo(Ipv4Address.parse("10.1.255.0"));
        assertThat(c.subnetCount()).isEqualTo(255);
        assertThat(c.backendType()).isEqualTo("vxlan");
        assertThat(c.warnings()).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> /{1}, {2} .. {3}")
    @CsvSource({
            "10.0.0.0/8,   24, 10.0.1.0,   10.255.255.0",
            "10.1.0.0/22,  24, 10.1.1.0,   10.1.3.0",
            "10.1.0.0/23,  25, 10.1.0.128, 10.1.1.128",
            "10.1.0.0/28,  30, 10.1.0.4,   10.1.0.12",
    })
    void defaultsFollowFlannel(String network, int len, String min, String max) {
        NetworkConfig c = NetworkConfig.parse("{\"Network\":\"" + network + "\",\"Backend\":{\"Type\":\"udp\"}}");
        assertThat(c.subnetLen()).isEqualTo(len);
        assertThat(c.subnetMin()).hasToString(min);
        assertThat(c.subnetMax()).hasToString(max);
    }

    @Test
    void explicitValuesAreKeptAndZeroMeansDefault() {
        NetworkConfig c = NetworkConfig.parse("{\"Network\":\"10.1.0.0/16\",\"SubnetLen\":0,\"SubnetMin\":\"10.1.10.0\","
                + "\"SubnetMax\":\"0.0.0.0\",\"Backend\":{\"Type\":\"host-gw\"}}");
        assertThat(c.subnetLen()).isEqualTo(24);
        assertThat(c.subnetMin()).hasToString("10.1.10.0");
        assertThat(c.subnetMax()).hasToString("10.1.255.0");
        assertThat(NetworkConfig.parse("{\"Network\":\"10.1.0.0/16\",\"SubnetLen\":26,\"Backend\":{\"Type\":\"udp\"}}")
                .subnetMin()).hasToString("10.1.0.64");
    }

    @Test
    void anAbsentBackendMeansUdpAsInFlannelsCodeWithAWarning() {
        NetworkConfig c = NetworkConfig.parse("{\"Network\":\"10.1.0.0/16\"}");
        assertThat(c.backendType()).isEqualTo("udp");
        assertThat(c.warnings()).singleElement().asString()
                .contains("Backend is absent", "udp", "parseBackendType", "vxlan");
    }

    @Test
    void backendTypeIsLowercasedAndOptionsKeepDocumentOrder() {
        NetworkConfig c = NetworkConfig.parse("{\"Network\":\"10.1.0.0/16\",\"Backend\":{\"Type\":\"VXLAN\","
                + "\"Port\":4789,\"VNI\":42,\"DirectRouting\":true}}");
        assertThat(c.backendType()).isEqualTo("vxlan");
        assertThat(c.backendOptions()).containsExactly(
                java.util.Map.entry("Port", 4789L), java.util.Map.entry("VNI", 42L), java.util.Map.entry("DirectRouting", true));
        assertThat(c.backendLong("VNI", 1)).isEqualTo(42);
        assertThat(c.backendFlag("DirectRouting")).isTrue();
    }

    @Test
    void subnetMinAboveSubnetMaxIsAcceptedLikeFlannelButWarned() {
        NetworkConfig c = NetworkConfig.parse("{\"Network\":\"10.1.0.0/16\",\"SubnetMin\":\"10.1.200.0\","
                + "\"SubnetMax\":\"10.1.10.0\",\"Backend\":{\"Type\":\"udp\"}}");
        assertThat(c.subnetCount()).isZero();
        assertThat(c.warnings()).singleElement().asString().contains("out of subnets");
    }

    // ------------------------------------------------------------------ flannel's own errors

    @Test
    void aMissingNetworkUsesFlannelsText() {
        FlannelConfigException e = rejects("{\"Backend\":{\"Type\":\"vxlan\"}}");
        assertThat(e.flannelText()).isEqualTo("please define a correct Network parameter in the flannel config");
        assertThat(e.fromFlannel()).isTrue();
        assertThat(e.field()).isEqualTo("Network");
        assertThat(e).hasMessage("please define a correct Network parameter in the flannel config (Network is absent)");
    }

    @Test
    void aNetworkThatIsNotACidrIsGosParseCidrError() {
        FlannelConfigException e = rejects("{\"Network\":\"10.1.0.0\"}");
        assertThat(e.flannelText()).isEqualTo("invalid CIDR address: 10.1.0.0");
    }

    @Test
    void aNetworkLongerThanSlashTwentyEightIsTooSmall() {
        FlannelConfigException e = rejects("{\"Network\":\"10.1.0.0/29\"}");
        assertThat(e.flannelText()).isEqualTo("network is too small. Minimum useful network prefix is /28");
        assertThat(e).hasMessageContaining("10.1.0.0/29");
    }

    @Test
    void subnetLenOverThirtyIsRefused() {
        FlannelConfigException e = rejects("{\"Network\":\"10.1.0.0/16\",\"SubnetLen\":31}");
        assertThat(e.flannelText()).isEqualTo("SubnetLen must be less than /31");
        assertThat(e.field()).isEqualTo("SubnetLen");
        assertThat(e).hasMessageContaining("SubnetLen is 31");
    }

    @Test
    void subnetLenMustLeaveRoomForFourSubnets() {
        FlannelConfigException e = rejects("{\"Network\":\"10.1.0.0/16\",\"SubnetLen\":17}");
        assertThat(e.flannelText()).isEqualTo("network must be able to accommodate at least four subnets");
        assertThat(e).hasMessageContaining("at least 18");
    }

    @Test
    void subnetMinAndMaxMustLieInTheNetwork() {
        assertThat(rejects("{\"Network\":\"10.1.0.0/16\",\"SubnetMin\":\"10.2.0.0\"}").flannelText())
                .isEqualTo("SubnetMin is not in the range of the Network");
        assertThat(rejects("{\"Network\":\"10.1.0.0/16\",\"SubnetMax\":\"10.2.0.0\"}").flannelText())
                .isEqualTo("SubnetMax is not in the range of the Network");
    }

    @Test
    void subnetMinAndMaxMustSitOnASubnetLenBoundary() {
        FlannelConfigException min = rejects("{\"Network\":\"10.1.0.0/16\",\"SubnetMin\":\"10.1.1.5\"}");
        assertThat(min.flannelText()).isEqualTo("SubnetMin is not on a SubnetLen boundary: 10.1.1.5");
        assertThat(min).hasMessageContaining("10.1.1.0");
        assertThat(rejects("{\"Network\":\"10.1.0.0/16\",\"SubnetMax\":\"10.1.9.128\"}").flannelText())
                .isEqualTo("SubnetMax is not on a SubnetLen boundary: 10.1.9.128");
    }

    @Test
    void aMalformedSubnetMinIsGosInvalidIpText() {
        FlannelConfigException e = rejects("{\"Network\":\"10.1.0.0/16\",\"SubnetMin\":\"10.1.1\"}");
        assertThat(e.flannelText()).isEqualTo("Invalid IP address format");
        assertThat(e.field()).isEqualTo("SubnetMin");
    }

    @Test
    void backendTypesFlannelDoesNotKnowAreUnknown() {
        assertThat(rejects("{\"Network\":\"10.1.0.0/16\",\"Backend\":{\"Type\":\"vxlan2\"}}").flannelText())
                .isEqualTo("unknown backend type: vxlan2");
        FlannelConfigException noType = rejects("{\"Network\":\"10.1.0.0/16\",\"Backend\":{\"VNI\":1}}");
        assertThat(noType.flannelText()).isEqualTo("unknown backend type: ");
        assertThat(noType).hasMessageContaining("Backend has no Type");
        assertThat(rejects("{\"Network\":\"10.1.0.0/16\",\"Backend\":\"vxlan\"}").flannelText())
                .isEqualTo("error decoding Backend property of config");
    }

    @Test
    void backendOptionsOfTheWrongTypeAreTheBackendsDecodeError() {
        FlannelConfigException e = rejects("{\"Network\":\"10.1.0.0/16\",\"Backend\":{\"Type\":\"vxlan\",\"VNI\":\"1\"}}");
        assertThat(e.flannelText()).isEqualTo("error decoding VXLAN backend config");
        assertThat(e.field()).isEqualTo("Backend.VNI");
        assertThat(e).hasMessageContaining("found string \"1\"");
        assertThat(rejects("{\"Network\":\"10.1.0.0/16\",\"Backend\":{\"Type\":\"udp\",\"Port\":0}}").flannelText())
                .isEqualTo("error decoding UDP backend config");
    }

    // ------------------------------------------------------------------ overlaysim's strictness

    @Test
    void strictChecksSayTheyAreNotFlannels() {
        List<String> inputs = List.of(
                "{\"Network\":\"10.1.5.0/16\"}",
                "{\"network\":\"10.1.0.0/16\"}",
                "{\"Network\":\"10.1.0.0/16\",\"Network\":\"10.2.0.0/16\"}",
                "{\"Network\":\"10.1.0.0/16\",\"Backend\":{\"Type\":\"wireguard\"}}",
                "{\"Network\":\"10.1.0.0/16\",\"Backend\":{\"Type\":\"host-gw\",\"Port\":1}}",
                "{\"Network\":\"10.1.0.0/16\",\"EnableIPv6\":true}",
                "{\"Network\":\"10.1.0.0/16\",\"SubnetLen\":\"24\"}",
                "{\"Network\":\"10.1.0.0/16\",",
                "[]");
        for (String in : inputs) {
            assertThat(rejects(in).fromFlannel()).as(in).isFalse();
        }
    }

    @Test
    void hostBitsInNetworkAreRefusedWithWhatFlannelWouldDo() {
        assertThat(rejects("{\"Network\":\"10.1.5.0/16\"}"))
                .hasMessage("Network 10.1.5.0/16 has host bits set (flannel would silently use 10.1.0.0/16; write 10.1.0.0/16)");
    }

    @Test
    void aFieldInTheWrongCaseNamesTheRightSpelling() {
        FlannelConfigException e = rejects("{\"network\":\"10.1.0.0/16\"}");
        assertThat(e.field()).isEqualTo("network");
        assertThat(e).hasMessageContaining("write Network");
    }

    @Test
    void unknownBackendOptionsListTheKnownOnes() {
        assertThat(rejects("{\"Network\":\"10.1.0.0/16\",\"Backend\":{\"Type\":\"vxlan\",\"Vni\":1}}"))
                .hasMessageContaining("unknown field \"Vni\" in the vxlan Backend")
                .hasMessageContaining("DirectRouting, GBP, Learning, Port, VNI");
    }

    @Test
    void jsonSyntaxErrorsGiveLineAndColumn() {
        assertThat(rejects("{\n  \"Network\": \"10.1.0.0/16\",\n}")).hasMessageStartingWith("invalid JSON in flannel config (line 3, column 1: Unexpected character");
    }
}
