package dev.overlaysim.flannel.etcd;

import dev.overlaysim.engine.Simulator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The seed document's etcdctl lines, and the v3 forms, byte for byte. */
class EtcdctlViewTest {
    final Etcd etcd = new Etcd(new Simulator(1));
    final EtcdctlView etcdctl = new EtcdctlView(etcd);

    @BeforeEach
    void seedsTwoNodes() {
        // The seed's old flannel (UDP backend) wrote just the PublicIP.
        etcd.put("/coreos.com/network/config", "{\"Network\":\"100.96.0.0/16\"}");
        etcd.put("/coreos.com/network/subnets/100.96.2.0-24", "{\"PublicIP\":\"10.168.0.3\"}");
        etcd.put("/coreos.com/network/subnets/100.96.1.0-24", "{\"PublicIP\":\"10.168.0.2\"}");
    }

    @Test
    void v2LsListsTheSubnetKeysOnePerLineAsInTheSeed() {
        EtcdctlOutput out = etcdctl.lsV2("/coreos.com/network/subnets");
        assertThat(out.stdout()).isEqualTo(
                "/coreos.com/network/subnets/100.96.1.0-24\n"
                        + "/coreos.com/network/subnets/100.96.2.0-24\n");
        assertThat(out.stderr()).isEmpty();
        assertThat(out.exitCode()).isZero();
        assertThat(etcdctl.lsV2("/coreos.com/network/subnets/").stdout()).isEqualTo(out.stdout());
    }

    @Test
    void v2GetPrintsOnlyTheValueAsInTheSeed() {
        assertThat(etcdctl.getV2("/coreos.com/network/subnets/100.96.2.0-24").terminal())
                .isEqualTo("{\"PublicIP\":\"10.168.0.3\"}\n");
    }

    @Test
    void v2LsShowsDirectChildrenOnlyWithDirectoriesAsPaths() {
        assertThat(etcdctl.lsV2("/").stdout()).isEqualTo("/coreos.com\n");
        assertThat(etcdctl.lsV2("/coreos.com/network").stdout())
                .isEqualTo("/coreos.com/network/config\n/coreos.com/network/subnets\n");
        assertThat(etcdctl.lsV2("/coreos.com/network/config").stdout()).isEqualTo("/coreos.com/network/config\n");
    }

    @Test
    void v2GetOfAMissingKeyIsErrorHundredOnStderrWithTheIndex() {
        EtcdctlOutput out = etcdctl.getV2("/coreos.com/network/subnets/x");
        assertThat(out.stdout()).isEmpty();
        assertThat(out.stderr()).isEqualTo("Error:  100: Key not found (/coreos.com/network/subnets/x) [4]\n");
        assertThat(out.exitCode()).isEqualTo(4);
    }

    @Test
    void v2NamesTheFirstMissingPathComponent() {
        assertThat(etcdctl.getV2("/atomic.io/network/config").stderr())
                .isEqualTo("Error:  100: Key not found (/atomic.io) [4]\n");
        assertThat(etcdctl.lsV2("/coreos.com/nope").stderr())
                .isEqualTo("Error:  100: Key not found (/coreos.com/nope) [4]\n");
    }

    @Test
    void v2GetOfADirectoryComplains() {
        EtcdctlOutput out = etcdctl.getV2("/coreos.com/network/subnets");
        assertThat(out.stderr()).isEqualTo("/coreos.com/network/subnets: is a directory\n");
        assertThat(out.exitCode()).isEqualTo(1);
    }

    @Test
    void v3GetPrintsKeyThenValuePerKeyInKeyOrder() {
        assertThat(etcdctl.getV3("/coreos.com/network/subnets/100.96.2.0-24", false).stdout())
                .isEqualTo("/coreos.com/network/subnets/100.96.2.0-24\n{\"PublicIP\":\"10.168.0.3\"}\n");
        assertThat(etcdctl.getV3("/coreos.com/network/subnets/", true).stdout()).isEqualTo(
                "/coreos.com/network/subnets/100.96.1.0-24\n{\"PublicIP\":\"10.168.0.2\"}\n"
                        + "/coreos.com/network/subnets/100.96.2.0-24\n{\"PublicIP\":\"10.168.0.3\"}\n");
        assertThat(etcdctl.getV3("/nope", false)).isEqualTo(new EtcdctlOutput("", "", 0));
    }

    @Test
    void v3KeysOnlyPrintsEachKeyFollowedByAnEmptyLine() {
        assertThat(etcdctl.getV3KeysOnly("/coreos.com/network/subnets").stdout()).isEqualTo(
                "/coreos.com/network/subnets/100.96.1.0-24\n\n"
                        + "/coreos.com/network/subnets/100.96.2.0-24\n\n");
    }
}
