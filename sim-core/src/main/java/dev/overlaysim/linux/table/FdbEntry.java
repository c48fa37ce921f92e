package dev.overlaysim.linux.table;

import dev.overlaysim.linux.device.NetDevice;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.MacAddress;

/**
 * One forwarding-database entry: a MAC and where frames to it go. On a bridge, the port they leave
 * by; on a VXLAN device, the remote VTEP's IP ({@code dst}).
 */
public final class FdbEntry {
    final long mac;
    final NetDevice port;
    final int dst;          // VXLAN remote, 0 on a bridge
    final boolean permanent;
    final boolean self;     // an entry of the device itself (VXLAN), not of a bridge master
    final NetDevice master; // the bridge, for bridge entries
    long updated;

    FdbEntry(long mac, NetDevice port, int dst, boolean permanent, boolean self, NetDevice master, long updated) {
        this.mac = mac;
        this.port = port;
        this.dst = dst;
        this.permanent = permanent;
        this.self = self;
        this.master = master;
        this.updated = updated;
    }

    public long mac() { return mac; }
    public NetDevice port() { return port; }
    public int dst() { return dst; }
    public boolean permanent() { return permanent; }
    public long updated() { return updated; }

    /**
     * As {@code bridge fdb show} prints it: {@code 5e:f8:4f:00:e3:37 dev flannel.1 dst 10.168.0.3 self permanent}
     * or {@code 02:42:0a:01:0f:02 dev veth1 master docker0}; without the device when listing one device.
     */
    public String format(boolean withDevice) {
        StringBuilder sb = new StringBuilder(MacAddress.toString(mac));
        if (withDevice) sb.append(" dev ").append(port.name());
        if (dst != 0) sb.append(" dst ").append(Ipv4Address.toString(dst));
        if (self) sb.append(" self");
        if (master != null) sb.append(" master ").append(master.name());
        if (permanent) sb.append(" permanent");
        return sb.toString();
    }

    @Override public String toString() { return format(true); }
}
