package dev.overlaysim.flannel.subnet;

import dev.overlaysim.protocols.addr.Ipv4Prefix;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubnetEnvTest {
    @Test
    void rendersTheFileFlanneldWrites() {
        SubnetEnv env = new SubnetEnv(Ipv4Prefix.parse("10.1.0.0/16"), Ipv4Prefix.parse("10.1.15.0/24"), 1450, false);
        assertThat(env.render()).isEqualTo(
                "FLANNEL_NETWORK=10.1.0.0/16\nFLANNEL_SUBNET=10.1.15.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=false\n");
    }

    @Test
    void parsesBackWithTheSubnetsHostBitsCleared() {
        SubnetEnv env = SubnetEnv.parse("FLANNEL_NETWORK=10.1.0.0/16\nFLANNEL_SUBNET=10.1.15.1/24\nFLANNEL_MTU=1472\nFLANNEL_IPMASQ=true\n");
        assertThat(env).isEqualTo(new SubnetEnv(Ipv4Prefix.parse("10.1.0.0/16"), Ipv4Prefix.parse("10.1.15.0/24"), 1472, true));
    }

    @Test
    void refusesUnknownOrMissingLines() {
        assertThatThrownBy(() -> SubnetEnv.parse("FLANNEL_NETWORK=10.1.0.0/16\nFOO=1\n")).hasMessageContaining("line 2 'FOO=1'");
        assertThatThrownBy(() -> SubnetEnv.parse("FLANNEL_NETWORK=10.1.0.0/16\n")).hasMessageContaining("FLANNEL_SUBNET is missing");
    }
}
