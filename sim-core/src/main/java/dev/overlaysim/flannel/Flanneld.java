package dev.overlaysim.flannel;

import dev.overlaysim.engine.Event;
import dev.overlaysim.flannel.backend.Backend;
import dev.overlaysim.flannel.backend.HostGwBackend;
import dev.overlaysim.flannel.backend.UdpBackend;
import dev.overlaysim.flannel.backend.VxlanBackend;
import dev.overlaysim.flannel.etcd.Etcd;
import dev.overlaysim.flannel.etcd.Watch;
import dev.overlaysim.flannel.etcd.WatchEvent;
import dev.overlaysim.flannel.subnet.AcquiredLease;
import dev.overlaysim.flannel.subnet.EtcdSubnetManager;
import dev.overlaysim.flannel.subnet.FlannelConfigException;
import dev.overlaysim.flannel.subnet.LeaseAttrs;
import dev.overlaysim.flannel.subnet.NetworkConfig;
import dev.overlaysim.flannel.subnet.SubnetAllocationException;
import dev.overlaysim.flannel.subnet.SubnetEnv;
import dev.overlaysim.flannel.subnet.SubnetKey;
import dev.overlaysim.flannel.subnet.SubnetLease;
import dev.overlaysim.linux.Host;
import dev.overlaysim.linux.device.NetDevice;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.Ipv4Prefix;
import dev.overlaysim.protocols.addr.MacAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * flanneld on one node: reads the network config from etcd, takes a lease (a subnet for this
 * node), writes {@code /run/flannel/subnet.env}, then watches the other nodes' leases and hands
 * each change to its backend, which programs the node's data path. It renews its lease an hour
 * before expiry and shuts down when its own lease is revoked.
 */
public final class Flanneld {
    public static final String SUBNET_ENV = "/run/flannel/subnet.env";
    /** flannel renews its lease this long before it expires. */
    public static final long RENEW_MARGIN_NANOS = 3_600_000_000_000L;

    /** What a scenario may fix for a node: the subnet and the VTEP MAC, for reproducible teaching examples. */
    public record Options(Optional<Ipv4Prefix> subnet, Optional<MacAddress> vtepMac) {
        public static final Options NONE = new Options(Optional.empty(), Optional.empty());
    }

    private final Host host;
    private final Etcd etcd;
    private final EtcdSubnetManager subnets;
    private final NetDevice external;
    private final Options options;
    private final List<Consumer<SubnetEnv>> readyListeners = new ArrayList<>();
    private NetworkConfig config;
    private Backend backend;
    private AcquiredLease lease;
    private Watch watch;
    private Event renewal;
    private boolean running;

    public Flanneld(Host host, Etcd etcd, EtcdSubnetManager subnets, NetDevice external, Options options) {
        this.host = host;
        this.etcd = etcd;
        this.subnets = subnets;
        this.external = external;
        this.options = options;
    }

    public Host host() { return host; }
    public boolean running() { return running; }
    public Optional<AcquiredLease> lease() { return Optional.ofNullable(lease); }
    public Backend backend() { return backend; }
    public NetworkConfig config() { return config; }

    /** Called with subnet.env once flanneld has its lease (how Docker learns its --bip and --mtu). */
    public void onReady(Consumer<SubnetEnv> listener) { readyListeners.add(listener); }

    private void log(String line) { host.log("flanneld", line); }

    /** Starts the daemon. Returns false when it exited with an error (logged). */
    public boolean start() {
        if (running) return true;
        log("Using interface with name " + external.name() + " and address " + Ipv4Address.toString(external.primaryAddress()));
        try {
            config = subnets.networkConfig();
        } catch (FlannelConfigException e) {
            log("Failed to create SubnetManager: " + e.getMessage());
            return false;
        }
        config.warnings().forEach(w -> log("Warning: " + w));
        backend = createBackend(config);
        LeaseAttrs attrs = backend.prepare();
        try {
            if (options.subnet().isPresent()) {
                lease = subnets.acquirePinnedLease(attrs, options.subnet().get().toString());
            } else {
                Optional<Ipv4Prefix> previous = host.file(SUBNET_ENV).map(text -> SubnetEnv.parse(text).subnet());
                lease = subnets.acquireLease(attrs, previous, host.world().sim().random().stream("flannel-subnet:" + host.name()));
            }
        } catch (SubnetAllocationException e) {
            log("Error registering network: failed to acquire lease: " + e.getMessage());
            return false;
        }
        running = true;
        log("Lease acquired: " + lease.subnet());
        backend.configure(lease);
        SubnetEnv env = new SubnetEnv(config.network(), lease.subnet(), backend.mtu(), false);
        host.writeFile(SUBNET_ENV, env.render());
        long fromRevision = etcd.revision() + 1;
        for (SubnetLease other : subnets.leases()) {
            if (!other.subnet().equals(lease.subnet())) backend.leaseAdded(other.subnet(), other.attrs());
        }
        watch = etcd.watch(SubnetKey.subnetsPrefix(subnets.networkPrefix()), fromRevision, this::onEvent);
        scheduleRenewal();
        for (Consumer<SubnetEnv> l : readyListeners) l.accept(env);
        return true;
    }

    private Backend createBackend(NetworkConfig cfg) {
        return switch (cfg.backendType()) {
            case NetworkConfig.VXLAN -> new VxlanBackend(host, external, (int) cfg.backendLong("VNI", 1),
                    (int) cfg.backendLong("Port", 8472), cfg.backendFlag("DirectRouting"), options.vtepMac());
            case NetworkConfig.HOST_GW -> new HostGwBackend(host, external);
            default -> new UdpBackend(host, external, cfg.network(), (int) cfg.backendLong("Port", 8285));
        };
    }

    private void scheduleRenewal() {
        if (lease.expiresAtNanos() == Long.MAX_VALUE) return;
        long at = Math.max(host.world().sim().now(), lease.expiresAtNanos() - RENEW_MARGIN_NANOS);
        renewal = host.world().sim().at(at, () -> {
            if (!running) return;
            lease = subnets.renewLease(lease);
            log("Lease renewed, new expiration: " + lease.expiresAtNanos() / 1_000_000_000L + " s");
            scheduleRenewal();
        });
    }

    private void onEvent(WatchEvent e) {
        if (!running) return;
        // Keys and values are parsed once by the shared subnet manager, not once per node.
        Optional<Ipv4Prefix> key = subnets.subnetOf(e.key());
        if (key.isEmpty()) return;
        Ipv4Prefix subnet = key.get();
        if (subnet.equals(lease.subnet())) {
            if (e.type() == WatchEvent.Type.DELETE) {
                log("Lease has been revoked. Shutting down daemon.");
                stop();
            }
            return;
        }
        if (e.type() == WatchEvent.Type.PUT) {
            backend.leaseAdded(subnet, subnets.attrs(e.kv()));
        } else {
            backend.leaseRemoved(subnet, e.prevKv().map(subnets::attrs).orElse(null));
        }
    }

    /** The process exits (the lease stays in etcd until it expires or is deleted). */
    public void stop() {
        if (!running) return;
        running = false;
        if (watch != null) watch.cancel();
        if (renewal != null) host.world().sim().cancel(renewal);
        backend.shutdown();
    }

    /** systemctl restart flanneld: it finds its lease again by PublicIP and keeps its subnet. */
    public boolean restart() {
        stop();
        log("Restarting flanneld");
        return start();
    }
}
