package dev.overlaysim.linux.stack;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.linux.device.NetDevice;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.MacAddress;
import dev.overlaysim.protocols.buffer.PacketBuffer;
import dev.overlaysim.protocols.codec.ArpPacket;
import dev.overlaysim.protocols.codec.EthernetHeader;
import dev.overlaysim.protocols.codec.MalformedPacketException;
import dev.overlaysim.trace.DropReason;
import dev.overlaysim.trace.HopAction;
import dev.overlaysim.trace.PacketContext;

/**
 * ARP (net/ipv4/arp.c): answers requests for any of the namespace's addresses (arp_ignore=0),
 * feeds what it hears into the neighbour table, and sends the requests the table asks for.
 * Frames are 42 bytes as the kernel builds them; a physical link pads them to 60.
 */
public final class Arp {
    private final NetNamespace ns;
    private final ArpPacket arp = new ArpPacket();
    private final EthernetHeader eth = new EthernetHeader();

    Arp(NetNamespace ns) { this.ns = ns; }

    /**
     * arp_solicit(): who-has {@code targetIp}, broadcast (targetMac -1) or unicast to a known MAC.
     *
     * @param waiting the packet whose resolution this is (the first one queued), null for a probe
     */
    public void sendRequest(NetDevice dev, int targetIp, long targetMac, long delay, PacketContext waiting) {
        int srcIp = dev.primaryAddress();
        Skb skb = frame(ArpPacket.OP_REQUEST, dev, srcIp, targetMac < 0 ? MacAddress.MASK : targetMac, 0, targetIp, PacketContext.ARP_REQUEST, waiting);
        skb.delay = delay;
        dev.transmit(skb);
    }

    private Skb frame(int op, NetDevice dev, int srcIp, long ethDst, long targetMac, int targetIp, String kind, PacketContext cause) {
        PacketBuffer b = new PacketBuffer(PacketBuffer.DEFAULT_HEADROOM + 64, PacketBuffer.DEFAULT_HEADROOM);
        int at = b.put(EthernetHeader.LENGTH + ArpPacket.LENGTH);
        eth.wrap(b.array(), at).set(ethDst, dev.mac(), EthernetHeader.TYPE_ARP);
        arp.wrap(b.array(), at + EthernetHeader.LENGTH).set(op, dev.mac(), srcIp, targetMac, targetIp);
        return new Skb(b, ns.tracer().newPacket(null, kind, ns.host().name(), ns.now(), cause));
    }

    /** arp_rcv()/arp_process(): the buffer starts at the ARP payload. */
    void receive(NetDevice dev, Skb skb, long ethSrc) {
        PacketBuffer b = skb.buf;
        try {
            arp.decode(b.array(), b.offset(), b.length());
        } catch (MalformedPacketException e) {
            ns.tracer().drop(skb, dev, DropReason.MALFORMED, e.getMessage());
            return;
        }
        int op = arp.operation();
        int senderIp = arp.senderIp();
        long senderMac = arp.senderMac();
        int targetIp = arp.targetIp();
        boolean forUs = ns.localDeviceFor(targetIp) != null && targetIp != 0;
        if (ns.tracing()) {
            ns.tracer().hop(skb, dev, HopAction.DELIVERED, op == ArpPacket.OP_REQUEST
                    ? "arp who-has " + Ipv4Address.toString(targetIp) + " tell " + Ipv4Address.toString(senderIp) + (forUs ? "" : " (not ours)")
                    : "arp reply " + Ipv4Address.toString(senderIp) + " is-at " + MacAddress.toString(senderMac));
        }
        if (senderIp == 0) return; // address probe (DAD): nothing to learn
        ns.neighbours().learn(dev, senderIp, senderMac, op == ArpPacket.OP_REQUEST && forUs, op == ArpPacket.OP_REPLY, skb.delay);
        if (op == ArpPacket.OP_REQUEST && forUs) {
            Skb reply = frame(ArpPacket.OP_REPLY, dev, targetIp, ethSrc, senderMac, senderIp, PacketContext.ARP_REPLY, skb.ctx);
            reply.delay = skb.delay;
            dev.transmit(reply);
        }
    }
}
