package dev.overlaysim.linux.device;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.trace.DropReason;

/** A physical Ethernet NIC (a host's eth0) plugged into an underlay {@link L2Segment}. */
public final class Nic extends NetDevice {
    private final L2Segment segment;
    private boolean linkUp = true;
    private double loss;

    public Nic(NetNamespace ns, String name, long mac, int mtu, L2Segment segment) {
        super(ns, name, mac, mtu);
        this.segment = segment;
        segment.attach(this);
    }

    public L2Segment segment() { return segment; }

    @Override public String kind() { return ""; }

    @Override public boolean hasCarrier() { return isUp() && linkUp; }

    /** The cable: pulling it drops everything this NIC sends and stops it receiving. */
    public boolean linkUp() { return linkUp; }
    public void linkUp(boolean up) { this.linkUp = up; }

    /** Loss on this NIC's link only, as a probability 0..1. */
    public double loss() { return loss; }
    public void loss(double probability) { this.loss = probability; }

    @Override protected void xmit(Skb skb) { segment.transmit(this, skb); }

    /** A frame longer than MTU + Ethernet header is a length error: the NIC drops it (rx_length_errors). */
    @Override public void receive(Skb skb) {
        if (skb.buf.length() > mtu() + dev.overlaysim.protocols.codec.EthernetHeader.LENGTH) {
            skb.dev = this;
            stats.rxErrors++;
            ns.tracer().drop(skb, this, DropReason.RX_LENGTH, skb.buf.length() + "-byte frame > mtu " + mtu() + " + 14");
            return;
        }
        super.receive(skb);
    }
}
