package dev.overlaysim.flannel.subnet;

import dev.overlaysim.protocols.addr.Ipv4Prefix;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubnetKeyTest {
    @Test
    void printsTheSubnetWithADashUnderTheSubnetsDirectory() {
        assertThat(SubnetKey.of(Ipv4Prefix.parse("10.1.15.0/24")).key()).isEqualTo("/coreos.com/network/subnets/10.1.15.0-24");
        assertThat(new SubnetKey("/atomic.io/network", Ipv4Prefix.parse("100.96.2.0/24")))
                .hasToString("/atomic.io/network/subnets/100.96.2.0-24");
        assertThat(SubnetKey.configKey("/coreos.com/network")).isEqualTo("/coreos.com/network/config");
    }

    @Test
    void parsesBackToThePrefix() {
        assertThat(SubnetKey.parse("/coreos.com/network/subnets/10.1.15.0-24").subnet()).isEqualTo(Ipv4Prefix.parse("10.1.15.0/24"));
        assertThat(SubnetKey.parse("/x/y", "/x/y/subnets/100.96.1.0-24"))
                .isEqualTo(new SubnetKey("/x/y", Ipv4Prefix.parse("100.96.1.0/24")));
    }

    @Test
    void refusesKeysThatAreNotExactlyASubnet() {
        assertThatThrownBy(() -> SubnetKey.parse("/coreos.com/network/config")).isInstanceOf(LeaseFormatException.class)
                .hasMessageContaining("expected a key under /coreos.com/network/subnets/");
        assertThatThrownBy(() -> SubnetKey.parse("/coreos.com/network/subnets/10.1.15.1-24"))
                .hasMessageContaining("did you mean 10.1.15.0-24?");
        assertThatThrownBy(() -> SubnetKey.parse("/coreos.com/network/subnets/10.1.15.0-33")).hasMessageContaining("0-32");
        assertThatThrownBy(() -> SubnetKey.parse("/coreos.com/network/subnets/10.1.15-24")).hasMessageContaining("IPv4 address");
        assertThat(SubnetKey.tryParse("/coreos.com/network", "/coreos.com/network/subnets/junk")).isEmpty();
    }
}
