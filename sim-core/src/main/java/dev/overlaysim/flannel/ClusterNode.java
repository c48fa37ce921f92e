package dev.overlaysim.flannel;

import dev.overlaysim.docker.Container;
import dev.overlaysim.docker.Docker;
import dev.overlaysim.flannel.backend.VxlanBackend;
import dev.overlaysim.flannel.subnet.AcquiredLease;
import dev.overlaysim.flannel.subnet.SubnetEnv;
import dev.overlaysim.flannel.subnet.SubnetKey;
import dev.overlaysim.linux.Host;
import dev.overlaysim.linux.device.Nic;
import dev.overlaysim.protocols.addr.MacAddress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One node of a {@link FlannelCluster}: its host, eth0, flanneld and Docker, the containers it
 * should run, and the faults a scenario can inflict on it. Docker starts when flanneld has written
 * subnet.env (docker0 takes {@code --bip=$FLANNEL_SUBNET --mtu=$FLANNEL_MTU}); containers start
 * once Docker has.
 */
public final class ClusterNode {
    private record Pending(String name, OptionalInt ip, int prefixLength) {}

    private final FlannelCluster cluster;
    private final Host host;
    private final Nic eth0;
    private final Flanneld flanneld;
    private final Docker docker;
    private final List<Pending> pending = new ArrayList<>();
    private final Map<String, Container> containers = new LinkedHashMap<>();
    private int subnetPrefixLength;
    private OptionalInt dockerMtu = OptionalInt.empty();

    ClusterNode(FlannelCluster cluster, Host host, Nic eth0, Flanneld flanneld) {
        this.cluster = cluster;
        this.host = host;
        this.eth0 = eth0;
        this.flanneld = flanneld;
        this.docker = new Docker(host);
        flanneld.onReady(this::dockerUp);
    }

    public Host host() { return host; }
    public String name() { return host.name(); }
    public Nic eth0() { return eth0; }
    public Flanneld flanneld() { return flanneld; }
    public Docker docker() { return docker; }
    public Optional<Container> container(String name) { return Optional.ofNullable(containers.get(name)); }
    public List<Container> containers() { return new ArrayList<>(containers.values()); }

    /** flanneld starts at {@code time} (a node joining later is one whose flanneld starts later). */
    public void startAt(long time) {
        cluster.world().sim().at(time, flanneld::start);
    }

    /** A container to run once Docker is up; {@code ip} empty means Docker's next free address. */
    public void addContainer(String name, OptionalInt ip, int prefixLength) {
        Pending p = new Pending(name, ip, prefixLength);
        if (docker.docker0() != null) run(p);
        else pending.add(p);
    }

    /**
     * dockerd is started with {@code --mtu=N} instead of flannel's {@code --mtu=$FLANNEL_MTU}
     * (or without {@code --mtu}: N = 1500), a mistake users make: docker0 and every container's
     * eth0 then believe packets of N bytes fit, which the overlay may not carry.
     */
    public void dockerMtu(int mtu) {
        if (docker.docker0() != null) throw new IllegalStateException("dockerd already runs on " + name());
        this.dockerMtu = OptionalInt.of(mtu);
    }

    private void dockerUp(SubnetEnv env) {
        if (docker.docker0() == null) {
            int mtu = dockerMtu.orElse(env.mtu());
            docker.start(env.firstAddress().value(), env.subnet().length(), mtu);
            subnetPrefixLength = env.subnet().length();
            host.log("dockerd", "docker0 --bip=" + env.firstAddress() + "/" + env.subnet().length() + " --mtu=" + mtu
                    + (mtu == env.mtu() ? "" : " (subnet.env says FLANNEL_MTU=" + env.mtu() + ")"));
        } else if (docker.docker0().primaryAddress() != env.firstAddress().value()) {
            // flannel#621: a new subnet strands the containers still running on the old docker0.
            host.log("dockerd", "subnet.env now says " + env.firstAddress() + "/" + env.subnet().length()
                    + " but docker0 still has the old --bip; restart Docker to take it");
        }
        for (Pending p : pending) run(p);
        pending.clear();
    }

    private void run(Pending p) {
        int ip = p.ip().isPresent() ? p.ip().getAsInt() : docker.nextFreeIp();
        int len = p.prefixLength() > 0 ? p.prefixLength() : subnetPrefixLength;
        containers.put(p.name(), docker.run(p.name(), ip, len));
    }

    // ---------------------------------------------------------------- faults

    /** The node leaves: its lease is deleted from etcd; its own flanneld sees that and exits. */
    public void leave() {
        flanneld.lease().ifPresent(l -> cluster.etcd().delete(new SubnetKey(cluster.subnets().networkPrefix(), l.subnet()).key()));
    }

    /** The node's etcd lease expires (as when flanneld could not renew it): its key goes with it. */
    public void expireLease() {
        flanneld.lease().map(AcquiredLease::etcdLeaseId).filter(id -> id != 0).ifPresent(id -> {
            if (cluster.etcd().timeToLive(id).isPresent()) cluster.etcd().revoke(id);
        });
    }

    public void restartFlanneld() { flanneld.restart(); }

    public void linkDown() { eth0.linkUp(false); host.log("kernel", eth0.name() + ": Link is Down"); }
    public void linkUp() { eth0.linkUp(true); host.log("kernel", eth0.name() + ": Link is Up"); }
    public void linkLoss(double loss) { eth0.loss(loss); }

    public void blockUdpPort(int port) {
        host.root().blockUdpPort(port);
        host.log("iptables", "-A INPUT -p udp --dport " + port + " -j DROP");
    }

    public void unblockUdpPort(int port) {
        host.root().unblockUdpPort(port);
        host.log("iptables", "-D INPUT -p udp --dport " + port + " -j DROP");
    }

    /**
     * No ICMP leaves the node's host namespace: neither what it sends itself (the frag-needed it
     * answers a too-big DF packet with, echo replies, port unreachables) nor what it forwards from
     * its containers. The path-MTU black hole: a container's big DF packets die at flannel.1 and
     * their sender never hears why.
     */
    public void blockIcmp() {
        host.root().icmpBlocked(true);
        host.log("iptables", "-A FORWARD -p icmp -j DROP");
        host.log("iptables", "-A OUTPUT -p icmp -j DROP");
    }

    public void unblockIcmp() {
        host.root().icmpBlocked(false);
        host.log("iptables", "-D FORWARD -p icmp -j DROP");
        host.log("iptables", "-D OUTPUT -p icmp -j DROP");
    }

    /** {@code ip link set flannel.1 address MAC} behind flanneld's back: peers keep the old MAC (flannel#1155). */
    public void changeVtepMac(MacAddress mac) {
        if (flanneld.backend() instanceof VxlanBackend v) {
            v.device().mac(mac.value());
            host.log("ip", "link set " + v.device().name() + " address " + mac);
        } else {
            throw new IllegalStateException(name() + " runs no vxlan backend");
        }
    }

    public void forwardPolicyDrop(boolean drop) {
        host.root().forwardPolicyDrop(drop);
        host.log("iptables", "-P FORWARD " + (drop ? "DROP" : "ACCEPT"));
    }
}
