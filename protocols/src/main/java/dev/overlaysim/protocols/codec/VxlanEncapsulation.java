package dev.overlaysim.protocols.codec;

import static dev.overlaysim.protocols.codec.Bytes.*;

import dev.overlaysim.protocols.buffer.PacketBuffer;

/**
 * What the kernel's VXLAN device does to a frame on the wire (IPv4 underlay): pushes
 * IPv4 + UDP + VXLAN (36 bytes) in front of an inner Ethernet frame, or pulls them off.
 * <pre>
 *  outer Ethernet (14, pushed later by the stack)
 *  | outer IPv4 (20) | UDP (8) | VXLAN (8) | inner Ethernet frame ...
 *  ^ networkHeader   ^ transportHeader
 * </pre>
 * Neither direction moves the inner frame: {@link PacketBuffer#push} and {@link PacketBuffer#pull}
 * only move the start offset, so the array and the payload bytes stay where they are.
 *
 * <p>One instance per device: it holds its own flyweights and allocates nothing per call (on the
 * success path; an exception is thrown only for malformed input). Not thread-safe, like everything
 * in the single-threaded engine.
 */
public final class VxlanEncapsulation {
    /** IPv4 (no options) + UDP + VXLAN: what {@link #encapsulate} pushes and {@link #decapsulate} pulls. */
    public static final int HEADERS_LENGTH = Ipv4Header.MIN_LENGTH + UdpHeader.LENGTH + VxlanHeader.LENGTH;

    /**
     * Linux's default ephemeral port range ({@code net.ipv4.ip_local_port_range = 32768 60999}), which
     * the VXLAN driver uses for the outer source port when {@code srcport} is not configured.
     */
    public static final int DEFAULT_SOURCE_PORT_LOW = 32768;
    public static final int DEFAULT_SOURCE_PORT_HIGH = 60999;

    private final Ipv4Header ip = new Ipv4Header();
    private final UdpHeader udp = new UdpHeader();
    private final VxlanHeader vxlan = new VxlanHeader();

    /**
     * Pushes VXLAN, UDP and IPv4 headers in front of {@code innerFrame} (which starts at the inner
     * Ethernet header). The outer IPv4 header has no options, DF clear, protocol 17 and a computed
     * checksum; the UDP checksum is computed over the pseudo-header as Linux does ({@code udpcsum},
     * the default): never zero on the wire. Sets the buffer's network and transport header marks.
     *
     * @return the new start offset of the buffer (the outer IPv4 header)
     * @throws IllegalArgumentException when a field does not fit its width or the packet would exceed 65535 bytes
     * @throws IllegalStateException when the buffer lacks 36 bytes of headroom
     */
    public int encapsulate(PacketBuffer innerFrame, int srcIp, int dstIp, int ipId, int tos, int ttl,
                           int srcPort, int dstPort, int vni) {
        checkField("IPv4 identification", ipId, 0xFFFF);
        checkField("IPv4 TOS", tos, 0xFF);
        checkField("IPv4 TTL", ttl, 0xFF);
        checkField("UDP source port", srcPort, 0xFFFF);
        checkField("UDP destination port", dstPort, 0xFFFF);
        checkField("VXLAN VNI", vni, 0xFF_FFFF);
        int innerLength = innerFrame.length();
        if (innerLength > 0xFFFF - HEADERS_LENGTH) {
            throw new IllegalArgumentException("inner frame of " + innerLength + " bytes does not fit an IPv4 packet with "
                    + HEADERS_LENGTH + " bytes of headers (at most " + (0xFFFF - HEADERS_LENGTH) + ")");
        }
        if (innerFrame.headroom() < HEADERS_LENGTH) {
            throw new IllegalStateException("VXLAN encapsulation needs " + HEADERS_LENGTH + " bytes of headroom, the buffer has "
                    + innerFrame.headroom());
        }
        byte[] a = innerFrame.array();

        int vxlanOffset = innerFrame.push(VxlanHeader.LENGTH);
        vxlan.wrap(a, vxlanOffset).set(vni);

        int udpOffset = innerFrame.push(UdpHeader.LENGTH);
        int udpLength = UdpHeader.LENGTH + VxlanHeader.LENGTH + innerLength;
        udp.wrap(a, udpOffset).set(srcPort, dstPort, udpLength).updateChecksum(srcIp, dstIp);

        int ipOffset = innerFrame.push(Ipv4Header.MIN_LENGTH);
        ip.wrap(a, ipOffset).set(tos, Ipv4Header.MIN_LENGTH + udpLength, ipId, 0, ttl, Ipv4Header.PROTO_UDP, srcIp, dstIp);

        innerFrame.networkHeader(ipOffset);
        innerFrame.transportHeader(udpOffset);
        return ipOffset;
    }

    /**
     * Checks and pulls the outer IPv4, UDP and VXLAN headers off a packet that starts at the outer
     * IPv4 header, leaving the buffer at the inner Ethernet header. Bytes after the UDP datagram
     * (link padding) are trimmed, as {@code ip_rcv} and {@code udp_rcv} trim to the lengths in the
     * headers. Sets the network/transport header marks to the outer headers.
     *
     * <p>Structural problems throw; policy is the caller's: after this returns, {@link #lastFlagsValid()},
     * {@link #lastIpChecksumValid()}, {@link #lastUdpChecksumValid()} and the flyweights
     * {@link #outerIp()}, {@link #outerUdp()}, {@link #vxlan()} describe the headers just pulled (the
     * bytes are still in the array, in the headroom, until the buffer is reused).
     *
     * @return the VNI (24 bits) from the VXLAN header, whether or not the I flag is set
     * @throws MalformedPacketException for a bad IPv4 header (version, IHL, lengths), a protocol other
     *         than UDP, a fragment, a UDP length outside the IPv4 payload, fewer than 8 bytes of VXLAN
     *         header or fewer than 14 bytes of inner Ethernet frame
     */
    public int decapsulate(PacketBuffer packet) {
        byte[] a = packet.array();
        int ipOffset = packet.offset();
        ip.decode(a, ipOffset, packet.length());
        if (ip.protocol() != Ipv4Header.PROTO_UDP) {
            throw new MalformedPacketException(ipOffset + 9, "IPv4 protocol", String.valueOf(ip.protocol()), "17 (UDP)");
        }
        if (ip.isFragment()) {
            throw new MalformedPacketException(ipOffset + 6, "IPv4 fragment",
                    String.format("flags/offset 0x%04x", ip.flagsAndOffset()), "a whole datagram (reassemble first)");
        }
        int udpOffset = ip.payloadOffset();
        udp.decode(a, udpOffset, ip.payloadLength());
        int vxlanOffset = udp.payloadOffset();
        vxlan.decode(a, vxlanOffset, udp.payloadLength());
        int innerLength = udp.payloadLength() - VxlanHeader.LENGTH;
        if (innerLength < EthernetHeader.LENGTH) {
            throw new MalformedPacketException(vxlanOffset + VxlanHeader.LENGTH, "VXLAN inner frame length",
                    innerLength + " bytes", EthernetHeader.LENGTH + "+ bytes (an Ethernet header)");
        }
        packet.pull(vxlanOffset + VxlanHeader.LENGTH - ipOffset);
        packet.trim(innerLength);
        packet.networkHeader(ipOffset);
        packet.transportHeader(udpOffset);
        return vxlan.vni();
    }

    /** For the last decapsulated packet: the I flag is set and every reserved bit is zero (Linux's receive check). */
    public boolean lastFlagsValid() { return vxlan.flagsValid(); }

    /** For the last decapsulated packet: the outer IPv4 header checksum verifies. */
    public boolean lastIpChecksumValid() { return ip.checksumValid(); }

    /** For the last decapsulated packet: the UDP checksum is zero ("none") or verifies. Reads the whole datagram. */
    public boolean lastUdpChecksumValid() { return udp.checksumValid(ip.src(), ip.dst()); }

    /** The outer IPv4 header of the last packet handled (read only: the flyweight is reused by the next call). */
    public Ipv4Header outerIp() { return ip; }
    /** The UDP header of the last packet handled (read only). */
    public UdpHeader outerUdp() { return udp; }
    /** The VXLAN header of the last packet handled (read only). */
    public VxlanHeader vxlan() { return vxlan; }

    /**
     * Maps a flow hash into a source port as the kernel's {@code udp_flow_src_port()} does:
     * <pre>
     *   hash ^= hash &lt;&lt; 16;                        // "obfuscate" before it goes on the wire
     *   port = ((u64) hash * (high - low)) &gt;&gt; 32) + low;
     * </pre>
     * The result is in {@code [low, high)}: like the kernel, {@code high} itself is never chosen
     * (unless {@code low == high}). As in the kernel, {@code low >= high} means "use the default
     * range" {@value #DEFAULT_SOURCE_PORT_LOW}..{@value #DEFAULT_SOURCE_PORT_HIGH}.
     */
    public static int sourcePort(int flowHash, int low, int high) {
        checkField("source port low", low, 0xFFFF);
        checkField("source port high", high, 0xFFFF);
        if (low >= high) {
            low = DEFAULT_SOURCE_PORT_LOW;
            high = DEFAULT_SOURCE_PORT_HIGH;
        }
        int hash = flowHash ^ (flowHash << 16);
        return (int) (((hash & 0xFFFF_FFFFL) * (high - low)) >>> 32) + low;
    }

    /** {@link #sourcePort(int, int, int)} over the default range 32768..60999. */
    public static int sourcePort(int flowHash) {
        return sourcePort(flowHash, DEFAULT_SOURCE_PORT_LOW, DEFAULT_SOURCE_PORT_HIGH);
    }

    /**
     * A deterministic hash of the flow an inner Ethernet frame belongs to, shaped like the kernel's
     * {@code skb_get_hash()} as {@code udp_flow_src_port()} uses it:
     * <ul>
     *   <li>IPv4: the source and destination addresses and the protocol, plus the ports for an
     *       unfragmented UDP or TCP packet. Like {@code __flow_hash_consistentify()}, the two
     *       directions of a flow hash alike (the lower address/port goes first).</li>
     *   <li>Anything else (ARP, IPv6, a truncated IPv4 header): the destination and source MACs and
     *       the EtherType, as the kernel's fallback {@code jhash(skb->data, 2 * ETH_ALEN, skb->protocol)}.</li>
     * </ul>
     * Linux keys this hash (siphash) with a secret chosen at boot, so real source ports differ from
     * boot to boot and from ours: only the range is comparable with a capture, never the port itself.
     * Ours is FNV-1a over the key words with a murmur3 finaliser: stable across runs and JVMs.
     *
     * @throws MalformedPacketException when the range lies outside the array (never for short frames:
     *         whatever is present is hashed)
     */
    public static int flowHash(byte[] a, int innerEthOffset, int len) {
        MalformedPacketException.requireRange(a, innerEthOffset, len);
        int o = innerEthOffset;
        if (len >= EthernetHeader.LENGTH && u16(a, o + EthernetHeader.TYPE_OFFSET) == EthernetHeader.TYPE_IPV4
                && len >= EthernetHeader.LENGTH + Ipv4Header.MIN_LENGTH) {
            int ipo = o + EthernetHeader.LENGTH;
            int ipAvailable = len - EthernetHeader.LENGTH;
            int vihl = u8(a, ipo);
            int ihl = (vihl & 0x0F) * 4;
            if ((vihl >>> 4) == 4 && ihl >= Ipv4Header.MIN_LENGTH && ihl <= ipAvailable) {
                int src = i32(a, ipo + Ipv4Header.SRC_OFFSET);
                int dst = i32(a, ipo + Ipv4Header.DST_OFFSET);
                int protocol = u8(a, ipo + Ipv4Header.PROTOCOL_OFFSET);
                boolean fragment = (u16(a, ipo + Ipv4Header.FLAGS_OFFSET) & (Ipv4Header.FLAG_MF | Ipv4Header.OFFSET_MASK)) != 0;
                int srcPort = 0;
                int dstPort = 0;
                if (!fragment && (protocol == Ipv4Header.PROTO_UDP || protocol == Ipv4Header.PROTO_TCP)
                        && ihl + 4 <= ipAvailable) {
                    srcPort = u16(a, ipo + ihl);
                    dstPort = u16(a, ipo + ihl + 2);
                }
                // __flow_hash_consistentify: order the endpoints so both directions hash alike.
                if (Integer.compareUnsigned(dst, src) < 0 || (dst == src && dstPort < srcPort)) {
                    int t = src; src = dst; dst = t;
                    t = srcPort; srcPort = dstPort; dstPort = t;
                }
                int h = FNV_OFFSET;
                h = fnv32(h, src);
                h = fnv32(h, dst);
                h = fnv32(h, (srcPort << 16) | dstPort);
                h = fnv32(h, protocol);
                return fmix32(h);
            }
        }
        int h = FNV_OFFSET ^ 0x5A5A_5A5A;
        int n = Math.min(len, EthernetHeader.LENGTH);
        for (int i = 0; i < n; i++) {
            h = (h ^ (a[o + i] & 0xFF)) * FNV_PRIME;
        }
        return fmix32(h);
    }

    private static final int FNV_OFFSET = 0x811C_9DC5;
    private static final int FNV_PRIME = 0x0100_0193;

    private static int fnv32(int h, int word) {
        h = (h ^ (word >>> 24)) * FNV_PRIME;
        h = (h ^ ((word >>> 16) & 0xFF)) * FNV_PRIME;
        h = (h ^ ((word >>> 8) & 0xFF)) * FNV_PRIME;
        return (h ^ (word & 0xFF)) * FNV_PRIME;
    }

    /** MurmurHash3's 32-bit finaliser: spreads FNV's weak high bits, which the port mapping uses. */
    private static int fmix32(int h) {
        h ^= h >>> 16;
        h *= 0x85EB_CA6B;
        h ^= h >>> 13;
        h *= 0xC2B2_AE35;
        h ^= h >>> 16;
        return h;
    }

    private static void checkField(String field, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(field + " " + value + " out of range 0.." + max);
        }
    }
}
