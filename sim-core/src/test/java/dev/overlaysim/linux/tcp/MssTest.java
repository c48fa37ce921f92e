package dev.overlaysim.linux.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The segment sizes of the kernel captures in the protocols module's {@code kernel/} test resources. */
class MssTest {

    @Test
    void aSynAnnouncesTheMtuLessFortyAndSegmentsCarryTwelveBytesLessWithTimestamps() {
        assertThat(Mss.advertised(1500)).isEqualTo(1460);
        assertThat(Mss.advertised(1450)).isEqualTo(1410);
        assertThat(Mss.send(1500, 1460, true)).isEqualTo(1448);
        assertThat(Mss.send(1450, 1410, true)).isEqualTo(1398);
        assertThat(Mss.send(1500, 1460, false)).isEqualTo(1460);
    }

    @Test
    void aFragNeededLowersTheSegmentsNotTheAnnouncement() {
        // tcp-pmtu-frag-needed.pcap: both SYNs said 1460; after "need to frag (mtu 1450)" the client sends 1398
        assertThat(Mss.send(1450, 1460, true)).isEqualTo(1398);
        // the peer's MSS bounds the segment even on a larger path
        assertThat(Mss.send(9000, 1410, true)).isEqualTo(1398);
    }

    @Test
    void withoutAnMssOptionThePeerIsTakenToAccept536AndNothingGoesBelowTheFloors() {
        assertThat(Mss.send(1500, 0, false)).isEqualTo(536);
        assertThat(Mss.send(68, 1460, false)).isEqualTo(Mss.MIN_SND);
        assertThat(Mss.advertised(68)).isEqualTo(Mss.MIN_ADV);
        assertThat(Mss.advertised(70_000)).isEqualTo(65_495);
        // a path MTU locked at min_pmtu 552 (PmtuCache) leaves 500 bytes with timestamps
        assertThat(Mss.send(552, 1460, true)).isEqualTo(500);
    }
}
