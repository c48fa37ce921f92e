package dev.overlaysim.protocols.dissect;

import java.util.List;

/**
 * One header field of a captured frame, as {@link Dissector#fields} finds it: its name
 * ({@code inner.ip.ttl}: the prefix says which encapsulation level), where it lies, the value as a
 * person reads it, its bytes, and what it is on the wire.
 *
 * @param role     what the field is, for a reader that treats some fields specially (the twin masks
 *                 those Linux chooses nondeterministically)
 * @param checksum for a checksum field, whether it verifies and what it covers; else null
 * @param payload  bytes no header describes (data, padding, what could not be parsed)
 */
public record WireField(String name, int offset, int length, String value, byte[] raw, Role role,
                        Checksum checksum, boolean payload) {

    /** Fields whose value is not a function of the rest of the frame. */
    public enum Role {
        /** Any field not listed below. */
        PLAIN,
        /** IPv4 identification: the sender picks it (Linux: ip_select_ident, per socket or per destination). */
        IP_ID,
        /** The outer UDP source port of a VXLAN frame: a hash of the inner flow (udp_flow_src_port). */
        TUNNEL_SOURCE_PORT,
        /** The first 16 data bytes of an echo request or reply: ping's struct timeval. */
        ECHO_TIMESTAMP,
        /** Bytes after the outermost datagram: Ethernet padding to the 60-byte minimum. */
        PADDING,
        /**
         * A TCP sequence number, acknowledgment number or SACK edge: an offset from an initial
         * sequence number each side draws per connection (secure_tcp_seq).
         */
        TCP_SEQUENCE,
        /** A TCP timestamp (TSval, TSecr): milliseconds plus an offset drawn per connection (secure_tcp_ts_off). */
        TCP_TIMESTAMP
    }

    /**
     * A checksum field's verdict on this frame.
     *
     * @param verifiable false when part of what the sum covers is not in the frame (an ICMP error's
     *                   quote, the first fragment of a datagram): {@code valid} then says nothing
     * @param covers     byte ranges {offset, length} of the frame the sum runs over (the pseudo-header's
     *                   addresses aside; for an unverifiable sum, the part that is present)
     */
    public record Checksum(boolean verifiable, boolean valid, String detail, List<int[]> covers) {
        /** A sum over bytes that are all here: {@code valid} is the verdict. */
        public static Checksum verified(boolean valid, String detail, int offset, int length) {
            return new Checksum(true, valid, detail, List.<int[]>of(new int[] {offset, length}));
        }

        /** A sum over a message only partly here. */
        public static Checksum unverifiable(String detail, int offset, int length) {
            return new Checksum(false, false, detail, List.<int[]>of(new int[] {offset, length}));
        }

        /** True when the sum could be checked and does not hold. */
        public boolean fails() { return verifiable && !valid; }
    }
}
