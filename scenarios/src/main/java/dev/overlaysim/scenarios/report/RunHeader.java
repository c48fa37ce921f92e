package dev.overlaysim.scenarios.report;

import dev.overlaysim.engine.Durations;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.Ipv4Prefix;
import dev.overlaysim.scenarios.model.BackendSpec;
import dev.overlaysim.scenarios.model.NodeSpec;
import dev.overlaysim.scenarios.model.RouterSpec;
import dev.overlaysim.scenarios.model.ScenarioSpec;
import dev.overlaysim.scenarios.run.ScenarioResult;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The top of a run's report: which scenario, its backend and network, the nodes with their subnets, the seed. */
public final class RunHeader {
    private static final String SUBNET_ENV = "cat /run/flannel/subnet.env";

    private final Style style;

    public RunHeader(Style style) { this.style = style; }

    public void print(PrintWriter out, ScenarioResult result, String source) {
        ScenarioSpec spec = result.spec();
        out.println(style.bold("scenario " + spec.name()) + "  (" + source + ")");
        spec.description().ifPresent(d -> out.println("  " + d.strip()));
        out.println("  backend: " + backend(spec.network().backend()) + "; network " + spec.network().cidr()
                + ", a /" + spec.network().effectiveSubnetLen() + " per node");
        List<String> nodes = new ArrayList<>();
        for (NodeSpec n : spec.nodes()) nodes.add(n.name() + " " + n.ip() + " (" + subnet(result, n) + ")");
        out.println("  nodes: " + String.join(", ", nodes));
        if (!spec.underlay().routers().isEmpty()) {
            List<String> routers = new ArrayList<>();
            for (RouterSpec r : spec.underlay().routers()) {
                routers.add(r.name() + " " + String.join("/", r.interfaces().stream().map(i -> i.ip().toString()).toList()));
            }
            out.println("  routers: " + String.join(", ", routers));
        }
        out.println("  seed: " + result.seed() + "; simulated " + Durations.format(result.endTime()) + ", "
                + result.eventsExecuted() + " events");
    }

    static String backend(BackendSpec b) {
        if (b instanceof BackendSpec.Vxlan v) {
            return "vxlan (VNI " + v.vni() + ", UDP port " + v.port() + (v.directRouting() ? ", DirectRouting" : "") + ")";
        }
        if (b instanceof BackendSpec.Udp u) return "udp (flanneld on UDP port " + u.port() + ", TUN flannel0)";
        return b.type();
    }

    /** The pinned subnet, else the one flanneld leased (from its subnet.env), else "no lease". */
    private static String subnet(ScenarioResult result, NodeSpec n) {
        if (n.subnet().isPresent()) return n.subnet().get().toString();
        String env = result.show(n.name(), SUBNET_ENV).stdout();
        for (String l : env.split("\n")) {
            if (l.startsWith("FLANNEL_SUBNET=")) {
                String[] addressAndLength = l.substring("FLANNEL_SUBNET=".length()).strip().split("/");
                int length = Integer.parseInt(addressAndLength[1]);
                return "leased " + Ipv4Prefix.containing(Ipv4Address.parseInt(addressAndLength[0]), length);
            }
        }
        return "no lease";
    }
}
