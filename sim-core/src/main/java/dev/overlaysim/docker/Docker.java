package dev.overlaysim.docker;

import dev.overlaysim.linux.Host;
import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.device.Bridge;
import dev.overlaysim.linux.device.Veth;
import dev.overlaysim.linux.table.Route;
import dev.overlaysim.protocols.addr.Ipv4Prefix;
import dev.overlaysim.protocols.addr.MacAddress;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The Docker daemon of one host, as far as networking goes: {@code dockerd --bip=$FLANNEL_SUBNET
 * --mtu=$FLANNEL_MTU} creates docker0; {@code docker run} gives each container a namespace whose
 * eth0 is a veth into docker0, a MAC derived from its IP ({@code 02:42} + the four address bytes)
 * and a default route via the bridge address.
 */
public final class Docker {
    private final Host host;
    private final SplittableRandom random;
    private Bridge docker0;
    private int bip;
    private int prefixLength;
    private final List<Container> containers = new ArrayList<>();

    public Docker(Host host) {
        this.host = host;
        this.random = host.world().sim().random().stream("docker:" + host.name());
    }

    /** Starts the daemon: docker0 with {@code bip/prefixLength} and {@code mtu}. */
    public Bridge start(int bip, int prefixLength, int mtu) {
        NetNamespace root = host.root();
        this.bip = bip;
        this.prefixLength = prefixLength;
        long mac = 0x0242_0000_0000L | (random.nextLong() & 0xFFFF_FFFFL);
        docker0 = new Bridge(root, "docker0", mac, mtu);
        docker0.addAddress(bip, prefixLength);
        docker0.setUp(true);
        return docker0;
    }

    public Bridge docker0() { return docker0; }
    public Host host() { return host; }
    public List<Container> containers() { return Collections.unmodifiableList(containers); }

    /** The next free address of the bridge's subnet, from .2 up, as Docker's IPAM hands them out. */
    public int nextFreeIp() {
        Ipv4Prefix subnet = Ipv4Prefix.containing(bip, prefixLength);
        for (int ip = subnet.address() + 2; ip < subnet.broadcast(); ip++) {
            final int candidate = ip;
            if (ip != bip && containers.stream().noneMatch(c -> c.ip() == candidate)) return ip;
        }
        throw new IllegalStateException("no free address left in " + subnet + " on " + host.name());
    }

    /** {@code docker run --name NAME --ip IP}. A container prefix length other than the bridge's is allowed, to model a misconfiguration. */
    public Container run(String name, int ip, int containerPrefixLength) {
        if (docker0 == null) throw new IllegalStateException("docker is not started on " + host.name());
        NetNamespace ns = host.addNamespace(name);
        String hostSide = "veth" + String.format("%07x", random.nextInt(1 << 28));
        Veth[] pair = Veth.createPair(ns, "eth0", MacAddress.dockerMac(ip).value(), host.root(), hostSide,
                0x0200_0000_0000L | (random.nextLong() & 0xFFFF_FFFF_FFL) & ~0x0100_0000_0000L, docker0.mtu());
        docker0.addPort(pair[1]);
        pair[1].setUp(true);
        pair[0].addAddress(ip, containerPrefixLength);
        pair[0].setUp(true);
        ns.routes().add(Route.via(Ipv4Prefix.parse("0.0.0.0/0"), bip, pair[0], false));
        Container c = new Container(name, ns, ip, pair[0], pair[1]);
        containers.add(c);
        return c;
    }

    public Container run(String name, int ip) { return run(name, ip, prefixLength); }

    /** {@code docker stop}: the namespace and its veth pair go away. */
    public void stop(Container c) {
        containers.remove(c);
        docker0.removePort(c.hostVeth());
        host.root().unregister(c.hostVeth());
        for (var p : List.copyOf(host.processes())) {
            if (p.namespace() == c.namespace()) host.stop(p);
        }
        host.removeNamespace(c.namespace());
    }
}
