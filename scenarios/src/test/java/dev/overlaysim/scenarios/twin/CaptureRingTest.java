package dev.overlaysim.scenarios.twin;

import dev.overlaysim.linux.Host;
import dev.overlaysim.linux.World;
import dev.overlaysim.linux.device.Bridge;
import dev.overlaysim.linux.device.TunDevice;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The capture ring the twin gives tcpdump, and how it tells a capture that lost frames (needs no
 * root; TwinTest checks the ring on a real TUN).
 */
class CaptureRingTest {
    private static final World WORLD = new World(1);
    private static final Host NODE = WORLD.addHost("node1");
    private static final TunDevice TUN = new TunDevice(NODE.root(), "flannel0", 1472);
    private static final Bridge DOCKER0 = new Bridge(NODE.root(), "docker0", 0x0242_0a01_0f01L, 1500);

    /** A TUN's ring slots are as big as the snapshot: it is the TUN MTU (plus headroom), not -s 0's 262144 bytes (8 slots). */
    @Test
    void aTunIsCapturedWithASnapshotOfItsMtuNotOf256KiB() {
        assertThat(Twin.l3Mtu(WORLD)).isEqualTo(1472);
        assertThat(Twin.ringOptions(TUN, 1472, 24)).containsExactly("-s", Integer.toString(1472 + Twin.L3_SNAPLEN_HEADROOM), "-B", "2048");
        List<String> cmd = Twin.tcpdumpCommand("osim-1-node1", TUN, 1472, 24, Path.of("/tmp/x.pcap"));
        assertThat(cmd).doesNotContain("0").containsSubsequence("tcpdump", "-i", "flannel0", "-s", "1728", "-B", "2048",
                "-U", "--immediate-mode", "-w", "/tmp/x.pcap");
    }

    /** libpcap sizes an Ethernet device's slots by its MTU itself (offloads are off): no -s, so nothing is ever cut. */
    @Test
    void anEthernetDeviceKeepsLibpcapsSnapshotAndGetsTheDefaultRing() {
        assertThat(Twin.ringOptions(DOCKER0, 1472, 28)).containsExactly("-B", "2048");
    }

    /** The ring holds twice the frames the simulation put on the interface, however long tcpdump waits for a CPU. */
    @Test
    void theRingGrowsWithTheFramesTheInterfaceCarries() {
        // 10000 frames: 20064 slots of 1728 + 256 bytes
        assertThat(Twin.ringOptions(TUN, 1472, 10_000)).containsExactly("-s", "1728", "-B", Long.toString((20_064L * 1984 + 1023) / 1024));
        assertThat(Twin.ringOptions(DOCKER0, 1472, 10_000)).containsExactly("-B", Long.toString((20_064L * (1518 + 256) + 1023) / 1024));
        assertThat(Twin.ringOptions(TUN, 1472, 10_000_000)).containsExactly("-s", "1728", "-B", Long.toString(Twin.MAX_RING_KIB));
    }

    @Test
    void tcpdumpsDropsAreReadFromItsExitStatistics() {
        assertThat(Twin.droppedByKernel("""
                tcpdump: listening on flannel0, link-type RAW (Raw IP), snapshot length 262144 bytes
                23 packets captured
                24 packets received by filter
                1 packet dropped by kernel
                """)).isEqualTo(1);
        assertThat(Twin.droppedByKernel("28 packets captured\n28 packets received by filter\n0 packets dropped by kernel\n")).isZero();
        assertThat(Twin.droppedByKernel("tcpdump: listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n")).isEqualTo(-1);
    }

    @Test
    void anIncompleteCaptureIsAnInternalErrorNotADifference() {
        assertThatThrownBy(() -> { throw Twin.captureIncomplete(List.of("node1-flannel0: tcpdump reports 1 packet dropped by kernel")); })
                .isInstanceOfSatisfying(TwinException.class, e -> assertThat(e.kind()).isEqualTo(TwinException.Kind.INTERNAL))
                .hasMessageContaining("the kernel's capture is incomplete, so it is not compared: node1-flannel0: tcpdump reports 1 packet dropped by kernel");
    }
}
