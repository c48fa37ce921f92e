package dev.overlaysim.scenarios.run;

import dev.overlaysim.flannel.FlannelCluster;
import dev.overlaysim.flannel.Flanneld;
import dev.overlaysim.flannel.etcd.EtcdctlOutput;
import dev.overlaysim.flannel.etcd.EtcdctlView;
import dev.overlaysim.linux.NetNamespace;
import dev.overlaysim.linux.World;
import dev.overlaysim.linux.render.Iproute2;
import dev.overlaysim.protocols.addr.AddressFormatException;
import dev.overlaysim.protocols.addr.Ipv4Address;

import java.util.Arrays;
import java.util.List;

/**
 * The commands {@code overlaysim show} answers, printed exactly as the real tools print them:
 * iproute2's {@code ip route [get A]}, net-tools' {@code route -n} (as the seed shows the VXLAN route), {@code ip neigh [show dev D]}, {@code bridge fdb show [dev D]},
 * {@code ip addr}, {@code ip -d link [show D]}, {@code ip -s link [show D]}; etcdctl's
 * {@code get [--prefix] KEY} (v3), {@code ls KEY} and {@code --v2 get KEY} (v2, as the seed shows);
 * {@code cat /run/flannel/subnet.env}; and the load counters: {@code nstat -az} (its UDP lines),
 * {@code cat /proc/net/softnet_stat} and {@code cat /proc/stat} (its cpu lines), at the end of the run.
 */
public final class HostCommands {
    /** The commands, as the help lists them. */
    public static final List<String> SUPPORTED = List.of(
            "ip route", "ip route get ADDRESS", "route -n", "iptables -S", "ip link [show DEV]", "ip neigh [show dev DEV]", "bridge fdb show [dev DEV]", "ip addr",
            "ip -d link [show DEV]", "ip -s link [show DEV]", "etcdctl get [--prefix] KEY", "etcdctl ls KEY",
            "etcdctl get --v2 KEY", "cat /run/flannel/subnet.env", "nstat -az", "cat /proc/net/softnet_stat", "cat /proc/stat");

    /** A command the simulator does not know; the message lists what it does know. */
    public static final class UnknownCommandException extends RuntimeException {
        public UnknownCommandException(String message) { super(message); }
    }

    /** What the command printed and its exit status. */
    public record Output(String stdout, String stderr, int exitCode) {}

    private HostCommands() {}

    public static Output run(World world, FlannelCluster cluster, String where, String command) {
        List<String> w = Arrays.stream(command.trim().split("\\s+")).filter(x -> !x.isEmpty()).toList();
        if (w.isEmpty()) throw unknown(command);
        if (w.get(0).equals("etcdctl")) return etcdctl(cluster, w, command);
        NetNamespace ns = world.namespace(where);
        if (ns == null) {
            throw new UnknownCommandException("no node, router or container named '" + where + "'");
        }
        String out;
        if (w.equals(List.of("ip", "route")) || w.equals(List.of("ip", "route", "show")) || w.equals(List.of("ip", "r"))) {
            out = Iproute2.ipRoute(ns);
        } else if (w.equals(List.of("iptables", "-S"))) {
            out = dev.overlaysim.linux.render.NetTools.iptablesS(ns);
        } else if (w.equals(List.of("route", "-n"))) {
            out = dev.overlaysim.linux.render.NetTools.routeN(ns);
        } else if (w.size() == 4 && w.subList(0, 3).equals(List.of("ip", "route", "get"))) {
            int dst;
            try {
                dst = Ipv4Address.parseInt(w.get(3));
            } catch (AddressFormatException e) {
                return new Output("", "Error: any valid prefix is expected rather than \"" + w.get(3) + "\".\n", 1);
            }
            out = Iproute2.ipRouteGet(ns, dst);
        } else if (w.equals(List.of("ip", "neigh")) || w.equals(List.of("ip", "neigh", "show"))) {
            out = Iproute2.ipNeigh(ns);
        } else if (w.size() == 5 && w.subList(0, 4).equals(List.of("ip", "neigh", "show", "dev"))) {
            out = Iproute2.ipNeighShowDev(ns, device(ns, w.get(4)));
        } else if (w.equals(List.of("bridge", "fdb", "show")) || w.equals(List.of("bridge", "fdb"))) {
            out = Iproute2.bridgeFdbShow(ns);
        } else if (w.size() == 5 && w.subList(0, 4).equals(List.of("bridge", "fdb", "show", "dev"))) {
            out = Iproute2.bridgeFdbShowDev(ns, device(ns, w.get(4)));
        } else if (w.size() == 4 && w.subList(0, 3).equals(List.of("bridge", "fdb", "show"))) {
            // the seed writes "bridge fdb show flannel.1": iproute2 takes a bare device name too
            out = Iproute2.bridgeFdbShowDev(ns, device(ns, w.get(3)));
        } else if (w.equals(List.of("ip", "addr")) || w.equals(List.of("ip", "addr", "show")) || w.equals(List.of("ip", "a"))) {
            out = Iproute2.ipAddr(ns);
        } else if (w.size() >= 2 && w.subList(0, 2).equals(List.of("ip", "link"))) {
            out = Iproute2.ipLink(ns, linkDevice(ns, w.subList(0, 1).isEmpty() ? w : prepend(w), command));
        } else if (w.size() >= 3 && w.subList(0, 3).equals(List.of("ip", "-d", "link"))) {
            out = Iproute2.ipLinkDetails(ns, linkDevice(ns, w, command));
        } else if (w.size() >= 3 && w.subList(0, 3).equals(List.of("ip", "-s", "link"))) {
            out = Iproute2.ipStatsLink(ns, linkDevice(ns, w, command));
        } else if (w.equals(List.of("cat", Flanneld.SUBNET_ENV))) {
            var text = ns.host().file(Flanneld.SUBNET_ENV);
            if (text.isEmpty()) return new Output("", "cat: " + Flanneld.SUBNET_ENV + ": No such file or directory\n", 1);
            out = text.get();
        } else if (w.equals(List.of("nstat", "-az")) || w.equals(List.of("nstat", "-a", "-z"))) {
            out = ns.snmp().nstatUdp();
        } else if (w.equals(List.of("cat", "/proc/net/softnet_stat"))) {
            out = dev.overlaysim.linux.render.ProcFiles.softnetStat(ns.host());
        } else if (w.equals(List.of("cat", "/proc/stat"))) {
            out = dev.overlaysim.linux.render.ProcFiles.procStatCpus(ns.host(), world.sim().now());
        } else {
            throw unknown(command);
        }
        return new Output(out, "", 0);
    }

    /** Lines up {@code ip link ...} with {@code ip -X link ...} so one parser serves both. */
    private static List<String> prepend(List<String> w) {
        List<String> l = new java.util.ArrayList<>(w);
        l.add(1, "");
        return l;
    }

    private static String device(NetNamespace ns, String name) {
        if (ns.device(name) == null) throw new UnknownCommandException("Cannot find device \"" + name + "\" on " + ns.displayName());
        return name;
    }

    private static String linkDevice(NetNamespace ns, List<String> w, String command) {
        if (w.size() == 3) return null;
        if (w.size() == 5 && w.get(3).equals("show")) return device(ns, w.get(4));
        if (w.size() == 4) return device(ns, w.get(3));
        throw unknown(command);
    }

    private static Output etcdctl(FlannelCluster cluster, List<String> w, String command) {
        EtcdctlView view = new EtcdctlView(cluster.etcd());
        EtcdctlOutput o;
        if (w.size() == 3 && w.get(1).equals("get")) o = view.getV3(w.get(2), false);
        else if (w.size() == 4 && w.get(1).equals("get") && w.get(2).equals("--prefix")) o = view.getV3(w.get(3), true);
        else if (w.size() == 5 && w.get(1).equals("get") && w.get(2).equals("--prefix") && w.get(3).equals("--keys-only")) o = view.getV3KeysOnly(w.get(4));
        else if (w.size() == 4 && w.get(1).equals("get") && w.get(2).equals("--v2")) o = view.getV2(w.get(3));
        else if (w.size() == 3 && w.get(1).equals("ls")) o = view.lsV2(w.get(2));
        else throw unknown(command);
        return new Output(o.stdout(), o.stderr(), o.exitCode());
    }

    private static UnknownCommandException unknown(String command) {
        return new UnknownCommandException("unsupported command '" + command.trim() + "'; expected one of: " + String.join(", ", SUPPORTED));
    }
}
