package dev.overlaysim.linux;

import dev.overlaysim.engine.Simulator;
import dev.overlaysim.linux.device.Loopback;
import dev.overlaysim.linux.device.NetDevice;
import dev.overlaysim.linux.stack.Ipv4Stack;
import dev.overlaysim.linux.table.NeighbourTable;
import dev.overlaysim.linux.table.PmtuCache;
import dev.overlaysim.linux.table.RoutingTable;
import dev.overlaysim.trace.DropReason;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A network namespace: its devices, routing and neighbour tables, IPv4 stack and sockets, the
 * sysctls and netfilter settings that matter here. A host's root namespace is displayed under the
 * host's name, a container's under the container's name.
 */
public final class NetNamespace {
    private final Host host;
    private final String displayName;
    private final boolean root;
    private final List<NetDevice> devices = new ArrayList<>();
    private final RoutingTable routes = new RoutingTable();
    private final NeighbourTable neighbours;
    private final PmtuCache pmtu = new PmtuCache();
    private final Ipv4Stack stack;
    private int nextIfindex = 1;
    private boolean ipForward;
    /** iptables -P FORWARD DROP (Docker sets it; flannel#609, #799). */
    private boolean forwardPolicyDrop;
    /** iptables -A INPUT -p udp --dport P -j DROP: ports blocked on the way in. */
    private final java.util.BitSet blockedUdpPorts = new java.util.BitSet();
    /** iptables -A OUTPUT -p icmp -j DROP and -A FORWARD -p icmp -j DROP: no ICMP leaves the namespace. */
    private boolean icmpBlocked;
    private final Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);

    NetNamespace(Host host, String displayName, boolean root) {
        this.host = host;
        this.displayName = displayName;
        this.root = root;
        this.neighbours = new NeighbourTable(this);
        this.stack = new Ipv4Stack(this);
        new Loopback(this);
    }

    public Host host() { return host; }
    public String displayName() { return displayName; }
    public boolean isRoot() { return root; }
    public World world() { return host.world(); }
    public Simulator sim() { return host.world().sim(); }
    public long now() { return host.world().sim().now(); }
    public Tracer tracer() { return host.world().tracer(); }
    public boolean tracing() { return host.world().tracer().tracing(); }

    /** Whether a hop of this packet would be recorded: callers skip building its text when not. */
    public boolean tracing(dev.overlaysim.trace.PacketContext ctx) { return host.world().tracer().tracing(ctx); }
    public CostModel costs() { return host.world().costs(); }

    /** Kernel work on {@code skb}: it delays the packet and occupies the CPU doing it. */
    public void charge(Skb skb, long nanos) {
        skb.delay += nanos;
        host.world().charge(nanos);
    }
    public RoutingTable routes() { return routes; }
    public NeighbourTable neighbours() { return neighbours; }
    /** The path MTUs learned from ICMP fragmentation-needed (ip route get's {@code cache expires ... mtu ...}). */
    public PmtuCache pmtu() { return pmtu; }
    public Ipv4Stack stack() { return stack; }

    /** Registers a device and gives it the next interface index (called by the device's constructor). */
    public int register(NetDevice device) {
        if (device(device.name()) != null) {
            throw new IllegalArgumentException("RTNETLINK answers: File exists (device " + device.name() + " in " + displayName + ")");
        }
        devices.add(device);
        addressesChanged();
        return nextIfindex++;
    }

    /** Removes a device and everything that pointed at it: its routes, neighbours and addresses. */
    public void unregister(NetDevice device) {
        routes.removeDevice(device);
        neighbours.removeDevice(device);
        devices.remove(device);
        addressesChanged();
    }

    public List<NetDevice> devices() { return Collections.unmodifiableList(devices); }

    public NetDevice device(String name) {
        for (NetDevice d : devices) if (d.name().equals(name)) return d;
        return null;
    }

    public boolean ipForward() { return ipForward; }
    public void ipForward(boolean on) { this.ipForward = on; }
    public boolean forwardPolicyDrop() { return forwardPolicyDrop; }
    public void forwardPolicyDrop(boolean drop) { this.forwardPolicyDrop = drop; }
    public boolean udpPortBlocked(int port) { return blockedUdpPorts.get(port); }
    public void blockUdpPort(int port) { blockedUdpPorts.set(port); }
    public void unblockUdpPort(int port) { blockedUdpPorts.clear(port); }
    /** The UDP ports dropped on INPUT, ascending. */
    public int[] blockedUdpPorts() { return blockedUdpPorts.stream().toArray(); }
    /** Whether ICMP is dropped on OUTPUT (what this namespace sends: errors, echo replies) and on FORWARD. */
    public boolean icmpBlocked() { return icmpBlocked; }
    public void icmpBlocked(boolean blocked) { this.icmpBlocked = blocked; }

    /** Is {@code ip} one of this namespace's own addresses (the local table)? */
    public NetDevice localDeviceFor(int ip) {
        if (localAddresses == null) indexLocalAddresses();
        int[] addrs = localAddresses;
        for (int i = 0; i < addrs.length; i++) {
            if (addrs[i] == ip) return localDevices[i];
        }
        return null;
    }

    /** Is {@code ip} ours: one of our addresses, a subnet broadcast address of one, or 255.255.255.255? */
    public boolean isLocalOrBroadcast(int ip) {
        if (ip == -1) return true;
        if (localAddresses == null) indexLocalAddresses();
        for (int a : localAddresses) if (a == ip) return true;
        for (int b : localBroadcasts) if (b == ip) return true;
        return false;
    }

    /**
     * Tells the namespace that a device's addresses changed ({@link NetDevice#addAddress} and
     * {@link NetDevice#removeAddress} call it), so that {@link #localDeviceFor} re-reads them.
     */
    public void addressesChanged() { localAddresses = null; }

    // Every address of every device, in device then address order: localDeviceFor runs for each
    // ARP frame heard, and a broadcast reaches every node of the segment. Rebuilt after a change.
    private int[] localAddresses;
    private NetDevice[] localDevices;
    private int[] localBroadcasts;

    private void indexLocalAddresses() {
        int n = 0;
        for (NetDevice d : devices) n += d.addresses().size();
        int[] addrs = new int[n];
        NetDevice[] devs = new NetDevice[n];
        int[] broadcasts = new int[n];
        int i = 0;
        int nb = 0;
        for (NetDevice d : devices) {
            for (var a : d.addresses()) {
                addrs[i] = a.address();
                devs[i++] = d;
                if (a.prefixLength() < 31) broadcasts[nb++] = a.broadcast();
            }
        }
        localDevices = devs;
        localBroadcasts = java.util.Arrays.copyOf(broadcasts, nb);
        localAddresses = addrs;
    }

    public void countDrop(DropReason reason) { drops.merge(reason, 1L, Long::sum); }

    private final Snmp snmp = new Snmp();

    /** This namespace's UDP MIB counters (nstat). */
    public Snmp snmp() { return snmp; }

    /** Drops in this namespace by reason, in the enum's fixed order. */
    public Map<DropReason, Long> drops() { return Collections.unmodifiableMap(drops); }

    @Override public String toString() { return displayName; }
}
