package dev.overlaysim.protocols.testing;

import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.MacAddress;
import dev.overlaysim.protocols.buffer.PacketBuffer;
import dev.overlaysim.protocols.codec.ArpPacket;
import dev.overlaysim.protocols.codec.EthernetHeader;
import dev.overlaysim.protocols.codec.IcmpMessage;
import dev.overlaysim.protocols.codec.Ipv4Header;
import dev.overlaysim.protocols.codec.TcpHeader;
import dev.overlaysim.protocols.codec.UdpHeader;
import dev.overlaysim.protocols.codec.VxlanEncapsulation;
import dev.overlaysim.protocols.codec.VxlanHeader;

/**
 * One frame of every kind the simulator puts on a wire, built the production way: payload first,
 * then headers pushed into the headroom of a {@link PacketBuffer} and written with the flyweights.
 * The lab is the seed's two flannel nodes:
 * <pre>
 *  node1 eth0 10.168.0.2 42:01:0a:a8:00:02   flannel.1 5e:f8:4f:00:0f:00   cni0 10.1.15.1 0a:58:0a:01:0f:01
 *  node2 eth0 10.168.0.3 42:01:0a:a8:00:03   flannel.1 5e:f8:4f:00:e3:37
 *  container A 10.1.15.2 02:42:0a:01:0f:02 (node1)     container B 10.1.16.3 (node2)
 * </pre>
 * The eth0 MACs are our choice (GCE style: 42:01 then the IPv4 address); the capture did not show them.
 */
public final class Frames {
    private Frames() {}

    public static final long NODE1_ETH0_MAC = MacAddress.parse("42:01:0a:a8:00:02").value();
    public static final long NODE2_ETH0_MAC = MacAddress.parse("42:01:0a:a8:00:03").value();
    public static final long NODE1_VTEP_MAC = MacAddress.parse("5e:f8:4f:00:0f:00").value();
    public static final long NODE2_VTEP_MAC = MacAddress.parse("5e:f8:4f:00:e3:37").value();
    public static final long CNI0_MAC = MacAddress.parse("0a:58:0a:01:0f:01").value();
    public static final long CONTAINER_A_MAC = MacAddress.parse("02:42:0a:01:0f:02").value();

    public static final int NODE1_IP = Ipv4Address.parseInt("10.168.0.2");
    public static final int NODE2_IP = Ipv4Address.parseInt("10.168.0.3");
    public static final int CNI0_IP = Ipv4Address.parseInt("10.1.15.1");
    public static final int CONTAINER_A_IP = Ipv4Address.parseInt("10.1.15.2");
    public static final int CONTAINER_B_IP = Ipv4Address.parseInt("10.1.16.3");

    /**
     * A TCP segment from container A to B built with {@link TcpHeader}: a SYN with Linux's options
     * ({@code syn}), or 1000 bytes of data acknowledging with one SACK block.
     */
    public static byte[] tcp(boolean syn) {
        PacketBuffer b = PacketBuffer.allocate();
        int data = syn ? 0 : 1000;
        int at = b.put(data);
        for (int i = 0; i < data; i++) b.array()[at + i] = (byte) i;
        int opts = syn ? TcpHeader.optionsSize(1410, true, true, 7, 0) : TcpHeader.optionsSize(0, false, true, -1, 1);
        int off = b.push(TcpHeader.MIN_LENGTH + opts);
        TcpHeader t = new TcpHeader().wrap(b.array(), off).set(40000, 5201, 0x1234_5678, syn ? 0 : 0x0abc_def0,
                TcpHeader.MIN_LENGTH + opts, syn ? TcpHeader.SYN : TcpHeader.ACK | TcpHeader.PSH, syn ? 64860 : 507);
        TcpHeader.writeOptions(b.array(), off + TcpHeader.MIN_LENGTH, syn ? 1410 : 0, syn, true, 1000, syn ? 0 : 2000,
                syn ? 7 : -1, new int[] {0x0abc_def0 + 3000, 0x0abc_def0 + 4000}, syn ? 0 : 1);
        t.updateChecksum(CONTAINER_A_IP, CONTAINER_B_IP, b.length());
        int ipOff = b.push(Ipv4Header.MIN_LENGTH);
        new Ipv4Header().wrap(b.array(), ipOff)
                .set(0, b.length(), 0x2223, Ipv4Header.FLAG_DF, 64, Ipv4Header.PROTO_TCP, CONTAINER_A_IP, CONTAINER_B_IP);
        return withEthernet(b, CNI0_MAC, CONTAINER_A_MAC, EthernetHeader.TYPE_IPV4).toByteArray();
    }

    public static final int PING_ID = 0x0d3c;
    public static final int PING_IP_ID = 0x1c46;
    public static final int OUTER_IP_ID = 0x3c5e;
    /** iputils ping's timestamp: struct timeval, 8-byte tv_sec then 8-byte tv_usec, little-endian (x86-64). */
    public static final long PING_TV_SEC = 1_700_000_000L;
    public static final long PING_TV_USEC = 123_456L;

    /** iputils' default 56-byte payload: a 16-byte timeval, then 0x10, 0x11, ... 0x37. */
    public static byte[] pingPayload() {
        byte[] p = new byte[56];
        for (int i = 0; i < 8; i++) {
            p[i] = (byte) (PING_TV_SEC >>> (8 * i));
            p[8 + i] = (byte) (PING_TV_USEC >>> (8 * i));
        }
        for (int i = 16; i < 56; i++) {
            p[i] = (byte) i; // 0x10 .. 0x37
        }
        return p;
    }

    /** An IPv4 ICMP echo (84 bytes: 20 + 8 + 56) in a fresh buffer, starting at the IP header. */
    public static PacketBuffer echoIp(int type, int src, int dst, int ttl, int seq) {
        PacketBuffer b = PacketBuffer.allocate();
        byte[] payload = pingPayload();
        int at = b.put(payload.length);
        System.arraycopy(payload, 0, b.array(), at, payload.length);
        int icmpOff = b.push(IcmpMessage.HEADER_LENGTH);
        new IcmpMessage().wrap(b.array(), icmpOff, b.length()).setEcho(type, PING_ID, seq);
        int ipOff = b.push(Ipv4Header.MIN_LENGTH);
        new Ipv4Header().wrap(b.array(), ipOff)
                .set(0, b.length(), PING_IP_ID, Ipv4Header.FLAG_DF, ttl, Ipv4Header.PROTO_ICMP, src, dst);
        b.networkHeader(ipOff);
        b.transportHeader(icmpOff);
        return b;
    }

    private static PacketBuffer withEthernet(PacketBuffer b, long dst, long src, int type) {
        int off = b.push(EthernetHeader.LENGTH);
        new EthernetHeader().wrap(b.array(), off).set(dst, src, type);
        return b;
    }

    /** The inner frame of the capture: 5e:f8:4f:00:0f:00 → 5e:f8:4f:00:e3:37, 10.1.15.2 → 10.1.16.3, TTL 63, seq 1 (98 bytes). */
    public static PacketBuffer innerPingFrame() {
        return withEthernet(echoIp(IcmpMessage.TYPE_ECHO_REQUEST, CONTAINER_A_IP, CONTAINER_B_IP, 63, 1),
                NODE2_VTEP_MAC, NODE1_VTEP_MAC, EthernetHeader.TYPE_IPV4);
    }

    /** The real-capture frame: the inner ping frame in VXLAN (VNI 1, port 8472) between node1 and node2 eth0 (148 bytes). */
    public static PacketBuffer vxlanPing() {
        PacketBuffer b = innerPingFrame();
        int srcPort = VxlanEncapsulation.sourcePort(VxlanEncapsulation.flowHash(b.array(), b.offset(), b.length()));
        new VxlanEncapsulation().encapsulate(b, NODE1_IP, NODE2_IP, OUTER_IP_ID, 0, 64,
                srcPort, VxlanHeader.LINUX_DEFAULT_PORT, 1);
        return withEthernet(b, NODE2_ETH0_MAC, NODE1_ETH0_MAC, EthernetHeader.TYPE_IPV4);
    }

    public static byte[] arpRequest() {
        PacketBuffer b = PacketBuffer.allocate();
        int at = b.put(ArpPacket.LENGTH);
        new ArpPacket().wrap(b.array(), at).set(ArpPacket.OP_REQUEST, CONTAINER_A_MAC, CONTAINER_A_IP, 0, CNI0_IP);
        return withEthernet(b, MacAddress.MASK, CONTAINER_A_MAC, EthernetHeader.TYPE_ARP).toByteArray();
    }

    public static byte[] arpReply() {
        PacketBuffer b = PacketBuffer.allocate();
        int at = b.put(ArpPacket.LENGTH);
        new ArpPacket().wrap(b.array(), at).set(ArpPacket.OP_REPLY, CNI0_MAC, CNI0_IP, CONTAINER_A_MAC, CONTAINER_A_IP);
        return withEthernet(b, CONTAINER_A_MAC, CNI0_MAC, EthernetHeader.TYPE_ARP).toByteArray();
    }

    /** Container A's echo request on its veth (TTL 64). */
    public static byte[] echoRequest() {
        return withEthernet(echoIp(IcmpMessage.TYPE_ECHO_REQUEST, CONTAINER_A_IP, CONTAINER_B_IP, 64, 1),
                CNI0_MAC, CONTAINER_A_MAC, EthernetHeader.TYPE_IPV4).toByteArray();
    }

    /** The reply as container A receives it (TTL 62: decremented by both nodes' forwarding). */
    public static byte[] echoReply() {
        return withEthernet(echoIp(IcmpMessage.TYPE_ECHO_REPLY, CONTAINER_B_IP, CONTAINER_A_IP, 62, 1),
                CONTAINER_A_MAC, CNI0_MAC, EthernetHeader.TYPE_IPV4).toByteArray();
    }

    /** A 1500-byte DF UDP datagram from container A (only its first 28 bytes matter to quotes). */
    public static PacketBuffer bigUdp() {
        PacketBuffer b = PacketBuffer.allocate();
        int at = b.put(1472);
        for (int i = 0; i < 1472; i++) b.array()[at + i] = (byte) (i * 7);
        int udpOff = b.push(UdpHeader.LENGTH);
        UdpHeader udp = new UdpHeader().wrap(b.array(), udpOff).set(40000, 5001, 1480);
        udp.updateChecksum(CONTAINER_A_IP, CONTAINER_B_IP);
        int ipOff = b.push(Ipv4Header.MIN_LENGTH);
        new Ipv4Header().wrap(b.array(), ipOff)
                .set(0, 1500, 0x4d2f, Ipv4Header.FLAG_DF, 64, Ipv4Header.PROTO_UDP, CONTAINER_A_IP, CONTAINER_B_IP);
        return b;
    }

    /**
     * An ICMP error from cni0's address (10.1.15.1) to container A quoting {@code offending} (which
     * starts at its IP header): its header plus 8 bytes. TOS 0xc0 as Linux's icmp_send() sets it.
     */
    public static byte[] icmpError(int type, int code, int nextHopMtu, PacketBuffer offending) {
        Ipv4Header off = new Ipv4Header().decode(offending.array(), offending.offset(), offending.length());
        int quote = IcmpMessage.quoteLength(off.headerLength(), off.totalLength());
        PacketBuffer b = PacketBuffer.allocate();
        int at = b.put(quote);
        System.arraycopy(offending.array(), offending.offset(), b.array(), at, quote);
        int icmpOff = b.push(IcmpMessage.HEADER_LENGTH);
        new IcmpMessage().wrap(b.array(), icmpOff, b.length()).setError(type, code, nextHopMtu);
        int ipOff = b.push(Ipv4Header.MIN_LENGTH);
        new Ipv4Header().wrap(b.array(), ipOff)
                .set(0xc0, b.length(), 0x7a01, 0, 64, Ipv4Header.PROTO_ICMP, CNI0_IP, CONTAINER_A_IP);
        return withEthernet(b, CONTAINER_A_MAC, CNI0_MAC, EthernetHeader.TYPE_IPV4).toByteArray();
    }

    /** Fragmentation needed (type 3 code 4, next-hop MTU 1450) for {@link #bigUdp()}: 70 bytes. */
    public static byte[] fragNeeded() {
        return icmpError(IcmpMessage.TYPE_DEST_UNREACHABLE, IcmpMessage.CODE_FRAG_NEEDED, 1450, bigUdp());
    }

    /** Time exceeded in transit for an echo request whose TTL ran out: 70 bytes. */
    public static byte[] timeExceeded() {
        return icmpError(IcmpMessage.TYPE_TIME_EXCEEDED, IcmpMessage.CODE_TTL_EXCEEDED, 0,
                echoIp(IcmpMessage.TYPE_ECHO_REQUEST, CONTAINER_A_IP, CONTAINER_B_IP, 1, 7));
    }

    /** A UDP datagram from container A, with or without ("none", zero) a checksum. */
    public static byte[] udp(byte[] payload, boolean checksum) {
        PacketBuffer b = PacketBuffer.allocate();
        int at = b.put(payload.length);
        System.arraycopy(payload, 0, b.array(), at, payload.length);
        int udpOff = b.push(UdpHeader.LENGTH);
        UdpHeader udp = new UdpHeader().wrap(b.array(), udpOff).set(40000, 5001, b.length());
        if (checksum) udp.updateChecksum(CONTAINER_A_IP, CONTAINER_B_IP);
        int ipOff = b.push(Ipv4Header.MIN_LENGTH);
        new Ipv4Header().wrap(b.array(), ipOff)
                .set(0, b.length(), 0x2222, Ipv4Header.FLAG_DF, 64, Ipv4Header.PROTO_UDP, CONTAINER_A_IP, CONTAINER_B_IP);
        return withEthernet(b, CNI0_MAC, CONTAINER_A_MAC, EthernetHeader.TYPE_IPV4).toByteArray();
    }

    public static byte[] udpWithChecksum() {
        return udp("hello overlaysim\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), true);
    }

    public static byte[] udpZeroChecksum() {
        return udp(new byte[] {1, 2, 3, 4}, false);
    }

    /** flannel's UDP backend on eth0: the container's IPv4 packet (TTL 63) in UDP 8285, DF set: 126 bytes. */
    public static byte[] flannelUdpPing() {
        PacketBuffer b = echoIp(IcmpMessage.TYPE_ECHO_REQUEST, CONTAINER_A_IP, CONTAINER_B_IP, 63, 1);
        int udpOff = b.push(UdpHeader.LENGTH);
        new UdpHeader().wrap(b.array(), udpOff).set(8285, 8285, b.length()).updateChecksum(NODE1_IP, NODE2_IP);
        int ipOff = b.push(Ipv4Header.MIN_LENGTH);
        new Ipv4Header().wrap(b.array(), ipOff)
                .set(0, b.length(), 0x5001, Ipv4Header.FLAG_DF, 64, Ipv4Header.PROTO_UDP, NODE1_IP, NODE2_IP);
        return withEthernet(b, NODE2_ETH0_MAC, NODE1_ETH0_MAC, EthernetHeader.TYPE_IPV4).toByteArray();
    }

    /** What flannel0 (a TUN, LinkType.RAW) reads: the bare IPv4 echo request, TTL 63 (84 bytes). */
    public static byte[] tunPing() {
        return echoIp(IcmpMessage.TYPE_ECHO_REQUEST, CONTAINER_A_IP, CONTAINER_B_IP, 63, 1).toByteArray();
    }
}
