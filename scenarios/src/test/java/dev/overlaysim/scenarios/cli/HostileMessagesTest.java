package dev.overlaysim.scenarios.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the command line says about inputs the hostile-input issue lists: each is refused (exit 2),
 * at its file:line:column where there is one, saying what was found and what is allowed.
 */
class HostileMessagesTest {

    private static String seed() throws Exception {
        return Files.readString(Path.of("examples", "seed-vxlan.yaml"));
    }

    private static Cli validate(Path dir, String yaml) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, yaml);
        return Cli.run("validate", f.toString());
    }

    @Test
    void anIpv6DestinationSaysAddressesAreIpv4OnlyAndNamesAreLowercaseContainerNames(@TempDir Path dir) throws Exception {
        for (String to : new String[] {"fe80::1", "\"fe80::1\"", "2001:db8::1", "'::ffff:10.1.16.3'"}) {
            Cli r = validate(dir, seed().replace("to: container-2", "to: " + to));
            assertThat(r.exit()).as(to).isEqualTo(2);
            assertThat(r.out()).as(to).containsPattern("s\\.yaml:41:49: expected a container name or an IPv4 address, found .*"
                    + "an IPv6 address: addresses are IPv4 only \\(like 10\\.1\\.16\\.3\\), and names are lowercase container names"
                    + " \\(like container-2\\)");
        }
        Cli upper = validate(dir, seed().replace("to: container-2", "to: Container-2"));
        assertThat(upper.out()).contains("s.yaml:41:49: expected a container name (lowercase letters, digits and '-', like container-2,"
                + " at most 63 characters) or an IPv4 address (like 10.1.16.3), found 'Container-2'");
        Cli node = validate(dir, seed().replace("ip: 10.168.0.2", "ip: fe80::2"));
        assertThat(node.out()).contains("s.yaml:26:9: expected an IPv4 address like 10.1.15.2, found 'fe80::2' (an IPv6 address; addresses are IPv4 only)");
    }

    @Test
    void aUtf16FileIsReportedAsUtf16WithOrWithoutItsByteOrderMark(@TempDir Path dir) throws Exception {
        String text = seed();
        record Form(String name, Charset charset, byte[] bom, String says) {}
        for (Form form : new Form[] {
                new Form("bom-le.yaml", StandardCharsets.UTF_16LE, new byte[] {(byte) 0xFF, (byte) 0xFE}, "UTF-16LE (it starts with a UTF-16 byte order mark)"),
                new Form("bom-be.yaml", StandardCharsets.UTF_16BE, new byte[] {(byte) 0xFE, (byte) 0xFF}, "UTF-16BE (it starts with a UTF-16 byte order mark)"),
                new Form("le.yaml", StandardCharsets.UTF_16LE, new byte[0], "UTF-16LE (no byte order mark, but every other byte is NUL)"),
                new Form("be.yaml", StandardCharsets.UTF_16BE, new byte[0], "UTF-16BE (no byte order mark, but every other byte is NUL)")}) {
            Path f = dir.resolve(form.name());
            byte[] body = text.getBytes(form.charset());
            byte[] all = new byte[form.bom().length + body.length];
            System.arraycopy(form.bom(), 0, all, 0, form.bom().length);
            System.arraycopy(body, 0, all, form.bom().length, body.length);
            Files.write(f, all);

            Cli r = Cli.run("validate", f.toString());
            assertThat(r.exit()).as(form.name()).isEqualTo(2);
            String encoding = form.says().substring(0, 8);
            assertThat(r.out()).as(form.name()).isEqualTo(f + ":1:1: the file is " + form.says() + "; the scenario format is UTF-8:"
                    + " convert it (iconv -f " + encoding + " -t UTF-8, or save it as UTF-8 in the editor)\n")
                    .doesNotContain("NUL byte");
        }
    }

    @Test
    void anOutOfRangeVniGivesTheVxlanRange(@TempDir Path dir) throws Exception {
        for (String vni : new String[] {"16777216", "-1", "99999999999999999999"}) {
            Cli r = validate(dir, seed().replace("vni: 1", "vni: " + vni));
            assertThat(r.exit()).as(vni).isEqualTo(2);
            assertThat(r.out()).as(vni).isEqualTo(dir.resolve("s.yaml") + ":15:10: expected a VXLAN VNI from 0 to 16777215"
                    + " (the VNI is 24 bits; flannel's default is 1), found " + vni + "\n");
        }
    }

    @Test
    void aVniTooLongForFlannelsDeviceNameSaysSo(@TempDir Path dir) throws Exception {
        Cli r = validate(dir, seed().replace("vni: 1", "vni: 16777215"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEqualTo(dir.resolve("s.yaml") + ":15:10: vni 16777215 would name flanneld's device 'flannel.16777215',"
                + " 16 characters; Linux allows at most 15 (IFNAMSIZ), so flanneld could not create it: expected a VNI from 0 to 9999999\n");
    }

    @Test
    void theLargestVniRunsAndItsLeaseShowsFlannelsSixteenBitField(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, seed().replace("vni: 1", "vni: 9999999").replace("dev flannel.1", "dev flannel.9999999"));
        Cli r = Cli.run("run", f.toString(), "--trace", "summary");
        assertThat(r.exit()).as(r.toString()).isIn(0, 1);
        assertThat(r.err()).isEmpty();
        Cli lease = Cli.run("show", f.toString(), "node1", "--", "etcdctl", "get", "/coreos.com/network/subnets/10.1.16.0-24");
        assertThat(lease.exit()).as(lease.toString()).isZero();
        // 9999999 mod 65536: flannel's lease field is a uint16.
        assertThat(lease.out()).contains("\"VNI\":38527");
    }

    @Test
    void anEmptyFileNameSaysThePathIsEmptyNotThatItIsADirectory(@TempDir Path dir) throws Exception {
        for (String[] args : new String[][] {{"run", ""}, {"validate", ""}, {"show", "", "node1", "--", "ip", "route"},
                {"examples", "--write", ""}}) {
            Cli r = Cli.run(args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", args)).contains("the path is empty (an empty string); expected a file or directory name")
                    .doesNotContain("is a directory").doesNotContain("\tat ");
        }
        Cli json = Cli.run("run", "--json", "");
        assertThat(json.exit()).isEqualTo(2);
        assertThat(json.err()).isEqualTo("overlaysim: --json: expected a file name or '-', found an empty string\n");
    }

    @Test
    void aContainerPrefixThatLeavesDocker0OffLinkIsRefusedNotAnInternalError(@TempDir Path dir) throws Exception {
        Cli r = validate(dir, seed().replace("        ip: 10.1.16.3\n", "        ip: 10.1.16.3\n        prefixLength: 31\n"));
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).containsPattern("s\\.yaml:\\d+:\\d+: container 'container-2' prefixLength 31 leaves its gateway off-link:"
                + " 10\\.1\\.16\\.3/31 does not hold 10\\.1\\.16\\.1 \\(docker0\\), the next hop of the container's default route, so Linux"
                + " refuses the route \\(RTNETLINK answers: Network is unreachable\\); expected a prefixLength of at most 30 for this address");
        Path f = dir.resolve("s.yaml");
        Cli run = Cli.run("run", f.toString());
        assertThat(run.exit()).isEqualTo(2);
    }

    @Test
    void moreContainersThanTheSubnetHoldsAreRefusedNotAnInternalError(@TempDir Path dir) throws Exception {
        String y = seed().replace("subnetLen: 24", "subnetLen: 30")
                .replace("subnet: 10.1.15.0/24", "subnet: 10.1.15.0/30").replace("subnet: 10.1.16.0/24", "subnet: 10.1.16.0/30")
                .replace("        ip: 10.1.16.3\n", "        ip: 10.1.16.2\n      - name: container-3\n");
        Cli r = validate(dir, y);
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).contains("container 'container-3' gets no address: the /30 subnet of node 'node2' holds 1 container"
                + " (4 addresses less the network address, docker0's and the broadcast address), and they are taken;"
                + " expected at most 1 container on the node, or a shorter subnetLen");
    }
}
