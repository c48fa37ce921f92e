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

    private static long size(String text) {
        return Values.size(1).convert(new YamlNode.Scalar(Location.START, text, true));
    }

    @Test
    void parsesSizesSiDecimalAndIecBinary() {
        assertThat(size("1000000")).isEqualTo(1_000_000);
        assertThat(size("1B")).isEqualTo(1);
        assertThat(size("10kB")).isEqualTo(10_000);
        assertThat(size("10k")).isEqualTo(10_000);
        assertThat(size("10MB")).isEqualTo(10_000_000);
        assertThat(size("10M")).isEqualTo(10_000_000);
        assertThat(size("1GB")).isEqualTo(1_000_000_000);
        assertThat(size("64KiB")).isEqualTo(65_536);
        assertThat(size("64Ki")).isEqualTo(65_536);
        assertThat(size("10MiB")).isEqualTo(10_485_760);
        assertThat(size("1GiB")).isEqualTo(1L << 30);
        assertThat(size("1.5MB")).isEqualTo(1_500_000);
        assertThat(size("0.5KiB")).isEqualTo(512);
        assertThat(Values.size(1).convert(new YamlNode.Scalar(Location.START, "2MB", false))).as("quoted").isEqualTo(2_000_000);
    }

    @Test
    void refusesSizesWithTheFix() {
        assertThatThrownBy(() -> size("10KB"))
                .hasMessage("unknown unit 'KB' in size '10KB' (did you mean 'kB'?); expected one of: B, kB, MB, GB, KiB, MiB, GiB"
                        + " (the B may be left out; 1 kB = 1000 bytes, 1 KiB = 1024)");
        assertThatThrownBy(() -> size("10mb")).hasMessageStartingWith("unknown unit 'mb' in size '10mb' (did you mean 'MB'?)");
        assertThatThrownBy(() -> size("10Mbit")).hasMessageStartingWith("unknown unit 'Mbit' in size '10Mbit'");
        assertThatThrownBy(() -> size("ten"))
                .hasMessage("expected a size like 10MB or 64KiB (units: B, kB, MB, GB, KiB, MiB, GiB; 1 kB = 1000 bytes,"
                        + " 1 KiB = 1024), found 'ten'");
        assertThatThrownBy(() -> size("-1")).hasMessageStartingWith("expected a size like 10MB");
        assertThatThrownBy(() -> size("1.0001kB"))
                .hasMessage("expected a whole number of bytes, found '1.0001kB' (1000.1 bytes)");
        assertThatThrownBy(() -> size("0")).hasMessage("expected a size of at least 1 byte, found '0'");
        assertThatThrownBy(() -> size("0MB")).hasMessage("expected a size of at least 1 byte, found '0MB'");
        assertThat(size("1073741824")).isEqualTo(1L << 30);
        assertThatThrownBy(() -> size("1073741825"))
                .hasMessage("expected a size of at most 1GiB (1073741824 bytes), found '1073741825'");
        assertThatThrownBy(() -> size("2GB")).hasMessage("expected a size of at most 1GiB (1073741824 bytes), found '2GB'");
    }
}
