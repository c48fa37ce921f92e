package dev.overlaysim.linux;

/**
 * The UDP and TCP counters of one namespace's MIB, as {@code nstat -az} and {@code netstat -su} print
 * them (net/ipv4/udp.c's UDP_MIB_*, tcp_ipv4.c's TCP_MIB_*). Only what the model does is counted.
 */
public final class Snmp {
    /** Segments received, the bad ones included (TcpInSegs). */
    public long tcpInSegs;
    /** Segments received with a bad header or checksum (TcpInErrs). */
    public long tcpInErrs;
    /** Segments received with a bad checksum (TcpInCsumErrors). */
    public long tcpInCsumErrors;
    /** Segments sent (TcpOutSegs). */
    public long tcpOutSegs;
    /** Resets sent (TcpOutRsts). */
    public long tcpOutRsts;
    /** Datagrams queued on a socket (UdpInDatagrams). */
    public long udpInDatagrams;
    /** Datagrams for a port nobody listens on (UdpNoPorts). */
    public long udpNoPorts;
    /** Datagrams that could not be delivered for another reason, a full receive buffer among them (UdpInErrors). */
    public long udpInErrors;
    /** Datagrams refused because the socket's receive buffer was full (UdpRcvbufErrors). */
    public long udpRcvbufErrors;
    /** Datagrams sent (UdpOutDatagrams). */
    public long udpOutDatagrams;

    /**
     * {@code nstat -az}'s UDP lines, in the kernel's order (net/ipv4/proc.c snmp4_udp_list): name,
     * absolute value, and the rate column (0: no interval). The other MIBs (Ip, Icmp, Tcp, TcpExt)
     * are not printed: the model does not count them.
     */
    public String nstatUdp() {
        StringBuilder sb = new StringBuilder("#kernel\n");
        line(sb, "UdpInDatagrams", udpInDatagrams);
        line(sb, "UdpNoPorts", udpNoPorts);
        line(sb, "UdpInErrors", udpInErrors);
        line(sb, "UdpOutDatagrams", udpOutDatagrams);
        line(sb, "UdpRcvbufErrors", udpRcvbufErrors);
        line(sb, "UdpSndbufErrors", 0);
        line(sb, "UdpInCsumErrors", 0);
        line(sb, "UdpIgnoredMulti", 0);
        line(sb, "UdpMemErrors", 0);
        return sb.toString();
    }

    private static void line(StringBuilder sb, String name, long value) {
        // iproute2's nstat: "%-32s%-16llu%6.1f\n"
        sb.append(String.format(java.util.Locale.ROOT, "%-32s%-16d%6.1f%n", name, value, 0.0).replace(System.lineSeparator(), "\n"));
    }
}
