package dev.overlaysim.flannel.subnet;

import dev.overlaysim.flannel.etcd.Etcd;
import dev.overlaysim.flannel.etcd.KeyValue;
import dev.overlaysim.flannel.etcd.LeaseStatus;
import dev.overlaysim.protocols.addr.Ipv4Prefix;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Flannel's etcd subnet manager (pkg/subnet/etcd/local_manager.go with registry.go) over the
 * simulated {@link Etcd}: reads the config, lists leases, and takes a subnet the way flanneld does:
 * grant a {@value #SUBNET_TTL_SECONDS}-second lease, then put the subnet key only if absent
 * ({@code Compare(Version(key), "=", 0)}); on a lost race revoke the grant and try again, up to
 * {@value #RACE_RETRIES} times. Renewal, like flannel's {@code updateSubnet}, grants a fresh lease
 * and rewrites the key with it (the old lease is left to expire with no keys).
 *
 * <p>Lease values are written in the current JSON form, or in the legacy form for scenarios that
 * reproduce the seed document's older flannel ({@link #EtcdSubnetManager(Etcd, String, boolean)}).
 */
public final class EtcdSubnetManager {
    /** flannel's {@code subnetTTL}: 24 h. */
    public static final long SUBNET_TTL_SECONDS = 24 * 3600;
    /** flannel's {@code raceRetries}. */
    public static final int RACE_RETRIES = 10;
    /** flannel's {@code errConfigNotFound} text. */
    public static final String CONFIG_NOT_FOUND =
            "flannel config not found in etcd store. Did you create your config using etcdv3 API?";

    private final Etcd etcd;
    private final String prefix;
    private final boolean legacyJson;
    /*
     * Parsed once, shared by every flanneld of the cluster: a mesh of N nodes reads each lease N
     * times (every node's list and watch), and JSON parsing was most of the cost of converging.
     * Both maps are looked up by key only, never iterated; what they hold is immutable.
     */
    private final Map<String, Ipv4Prefix> subnetByKey = new HashMap<>();
    private final Map<String, Parsed> parsedByKey = new HashMap<>();

    /** A lease and the value and etcd lease it was read from. */
    private record Parsed(String value, SubnetLease lease) {
        boolean isFrom(KeyValue kv) {
            return lease.etcdLeaseId() == kv.leaseId() && (value == kv.value() || value.equals(kv.value()));
        }
    }

    public EtcdSubnetManager(Etcd etcd) { this(etcd, SubnetKey.DEFAULT_PREFIX, false); }

    public EtcdSubnetManager(Etcd etcd, String networkPrefix, boolean legacyJson) {
        this.etcd = Objects.requireNonNull(etcd, "etcd");
        this.prefix = Objects.requireNonNull(networkPrefix, "networkPrefix");
        this.legacyJson = legacyJson;
    }

    public String networkPrefix() { return prefix; }

    /** Reads and checks {@code <prefix>/config}. */
    public NetworkConfig networkConfig() {
        KeyValue kv = etcd.get(SubnetKey.configKey(prefix))
                .orElseThrow(() -> new SubnetAllocationException(CONFIG_NOT_FOUND, "no key " + SubnetKey.configKey(prefix)));
        return NetworkConfig.parse(kv.value());
    }

    /** Every lease under {@code <prefix>/subnets/}, in key order; keys or values that do not parse are skipped, as flannel skips them. */
    public List<SubnetLease> leases() {
        List<SubnetLease> out = new ArrayList<>();
        for (KeyValue kv : etcd.getPrefix(SubnetKey.subnetsPrefix(prefix))) {
            Optional<Ipv4Prefix> subnet = subnetOf(kv.key());
            if (subnet.isEmpty()) continue;
            try {
                out.add(lease(subnet.get(), kv));
            } catch (LeaseFormatException e) {
                // flannel: "Ignoring bad subnet node"
            }
        }
        return out;
    }

    /**
     * The subnet a key under {@code <prefix>/subnets/} names ({@link SubnetKey#tryParse}), or empty
     * for a key that is not a subnet key. Remembered per key.
     */
    public Optional<Ipv4Prefix> subnetOf(String key) {
        Ipv4Prefix known = subnetByKey.get(key);
        if (known != null) return Optional.of(known);
        Optional<SubnetKey> parsed = SubnetKey.tryParse(prefix, key);
        parsed.ifPresent(k -> subnetByKey.put(key, k.subnet()));
        return parsed.map(SubnetKey::subnet);
    }

    /**
     * The attributes a lease key's value holds ({@link LeaseAttrs#parse}), parsed once per
     * (key, revision) and shared. Throws {@link LeaseFormatException} for a value that does not parse.
     */
    public LeaseAttrs attrs(KeyValue kv) {
        Optional<Ipv4Prefix> subnet = subnetOf(kv.key());
        if (subnet.isEmpty()) return LeaseAttrs.parse(kv.value());
        return lease(subnet.get(), kv).attrs();
    }

    private SubnetLease lease(Ipv4Prefix subnet, KeyValue kv) {
        Parsed known = parsedByKey.get(kv.key());
        if (known != null && known.isFrom(kv)) return known.lease();
        SubnetLease parsed = new SubnetLease(subnet, LeaseAttrs.parse(kv.value()), kv.leaseId());
        parsedByKey.put(kv.key(), new Parsed(kv.value(), parsed));
        return parsed;
    }

    /**
     * Takes a subnet for the node described by {@code attrs}: flannel's {@code AcquireLease}.
     *
     * @param previousSubnet the subnet from the node's previous subnet.env, if any
     * @param random         the stream the random pick draws from (e.g. {@code sim.random().stream("flannel.subnet")})
     */
    public AcquiredLease acquireLease(LeaseAttrs attrs, Optional<Ipv4Prefix> previousSubnet, SplittableRandom random) {
        NetworkConfig config = networkConfig();
        SubnetAllocator allocator = new SubnetAllocator(config);
        for (int i = 0; i < RACE_RETRIES; i++) {
            Optional<AcquiredLease> l = tryAcquire(attrs, allocator.allocate(leases(), attrs.publicIp(), previousSubnet, random));
            if (l.isPresent()) return l.get();
        }
        throw new SubnetAllocationException("Max retries reached trying to acquire a subnet", RACE_RETRIES + " attempts");
    }

    /** Takes exactly {@code subnet} (see {@link SubnetAllocator#pin}). */
    public AcquiredLease acquirePinnedLease(LeaseAttrs attrs, String subnet) {
        SubnetAllocator allocator = new SubnetAllocator(networkConfig());
        Allocation a = allocator.pin(leases(), attrs.publicIp(), subnet);
        return tryAcquire(attrs, a).orElseThrow(() -> new SubnetAllocationException(
                "pinned subnet " + subnet + " was taken concurrently", ""));
    }

    /** Renews: a fresh {@value #SUBNET_TTL_SECONDS}-second lease, key rewritten with it. */
    public AcquiredLease renewLease(AcquiredLease lease) {
        return update(lease.subnet(), lease.attrs(), true, lease.source());
    }

    private Optional<AcquiredLease> tryAcquire(LeaseAttrs attrs, Allocation a) {
        if (a.source() == Allocation.Source.REUSED) {
            boolean reservation = a.existing().map(SubnetLease::isReservation).orElse(false);
            return Optional.of(update(a.subnet(), attrs, !reservation, a.source()));
        }
        a.staleToDelete().ifPresent(s -> etcd.delete(new SubnetKey(prefix, s.subnet()).key()));
        String key = new SubnetKey(prefix, a.subnet()).key();
        long leaseId = etcd.grant(SUBNET_TTL_SECONDS);
        if (!etcd.putIfAbsent(key, json(attrs), leaseId).succeeded()) {
            etcd.revoke(leaseId);
            return Optional.empty();
        }
        return Optional.of(new AcquiredLease(a.subnet(), attrs, leaseId, expiry(leaseId), a.source()));
    }

    private AcquiredLease update(Ipv4Prefix subnet, LeaseAttrs attrs, boolean withTtl, Allocation.Source source) {
        String key = new SubnetKey(prefix, subnet).key();
        if (!withTtl) {
            etcd.put(key, json(attrs));
            return new AcquiredLease(subnet, attrs, Etcd.NO_LEASE, Long.MAX_VALUE, source);
        }
        long leaseId = etcd.grant(SUBNET_TTL_SECONDS);
        etcd.put(key, json(attrs), leaseId);
        return new AcquiredLease(subnet, attrs, leaseId, expiry(leaseId), source);
    }

    private long expiry(long leaseId) {
        return etcd.timeToLive(leaseId).map(LeaseStatus::expiresAtNanos).orElseThrow();
    }

    private String json(LeaseAttrs attrs) { return legacyJson ? attrs.toLegacyJson() : attrs.toJson(); }
}
