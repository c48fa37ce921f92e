package dev.overlaysim.linux.device;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.linux.stack.UdpSocket;
import dev.overlaysim.linux.table.Fdb;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.MacAddress;
import dev.overlaysim.protocols.buffer.PacketBuffer;
import dev.overlaysim.protocols.codec.Bytes;
import dev.overlaysim.protocols.codec.EthernetHeader;
import dev.overlaysim.protocols.codec.Ipv4Header;
import dev.overlaysim.protocols.codec.MalformedPacketException;
import dev.overlaysim.protocols.codec.VxlanEncapsulation;
import dev.overlaysim.protocols.codec.VxlanHeader;
import dev.overlaysim.trace.Cost;
import dev.overlaysim.trace.DropReason;
import dev.overlaysim.trace.HopAction;

/**
 * A VXLAN tunnel endpoint (drivers/net/vxlan): {@code ip link add flannel.1 type vxlan id 1 local
 * 10.168.0.2 dev eth0 dstport 8472 nolearning}. A frame sent through it is looked up by
 * destination MAC in the device's own FDB, which names the remote VTEP's IP; the driver pushes
 * VXLAN, UDP and IPv4 headers into the frame's headroom — no copy — and routes the result out of
 * the underlay device. On the way in, the UDP socket on {@code dstport} hands VXLAN payloads here;
 * the checks are the kernel's: the I flag, the VNI, and a source MAC that is not our own.
 */
public final class VxlanDevice extends NetDevice implements UdpSocket.EncapHandler {
    private final int vni;
    private final int local;
    private final NetDevice underlay;
    private final int dstPort;
    private boolean learning;
    private final Fdb fdb = new Fdb(this, true);
    private final VxlanEncapsulation encap = new VxlanEncapsulation();
    private final VxlanHeader vxlan = new VxlanHeader();
    private UdpSocket socket;
    /** Reused for every lookup: frames pass one at a time, and the forwarding path allocates nothing. */
    private final Fdb.Hit hit = new Fdb.Hit();

    public VxlanDevice(NetNamespace ns, String name, long mac, int mtu, int vni, int local, NetDevice underlay, int dstPort, boolean learning) {
        super(ns, name, mac, mtu);
        this.vni = vni;
        this.local = local;
        this.underlay = underlay;
        this.dstPort = dstPort;
        this.learning = learning;
    }

    @Override public String kind() { return "vxlan"; }

    /** vxlan_xmit_one()/vxlan_rcv() count the inner packet without its Ethernet header. */
    @Override protected int countedBytes(Skb skb) { return Math.max(0, skb.buf.length() - EthernetHeader.LENGTH); }

    public int vni() { return vni; }
    public int local() { return local; }
    public NetDevice underlay() { return underlay; }
    public int dstPort() { return dstPort; }
    public boolean learning() { return learning; }
    public Fdb fdb() { return fdb; }

    /** Opening the device binds the UDP socket on dstport (vxlan_open → vxlan_sock_add). */
    @Override public void setUp(boolean up) {
        if (up && socket == null) {
            socket = ns.stack().udpBindEncap(0, dstPort, this);
        } else if (!up && socket != null) {
            ns.stack().udpClose(socket);
            socket = null;
        }
        super.setUp(up);
    }

    /** vxlan_xmit(): FDB lookup by destination MAC, then encapsulation and an underlay route. */
    @Override protected void xmit(Skb skb) {
        PacketBuffer b = skb.buf;
        byte[] a = b.array();
        long dstMac = Bytes.u48(a, b.offset());
        long now = ns.now();
        Fdb.Hit e = hit;
        // A miss falls back to the all-zeros default destination, if there is one.
        if (!fdb.find(dstMac, now, e) && !fdb.find(0, now, e)) {
            ns.tracer().drop(skb, this, DropReason.FDB_MISS, "no entry for " + MacAddress.toString(dstMac));
            return;
        }
        if (ns.tracing(skb.ctx)) ns.tracer().hop(skb, this, HopAction.VXLAN_FDB, e.format(true));
        int innerTos = (b.length() >= EthernetHeader.LENGTH + 2
                && Bytes.u16(a, b.offset() + EthernetHeader.TYPE_OFFSET) == EthernetHeader.TYPE_IPV4)
                ? a[b.offset() + EthernetHeader.LENGTH + Ipv4Header.TOS_OFFSET] & 0x03 : 0; // only ECN is inherited
        int srcPort = VxlanEncapsulation.sourcePort(VxlanEncapsulation.flowHash(a, b.offset(), b.length()));
        encap.encapsulate(b, local, e.dst(), ns.stack().nextIpIdPublic(), innerTos, 64, srcPort, dstPort, vni);
        ns.charge(skb, ns.costs().encapNanos());
        skb.ctx.add(Cost.ENCAPSULATIONS, 1);
        if (ns.tracing(skb.ctx)) ns.tracer().hop(skb, this, HopAction.ENCAPSULATED, "VXLAN VNI " + vni + ", UDP "
                + Ipv4Address.toString(local) + ":" + srcPort + " → " + Ipv4Address.toString(e.dst()) + ":" + dstPort);
        ns.stack().localOut(skb, underlay);
    }

    /** vxlan_rcv(): the buffer starts at the VXLAN header; outer IP and UDP are already checked and pulled. */
    @Override public void encapReceive(Skb skb, int outerSrc, int outerDst, int udpSrcPort) {
        PacketBuffer b = skb.buf;
        try {
            vxlan.decode(b.array(), b.offset(), b.length());
        } catch (MalformedPacketException ex) {
            ns.tracer().drop(skb, this, DropReason.MALFORMED, ex.getMessage());
            return;
        }
        if (!vxlan.flagsValid()) {
            ns.tracer().drop(skb, this, DropReason.VXLAN_BAD_FLAGS, String.format("flags 0x%02x", vxlan.flags()));
            return;
        }
        if (vxlan.vni() != vni) {
            ns.tracer().drop(skb, this, DropReason.VXLAN_UNKNOWN_VNI, "VNI " + vxlan.vni() + " (this device has " + vni + ")");
            return;
        }
        if (b.length() < VxlanHeader.LENGTH + EthernetHeader.LENGTH) {
            ns.tracer().drop(skb, this, DropReason.MALFORMED, "VXLAN payload shorter than an Ethernet header");
            return;
        }
        b.pull(VxlanHeader.LENGTH);
        // The inner frame's checksum has not been checked by anyone here (the outer UDP checksum is 0):
        // CHECKSUM_NONE, so the inner UDP's is verified in software on its way up.
        skb.csumUnnecessary = false;
        long innerSrc = Bytes.u48(b.array(), b.offset() + 6);
        if (innerSrc == mac) {
            ns.tracer().drop(skb, this, DropReason.VXLAN_OWN_MAC, MacAddress.toString(innerSrc));
            return;
        }
        if (learning) fdb.learn(innerSrc, this, outerSrc, ns.now());
        ns.charge(skb, ns.costs().decapNanos());
        skb.ctx.add(Cost.DECAPSULATIONS, 1);
        if (ns.tracing(skb.ctx)) ns.tracer().hop(skb, this, HopAction.DECAPSULATED, "VXLAN VNI " + vni + " from "
                + Ipv4Address.toString(outerSrc) + ":" + udpSrcPort);
        receive(skb);
    }
}
