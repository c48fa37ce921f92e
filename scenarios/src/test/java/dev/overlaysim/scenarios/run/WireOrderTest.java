package dev.overlaysim.scenarios.run;

import dev.overlaysim.linux.Tracer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A link is a FIFO per direction with serialization time: the fragments of one datagram, queued
 * together, arrive in the order they were queued, one serialization time apart.
 */
class WireOrderTest {
    static final String YAML = """
            name: wire-order
            seed: 1
            network: {cidr: 10.1.0.0/16, backend: {type: host-gw}}
            underlay:
              segments:
                - {name: lan, cidr: 10.168.0.0/24, gateway: 10.168.0.1, bandwidth: 10Mbit, latency: 50us}
            nodes:
              - {name: node1, ip: 10.168.0.2, subnet: 10.1.15.0/24, containers: [{name: container-1, ip: 10.1.15.2}]}
              - {name: node2, ip: 10.168.0.3, subnet: 10.1.16.0/24, containers: [{name: container-2, ip: 10.1.16.3}]}
            traffic:
              - ping: {name: big, from: container-1, to: container-2, size: 4000, count: 2, start: 1s}
            """;

    @Test
    void fragmentsArriveInTheOrderTheyWereSentOneSerializationTimeApart() {
        ScenarioResult r = Scenario.fromYaml(YAML).run(RunOptions.DEFAULT.withCapture(true));
        assertThat(r.flow("big").delivered()).isEqualTo(2);
        Tracer.Capture rx = r.captures().stream().filter(c -> c.name().equals("node2-eth0")).findFirst().orElseThrow();
        List<long[]> requestFragments = new ArrayList<>(); // {time, fragment offset, frame length}
        for (Tracer.Frame f : rx.frames()) {
            byte[] b = f.bytes();
            if ((b[12] & 0xff) != 0x08 || b[13] != 0x00) continue; // IPv4 only
            int src = ((b[26] & 0xff) << 24) | ((b[27] & 0xff) << 16) | ((b[28] & 0xff) << 8) | (b[29] & 0xff);
            if (src != 0x0a010f02) continue; // from container-1: the echo requests
            int offset = (((b[20] & 0x1f) << 8) | (b[21] & 0xff)) * 8;
            requestFragments.add(new long[] {f.time(), offset, b.length});
        }
        // 4000 bytes of ICMP data + 8 of header = 4008: fragments of 1480, 1480 and 1048 payload bytes.
        assertThat(requestFragments).hasSize(6);
        for (int ping = 0; ping < 2; ping++) {
            List<long[]> frags = requestFragments.subList(3 * ping, 3 * ping + 3);
            assertThat(frags).extracting(x -> x[1]).containsExactly(0L, 1480L, 2960L);
            // Each frame follows the one before it by its own serialization time at 10 Mbit/s.
            for (int i = 1; i < 3; i++) {
                long serialization = frags.get(i)[2] * 8 * 1_000_000_000L / 10_000_000L;
                assertThat(frags.get(i)[0] - frags.get(i - 1)[0]).as("fragment %d of ping %d", i, ping).isEqualTo(serialization);
            }
        }
    }
}
