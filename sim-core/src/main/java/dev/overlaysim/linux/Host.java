package dev.overlaysim.linux;

import dev.overlaysim.engine.Durations;
import dev.overlaysim.linux.proc.UserProcess;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A Linux machine: its root network namespace, the namespaces of its containers, and the user
 * processes that run on it.
 */
public final class Host {
    private final World world;
    private final String name;
    private final NetNamespace root;
    private final List<NetNamespace> namespaces = new ArrayList<>();
    private final List<UserProcess> processes = new ArrayList<>();
    // The same objects as the world's log (the tracer's); text is formatted when asked for.
    private final List<Tracer.LogLine> log = new ArrayList<>();
    private int verboseKept;
    private long verboseNotKept;
    private final java.util.TreeMap<String, String> files = new java.util.TreeMap<>();
    /** The default number of CPUs: the 2-vCPU machines the cost model was measured on. */
    public static final int DEFAULT_CPUS = 2;
    private Machine machine;

    Host(World world, String name) {
        this.world = world;
        this.name = name;
        cpus(DEFAULT_CPUS);
        this.root = new NetNamespace(this, name, true);
        namespaces.add(root);
    }

    public World world() { return world; }

    /** Makes this host a machine of its own with {@code count} CPUs; before any work runs on them. */
    public void cpus(int count) {
        machine = new Machine(world, name, count);
    }

    /** Runs this host on {@code shared}, whose CPUs other hosts use too (one machine, many nodes); before any work runs. */
    public void placeOn(Machine shared) {
        if (shared.world() != world) throw new IllegalArgumentException(shared + " belongs to another world");
        machine = shared;
    }

    /** The machine whose CPUs run this host's work: its own, or one it shares. */
    public Machine machine() { return machine; }

    /** The CPUs this host's work runs on: its machine's. */
    public List<Cpu> cpus() { return machine.cpus(); }
    public int cpuCount() { return machine.cpuCount(); }
    public Cpu cpu(int index) { return machine.cpu(index); }

    /** Where a woken process of this host runs: {@link Machine#pickCpu}. */
    public Cpu pickCpu(Cpu last, Cpu waker) { return machine.pickCpu(last, waker); }

    public String name() { return name; }
    public NetNamespace root() { return root; }
    public List<NetNamespace> namespaces() { return Collections.unmodifiableList(namespaces); }

    /** {@code ip netns add}: a container's namespace, named after the container. */
    public NetNamespace addNamespace(String displayName) {
        NetNamespace ns = new NetNamespace(this, displayName, false);
        namespaces.add(ns);
        return ns;
    }

    public void removeNamespace(NetNamespace ns) {
        namespaces.remove(ns);
    }

    public <P extends UserProcess> P start(P process) {
        processes.add(process);
        process.start();
        return process;
    }

    public void stop(UserProcess process) {
        process.exit();
        processes.remove(process);
    }

    public List<UserProcess> processes() { return Collections.unmodifiableList(processes); }

    /** A line of a daemon's log (journalctl), stamped with simulated time; it also joins the world's trace. */
    public void log(String source, String line) {
        Tracer.LogLine l = new Tracer.LogLine(world.sim().now(), name, source, line);
        log.add(l);
        world.tracer().log(l);
    }

    /**
     * Asks before logging a verbose line (what flanneld logs at klog {@code V(2)}, such as
     * "adding subnet: ..." once per peer lease): true while this host has kept fewer than
     * {@link Tracer#verboseLinesPerHost()} of them. The first refusal logs one note that later
     * verbose lines are not kept; every refusal is counted. Callers skip building the text when
     * this says no, so a 5,000-node mesh does not spend its heap on 25 million log lines.
     */
    public boolean keepVerboseLine(String source) {
        if (verboseKept < world.tracer().verboseLinesPerHost()) {
            verboseKept++;
            return true;
        }
        if (verboseNotKept++ == 0) {
            log(source, "(overlaysim: " + verboseKept + " verbose lines kept; later V(2) lines of this host are counted, not kept)");
        }
        return false;
    }

    /** Verbose lines refused by {@link #keepVerboseLine} so far. */
    public long verboseLinesNotKept() { return verboseNotKept; }

    /** Files the model writes on the host ({@code /run/flannel/subnet.env}), by absolute path. */
    public java.util.Optional<String> file(String path) { return java.util.Optional.ofNullable(files.get(path)); }
    public void writeFile(String path, String content) { files.put(path, content); }
    public void deleteFile(String path) { files.remove(path); }

    /** This host's log, one {@code "<seconds.nanos> <source>: <text>"} string per line, oldest first. */
    public List<String> logLines() {
        return new java.util.AbstractList<>() {
            @Override public String get(int i) {
                Tracer.LogLine l = log.get(i);
                return Durations.timestamp(l.time()) + " " + l.source() + ": " + l.text();
            }

            @Override public int size() { return log.size(); }
        };
    }

    @Override public String toString() { return name; }
}
