package dev.overlaysim.scenarios.twin;

import dev.overlaysim.protocols.dissect.Dissector;
import dev.overlaysim.protocols.dissect.FieldDissection;
import dev.overlaysim.protocols.dissect.WireField;
import dev.overlaysim.protocols.pcap.LinkType;

import java.util.ArrayList;
import java.util.List;

/**
 * The twin's view of a captured frame: the fields {@link Dissector#fields} finds, each with the
 * mask the comparison applies (Linux chooses the field nondeterministically, or the two sides'
 * devices differ) and, for a checksum over a masked field, the mark that it is verified on each
 * side instead of compared. The dissection itself is the protocols module's; this class only says
 * what the twin does not compare, and why.
 */
public final class FrameFields {
    /** Why a field is not compared byte for byte. */
    public enum Mask {
        NONE(""),
        IP_ID("IPv4 identification: the kernel picks it per socket or per destination (ip_select_ident), "
                + "so it differs from run to run"),
        VXLAN_SOURCE_PORT("VXLAN outer UDP source port: a hash of the inner flow seeded at boot "
                + "(udp_flow_src_port); checked to lie in 32768-60999 on both sides instead"),
        PING_TIMESTAMP("ping's timestamp: the first 16 data bytes of an echo request/reply hold the "
                + "sender's struct timeval (gettimeofday)"),
        TCP_SEQUENCE("TCP sequence and acknowledgment numbers and SACK edges: offsets from an initial sequence "
                + "number each side draws per connection (secure_tcp_seq), so they differ from run to run"),
        TCP_TIMESTAMP("TCP timestamps (TSval, TSecr): a millisecond clock plus an offset drawn per connection "
                + "(secure_tcp_ts_off)"),
        CHECKSUM_OVER_MASKED("a checksum over a masked field: recomputed and verified on each side instead of compared"),
        UNDERLAY_PADDING("Ethernet padding to 60 bytes: the simulated eth0 is a physical NIC (received short frames "
                + "arrive padded), the twin's eth0 is a veth (no padding); padding bytes must be zero on both sides");

        private final String why;

        Mask(String why) { this.why = why; }

        public String why() { return why; }
    }

    /** One field: its name ({@code inner.ip.ttl}), where it lies in the frame, its shown value and how it is compared. */
    public record Field(String name, int offset, int length, String value, byte[] raw, Mask mask,
                        WireField.Checksum checksum, boolean payload) {
        public boolean masked() { return mask != Mask.NONE; }
    }

    /** A dissected frame: its fields in wire order, a one-line summary, and whether it is an ARP frame. */
    /**
     * @param stream for a TCP segment (the innermost transport of the frame), its connection and
     *               direction ({@code tcp 10.1.15.2:43744 > 10.1.16.2:5201}); empty for anything else
     */
    public record Dissected(List<Field> fields, String summary, boolean arp, int length, String stream) {}

    private final Dissector dissector;

    /**
     * @param vxlanPort      UDP port of the scenario's VXLAN devices (0: none)
     * @param flannelUdpPort UDP port of flanneld's UDP backend (0: none)
     */
    public FrameFields(int vxlanPort, int flannelUdpPort) {
        this.dissector = new Dissector(ports(vxlanPort), ports(flannelUdpPort));
    }

    private static int[] ports(int port) {
        return port == 0 ? new int[0] : new int[] {port};
    }

    public Dissected dissect(byte[] frame, boolean ethernet) {
        FieldDissection d = dissector.fields(frame, ethernet ? LinkType.ETHERNET : LinkType.RAW);
        List<Field> fields = new ArrayList<>(d.fields().size());
        for (WireField w : d.fields()) {
            fields.add(new Field(w.name(), w.offset(), w.length(), w.value(), w.raw(), mask(w.role()), w.checksum(), w.payload()));
        }
        verifyChecksumsOverMasked(fields);
        return new Dissected(List.copyOf(fields), d.summary(), d.arp(), d.length(), stream(fields));
    }

    /** The innermost TCP segment's addresses and ports, one direction of one connection; empty when the frame carries none. */
    private static String stream(List<Field> fields) {
        String src = null, dst = null, sport = null, dport = null;
        for (Field f : fields) {
            String n = f.name();
            if (n.endsWith("ip.src")) src = f.value();
            else if (n.endsWith("ip.dst")) dst = f.value();
            else if (n.endsWith("tcp.srcport")) sport = f.value();
            else if (n.endsWith("tcp.dstport")) dport = f.value();
        }
        return sport == null || dport == null ? "" : "tcp " + src + ":" + sport + " > " + dst + ":" + dport;
    }

    private static Mask mask(WireField.Role role) {
        return switch (role) {
            case PLAIN -> Mask.NONE;
            case IP_ID -> Mask.IP_ID;
            case TUNNEL_SOURCE_PORT -> Mask.VXLAN_SOURCE_PORT;
            case ECHO_TIMESTAMP -> Mask.PING_TIMESTAMP;
            case PADDING -> Mask.UNDERLAY_PADDING;
            case TCP_SEQUENCE -> Mask.TCP_SEQUENCE;
            case TCP_TIMESTAMP -> Mask.TCP_TIMESTAMP;
        };
    }

    /** A checksum over a masked field (padding aside, which no checksum covers) is verified on each side, not compared. */
    private static void verifyChecksumsOverMasked(List<Field> fields) {
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            if (f.checksum() == null) continue;
            boolean coversMasked = false;
            for (Field m : fields) {
                if (!m.masked() || m.mask() == Mask.UNDERLAY_PADDING) continue;
                for (int[] r : f.checksum().covers()) {
                    if (m.offset() < r[0] + r[1] && r[0] < m.offset() + m.length()) coversMasked = true;
                }
            }
            if (coversMasked) {
                fields.set(i, new Field(f.name(), f.offset(), f.length(), f.value(), f.raw(), Mask.CHECKSUM_OVER_MASKED,
                        f.checksum(), false));
            }
        }
    }
}
