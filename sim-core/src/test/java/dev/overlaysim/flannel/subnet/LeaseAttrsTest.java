package dev.overlaysim.flannel.subnet;

import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.MacAddress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeaseAttrsTest {
    static final Ipv4Address NODE1 = Ipv4Address.parse("10.168.0.2");

    @Test
    void vxlanWritesFlannelsFieldOrderWithVniAndLowercaseMac() {
        LeaseAttrs a = LeaseAttrs.vxlan(NODE1, 1, MacAddress.parse("5E:F8:4F:00:0F:00"));
        assertThat(a.toJson()).isEqualTo(
                "{\"PublicIP\":\"10.168.0.2\",\"PublicIPv6\":null,\"BackendType\":\"vxlan\",\"BackendData\":{\"VNI\":1,\"VtepMAC\":\"5e:f8:4f:00:0f:00\"}}");
        assertThat(a.vxlanVni()).contains(1);
        assertThat(a.vxlanVtepMac()).contains(MacAddress.parse("5e:f8:4f:00:0f:00"));
    }

    @Test
    void aVniAboveSixteenBitsIsWrittenTruncatedAsFlannelsUint16FieldDoes() {
        MacAddress mac = MacAddress.parse("5e:f8:4f:00:0f:00");
        assertThat(LeaseAttrs.vxlan(NODE1, 65_537, mac).vxlanVni()).contains(1);
        assertThat(LeaseAttrs.vxlan(NODE1, 16_777_215, mac).vxlanVni()).contains(65_535);
        assertThatThrownBy(() -> LeaseAttrs.vxlan(NODE1, 16_777_216, mac)).hasMessageContaining("0 to 16777215");
    }

    @Test
    void udpWritesNoBackendTypeBecauseFlannelsUdpBackendSetsNone() {
        assertThat(LeaseAttrs.udp(NODE1).toJson()).isEqualTo("{\"PublicIP\":\"10.168.0.2\",\"PublicIPv6\":null}");
    }

    @Test
    void hostGwWritesItsType() {
        assertThat(LeaseAttrs.hostGw(NODE1).toJson())
                .isEqualTo("{\"PublicIP\":\"10.168.0.2\",\"PublicIPv6\":null,\"BackendType\":\"host-gw\"}");
    }

    @Test
    void theLegacyFormIsTheSeedsValue() {
        assertThat(LeaseAttrs.udp(Ipv4Address.parse("10.168.0.3")).toLegacyJson()).isEqualTo("{\"PublicIP\":\"10.168.0.3\"}");
    }

    @Test
    void parsesBothFormsBack() {
        LeaseAttrs vx = LeaseAttrs.vxlan(NODE1, 7, MacAddress.parse("5e:f8:4f:00:e3:37"));
        assertThat(LeaseAttrs.parse(vx.toJson())).isEqualTo(vx);
        assertThat(LeaseAttrs.parse(vx.toLegacyJson())).isEqualTo(vx);
        assertThat(LeaseAttrs.parse("{\"PublicIP\":\"10.168.0.3\"}")).isEqualTo(LeaseAttrs.udp(Ipv4Address.parse("10.168.0.3")));
        assertThat(LeaseAttrs.parse("{ \"PublicIP\" : \"10.168.0.2\", \"BackendType\":\"vxlan\", \"BackendData\": { \"VNI\" : 1 } }").backendData())
                .isEqualTo("{\"VNI\":1}");
    }

    @Test
    void refusesWhatItCannotModel() {
        assertThatThrownBy(() -> LeaseAttrs.parse("{\"PublicIP\":\"10.168.0.2\",\"PublicIPv6\":\"fc00::1\"}"))
                .isInstanceOf(LeaseFormatException.class).hasMessageContaining("IPv6 is not modelled");
        assertThatThrownBy(() -> LeaseAttrs.parse("{\"PublicIp\":\"10.168.0.2\"}")).hasMessageContaining("unknown field \"PublicIp\"");
        assertThatThrownBy(() -> LeaseAttrs.parse("{\"BackendType\":\"udp\"}")).hasMessageContaining("PublicIP must be");
        assertThatThrownBy(() -> LeaseAttrs.parse("{\"PublicIP\":")).hasMessageContaining("line 1");
    }
}
