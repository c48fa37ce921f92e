package dev.overlaysim.linux.table;

import dev.overlaysim.engine.Event;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.linux.device.NetDevice;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.MacAddress;
import dev.overlaysim.trace.PacketContext;

import java.util.ArrayDeque;

/** One entry of the neighbour (ARP) table: an IPv4 address on a device, its MAC and NUD state. */
public final class Neighbour {
    final int ip;
    final NetDevice device;
    long mac = -1;
    NudState state;
    long confirmed;   // last time reachability was confirmed (an ARP reply/request from it)
    long updated;     // last state change
    int probes;
    Event timer;
    ArrayDeque<Skb> queue; // packets waiting for resolution; made on first use (most entries never queue)
    int queuedBytes;
    PacketContext resolving; // the packet whose arrival started the current resolution: the ARP requests exist because of it

    Neighbour(int ip, NetDevice device, NudState state) {
        this.ip = ip;
        this.device = device;
        this.state = state;
    }

    public int ip() { return ip; }
    public NetDevice device() { return device; }
    public boolean hasMac() { return mac >= 0; }
    public long mac() { return mac; }
    public NudState state() { return state; }
    public int queued() { return queue == null ? 0 : queue.size(); }

    /** {@code 10.1.16.0 dev flannel.1 lladdr 5e:f8:4f:00:e3:37 PERMANENT}, as {@code ip neigh} prints it. */
    public String format(boolean withDevice) {
        StringBuilder sb = new StringBuilder(Ipv4Address.toString(ip));
        if (withDevice) sb.append(" dev ").append(device.name());
        if (hasMac() && state != NudState.INCOMPLETE && state != NudState.FAILED) {
            sb.append(" lladdr ").append(MacAddress.toString(mac));
        }
        sb.append(' ').append(state.name());
        return sb.toString();
    }

    @Override public String toString() { return format(true); }
}
