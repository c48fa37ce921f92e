package dev.overlaysim.scenarios.report;

import dev.overlaysim.protocols.dissect.Dissector;
import dev.overlaysim.protocols.pcap.LinkType;
import dev.overlaysim.scenarios.model.BackendSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The bytes of a packet at one hop, for {@code --trace full}: a dissection (one line per layer) and
 * a hex dump. A hop holds either an Ethernet frame or, past the link layer, a bare IPv4 packet;
 * which one is read from the bytes (an IPv4 header whose total length is the whole buffer).
 */
final class HopBytes {
    private static final int BYTES_PER_LINE = 16;

    private final Dissector dissector;

    /** Dissects the backend's own port too, when a scenario moved VXLAN or flannel's UDP off the default. */
    HopBytes(BackendSpec backend) {
        int[] vxlan = Dissector.DEFAULT_VXLAN_PORTS;
        int[] ipInUdp = Dissector.DEFAULT_IP_IN_UDP_PORTS;
        if (backend instanceof BackendSpec.Vxlan v) vxlan = plus(vxlan, v.port());
        if (backend instanceof BackendSpec.Udp u) ipInUdp = plus(ipInUdp, u.port());
        this.dissector = new Dissector(vxlan, ipInUdp);
    }

    List<String> lines(byte[] bytes) {
        List<String> out = new ArrayList<>(layers(bytes));
        out.addAll(hex(bytes));
        return out;
    }

    /** The dissection, one line per layer. */
    List<String> layers(byte[] bytes) {
        return dissector.layers(bytes, 0, bytes.length, linkType(bytes));
    }

    /** The hex dump: offset, then 16 bytes a line. */
    static List<String> hex(byte[] bytes) {
        List<String> out = new ArrayList<>();
        for (int off = 0; off < bytes.length; off += BYTES_PER_LINE) {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%04x ", off));
            for (int i = off; i < Math.min(bytes.length, off + BYTES_PER_LINE); i++) {
                sb.append(i - off == BYTES_PER_LINE / 2 ? "  " : " ").append(String.format(Locale.ROOT, "%02x", bytes[i] & 0xFF));
            }
            out.add(sb.toString());
        }
        return out;
    }

    static LinkType linkType(byte[] b) {
        boolean ipv4 = b.length >= 20 && (b[0] & 0xF0) == 0x40 && (((b[2] & 0xFF) << 8) | (b[3] & 0xFF)) == b.length;
        return ipv4 ? LinkType.RAW : LinkType.ETHERNET;
    }

    private static int[] plus(int[] ports, int port) {
        for (int p : ports) if (p == port) return ports;
        int[] out = java.util.Arrays.copyOf(ports, ports.length + 1);
        out[ports.length] = port;
        return out;
    }
}
