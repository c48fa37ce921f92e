package dev.overlaysim.scenarios.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overlaysim.protocols.codec.EthernetHeader;
import dev.overlaysim.protocols.codec.Ipv4Header;
import dev.overlaysim.protocols.codec.TcpHeader;
import dev.overlaysim.protocols.codec.TcpOptions;
import dev.overlaysim.linux.Tracer;
import dev.overlaysim.scenarios.run.CheckResult;
import dev.overlaysim.scenarios.run.RunOptions;
import dev.overlaysim.scenarios.run.Scenario;
import dev.overlaysim.scenarios.run.ScenarioResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * tcp-mss.yaml: container-1 (eth0 1500) and container-2 (eth0 1450) announce MSS 1460 and 1410;
 * each sends 1398-byte segments (the other's MSS, or the path's, less the timestamps), none too
 * big for flannel.1, and both transfers complete without a retransmission.
 */
class TcpMssExampleTest {
    private static final ScenarioResult RESULT = Scenario.load(Path.of("examples", "tcp-mss.yaml"))
            .run(RunOptions.DEFAULT.withCapture(true));

    @Test
    void everyCheckOfTheExamplePasses() {
        assertThat(RESULT.checks()).allMatch(CheckResult::passed, "passed");
    }

    @Test
    void eachSynAnnouncesItsOwnEth0sMtuLess40AndDataFitsTheOthers() {
        List<Integer> synMss = new ArrayList<>();
        List<Integer> dataLengths = new ArrayList<>();
        for (Tracer.Capture c : RESULT.captures()) {
            if (!c.name().equals("container-1-eth0")) continue;
            for (Tracer.Frame f : c.frames()) {
                byte[] b = f.bytes();
                Ipv4Header ip = new Ipv4Header().wrap(b, EthernetHeader.LENGTH);
                if (new EthernetHeader().wrap(b, 0).etherType() != EthernetHeader.TYPE_IPV4 || ip.protocol() != Ipv4Header.PROTO_TCP) continue;
                TcpHeader t = new TcpHeader().wrap(b, EthernetHeader.LENGTH + ip.headerLength());
                if (t.has(TcpHeader.SYN)) synMss.add(new TcpOptions().parse(b, t).mss());
                int len = ip.totalLength() - ip.headerLength() - t.headerLength();
                if (len > 0) dataLengths.add(len);
            }
        }
        // up: container-1's SYN (1460), container-2's SYN-ACK (1410); down: container-2's SYN, container-1's SYN-ACK
        assertThat(synMss).containsExactly(1460, 1410, 1410, 1460);
        assertThat(dataLengths).contains(1398).allMatch(l -> l <= 1398);
    }
}
