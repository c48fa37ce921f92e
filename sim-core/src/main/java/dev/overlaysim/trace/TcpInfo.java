package dev.overlaysim.trace;

/**
 * What {@code ss -ti} says of a TCP connection (struct tcp_info), taken from the sending side when
 * the connection ends or the run does: the round-trip estimate and its variation in microseconds,
 * the retransmission timeout in milliseconds, the congestion window and slow-start threshold in
 * segments (ssthresh {@code Integer.MAX_VALUE} until the first loss, which ss does not print), the
 * MSS and path MTU, and the segments retransmitted in all.
 *
 * @param state the socket's state as ss names it ({@code ESTAB}, {@code FIN-WAIT-2}, {@code SYN-SENT}, ...)
 */
public record TcpInfo(String congestion, long rttMicros, long rttVarMicros, long rtoMillis, int cwnd, int ssthresh,
                      int mss, int pmtu, long totalRetrans, long bytesSent, long bytesAcked, long bytesReceived, String state) {

    /** The line {@code ss -ti} prints under the socket (the fields it shows, in its order). */
    public String ssLine() {
        StringBuilder b = new StringBuilder();
        b.append(congestion).append(" rto:").append(rtoMillis);
        if (rttMicros > 0) b.append(" rtt:").append(millis(rttMicros)).append('/').append(millis(rttVarMicros));
        b.append(" mss:").append(mss).append(" pmtu:").append(pmtu).append(" cwnd:").append(cwnd);
        if (ssthresh != Integer.MAX_VALUE) b.append(" ssthresh:").append(ssthresh);
        b.append(" bytes_sent:").append(bytesSent).append(" bytes_acked:").append(bytesAcked)
                .append(" bytes_received:").append(bytesReceived);
        if (totalRetrans > 0) b.append(" retrans:0/").append(totalRetrans);
        return b.toString();
    }

    /** ss prints times in milliseconds with three decimals: {@code rtt:0.079/0.039}. */
    private static String millis(long micros) {
        return String.format(java.util.Locale.ROOT, "%d.%03d", micros / 1000, micros % 1000);
    }
}
