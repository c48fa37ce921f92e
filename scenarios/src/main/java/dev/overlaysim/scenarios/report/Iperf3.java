package dev.overlaysim.scenarios.report;

import java.util.Locale;

/**
 * iperf3's words for a TCP stream: its summary table, printed as iperf3 prints it (iperf_locale.c's
 * {@code report_bw_header} and {@code report_bw_format}, units by units.c's {@code unit_snprintf}).
 */
final class Iperf3 {
    /**
     * The stream's ID column: iperf3 prints the data socket's file descriptor, which is 5 in a test
     * with one stream (0–2 are stdio, 3 the listening socket, 4 the control connection).
     */
    static final int STREAM_ID = 5;

    /** {@code report_bw_header}, without the Retr column, which belongs to the sender's line. */
    static final String HEADER = "[ ID] Interval           Transfer     Bitrate";

    private Iperf3() {}

    /**
     * The receiver's summary line, {@code [  5]   0.00-1.00   sec  11.2 MBytes  94.0 Mbits/sec                  receiver}:
     * {@code bytes} read over {@code nanos} from the start (a span of 0 prints a bitrate of 0).
     */
    static String receiverLine(long bytes, long nanos) {
        double seconds = nanos / 1e9;
        double bytesPerSecond = nanos == 0 ? 0 : bytes / seconds;
        return String.format(Locale.ROOT, "[%3d] %6.2f-%-6.2f sec  %ss  %ss/sec                  %s", STREAM_ID, 0.0, seconds,
                bytes(bytes), bits(bytesPerSecond), "receiver");
    }

    /** unit_snprintf's adaptive bytes ('A'): binary steps of 1024, {@code 9.54 MByte}. */
    static String bytes(double bytes) {
        String[] units = {"Byte", "KByte", "MByte", "GByte", "TByte"};
        int conv = 0;
        while (bytes >= 1024.0 && conv < units.length - 1) {
            bytes /= 1024.0;
            conv++;
        }
        return fourPlaces(bytes) + " " + units[conv];
    }

    /** unit_snprintf's adaptive bits ('a'): bytes × 8 in decimal steps of 1000, {@code 94.0 Mbit}. */
    static String bits(double bytes) {
        String[] units = {"bit", "Kbit", "Mbit", "Gbit", "Tbit"};
        double bits = bytes * 8;
        int conv = 0;
        while (bits >= 1000.0 && conv < units.length - 1) {
            bits /= 1000.0;
            conv++;
        }
        return fourPlaces(bits) + " " + units[conv];
    }

    /** unit_snprintf's default precision: always four places ({@code 9.54}, {@code 94.0}, {@code  100}). */
    private static String fourPlaces(double n) {
        String format = n < 9.995 ? "%4.2f" : n < 99.95 ? "%4.1f" : "%4.0f";
        return String.format(Locale.ROOT, format, n);
    }
}
