package dev.overlaysim.linux.table;

import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.Skb;
import dev.overlaysim.linux.device.NetDevice;
import dev.overlaysim.trace.DropReason;
import dev.overlaysim.trace.HopAction;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * The ARP table of one namespace with the kernel's NUD state machine (net/core/neighbour.c):
 * a packet to an unknown neighbour creates an INCOMPLETE entry, waits in its queue and triggers up
 * to {@code mcast_solicit} broadcast requests {@code retrans_time} apart; an answer makes it
 * REACHABLE and sends the queue; no answer makes it FAILED, drops the queue and reports "host
 * unreachable". REACHABLE decays to STALE after {@code base_reachable_time}; using a STALE entry
 * moves it to DELAY and, unless confirmed within {@code delay_first_probe_time}, to PROBE.
 */
public final class NeighbourTable {
    public static final long BASE_REACHABLE_TIME = 30_000_000_000L;
    public static final long RETRANS_TIME = 1_000_000_000L;
    public static final long DELAY_FIRST_PROBE_TIME = 5_000_000_000L;
    public static final int MCAST_SOLICIT = 3;
    public static final int UCAST_SOLICIT = 3;
    /** unres_qlen_bytes: how much may wait for one unresolved neighbour (net.core.wmem_default). */
    public static final int UNRES_QLEN_BYTES = 212_992;

    private final NetNamespace ns;
    // Both looked up by key only; listings sort, so hash order never reaches output. A key is in
    // one of them at most. PERMANENT entries (flanneld's, one per peer VTEP: 4,999 per node in a
    // 5,000-node mesh) never change state, so they are rows of two arrays rather than objects;
    // every other entry runs the NUD state machine as a Neighbour object.
    private final Long2ObjectHashMap<Neighbour> entries = new Long2ObjectHashMap<>();
    private final LongRows permanent = new LongRows(2); // key, mac; object: the device
    private static final int MAC = 1;

    public NeighbourTable(NetNamespace ns) { this.ns = ns; }

    private static long key(NetDevice dev, int ip) {
        return ((long) dev.ifindex() << 32) | (ip & 0xFFFF_FFFFL);
    }

    /**
     * The entry for {@code ip} on {@code dev}, or null. For a PERMANENT entry this is a fresh object
     * each call, equal in every field to the entry (which cannot change until it is replaced).
     */
    public Neighbour get(NetDevice dev, int ip) {
        long key = key(dev, ip);
        Neighbour n = entries.get(key);
        if (n != null) {
            age(n);
            return n;
        }
        int slot = permanent.find(key);
        return slot < 0 ? null : permanentEntry(slot);
    }

    private Neighbour permanentEntry(int slot) {
        Neighbour n = new Neighbour((int) permanent.get(slot, 0), (NetDevice) permanent.ref(slot), NudState.PERMANENT);
        n.mac = permanent.get(slot, MAC);
        return n;
    }

    /** REACHABLE lasts base_reachable_time after the last confirmation; the kernel's timer then makes it STALE. */
    private void age(Neighbour n) {
        if (n.state == NudState.REACHABLE && ns.now() - n.confirmed >= BASE_REACHABLE_TIME) {
            n.state = NudState.STALE;
            n.updated = n.confirmed + BASE_REACHABLE_TIME;
        }
    }

    public int size() { return entries.size() + permanent.size(); }

    /** {@code ip neigh replace IP lladdr MAC dev DEV nud permanent}: what flanneld does for each VTEP. */
    public Neighbour addPermanent(NetDevice dev, int ip, long mac) {
        long key = key(dev, ip);
        int slot = permanent.insert(key, dev);
        permanent.set(slot, MAC, mac);
        Neighbour n = entries.remove(key);
        if (n == null) return permanentEntry(slot);
        // An entry that was resolving: it becomes PERMANENT and what waited on it leaves now.
        cancelTimer(n);
        n.mac = mac;
        n.state = NudState.PERMANENT;
        n.updated = ns.now();
        flushQueue(n, 0);
        return n;
    }

    /** {@code ip neigh del}. Packets still queued on it are dropped. */
    public boolean remove(NetDevice dev, int ip) {
        long key = key(dev, ip);
        if (permanent.remove(key)) return true;
        Neighbour n = entries.remove(key);
        if (n == null) return false;
        cancelTimer(n);
        dropQueue(n, DropReason.NEIGH_FAILED);
        return true;
    }

    public void removeDevice(NetDevice dev) {
        for (Neighbour n : list()) {
            if (n.device == dev) remove(dev, n.ip);
        }
    }

    /** Entries sorted by device index, then address. */
    public List<Neighbour> list() {
        List<Neighbour> l = new ArrayList<>(entries.values());
        for (Neighbour n : l) age(n);
        for (int s = 0; s < permanent.capacity(); s++) {
            if (permanent.inUse(s)) l.add(permanentEntry(s));
        }
        l.sort(Comparator.comparingInt((Neighbour n) -> n.device.ifindex()).thenComparing(n -> n.ip & 0xFFFF_FFFFL));
        return l;
    }

    /**
     * Sends {@code skb} (an IPv4 packet) to {@code nexthop} out of {@code dev}: fills in the Ethernet
     * header from a usable entry, or queues the packet and resolves (neigh_resolve_output).
     */
    public void output(NetDevice dev, int nexthop, Skb skb) {
        long key = key(dev, nexthop);
        int slot = permanent.find(key);
        if (slot >= 0) {
            long mac = permanent.get(slot, MAC);
            if (ns.tracing(skb.ctx)) ns.tracer().hop(skb, dev, HopAction.NEIGHBOUR, permanentEntry(slot).format(true));
            ns.stack().transmitFrame(dev, mac, skb);
            return;
        }
        Neighbour n = entries.get(key);
        long now = ns.now();
        if (n != null) age(n);
        // sock_confirm_neigh(): a TCP segment sent after its ACKs moved forward confirms every next
        // hop it passes through (the flag rides on the skb across veths, forwarding and VXLAN)
        if (n != null && skb.dstPendingConfirm) n.confirmed = now;
        if (n == null) {
            n = new Neighbour(nexthop, dev, NudState.INCOMPLETE);
            entries.put(key(dev, nexthop), n);
        }
        switch (n.state) {
            case PERMANENT, NOARP, REACHABLE, DELAY, PROBE -> send(n, skb);
            case STALE -> {
                n.state = NudState.DELAY;
                n.updated = now;
                Neighbour entry = n;
                n.timer = ns.sim().schedule(DELAY_FIRST_PROBE_TIME, () -> delayExpired(entry));
                send(n, skb);
            }
            case INCOMPLETE, FAILED -> {
                // Queue first: the answer may come back before solicit() returns.
                boolean start = n.state == NudState.FAILED || n.timer == null;
                if (start) {
                    n.state = NudState.INCOMPLETE;
                    n.updated = now;
                    n.probes = 0;
                    n.resolving = skb.ctx;
                }
                enqueue(n, skb);
                if (start) solicit(n, true, skb.delay);
            }
        }
    }

    private void send(Neighbour n, Skb skb) {
        if (ns.tracing(skb.ctx)) ns.tracer().hop(skb, n.device, HopAction.NEIGHBOUR, n.format(true));
        ns.stack().transmitFrame(n.device, n.mac, skb);
    }

    private void enqueue(Neighbour n, Skb skb) {
        int len = skb.buf.length();
        if (n.queue == null) n.queue = new ArrayDeque<>(2);
        while (!n.queue.isEmpty() && n.queuedBytes + len > UNRES_QLEN_BYTES) {
            Skb old = n.queue.pollFirst();
            n.queuedBytes -= old.buf.length();
            ns.tracer().drop(old, n.device, DropReason.NEIGH_QUEUE_FULL, n.format(true));
        }
        if (ns.tracing(skb.ctx)) {
            ns.tracer().hop(skb, n.device.namespace(), n.device.name(), HopAction.ARP_QUEUED, n.format(true),
                    n.resolving == null ? 0 : n.resolving.id());
        }
        skb.ctxEnqueuedAt = ns.now();
        n.queue.addLast(skb);
        n.queuedBytes += len;
    }

    /** Sends an ARP request (broadcast while INCOMPLETE, unicast while PROBE) and arms the retransmit timer. */
    private void solicit(Neighbour n, boolean broadcast, long delay) {
        n.probes++;
        // INCOMPLETE asks on behalf of the queued packets; PROBE re-confirms an entry in use, for no packet in particular.
        ns.stack().arp().sendRequest(n.device, n.ip, broadcast ? -1 : n.mac, delay, n.state == NudState.INCOMPLETE ? n.resolving : null);
        Neighbour entry = n;
        n.timer = ns.sim().schedule(RETRANS_TIME, () -> retransmit(entry));
    }

    private void retransmit(Neighbour n) {
        n.timer = null;
        if (entries.get(key(n.device, n.ip)) != n) return;
        if (n.state == NudState.INCOMPLETE) {
            if (n.probes < MCAST_SOLICIT) solicit(n, true, 0);
            else fail(n);
        } else if (n.state == NudState.PROBE) {
            if (n.probes < UCAST_SOLICIT) solicit(n, false, 0);
            else fail(n);
        }
    }

    private void delayExpired(Neighbour n) {
        n.timer = null;
        if (entries.get(key(n.device, n.ip)) != n || n.state != NudState.DELAY) return;
        if (n.confirmed >= n.updated) {
            n.state = NudState.REACHABLE;
            n.updated = ns.now();
        } else {
            n.state = NudState.PROBE;
            n.updated = ns.now();
            n.probes = 0;
            solicit(n, false, 0);
        }
    }

    private void fail(Neighbour n) {
        n.state = NudState.FAILED;
        n.updated = ns.now();
        while (hasQueue(n)) {
            Skb skb = n.queue.pollFirst();
            ns.tracer().drop(skb, n.device, DropReason.NEIGH_FAILED, n.format(true));
            // ipv4_link_failure(): the sender learns "Destination Host Unreachable".
            ns.stack().icmp().hostUnreachable(skb);
        }
        n.queuedBytes = 0;
    }

    private static boolean hasQueue(Neighbour n) { return n.queue != null && !n.queue.isEmpty(); }

    /**
     * An ARP packet from {@code ip}/{@code mac} arrived on {@code dev} (arp_process). A reply, or a
     * request addressed to us, confirms an existing entry; a request addressed to us also creates a
     * STALE entry for its sender, so that the answer can be sent without asking back.
     */
    public void learn(NetDevice dev, int ip, long mac, boolean requestForUs, boolean isReply, long delay) {
        Neighbour n = entries.get(key(dev, ip));
        if (n == null && permanent.find(key(dev, ip)) >= 0) return; // PERMANENT: nothing to learn
        if (n == null) {
            if (!requestForUs) return; // arp_accept=0: unsolicited replies create nothing
            n = new Neighbour(ip, dev, NudState.STALE);
            n.mac = mac;
            n.updated = ns.now();
            entries.put(key(dev, ip), n);
            return;
        }
        if (n.state == NudState.PERMANENT || n.state == NudState.NOARP) return;
        boolean macChanged = n.mac != mac;
        n.mac = mac;
        if (isReply) {
            // A reply confirms reachability, whatever the state.
            cancelTimer(n);
            n.state = NudState.REACHABLE;
            n.confirmed = ns.now();
            n.updated = ns.now();
            n.probes = 0;
        } else if (n.state == NudState.INCOMPLETE || n.state == NudState.FAILED || macChanged) {
            // A request tells us its sender's MAC but confirms nothing: STALE until proven.
            cancelTimer(n);
            n.state = NudState.STALE;
            n.updated = ns.now();
            n.probes = 0;
        }
        // Otherwise (DELAY, PROBE, REACHABLE, STALE with the same MAC) the state and its timer stand.
        flushQueue(n, delay);
    }

    /** Sends what waited for this entry; nothing leaves before the answer that released it arrived. */
    private void flushQueue(Neighbour n, long delay) {
        while (hasQueue(n)) {
            Skb skb = n.queue.pollFirst();
            long waited = ns.now() - skb.ctxEnqueuedAt;
            skb.delay = Math.max(0, Math.max(skb.delay - waited, delay));
            send(n, skb);
        }
        n.queuedBytes = 0;
    }

    private void dropQueue(Neighbour n, DropReason reason) {
        while (hasQueue(n)) {
            ns.tracer().drop(n.queue.pollFirst(), n.device, reason, n.format(true));
        }
        n.queuedBytes = 0;
    }

    private void cancelTimer(Neighbour n) {
        if (n.timer != null) {
            ns.sim().cancel(n.timer);
            n.timer = null;
        }
    }
}
