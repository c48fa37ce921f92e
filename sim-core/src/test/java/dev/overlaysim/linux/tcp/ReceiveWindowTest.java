package dev.overlaysim.linux.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The windows Linux 6.18 put in the segments of two captured connections (two namespaces over a
 * veth, {@code tcp_rmem = 4096 131072 6291456}, a client sending 5000 and 3000 bytes; the pcaps are
 * the protocols module's test resources {@code kernel/tcp-handshake-mtu1500.pcap} and
 * {@code -mtu1450.pcap}), recomputed from the kernel's rules.
 */
class ReceiveWindowTest {

    /** A received segment's skb: the model's truesize rule for an IP packet of {@code ipLength} bytes after its Ethernet header. */
    private static int truesize(int ipLength) {
        int data = ipLength + 14 + 64 + 320;
        return Integer.highestOneBit(data - 1) * 2 + 256;
    }

    @Test
    void theSynAndSynAckOfferWhatTheKernelsDid() {
        ReceiveWindow.Initial syn1500 = ReceiveWindow.forSyn(1460);
        assertThat(syn1500.rcvWnd()).isEqualTo(64240);
        assertThat(syn1500.wscale()).isEqualTo(7);
        ReceiveWindow.Initial synAck1500 = ReceiveWindow.forSynAck(1460, true, true);
        assertThat(synAck1500.rcvWnd()).isEqualTo(65160);
        assertThat(synAck1500.wscale()).isEqualTo(7);
        assertThat(ReceiveWindow.forSyn(1410).rcvWnd()).isEqualTo(64860);
        assertThat(ReceiveWindow.forSynAck(1410, true, true).rcvWnd()).isEqualTo(64308);
        // without timestamps the SYN-ACK's multiple is the whole MSS; without scaling the shift is 0
        assertThat(ReceiveWindow.forSynAck(1460, false, false)).isEqualTo(new ReceiveWindow.Initial(64240, 0, 65535));
        // this machine's own tcp_rmem[2] (33554432) would ask for scale 10
        assertThat(ReceiveWindow.select(65536, 1460, true, 33_554_432, 4_194_304).wscale()).isEqualTo(10);
    }

    @Test
    void theHandshakesLastAckAdvertisesTheSynsWindowRoundedUpToTheScale() {
        assertThat(ReceiveWindow.field(64240, 65536, 7)).isEqualTo(502);
        assertThat(ReceiveWindow.field(64860, 65536, 7)).isEqualTo(507);
        assertThat(ReceiveWindow.field(64240, 65536, 0)).isEqualTo(64240);
    }

    @Test
    void theReceiversAcksGrowTheWindowByTwoSegmentsEach() {
        check(65160, 1448, new int[] {1448, 1448, 1448, 656}, new int[] {532, 555, 577, 600});
        check(64308, 1398, new int[] {1398, 1398, 204}, new int[] {525, 547, 568});
    }

    private static void check(int rcvWnd, int advmss, int[] segments, int[] windows) {
        int ssthresh = rcvWnd;
        int ratio = ReceiveWindow.DEFAULT_SCALING_RATIO;
        int clamp = ReceiveWindow.winFromSpace(ReceiveWindow.TCP_RMEM_DEFAULT, ratio);
        int rcvMss = 536; // tcp_initialize_rcv_mss(): at most TCP_MSS_DEFAULT until a segment is measured
        for (int i = 0; i < segments.length; i++) {
            int len = segments[i];
            int ts = truesize(len + 52);
            // tcp_measure_rcv_mss(): a full-sized segment of a new size re-measures the ratio, and the
            // clamp follows it (tcp_set_window_clamp); smaller ones change neither
            if (len >= rcvMss) {
                if (len != rcvMss) {
                    ratio = ReceiveWindow.scalingRatio(len, ts);
                    clamp = ReceiveWindow.winFromSpace(ReceiveWindow.TCP_RMEM_DEFAULT, ratio);
                }
                rcvMss = Math.min(len, advmss);
            }
            ssthresh = ReceiveWindow.grow(ssthresh, clamp, advmss, rcvMss, len, ts, ratio);
            assertThat(ReceiveWindow.field(ssthresh, 1 << 20, 7)).as("ACK of segment " + (i + 1)).isEqualTo(windows[i]);
        }
        assertThat(ratio).as("measured on the first full segment").isEqualTo(ReceiveWindow.scalingRatio(advmss, truesize(advmss + 52)));
    }

    @Test
    void theThresholdStopsAtTheClamp() {
        assertThat(ReceiveWindow.grow(65000, 65536, 1448, 1448, 1448, 2304, 160)).isEqualTo(65536);
        assertThat(ReceiveWindow.grow(65536, 65536, 1448, 1448, 1448, 2304, 160)).isEqualTo(65536);
    }
}
