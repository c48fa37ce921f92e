package dev.overlaysim.linux.device;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.linux.table.Fdb;
import dev.overlaysim.protocols.codec.Bytes;
import dev.overlaysim.protocols.codec.EthernetHeader;
import dev.overlaysim.trace.DropReason;
import dev.overlaysim.trace.HopAction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A Linux bridge (docker0): a learning switch whose ports are enslaved devices, and at the same
 * time a device of the host's stack. Frames to the bridge's own MAC, broadcasts and multicasts go
 * up to the stack; known unicast leaves by the port the FDB names; unknown unicast and broadcasts
 * are flooded to every other port, in the order the ports were added.
 */
public final class Bridge extends NetDevice {
    private final List<NetDevice> ports = new ArrayList<>();
    private final Fdb fdb = new Fdb(this, false);
    private boolean everHadPort;
    /** Reused for every lookup: frames pass one at a time, and the forwarding path allocates nothing. */
    private final Fdb.Hit hit = new Fdb.Hit();

    public Bridge(NetNamespace ns, String name, long mac, int mtu) {
        super(ns, name, mac, mtu);
        fdb.addPermanent(mac, this, 0, ns.now());
    }

    @Override public String kind() { return "bridge"; }

    /**
     * A bridge has carrier while at least one port does; a bridge that never had a port keeps the
     * carrier it was created with (UP, LOWER_UP, state UNKNOWN).
     */
    @Override public boolean hasCarrier() {
        if (!isUp()) return false;
        if (!everHadPort) return true;
        for (NetDevice p : ports) if (p.hasCarrier()) return true;
        return false;
    }

    public Fdb fdb() { return fdb; }
    public List<NetDevice> ports() { return Collections.unmodifiableList(ports); }

    /** {@code ip link set P master BR}: the port's own MAC becomes a permanent local entry. */
    public void addPort(NetDevice port) {
        everHadPort = true;
        ports.add(port);
        port.master(this);
        fdb.addPermanent(port.mac(), port, 0, ns.now());
    }

    public void removePort(NetDevice port) {
        ports.remove(port);
        port.master(null);
        fdb.removePort(port);
    }

    /** br_handle_frame(): a frame arrived on one of the ports. */
    void handleFrame(NetDevice ingress, Skb skb) {
        byte[] a = skb.buf.array();
        int off = skb.buf.offset();
        if (skb.buf.length() < EthernetHeader.LENGTH) {
            ns.tracer().drop(skb, ingress, DropReason.MALFORMED, "frame shorter than an Ethernet header");
            return;
        }
        long dst = Bytes.u48(a, off);
        long src = Bytes.u48(a, off + EthernetHeader.SRC_OFFSET);
        long now = ns.now();
        if ((src >>> 40 & 1) == 0) fdb.learn(src, ingress, 0, now);
        ns.charge(skb, ns.costs().stackHopNanos());
        boolean groupAddressed = (dst >>> 40 & 1) != 0;
        if (groupAddressed) {
            flood(ingress, skb, true);
            return;
        }
        Fdb.Hit e = hit;
        if (fdb.find(dst, now, e)) {
            if (e.permanent() && e.mac() == e.port().mac()) {
                // A local address: the bridge device or a port's own MAC goes up to the host stack.
                if (ns.tracing(skb.ctx)) ns.tracer().hop(skb, this, HopAction.BRIDGED, e.format(true) + " (local: up to the host stack)");
                upToStack(skb);
                return;
            }
            if (e.port() == ingress) return; // the destination is behind the port it came from
            if (ns.tracing(skb.ctx)) ns.tracer().hop(skb, this, HopAction.BRIDGED, e.format(true));
            e.port().transmit(skb);
            return;
        }
        flood(ingress, skb, false);
    }

    private void upToStack(Skb skb) {
        stats.rxPackets++;
        stats.rxBytes += skb.buf.length() - EthernetHeader.LENGTH; // counted after eth_type_trans() pulled the header
        skb.dev = this;
        ns.tracer().capture(this, skb);
        if (ns.tracing(skb.ctx)) ns.tracer().hop(skb, this, HopAction.RECEIVED, null);
        ns.stack().receive(this, skb);
    }

    private void flood(NetDevice ingress, Skb skb, boolean alsoUp) {
        if (ns.tracing(skb.ctx)) ns.tracer().hop(skb, this, HopAction.FLOODED, "to every port but " + ingress.name());
        for (NetDevice p : ports) {
            if (p != ingress && p.isUp()) p.transmit(skb.copy());
        }
        if (alsoUp) upToStack(skb);
    }

    /** The stack sends out of docker0: look the destination up and forward to the right port(s). */
    @Override protected void xmit(Skb skb) {
        long dst = Bytes.u48(skb.buf.array(), skb.buf.offset());
        boolean groupAddressed = (dst >>> 40 & 1) != 0;
        Fdb.Hit e = hit;
        if (!groupAddressed && fdb.find(dst, ns.now(), e) && e.port() != this) {
            if (ns.tracing(skb.ctx)) ns.tracer().hop(skb, this, HopAction.BRIDGED, e.format(true));
            e.port().transmit(skb);
            return;
        }
        if (ports.isEmpty()) {
            ns.tracer().drop(skb, this, DropReason.NO_MASTER_PORT, null);
            return;
        }
        if (ns.tracing(skb.ctx)) ns.tracer().hop(skb, this, HopAction.FLOODED, groupAddressed ? "broadcast" : "unknown unicast");
        NetDevice last = null;
        for (NetDevice p : ports) {
            if (!p.isUp()) continue;
            if (last != null) last.transmit(skb.copy());
            last = p;
        }
        if (last != null) last.transmit(skb);
    }
}
