package dev.overlaysim.flannel.subnet;

import dev.overlaysim.protocols.addr.AddressFormatException;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.Ipv4Prefix;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Flannel's choice of a subnet for a node (pkg/subnet/etcd/local_manager.go {@code tryAcquireLease}
 * and {@code allocateSubnet}), as a pure function of the config, the current leases, the node and a
 * random stream:
 *
 * <ol>
 *   <li>A lease whose PublicIP is this node's: reuse it if it fits the config (in
 *       [SubnetMin, SubnetMax], length SubnetLen: {@code isSubnetConfigCompat}); otherwise it is
 *       to be deleted and the search goes on.</li>
 *   <li>The previous subnet (from subnet.env): used if no lease holds exactly that subnet and it
 *       fits the config.</li>
 *   <li>Walk upward from SubnetMin in SubnetLen steps, skipping subnets that overlap any lease,
 *       until SubnetMax or 100 free ones; pick one uniformly ({@code randInt(0, len)}). None: the
 *       error {@code out of subnets}.</li>
 * </ol>
 *
 * Plus {@link #pin}: a requested subnet, for teaching examples that must show fixed addresses.
 * (Flannel's own way to fix a node's subnet is a reservation: a lease key written without a TTL,
 * which step 1 then reuses.)
 */
public final class SubnetAllocator {
    /** flannel collects at most this many free subnets before picking one. */
    public static final int MAX_CANDIDATES = 100;
    /** flannel's error text (local_manager.go allocateSubnet). */
    public static final String OUT_OF_SUBNETS = "out of subnets";

    private final NetworkConfig config;

    public SubnetAllocator(NetworkConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public NetworkConfig config() { return config; }

    /**
     * Decides a subnet for the node with {@code publicIp}. {@code random} is drawn from only in the
     * random step, once.
     */
    public Allocation allocate(List<SubnetLease> leases, Ipv4Address publicIp, Optional<Ipv4Prefix> previousSubnet,
                               SplittableRandom random) {
        Objects.requireNonNull(random, "random");
        Optional<SubnetLease> stale = Optional.empty();
        Optional<SubnetLease> own = findByIp(leases, publicIp);
        if (own.isPresent()) {
            if (config.isCompatible(own.get().subnet())) {
                return new Allocation(own.get().subnet(), Allocation.Source.REUSED, own, Optional.empty(), 0);
            }
            stale = own;
        }
        // As in flannel, the stale lease still counts as taken in this attempt: tryAcquireLease keeps
        // using the list it read before deleting it.
        if (previousSubnet.isPresent()) {
            Ipv4Prefix prev = previousSubnet.get();
            boolean held = leases.stream().anyMatch(l -> l.subnet().equals(prev));
            if (!held && config.isCompatible(prev)) {
                return new Allocation(prev, Allocation.Source.PREVIOUS, Optional.empty(), stale, 0);
            }
        }
        List<Ipv4Prefix> free = freeCandidates(leases);
        if (free.isEmpty()) {
            throw new SubnetAllocationException(OUT_OF_SUBNETS, "all " + config.subnetCount() + " subnets of /"
                    + config.subnetLen() + " from " + config.subnetMin() + " to " + config.subnetMax() + " are leased");
        }
        return new Allocation(free.get(random.nextInt(free.size())), Allocation.Source.RANDOM, Optional.empty(), stale,
                free.size());
    }

    /**
     * The first {@value #MAX_CANDIDATES} subnets from SubnetMin up to SubnetMax that overlap no lease,
     * in address order: flannel's candidate list.
     */
    public List<Ipv4Prefix> freeCandidates(List<SubnetLease> leases) {
        List<Ipv4Prefix> free = new ArrayList<>();
        long step = config.subnetSize();
        long max = Integer.toUnsignedLong(config.subnetMax().value());
        int len = config.subnetLen();
        int mask = Ipv4Prefix.mask(len);
        // A candidate (length len) overlaps a lease of length >= len exactly when it contains the
        // lease's address, and a shorter lease exactly when that lease contains the candidate. The
        // first kind go into a set of the len-prefixes they fall in, so the walk costs O(leases +
        // candidates) rather than O(leases × candidates): with thousands of nodes it was cubic. (Leases
        // outside [SubnetMin, SubnetMax] overlap no candidate of length len.)
        long min = Integer.toUnsignedLong(config.subnetMin().value());
        int shift = 32 - len;
        BitSet taken = new BitSet(); // bit i: the i-th subnet from SubnetMin holds (part of) a lease
        List<Ipv4Prefix> wider = new ArrayList<>();
        for (SubnetLease l : leases) {
            if (l.subnet().length() >= len) {
                long at = Integer.toUnsignedLong(l.subnet().address() & mask);
                if (at >= min && at <= max) taken.set((int) ((at - min) >>> shift));
            } else {
                wider.add(l.subnet());
            }
        }
        outer:
        for (long a = min; a <= max && free.size() < MAX_CANDIDATES; a += step) {
            if (taken.get((int) ((a - min) >>> shift))) continue;
            Ipv4Prefix sn = Ipv4Prefix.of((int) a, len);
            for (Ipv4Prefix w : wider) {
                if (w.contains(sn)) continue outer;
            }
            free.add(sn);
        }
        return free;
    }

    /**
     * Pins {@code requested} (text like {@code 10.1.15.0/24}) for the node with {@code publicIp}. It
     * must have length SubnetLen, sit on a SubnetLen boundary, lie in [SubnetMin, SubnetMax] and not
     * overlap another node's lease. A lease this node already holds on that subnet is reused; one on
     * another subnet is an error (release it first).
     */
    public Allocation pin(List<SubnetLease> leases, Ipv4Address publicIp, String requested) {
        int slash = requested.indexOf('/');
        int addr;
        int len;
        try {
            if (slash < 0) throw new AddressFormatException("IPv4 prefix", requested, "an address/length like 10.1.15.0/24");
            addr = Ipv4Address.parseInt(requested.substring(0, slash));
            len = Ipv4Prefix.parse("0.0.0.0" + requested.substring(slash)).length();
        } catch (AddressFormatException e) {
            throw new SubnetAllocationException("pinned subnet '" + requested + "' does not parse", e.getMessage());
        }
        Ipv4Prefix p = Ipv4Prefix.containing(addr, config.subnetLen());
        if (len == config.subnetLen() && p.address() != addr) {
            throw new SubnetAllocationException("pinned subnet " + requested + " is not on a SubnetLen boundary",
                    "did you mean " + p + "?");
        }
        return pin(leases, publicIp, Ipv4Prefix.containing(addr, len));
    }

    /** {@link #pin(List, Ipv4Address, String)} for a parsed prefix. */
    public Allocation pin(List<SubnetLease> leases, Ipv4Address publicIp, Ipv4Prefix requested) {
        if (requested.length() != config.subnetLen()) {
            throw new SubnetAllocationException("pinned subnet " + requested + " has length /" + requested.length()
                    + " but SubnetLen is " + config.subnetLen(), "");
        }
        if (!config.isCompatible(requested)) {
            throw new SubnetAllocationException("pinned subnet " + requested + " is outside SubnetMin "
                    + config.subnetMin() + " .. SubnetMax " + config.subnetMax(), "Network " + config.network());
        }
        Optional<SubnetLease> own = findByIp(leases, publicIp);
        if (own.isPresent() && !own.get().subnet().equals(requested)) {
            throw new SubnetAllocationException("cannot pin " + requested + " for " + publicIp + ": that node already holds "
                    + own.get().subnet(), "flannel would reuse " + own.get().subnet() + "; delete that lease first");
        }
        for (SubnetLease l : leases) {
            if (!l.attrs().publicIp().equals(publicIp) && l.subnet().overlaps(requested)) {
                throw new SubnetAllocationException("pinned subnet " + requested + " is already leased to "
                        + l.attrs().publicIp(), "lease " + SubnetKey.of(l.subnet()).name());
            }
        }
        return new Allocation(requested, own.isPresent() ? Allocation.Source.REUSED : Allocation.Source.PINNED,
                own, Optional.empty(), 0);
    }

    private static Optional<SubnetLease> findByIp(List<SubnetLease> leases, Ipv4Address ip) {
        // flannel's findLeaseByIP: the first in etcd's (key) order
        for (SubnetLease l : leases) {
            if (l.attrs().publicIp().equals(ip)) return Optional.of(l);
        }
        return Optional.empty();
    }
}
