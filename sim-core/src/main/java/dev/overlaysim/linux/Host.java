package dev.overlaysim.linux;

import dev.overlaysim.linux.proc.Process;

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
    private final List<Process> processes = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private final java.util.TreeMap<String, String> files = new java.util.TreeMap<>();

    Host(World world, String name) {
        this.world = world;
        this.name = name;
        this.root = new NetNamespace(this, name, true);
        namespaces.add(root);
    }

    public World world() { return world; }
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

    public <P extends Process> P start(P process) {
        processes.add(process);
        process.start();
        return process;
    }

    public void stop(Process process) {
        process.exit();
        processes.remove(process);
    }

    public List<Process> processes() { return Collections.unmodifiableList(processes); }

    /** A line of a daemon's log (journalctl), stamped with simulated time; it also joins the world's trace. */
    public void log(String source, String line) {
        log.add(dev.overlaysim.engine.Durations.timestamp(world.sim().now()) + " " + source + ": " + line);
        world.tracer().log(world.sim().now(), name, source, line);
    }

    /** Files the model writes on the host ({@code /run/flannel/subnet.env}), by absolute path. */
    public java.util.Optional<String> file(String path) { return java.util.Optional.ofNullable(files.get(path)); }
    public void writeFile(String path, String content) { files.put(path, content); }
    public void deleteFile(String path) { files.remove(path); }

    public List<String> logLines() { return Collections.unmodifiableList(log); }

    @Override public String toString() { return name; }
}
