package dev.overlaysim.scenarios.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShowStateCommandTest {

    @Test
    void ipRouteOnNode1PrintsTheSeedsLine() {
        Cli r = Cli.run("show", "examples/seed-vxlan.yaml", "node1", "--", "ip", "route");

        assertThat(r.exit()).as(r.toString()).isZero();
        // iproute2 ends each route line with a space; so does the simulator.
        assertThat(r.out().lines().map(String::stripTrailing)).contains("10.1.16.0/24 via 10.1.16.0 dev flannel.1 onlink");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void theOutputIsExactlyWhatTheToolPrints() {
        Cli r = Cli.run("show", "examples/seed-vxlan.yaml", "node1", "--", "ip", "neigh", "show", "dev", "flannel.1");

        assertThat(r.exit()).isZero();
        // As iproute2 prints it, trailing space included.
        assertThat(r.out()).isEqualTo("10.1.16.0 lladdr 5e:f8:4f:00:e3:37 PERMANENT \n");
    }

    @Test
    void commandOptionsAfterTheDoubleDash() {
        Cli r = Cli.run("show", "examples/seed-vxlan.yaml", "node1", "--", "ip", "-d", "link", "show", "flannel.1");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("flannel.1").contains("vxlan id 1");
    }

    @Test
    void etcdctlAnswersFromTheRegistry() {
        Cli r = Cli.run("show", "seed-udp.yaml", "node1", "--", "etcdctl", "ls", "/coreos.com/network/subnets");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("/coreos.com/network/subnets/100.96.1.0-24\n/coreos.com/network/subnets/100.96.2.0-24\n");
    }

    @Test
    void atShowsTheStateBeforeANodeJoined() {
        Cli before = Cli.run("show", "--at", "1s", "examples/node-join.yaml", "node1", "--", "ip", "route");
        Cli after = Cli.run("show", "--at", "6s", "examples/node-join.yaml", "node1", "--", "ip", "route");

        assertThat(before.exit()).isZero();
        assertThat(after.exit()).isZero();
        assertThat(before.out()).isNotEqualTo(after.out());
        assertThat(after.out().lines().count()).isGreaterThan(before.out().lines().count());
    }

    @Test
    void anUnknownNodeIsBadInputAndNamesTheChoices() {
        Cli r = Cli.run("show", "examples/seed-vxlan.yaml", "node9", "--", "ip", "route");

        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).isEqualTo("overlaysim: no node, router or container named 'node9' in examples/seed-vxlan.yaml;"
                + " expected one of: node1, container-1, node2, container-2\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anUnknownCommandIsBadInputAndListsWhatIsSupported() {
        Cli r = Cli.run("show", "examples/seed-vxlan.yaml", "node1", "--", "iptables", "-L");

        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).startsWith("overlaysim: unsupported command 'iptables -L'; expected one of: ip route,")
                .doesNotContain("Exception");
    }

    @Test
    void aFailingToolExitsWithItsOwnStatus() {
        Cli r = Cli.run("show", "examples/seed-vxlan.yaml", "node1", "--", "ip", "route", "get", "nonsense");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("Error: any valid prefix is expected rather than \"nonsense\".\n");
    }
}
