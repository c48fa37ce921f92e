package dev.overlaysim.linux.device;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Skb;

/**
 * One end of a veth pair: what is transmitted on one end is received on the other, usually across
 * namespaces (a container's eth0 and the host's vethXXXX enslaved to docker0). No copy, no padding.
 */
public final class Veth extends NetDevice {
    private Veth peer;

    private Veth(NetNamespace ns, String name, long mac, int mtu) {
        super(ns, name, mac, mtu);
    }

    /** {@code ip link add A type veth peer name B netns ...}. */
    public static Veth[] createPair(NetNamespace nsA, String nameA, long macA, NetNamespace nsB, String nameB, long macB, int mtu) {
        Veth a = new Veth(nsA, nameA, macA, mtu);
        Veth b = new Veth(nsB, nameB, macB, mtu);
        a.peer = b;
        b.peer = a;
        return new Veth[] {a, b};
    }

    public Veth peer() { return peer; }

    @Override public String kind() { return "veth"; }

    @Override public boolean hasCarrier() { return isUp() && peer != null && peer.isUp(); }

    @Override protected void xmit(Skb skb) {
        if (peer == null || !peer.isUp()) {
            ns.tracer().drop(skb, this, dev.overlaysim.trace.DropReason.LINK_DOWN, "peer is down");
            return;
        }
        peer.receive(skb);
    }
}
