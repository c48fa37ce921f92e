package dev.overlaysim.linux;

import dev.overlaysim.engine.Simulator;
import dev.overlaysim.linux.device.L2Segment;
import dev.overlaysim.trace.Flow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one simulation holds: the engine, the cost model, the tracer, the hosts and the
 * underlay segments between them, and the traffic flows being measured. Nothing is static, so
 * worlds are independent of each other.
 */
public final class World {
    private final Simulator sim;
    private final CostModel costs;
    private final Tracer tracer;
    private final SkbCache skbs = new SkbCache();
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final Map<String, L2Segment> segments = new LinkedHashMap<>();
    private final Map<String, Flow> flows = new LinkedHashMap<>();

    public World(long seed, CostModel costs) {
        this.sim = new Simulator(seed);
        this.costs = costs;
        this.tracer = new Tracer(sim);
    }

    public World(long seed) { this(seed, CostModel.DEFAULT); }

    public Simulator sim() { return sim; }

    private Cpu running;

    /** The CPU whose work item is executing now, or null outside one (timers, the control plane). */
    public Cpu running() { return running; }
    void running(Cpu cpu) { this.running = cpu; }

    /**
     * Charges {@code nanos} of work to the CPU running now: the one place work takes CPU time.
     * Outside a CPU's work item (a kernel timer, the control plane) work takes time but no CPU.
     */
    public void charge(long nanos) {
        if (running != null) running.charge(nanos);
    }
    public CostModel costs() { return costs; }
    public Tracer tracer() { return tracer; }
    /** Where consumed skbs wait to be allocated again (the slab cache of one simulated kernel's worth of hosts). */
    public SkbCache skbs() { return skbs; }

    public Host addHost(String name) {
        if (hosts.containsKey(name)) throw new IllegalArgumentException("duplicate host " + name);
        Host h = new Host(this, name);
        hosts.put(name, h);
        return h;
    }

    /**
     * A machine that several hosts share ({@link Host#placeOn}): the nodes of a testbed that are
     * network namespaces on one machine.
     */
    public Machine addMachine(String name, int cpus) {
        return new Machine(this, name, cpus);
    }

    public Host host(String name) {
        Host h = hosts.get(name);
        if (h == null) throw new IllegalArgumentException("no host named " + name + "; the hosts are: " + String.join(", ", hosts.keySet()));
        return h;
    }

    public List<Host> hosts() { return Collections.unmodifiableList(new ArrayList<>(hosts.values())); }

    public L2Segment addSegment(String name, long latencyNanos, long bitsPerSecond) {
        L2Segment s = new L2Segment(this, name, latencyNanos, bitsPerSecond);
        segments.put(name, s);
        return s;
    }

    public L2Segment segment(String name) { return segments.get(name); }
    public List<L2Segment> segments() { return new ArrayList<>(segments.values()); }

    public Flow addFlow(Flow flow) {
        if (flows.putIfAbsent(flow.name(), flow) != null) throw new IllegalArgumentException("duplicate flow " + flow.name());
        return flow;
    }

    public Flow flow(String name) { return flows.get(name); }
    public List<Flow> flows() { return new ArrayList<>(flows.values()); }

    /** Finds a namespace by its display name: a host's name for its root namespace, or a container's name. */
    public NetNamespace namespace(String name) {
        for (Host h : hosts.values()) {
            for (NetNamespace ns : h.namespaces()) {
                if (ns.displayName().equals(name)) return ns;
            }
        }
        return null;
    }
}
