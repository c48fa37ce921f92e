/**
 * The pure algorithms of a Linux TCP sender, without I/O and without the rest of the simulator:
 * congestion control as {@code struct tcp_congestion_ops} (Reno from net/ipv4/tcp_cong.c, CUBIC
 * with HyStart from net/ipv4/tcp_cubic.c of Linux 6.x), the shared window fields and growth
 * primitives of {@code struct tcp_sock}, and the RTT estimator and retransmission timeout of
 * net/ipv4/tcp_input.c and tcp_timer.c; and the receiver's window rules of tcp_output.c and
 * tcp_input.c ({@link ReceiveWindow}). Time comes in as nanoseconds of simulated time and is turned
 * into jiffies or microseconds where the kernel uses those; nothing allocates per ACK.
 */
package dev.overlaysim.linux.tcp;
