package dev.overlaysim.linux.tcp;

/**
 * The receive side's window arithmetic of Linux 6.x TCP, for one socket: what a SYN and a SYN-ACK
 * offer ({@code tcp_select_initial_window()}), the window every later segment advertises
 * ({@code __tcp_select_window()}: the receive slow-start threshold, rounded up to the window
 * scale), and how that threshold grows as data arrives ({@code tcp_grow_window()}).
 *
 * <p>Checked against the kernel: on Linux 6.18 with {@code tcp_rmem = 4096 131072 6291456}, a SYN
 * over MTU 1500 offers 64240 (44 × 1460, from the 65536 bytes half of the 131072-byte buffer
 * holds), the SYN-ACK 65160 (45 × 1448: the MSS less the 12 bytes of timestamps), both scale 7;
 * the ACK that ends the handshake says 502 (64256 ÷ 128), and the receiver's ACKs of 1448-byte
 * segments say 532, 555, 577, 600. Over MTU 1450: 64860, 64308, 507, then 525, 547, 568.
 */
public final class ReceiveWindow {
    /** TCP_RMEM_TO_WIN_SCALE: scaling_ratio is a fraction of 256. */
    static final int RMEM_TO_WIN_SCALE = 8;
    /** TCP_DEFAULT_SCALING_RATIO: half of a receive buffer is taken to hold data until skbs have been measured. */
    public static final int DEFAULT_SCALING_RATIO = 1 << (RMEM_TO_WIN_SCALE - 1);
    /** The largest window the 16-bit field can carry unscaled. */
    static final int U16_MAX = 0xFFFF;

    /** net.ipv4.tcp_rmem's defaults: min, default (sk_rcvbuf of a new socket), max. */
    public static final int TCP_RMEM_MIN = 4096;
    public static final int TCP_RMEM_DEFAULT = 131_072;
    public static final int TCP_RMEM_MAX = 6_291_456;
    /** net.core.rmem_max's default. */
    public static final int RMEM_MAX = 212_992;

    private ReceiveWindow() {}

    /** tcp_win_from_space(): the bytes of data a buffer of {@code space} holds at {@code scalingRatio}/256. */
    public static int winFromSpace(int space, int scalingRatio) {
        return (int) (((long) space * scalingRatio) >> RMEM_TO_WIN_SCALE);
    }

    /**
     * What tcp_select_initial_window() chooses.
     *
     * @param rcvWnd      the window the SYN or SYN-ACK carries (unscaled: SYNs are never scaled)
     * @param wscale      the shift this side asks the peer to apply to its windows
     * @param windowClamp the most this side will ever advertise
     */
    public record Initial(int rcvWnd, int wscale, int windowClamp) {}

    /**
     * tcp_select_initial_window(): the space the buffer offers, cut to a multiple of {@code mss},
     * at most 65535 unscaled; the scale is the one that lets the largest buffer the socket may
     * grow to ({@code tcp_rmem[2]} or {@code rmem_max}) be advertised.
     *
     * @param space     tcp_full_space(): what the receive buffer holds in data
     * @param mss       the MSS the window is a multiple of (for a SYN-ACK with timestamps: less 12)
     * @param wscaleOk  whether window scaling is on (the peer's SYN offered it, for a SYN-ACK)
     */
    public static Initial select(int space, int mss, boolean wscaleOk, int tcpRmemMax, int rmemMax) {
        long windowClamp = (long) U16_MAX << 14;
        long s = Math.min(windowClamp, Math.max(0, space));
        if (s > mss) s = s / mss * mss;
        int rcvWnd = (int) Math.min(s, U16_MAX);
        int wscale = 0;
        if (wscaleOk) {
            long big = Math.max(s, Math.max(tcpRmemMax, rmemMax));
            big = Math.min(big, windowClamp);
            wscale = Math.max(0, Math.min(63 - Long.numberOfLeadingZeros(big) - 15, 14));
        }
        windowClamp = Math.min((long) U16_MAX << wscale, windowClamp);
        return new Initial(rcvWnd, wscale, (int) windowClamp);
    }

    /** The SYN's offer: tcp_connect_init() with the default buffer, {@code advmss} from the route (MTU − 40). */
    public static Initial forSyn(int advmss) {
        return select(winFromSpace(TCP_RMEM_DEFAULT, DEFAULT_SCALING_RATIO), advmss, true, TCP_RMEM_MAX, RMEM_MAX);
    }

    /**
     * The SYN-ACK's offer: tcp_openreq_init_rwin(), whose multiple is the MSS less the aligned
     * timestamp option when the SYN asked for timestamps, scaled only if the SYN offered scaling.
     */
    public static Initial forSynAck(int advmss, boolean timestamps, boolean wscaleOk) {
        int mss = advmss - (timestamps ? dev.overlaysim.protocols.codec.TcpHeader.TSTAMP_ALIGNED : 0);
        return select(winFromSpace(TCP_RMEM_DEFAULT, DEFAULT_SCALING_RATIO), mss, wscaleOk, TCP_RMEM_MAX, RMEM_MAX);
    }

    /**
     * The window field of a segment after the handshake (__tcp_select_window() while the buffer
     * has room): the receive threshold, rounded up to a multiple of the scale, then shifted.
     */
    public static int field(int rcvSsthresh, int freeSpace, int wscale) {
        int window = Math.min(rcvSsthresh, freeSpace);
        if (wscale > 0) {
            int unit = 1 << wscale;
            window = (window + unit - 1) & -unit;
        }
        return Math.min(window >>> wscale, U16_MAX);
    }

    /**
     * tcp_grow_window() for one in-order data segment of {@code len} bytes with {@code truesize}:
     * the receive threshold rises by twice the MSS (or twice the segment, if larger), up to the
     * clamp, when segments with such overhead will fit the buffer as it may grow; returns the new
     * threshold.
     *
     * @param rcvMss the receiver's estimate of the peer's MSS (icsk_ack.rcv_mss)
     */
    public static int grow(int rcvSsthresh, int windowClamp, int advmss, int rcvMss, int len, int truesize, int scalingRatio) {
        int room = windowClamp - rcvSsthresh;
        if (room <= 0) return rcvSsthresh;
        int incr;
        if (winFromSpace(truesize, scalingRatio) <= len) {
            incr = 2 * advmss;
        } else {
            // __tcp_grow_window(): would a buffer that holds such skbs at half the overhead, as the
            // socket's may grow to tcp_rmem[2], fit the threshold? Then it may rise, else not.
            int t = winFromSpace(truesize, scalingRatio) >> 1;
            int window = winFromSpace(TCP_RMEM_MAX, scalingRatio) >> 1;
            incr = 0;
            while (rcvSsthresh <= window) {
                if (t <= len) {
                    incr = 2 * rcvMss;
                    break;
                }
                t >>= 1;
                window >>= 1;
            }
        }
        if (incr == 0) return rcvSsthresh;
        incr = Math.max(incr, 2 * len);
        return rcvSsthresh + Math.min(room, incr);
    }

    /** tcp_measure_rcv_mss()'s scaling_ratio: how much of a segment's truesize is data, in 256ths (at least 1). */
    public static int scalingRatio(int len, int truesize) {
        return Math.max(1, Math.min(255, (int) (((long) len << RMEM_TO_WIN_SCALE) / truesize)));
    }
}
