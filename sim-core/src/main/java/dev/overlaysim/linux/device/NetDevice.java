package dev.overlaysim.linux.device;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.linux.table.Route;
import dev.overlaysim.trace.DropReason;
import dev.overlaysim.trace.HopAction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A network device in a namespace (struct net_device): name, index, MAC, MTU, up/down, addresses
 * and counters. The stack hands it frames with {@link #transmit} (dev_queue_xmit); frames that
 * arrive on it go through {@link #receive} (netif_receive_skb), which passes them to the bridge it
 * is enslaved to, or up to the namespace's stack.
 */
public abstract class NetDevice {
    protected final NetNamespace ns;
    private final String name;
    private final int ifindex;
    protected long mac;
    private int mtu;
    private boolean adminUp;
    private final List<InterfaceAddress> addresses = new ArrayList<>();
    protected final DeviceStats stats = new DeviceStats();
    private Bridge master;

    protected NetDevice(NetNamespace ns, String name, long mac, int mtu) {
        if (name.isEmpty() || name.length() > 15) {
            throw new IllegalArgumentException("invalid device name '" + name + "': 1 to 15 characters (IFNAMSIZ)");
        }
        this.ns = ns;
        this.name = name;
        this.mac = mac;
        this.mtu = mtu;
        this.ifindex = ns.register(this);
    }

    public NetNamespace namespace() { return ns; }
    public String name() { return name; }
    public int ifindex() { return ifindex; }
    public long mac() { return mac; }
    public int mtu() { return mtu; }
    public DeviceStats stats() { return stats; }
    public Bridge master() { return master; }
    void master(Bridge bridge) { this.master = bridge; }

    /** {@code ip link set dev X address MAC}. */
    public void mac(long mac) { this.mac = mac; }
    public void mtu(int mtu) {
        if (mtu < 68) throw new IllegalArgumentException("RTNETLINK answers: Invalid argument (mtu " + mtu + " < 68)");
        this.mtu = mtu;
    }

    /** The iproute2 link kind ({@code veth}, {@code bridge}, {@code vxlan}, {@code tun}), or "" for a physical NIC. */
    public abstract String kind();

    /** True for devices without a link-layer header (TUN): the stack neither resolves neighbours nor builds Ethernet headers for them. */
    public boolean isL3() { return false; }

    public boolean isUp() { return adminUp; }

    /** Carrier (LOWER_UP): whether the device could pass frames now. */
    public boolean hasCarrier() { return adminUp; }

    /** {@code ip link set X up|down}. Going down flushes the routes through the device, as the kernel does. */
    public void setUp(boolean up) {
        if (up == adminUp) return;
        adminUp = up;
        if (up) {
            for (InterfaceAddress a : addresses) addConnectedRoute(a);
        } else {
            ns.routes().removeDevice(this);
        }
    }

    /** {@code ip addr add A/LEN dev X}: also adds the connected route, unless the prefix is a /32. */
    public void addAddress(int address, int prefixLength) {
        InterfaceAddress a = new InterfaceAddress(address, prefixLength);
        addresses.add(a);
        ns.addressesChanged();
        if (adminUp) addConnectedRoute(a);
    }

    public void removeAddress(int address) {
        for (InterfaceAddress a : List.copyOf(addresses)) {
            if (a.address() == address) {
                addresses.remove(a);
                ns.addressesChanged();
                Route r = ns.routes().get(a.network());
                if (r != null && r.device() == this && r.proto() == Route.Proto.KERNEL) ns.routes().remove(a.network());
            }
        }
    }

    private void addConnectedRoute(InterfaceAddress a) {
        if (a.prefixLength() < 32 && ns.routes().get(a.network()) == null) {
            ns.routes().add(Route.connected(a.network(), this, a.address()));
        }
    }

    public List<InterfaceAddress> addresses() { return Collections.unmodifiableList(addresses); }

    public boolean hasAddress(int ip) {
        for (int i = 0; i < addresses.size(); i++) if (addresses.get(i).address() == ip) return true;
        return false;
    }

    /** The primary address, or 0. */
    public int primaryAddress() { return addresses.isEmpty() ? 0 : addresses.get(0).address(); }

    /** dev_queue_xmit(): counts and captures the frame, then hands it to the driver. */
    public final void transmit(Skb skb) {
        skb.dev = this;
        if (!adminUp) {
            ns.tracer().drop(skb, this, DropReason.DEVICE_DOWN, null);
            return;
        }
        if (!countsTxInDriver()) countTx(skb);
        ns.tracer().capture(this, skb);
        if (ns.tracing(skb.ctx)) ns.tracer().hop(skb, this, HopAction.TRANSMITTED, null);
        xmit(skb);
    }

    /**
     * Whether the driver counts tx_packets/tx_bytes itself, when a packet really leaves (a TUN device
     * when its reader read() it, a NIC once its qdisc took it) rather than at dev_queue_xmit(): a
     * packet dropped on the way counts only as dropped, as in Linux.
     */
    protected boolean countsTxInDriver() { return false; }

    /** One packet sent: tx_packets and tx_bytes. */
    protected final void countTx(Skb skb) {
        stats.txPackets++;
        stats.txBytes += countedBytes(skb);
    }

    /** The bytes a packet adds to this device's rx/tx byte counters (the whole frame for most drivers). */
    protected int countedBytes(Skb skb) { return skb.buf.length(); }

    /** The driver's ndo_start_xmit. */
    protected abstract void xmit(Skb skb);

    /** netif_receive_skb(): counts and captures the frame, then passes it to the bridge master or the stack. */
    public void receive(Skb skb) {
        skb.dev = this;
        if (!adminUp) {
            ns.tracer().drop(skb, this, DropReason.DEVICE_DOWN, null);
            return;
        }
        stats.rxPackets++;
        stats.rxBytes += countedBytes(skb);
        skb.tstamp = ns.now() + skb.delay; // net_timestamp_check(): before this hop's work
        ns.charge(skb, ns.costs().stackHopNanos());
        ns.tracer().capture(this, skb);
        if (ns.tracing(skb.ctx)) ns.tracer().hop(skb, this, HopAction.RECEIVED, null);
        if (master != null) {
            master.handleFrame(this, skb);
        } else {
            ns.stack().receive(this, skb);
        }
    }

    @Override public String toString() { return ns.displayName() + "/" + name; }
}
