package dev.overlaysim.scenarios.twin;

import dev.overlaysim.flannel.backend.UdpProxy;
import dev.overlaysim.linux.Host;
import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.World;
import dev.overlaysim.linux.device.Bridge;
import dev.overlaysim.linux.device.InterfaceAddress;
import dev.overlaysim.linux.device.L2Segment;
import dev.overlaysim.linux.device.Loopback;
import dev.overlaysim.linux.device.NetDevice;
import dev.overlaysim.linux.device.Nic;
import dev.overlaysim.linux.device.TunDevice;
import dev.overlaysim.linux.device.Veth;
import dev.overlaysim.linux.device.VxlanDevice;
import dev.overlaysim.linux.proc.UserProcess;
import dev.overlaysim.linux.table.FdbEntry;
import dev.overlaysim.linux.table.Neighbour;
import dev.overlaysim.linux.table.NudState;
import dev.overlaysim.linux.table.Route;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.MacAddress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel side of a twin: the simulated world's hosts and containers rebuilt as real network
 * namespaces named {@code osim-<pid>-<name>}, programmed with what the simulated flanneld and
 * Docker left in the world at the end of the run (devices, MACs, MTUs, addresses, routes,
 * permanent neighbours, VXLAN FDB entries, flanneld's UDP forwarder), nothing derived anew.
 * The underlay segments become bridges in one more namespace, {@code osim-<pid>-underlay}, with
 * each node's eth0 a veth into it. {@link #close()} ends every process the lab started and
 * deletes every namespace it made (devices go with their namespaces).
 */
final class NetnsTestbed implements AutoCloseable {
    /** Namespaces a twin makes start with this, then the creating JVM's pid and a dash. */
    static final String PREFIX = "osim-";
    private static final Pattern OURS = Pattern.compile("^" + PREFIX + "(\\d+)-\\S+");

    /**
     * Sysctls set in every namespace, with why: each keeps the kernel where the model is (or where
     * a captured frame would otherwise carry something the model does not produce).
     */
    static final Map<String, String> SYSCTLS = sysctls();

    private static Map<String, String> sysctls() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("net.ipv6.conf.all.disable_ipv6=1", "no IPv6 in the model: no router/neighbour solicitations, MLD reports or link-local addresses on the wire");
        m.put("net.ipv6.conf.default.disable_ipv6=1", "the same for every device created after it");
        m.put("net.ipv4.conf.all.rp_filter=0", "reverse-path filtering off, as in the model (a host's init namespace may set 1 or 2 through systemd)");
        m.put("net.ipv4.conf.default.rp_filter=0", "the same for every device created after it");
        m.put("net.ipv4.conf.all.arp_ignore=0", "kernel default, written out: answer ARP for any local address on any device, as the model does");
        m.put("net.ipv4.conf.all.arp_announce=0", "kernel default, written out: ARP requests take the packet's source address when it is local");
        m.put("net.ipv4.conf.all.igmpv3_unsolicited_report_interval=10", "a bridge with multicast snooping (docker0, Docker's default) joins "
                + "224.0.0.106 when it gets an address and sends IGMPv3 reports, retransmitted within this interval (default 1000 ms): "
                + "10 ms ends them while the lab is built, before the scenario's time 0");
        m.put("net.ipv4.conf.default.igmpv3_unsolicited_report_interval=10", "the same for every device created after it");
        m.put("net.ipv4.conf.all.arp_notify=0", "kernel default, written out: no gratuitous ARP when a device comes up");
        m.put("net.ipv4.tcp_rmem=4096 131072 6291456", "Linux's defaults, as the model's TCP has them: the SYN's window 64240 and scale 7 follow "
                + "from them (a machine that raised tcp_rmem[2], as this one's 33554432, would announce scale 10)");
        m.put("net.ipv4.tcp_wmem=4096 16384 4194304", "Linux's defaults, as the model's send buffer starts and grows");
        return m;
    }

    private final Shell shell;
    private final String prefix;
    private final Path helper;
    private final World world;
    private final Path workDir;
    private final boolean keep;
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final Map<NetDevice, String> netnsOf = new IdentityHashMap<>();
    private final List<Forwarder> forwarders = new ArrayList<>();
    private boolean closed;

    NetnsTestbed(Shell shell, String prefix, Path helper, World world, Path workDir, boolean keep) {
        this.workDir = workDir;
        this.keep = keep;
        this.shell = shell;
        this.prefix = prefix;
        this.helper = helper;
        this.world = world;
    }

    /** {@code osim-<pid>-} for this JVM. */
    static String prefixForThisProcess() { return PREFIX + ProcessHandle.current().pid() + "-"; }

    String prefix() { return prefix; }

    /** The compiled helper (forwarder, UDP sender and receiver). */
    String helperPath() {
        if (helper == null) throw new TwinException(TwinException.Kind.INTERNAL, "the helper was not built for this lab");
        return helper.toString();
    }

    /** The kernel namespace that mirrors a simulated one. */
    String netns(NetNamespace ns) { return prefix + ns.displayName(); }

    String underlayNetns() { return prefix + "underlay"; }

    List<String> namespaces() { return List.copyOf(namespaces); }

    /** One node's UDP forwarder (flanneld's proxy): its process (the helper itself: ip netns exec execs it) and its TUN device. */
    record Forwarder(String host, Process process, String tun) {}

    /** The UDP forwarders started, one per node of a UDP-backend lab, in the world's host order. */
    List<Forwarder> forwarders() { return List.copyOf(forwarders); }

    // ------------------------------------------------------------------ build

    void build() {
        List<NetNamespace> all = new ArrayList<>();
        for (Host h : world.hosts()) all.addAll(h.namespaces());
        addNetns(underlayNetns());
        for (NetNamespace ns : all) addNetns(netns(ns));
        // The underlay: a bridge per segment, stp off (its default), no address.
        Map<L2Segment, String> bridges = new LinkedHashMap<>();
        int i = 0;
        for (L2Segment s : world.segments()) {
            String br = "seg" + i++;
            bridges.put(s, br);
            shell.run("ip", "-n", underlayNetns(), "link", "add", "name", br, "type", "bridge");
            shell.run("ip", "-n", underlayNetns(), "link", "set", br, "up");
        }
        // Devices other than VXLAN (which needs its underlay device first), in the model's order.
        int port = 0;
        Set<NetDevice> created = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (NetNamespace ns : all) {
            for (NetDevice d : ns.devices()) {
                netnsOf.put(d, netns(ns));
                if (d instanceof Loopback || created.contains(d)) continue;
                if (d instanceof Nic nic) {
                    String up = "u" + port++ + "-" + truncate(ns.displayName(), 10);
                    shell.run("ip", "-n", netns(ns), "link", "add", "name", d.name(), "address", mac(d), "mtu", mtu(d),
                            "type", "veth", "peer", "name", up, "netns", underlayNetns());
                    shell.run("ip", "-n", underlayNetns(), "link", "set", up, "mtu", mtu(d), "master", bridges.get(nic.segment()));
                    offload(underlayNetns(), up);
                    shell.run("ip", "-n", underlayNetns(), "link", "set", up, "up");
                } else if (d instanceof Veth v) {
                    Veth p = v.peer();
                    shell.run("ip", "-n", netns(ns), "link", "add", "name", v.name(), "address", mac(v), "mtu", mtu(v),
                            "type", "veth", "peer", "name", p.name(), "address", mac(p), "mtu", mtu(p), "netns", netns(p.namespace()));
                    created.add(p);
                } else if (d instanceof Bridge) {
                    shell.run("ip", "-n", netns(ns), "link", "add", "name", d.name(), "address", mac(d), "mtu", mtu(d), "type", "bridge");
                } else if (d instanceof TunDevice) {
                    shell.run("ip", "-n", netns(ns), "tuntap", "add", "dev", d.name(), "mode", "tun");
                    shell.run("ip", "-n", netns(ns), "link", "set", d.name(), "mtu", mtu(d));
                } else if (!(d instanceof VxlanDevice)) {
                    throw new TwinException(TwinException.Kind.BAD_INPUT, "the twin cannot mirror device " + d + " of kind '" + d.kind() + "'");
                }
                created.add(d);
            }
        }
        for (NetNamespace ns : all) {
            for (NetDevice d : ns.devices()) {
                if (d instanceof VxlanDevice v) {
                    List<String> cmd = new ArrayList<>(List.of("ip", "-n", netns(ns), "link", "add", "name", v.name(), "address", mac(v),
                            "mtu", mtu(v), "type", "vxlan", "id", Integer.toString(v.vni()), "local", Ipv4Address.toString(v.local()),
                            "dev", v.underlay().name(), "dstport", Integer.toString(v.dstPort())));
                    cmd.add(v.learning() ? "learning" : "nolearning");
                    shell.run(cmd.toArray(String[]::new));
                }
            }
        }
        // Bridge ports, checksum offload off, addresses, up — in the model's order.
        for (NetNamespace ns : all) {
            shell.run("ip", "-n", netns(ns), "link", "set", "lo", "up");
            for (NetDevice d : ns.devices()) {
                if (d instanceof Loopback) continue;
                if (d.master() != null) shell.run("ip", "-n", netns(ns), "link", "set", d.name(), "master", d.master().name());
                offload(netns(ns), d.name());
                for (InterfaceAddress a : d.addresses()) {
                    List<String> cmd = new ArrayList<>(List.of("ip", "-n", netns(ns), "addr", "add", a.toString()));
                    if (a.prefixLength() < 31) cmd.addAll(List.of("brd", "+"));
                    cmd.addAll(List.of("dev", d.name()));
                    shell.run(cmd.toArray(String[]::new));
                }
            }
            for (NetDevice d : ns.devices()) {
                if (!(d instanceof Loopback) && d.isUp()) shell.run("ip", "-n", netns(ns), "link", "set", d.name(), "up");
            }
            shell.run("ip", "netns", "exec", netns(ns), "sysctl", "-q", "-w", "net.ipv4.ip_forward=" + (ns.ipForward() ? 1 : 0));
        }
        // Tables, as flanneld and Docker left them: neighbour, then FDB, then routes (flanneld's order).
        for (NetNamespace ns : all) {
            for (Neighbour n : ns.neighbours().list()) {
                if (n.state() != NudState.PERMANENT) continue; // learned by ARP during the run: the kernel learns its own
                shell.run("ip", "-n", netns(ns), "neigh", "add", Ipv4Address.toString(n.ip()), "lladdr", MacAddress.toString(n.mac()),
                        "dev", n.device().name(), "nud", "permanent");
            }
            for (NetDevice d : ns.devices()) {
                if (!(d instanceof VxlanDevice v)) continue;
                for (FdbEntry e : v.fdb().list(world.sim().now())) {
                    if (!e.permanent() || e.dst() == 0) continue;
                    shell.run("bridge", "-n", netns(ns), "fdb", "append", MacAddress.toString(e.mac()), "dev", v.name(),
                            "dst", Ipv4Address.toString(e.dst()), "self", "permanent");
                }
            }
            for (Route r : ns.routes().routes()) {
                if (r.proto() == Route.Proto.KERNEL) continue; // the kernel adds connected routes itself
                shell.run(routeAdd(netns(ns), r).toArray(String[]::new));
            }
        }
        // blockIcmp: the model's iptables rules, as policy routing (this kernel has no netfilter).
        for (NetNamespace ns : all) {
            if (ns.icmpBlocked()) for (List<String> cmd : blockIcmp(netns(ns))) shell.run(cmd.toArray(String[]::new));
        }
        // flanneld's UDP data path.
        for (Host h : world.hosts()) {
            for (UserProcess p : h.processes()) {
                if (p instanceof UdpProxy proxy) startForwarder(h, proxy);
            }
        }
    }

    /**
     * The model's {@code iptables -A OUTPUT -p icmp -j DROP} and {@code -A FORWARD -p icmp -j DROP}
     * as policy-routing rules, for a kernel built without netfilter: a {@code blackhole} rule fails
     * the route lookup (EINVAL), and a failed lookup sends nothing: icmp_send() gives up when
     * icmp_route_lookup() fails, icmp_reply() when ip_route_output_key() does, and a forwarded ICMP
     * packet is dropped in ip_route_input_slow() without an answer (ip_error() answers EINVAL with
     * nothing). Locally
     * generated packets are looked up with iif lo, so pref 10 is OUTPUT, for every destination
     * (the local table, moved from pref 0 to 100, comes after it: ICMP to the namespace itself is
     * blocked too, as OUTPUT blocks it). Pref 101, after the local table, is FORWARD: ICMP to one of
     * the namespace's own addresses is still delivered, as the two iptables rules leave INPUT alone.
     */
    static List<List<String>> blockIcmp(String netns) {
        return List.of(
                List.of("ip", "-n", netns, "rule", "add", "pref", "10", "iif", "lo", "ipproto", "icmp", "blackhole"),
                List.of("ip", "-n", netns, "rule", "add", "pref", "100", "lookup", "local"),
                List.of("ip", "-n", netns, "rule", "del", "pref", "0"),
                List.of("ip", "-n", netns, "rule", "add", "pref", "101", "ipproto", "icmp", "blackhole"));
    }

    private static String truncate(String s, int n) { return s.length() <= n ? s : s.substring(0, n); }

    private synchronized void addNetns(String name) {
        if (closed) throw new TwinException(TwinException.Kind.INTERNAL, "the lab was closed while it was being built (interrupted)");
        shell.run("ip", "netns", "add", name);
        namespaces.add(name);
        for (String s : SYSCTLS.keySet()) shell.run("ip", "netns", "exec", name, "sysctl", "-q", "-w", s);
    }

    private void offload(String netns, String dev) {
        // Checksum offload off: a capture taken where the kernel would leave the checksum to the
        // "hardware" (CHECKSUM_PARTIAL) would show a partial sum instead of the final bytes. GRO and
        // GSO off too: the model has neither, and tcpdump would see a TCP flow's segments merged
        // (a VXLAN device's GRO cells hand up one 5000-byte packet for four segments) or not yet cut.
        Shell.Result r = shell.tryRun("ip", "netns", "exec", netns, "ethtool", "-K", dev, "tx", "off", "rx", "off", "gro", "off", "gso", "off",
                "tso", "off");
        if (r.exitCode() != 0 && !r.err().contains("Could not change any device features")) {
            throw new TwinException(TwinException.Kind.INTERNAL, "ethtool -K " + dev + " tx off rx off gro off gso off tso off in " + netns + " failed: " + r.err().strip());
        }
    }

    private static String mac(NetDevice d) { return MacAddress.toString(d.mac()); }

    private static String mtu(NetDevice d) { return Integer.toString(d.mtu()); }

    static List<String> routeAdd(String netns, Route r) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", netns, "route", "add",
                r.prefix().length() == 0 ? "default" : r.prefix().toString()));
        if (r.hasGateway()) cmd.addAll(List.of("via", Ipv4Address.toString(r.gateway())));
        cmd.addAll(List.of("dev", r.device().name()));
        if (r.proto() == Route.Proto.STATIC) cmd.addAll(List.of("proto", "static"));
        if (r.scope() == Route.Scope.LINK && r.hasGateway()) cmd.addAll(List.of("scope", "link"));
        if (r.scope() == Route.Scope.HOST) cmd.addAll(List.of("scope", "host"));
        if (r.src() != 0) cmd.addAll(List.of("src", Ipv4Address.toString(r.src())));
        if (r.metric() != 0) cmd.addAll(List.of("metric", Integer.toString(r.metric())));
        if (r.onlink()) cmd.add("onlink");
        return cmd;
    }

    private void startForwarder(Host h, UdpProxy proxy) {
        NetDevice tun = null;
        for (NetDevice d : h.root().devices()) if (d instanceof TunDevice) tun = d;
        if (tun == null) throw new TwinException(TwinException.Kind.BAD_INPUT, h.name() + " runs flanneld's UDP proxy without a TUN device");
        int publicIp = 0;
        for (NetDevice d : h.root().devices()) if (d instanceof Nic) publicIp = d.primaryAddress();
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", netns(h.root()), helper.toString(), "forward", tun.name(),
                Ipv4Address.toString(publicIp), Integer.toString(proxy.port()), Ipv4Address.toString(tun.primaryAddress())));
        for (UdpProxy.Entry e : proxy.routes()) cmd.add(e.subnet() + "=" + Ipv4Address.toString(e.publicIp()));
        Path log = workDir.resolve("forwarder-" + h.name() + ".log");
        Process p = startBackground(cmd, log, keep);
        awaitLine(p, log, "ready", "the UDP forwarder on " + h.name());
        forwarders.add(new Forwarder(h.name(), p, tun.name()));
    }

    // ------------------------------------------------------------- processes

    /**
     * Starts a process that runs beside the lab (tcpdump, a forwarder, a UDP server, ping), its
     * stdout and stderr going to {@code log}; {@link #close} ends it. A process started with
     * {@code keepAlive} is told (OSIM_HELPER_KEEP) not to die with the JVM.
     */
    Process startBackground(List<String> command, Path log, boolean keepAlive) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            if (keepAlive) pb.environment().put("OSIM_HELPER_KEEP", "1");
            Process p = pb.start();
            synchronized (processes) { processes.add(p); }
            return p;
        } catch (IOException e) {
            throw new TwinException(TwinException.Kind.MISSING, "cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }

    /** Waits (5 s at most) until {@code log} holds a line containing {@code marker}. */
    static void awaitLine(Process p, Path log, String marker, String what) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            String text = read(log);
            if (text.contains(marker)) return;
            if (!p.isAlive()) {
                throw new TwinException(TwinException.Kind.INTERNAL, what + " exited (" + p.exitValue() + ") before it was ready: " + text.strip());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TwinException(TwinException.Kind.INTERNAL, "interrupted while waiting for " + what, e);
            }
        }
        throw new TwinException(TwinException.Kind.INTERNAL, what + " was not ready after 5 s: " + read(log).strip());
    }

    static String read(Path file) {
        try {
            return java.nio.file.Files.exists(file) ? java.nio.file.Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Ends one background process: SIGTERM, then SIGKILL after two seconds. */
    static void end(Process p) {
        if (!p.isAlive()) return;
        p.destroy();
        try {
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- cleanup

    /** Ends every process the lab started, then deletes its namespaces. Safe to call twice and from a shutdown hook. */
    @Override public synchronized void close() {
        if (closed) return;
        closed = true;
        List<Process> ps;
        synchronized (processes) { ps = new ArrayList<>(processes); }
        for (Process p : ps) end(p);
        for (String ns : namespaces) deleteNetns(shell, ns);
    }

    boolean closed() { return closed; }

    /** Kills what still runs inside a namespace of ours (by pid, from {@code ip netns pids}) and deletes it. */
    static void deleteNetns(Shell shell, String ns) {
        Shell.Result pids = shell.tryRun("ip", "netns", "pids", ns);
        if (pids.exitCode() == 0) {
            for (String pid : pids.out().split("\\s+")) {
                if (pid.isBlank()) continue;
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        shell.tryRun("ip", "netns", "del", ns);
    }

    /** Our namespaces now present on the machine: name → pid of the JVM that made it. */
    static Map<String, Long> ourNamespaces(Shell shell) {
        Map<String, Long> out = new LinkedHashMap<>();
        Shell.Result r = shell.tryRun("ip", "netns", "list");
        if (r.exitCode() != 0) return out;
        for (String line : r.out().split("\n")) {
            Matcher m = OURS.matcher(line.strip());
            if (m.find()) out.put(line.strip().split("\\s+")[0], Long.parseLong(m.group(1)));
        }
        return out;
    }

    /**
     * Removes the namespaces of twin runs whose JVM is gone (killed with SIGKILL, or a machine
     * crash before the shutdown hook ran), with whatever still runs in them. Returns their names.
     */
    static List<String> sweepStale(Shell shell) {
        List<String> removed = new ArrayList<>();
        for (Map.Entry<String, Long> e : ourNamespaces(shell).entrySet()) {
            if (ProcessHandle.of(e.getValue()).map(ProcessHandle::isAlive).orElse(false)) continue;
            deleteNetns(shell, e.getKey());
            removed.add(e.getKey());
        }
        return removed;
    }
}
