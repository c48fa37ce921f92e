package dev.overlaysim.linux.tcp;

import dev.overlaysim.protocols.codec.Ipv4Header;
import dev.overlaysim.protocols.codec.TcpHeader;

/**
 * The two segment sizes of a Linux TCP socket: the MSS it announces in its SYN or SYN-ACK
 * ({@code dst_metric_advmss()}: the route's device or path MTU less 40, or a route's {@code advmss})
 * and the data it puts in one segment ({@code tcp_sync_mss()}: the path MTU less the IPv4 and TCP
 * headers, no more than the peer announced, less the options every segment carries).
 *
 * <p>Checked against the kernel: MTU 1500 announces 1460 and sends 1448 a segment (12 bytes of
 * timestamps), MTU 1450 announces 1410 and sends 1398; a client on MTU 1500 whose router reports
 * {@code need to frag (mtu 1450)} resends at once in 1398-byte segments (tcp_v4_mtu_reduced →
 * tcp_sync_mss), the {@code tcp-pmtu-frag-needed.pcap} capture.
 */
public final class Mss {
    /** TCP_MSS_DEFAULT: what a peer that sent no MSS option is taken to accept (RFC 9293 3.7.1). */
    public static final int DEFAULT = 536;
    /** net.ipv4.tcp_min_snd_mss: the smallest segment a sender cuts, whatever the peer says. */
    public static final int MIN_SND = 48;
    /** net.ipv4.route.min_adv_mss: the smallest MSS a SYN announces. */
    public static final int MIN_ADV = 256;
    /** IPv4 and TCP headers without options. */
    static final int HEADERS = Ipv4Header.MIN_LENGTH + TcpHeader.MIN_LENGTH;

    private Mss() {}

    /** ipv4_default_advmss(): what a SYN over a route of MTU {@code mtu} announces (at most 65535 − 40). */
    public static int advertised(int mtu) {
        return Math.min(Math.max(mtu - HEADERS, MIN_ADV), 0xFFFF - HEADERS);
    }

    /**
     * tcp_sync_mss() → tcp_mtu_to_mss(): data bytes per segment for path MTU {@code pmtu}, given
     * the MSS the peer announced ({@code peerMss}, 0 when its SYN had none) and whether timestamps
     * were agreed (then every segment carries 12 bytes of options).
     */
    public static int send(int pmtu, int peerMss, boolean timestamps) {
        int clamp = peerMss == 0 ? DEFAULT : peerMss;
        int mss = Math.min(pmtu - HEADERS, clamp);
        mss = Math.max(mss, MIN_SND);
        return mss - (timestamps ? TcpHeader.TSTAMP_ALIGNED : 0);
    }
}
