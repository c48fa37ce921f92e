package dev.overlaysim.linux.device;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.protocols.addr.Ipv4Address;

/** {@code lo}: index 1 in every namespace, 127.0.0.1/8. Local traffic is delivered without passing through it. */
public final class Loopback extends NetDevice {
    public Loopback(NetNamespace ns) {
        super(ns, "lo", 0, 65536);
        addAddress(Ipv4Address.parseInt("127.0.0.1"), 8);
        setUp(true);
        ns.routes().remove(dev.overlaysim.protocols.addr.Ipv4Prefix.parse("127.0.0.0/8")); // lives in the local table, not main
    }

    @Override public String kind() { return "loopback"; }

    @Override protected void xmit(Skb skb) { receive(skb); }
}
