package dev.overlaysim.scenarios.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.overlaysim.protocols.addr.Ipv4Prefix;
import dev.overlaysim.protocols.addr.MacAddress;
import dev.overlaysim.scenarios.model.DeviceRef;
import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void parsesIpv4Strictly() {
        assertThat(Values.ipv4("10.1.15.2").value()).isEqualTo(0x0A010F02);
        assertThat(Values.ipv4("255.255.255.255").value()).isEqualTo(-1);
        assertThat(Values.ipv4("0.0.0.0").value()).isZero();
        for (String bad : new String[] {"10.1.15", "10.1.15.2.1", "256.1.1.1", "010.1.1.1", "1..1.1", "a.b.c.d", "", " 1.1.1.1"}) {
            assertThatThrownBy(() -> Values.ipv4(bad))
                    .hasMessage("expected an IPv4 address like 10.1.15.2, found '" + bad + "'");
        }
        assertThatThrownBy(() -> Values.ipv4("fe80::1"))
                .hasMessage("expected an IPv4 address like 10.1.15.2, found 'fe80::1' (an IPv6 address; addresses are IPv4 only)");
    }

    @Test
    void parsesPrefixes() {
        Ipv4Prefix prefix = Values.prefix("10.1.0.0/16");

        assertThat(prefix.contains(Values.ipv4("10.1.255.255"))).isTrue();
        assertThat(prefix.contains(Values.ipv4("10.2.0.0"))).isFalse();
        assertThat(prefix.lastAddress()).hasToString("10.1.255.255");
        assertThat(prefix.overlaps(Values.prefix("10.1.15.0/24"))).isTrue();
        assertThat(Values.prefix("0.0.0.0/0").contains(Values.ipv4("1.2.3.4"))).isTrue();
        assertThatThrownBy(() -> Values.prefix("10.1.0.0/33"))
                .hasMessage("expected an IPv4 prefix like 10.1.0.0/16, found '10.1.0.0/33'");
        assertThatThrownBy(() -> Values.prefix("10.1.0.0"))
                .hasMessage("expected an IPv4 prefix like 10.1.0.0/16, found '10.1.0.0'");
        assertThatThrownBy(() -> Values.prefix("10.1.15.2/24"))
                .hasMessage("prefix 10.1.15.2/24 has host bits set; expected 10.1.15.0/24");
    }

    @Test
    void parsesMacsToLowercase() {
        assertThat(Values.mac("5E:F8:4F:00:0F:00")).isEqualTo(MacAddress.of(0x5ef8_4f00_0f00L)).hasToString("5e:f8:4f:00:0f:00");
        assertThat(Values.mac("01:00:5e:00:00:01").isMulticast()).isTrue();
        assertThatThrownBy(() -> Values.mac("5e-f8-4f-00-0f-00"))
                .hasMessage("expected a MAC address like 5e:f8:4f:00:0f:00, found '5e-f8-4f-00-0f-00'");
    }

    @Test
    void parsesDevices() {
        assertThat(DeviceRef.parse("node1/flannel.1")).isEqualTo(new DeviceRef("node1", "flannel.1"));
        assertThatThrownBy(() -> DeviceRef.parse("flannel.1"))
                .hasMessage("expected a device like node1/flannel.1 (host/device), found 'flannel.1'");
    }

    @Test
    void suggestsCloseNames() {
        assertThat(Suggest.didYouMean("subnetlen", java.util.List.of("cidr", "subnetLen"))).isEqualTo(" (did you mean 'subnetLen'?)");
        assertThat(Suggest.didYouMean("vxaln", java.util.List.of("udp", "vxlan", "host-gw"))).isEqualTo(" (did you mean 'vxlan'?)");
        assertThat(Suggest.didYouMean("zzzzzz", java.util.List.of("udp", "vxlan"))).isEmpty();
    }
}
