package dev.overlaysim.scenarios.load;

import dev.overlaysim.flannel.subnet.FlannelConfigException;
import dev.overlaysim.flannel.subnet.NetworkConfig;
import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.Ipv4Prefix;
import dev.overlaysim.protocols.addr.MacAddress;
import dev.overlaysim.scenarios.model.BackendSpec;
import dev.overlaysim.scenarios.model.ContainerSpec;
import dev.overlaysim.scenarios.model.DeviceRef;
import dev.overlaysim.scenarios.model.Expectation;
import dev.overlaysim.scenarios.model.FlowSpec;
import dev.overlaysim.scenarios.model.FlowTarget;
import dev.overlaysim.scenarios.model.NetworkSpec;
import dev.overlaysim.scenarios.model.NodeSpec;
import dev.overlaysim.scenarios.model.RouterSpec;
import dev.overlaysim.scenarios.model.ScenarioSpec;
import dev.overlaysim.scenarios.model.SegmentSpec;
import dev.overlaysim.scenarios.model.TimelineEvent;
import dev.overlaysim.scenarios.model.UnderlaySpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The semantic checks: each looks at the bound records and reports, at the offending value, what is
 * wrong, naming both parties of a conflict. Values that failed to bind are null and skipped.
 */
final class ScenarioChecks {

    /** A named thing declared somewhere in the file. */
    private record Declared(String kind, String name, Location at) {
        String describe() {
            return kind + " '" + name + "'";
        }
    }

    private static final Comparator<Declared> IN_FILE_ORDER = Comparator
            .comparingInt((Declared d) -> d.at().line()).thenComparingInt(d -> d.at().column());

    private final Problems problems;
    private final Sources sources;

    /** Names of segments, flows, nodes, containers, and hosts (nodes, containers, routers). */
    private final Map<String, SegmentSpec> segments = new LinkedHashMap<>();
    private final Map<String, NodeSpec> nodes = new LinkedHashMap<>();
    private final Map<String, NodeSpec> containerNodes = new LinkedHashMap<>();
    private final Map<String, FlowSpec> flows = new LinkedHashMap<>();
    private final List<String> hosts = new ArrayList<>();

    ScenarioChecks(Problems problems, Sources sources) {
        this.problems = problems;
        this.sources = sources;
    }

    void run(ScenarioSpec spec) {
        NetworkSpec network = spec.network();
        boolean subnetLenValid = network != null && checkNetwork(network);
        UnderlaySpec underlay = spec.underlay();
        if (underlay != null) {
            checkSegments(underlay, network);
        }
        checkNames(spec);
        if (underlay != null) {
            checkRouters(underlay);
        }
        checkNodes(spec, network, subnetLenValid);
        checkUnderlayAddresses(spec);
        checkContainers(spec, network);
        checkFlows(spec);
        checkTimeline(spec, network);
        checkExpectations(spec);
        checkSweep(spec);
        // The graph rules need every name and address resolved: only on an otherwise valid file.
        if (problems.isEmpty()) {
            new UnderlayReach(problems, sources).check(spec);
        }
    }

    // ---- network -------------------------------------------------------------------------------

    /**
     * Flannel's rules for its network config are {@link NetworkConfig#parse}'s, the very check that
     * flanneld applies at run time to {@link NetworkSpec#flannelConfigJson()}: the loader runs it on
     * the same JSON and reports its message (flannel's own text where flannel has the check) at the
     * value of the field it names, or at {@code network:}. Returns true when the network's subnet
     * length (given or default) can be relied on.
     */
    private boolean checkNetwork(NetworkSpec network) {
        if (network.cidr() == null) {
            return false;
        }
        try {
            NetworkConfig.parse(network.flannelConfigJson());
        } catch (FlannelConfigException e) {
            problems.add(sources.at(network, yamlKey(e.field())), (e.fromFlannel()
                    ? "flanneld refuses this network config: " : "overlaysim refuses this network config: ") + e.getMessage());
            return e.field().equals("SubnetMin") || e.field().equals("SubnetMax");
        }
        // Flannel accepts SubnetMin above SubnetMax (NetworkConfig warns), but then no lease can be
        // granted: a scenario with both given that way is refused.
        Ipv4Address min = network.subnetMin().orElse(null);
        Ipv4Address max = network.subnetMax().orElse(null);
        if (min != null && max != null && min.compareTo(max) > 0) {
            problems.add(sources.at(network, "subnetMax"), "subnetMax " + max + " is below subnetMin " + min
                    + " (at " + sources.at(network, "subnetMin") + ")");
        }
        return true;
    }

    /** The {@code network:} key of a flannel config field ({@code ""}: the whole mapping). */
    private static String yamlKey(String flannelField) {
        return switch (flannelField) {
            case "Network" -> "cidr";
            case "SubnetLen" -> "subnetLen";
            case "SubnetMin" -> "subnetMin";
            case "SubnetMax" -> "subnetMax";
            default -> flannelField.startsWith("Backend") ? "backend" : "";
        };
    }

    // ---- underlay ------------------------------------------------------------------------------

    private void checkSegments(UnderlaySpec underlay, NetworkSpec network) {
        List<Declared> declared = new ArrayList<>();
        for (SegmentSpec segment : underlay.segments()) {
            if (segment.name() != null) {
                declared.add(new Declared("segment", segment.name(), sources.at(segment, "name")));
                segments.putIfAbsent(segment.name(), segment);
            }
        }
        reportDuplicates(declared);
        List<SegmentSpec> seen = new ArrayList<>();
        for (SegmentSpec segment : underlay.segments()) {
            Ipv4Prefix cidr = segment.cidr();
            if (cidr == null) {
                continue;
            }
            Location at = sources.at(segment, "cidr");
            for (SegmentSpec earlier : seen) {
                if (earlier.cidr().overlaps(cidr)) {
                    problems.add(at, label(segment) + " (" + cidr + ") overlaps " + label(earlier) + " ("
                            + earlier.cidr() + ", at " + sources.at(earlier, "cidr") + ")");
                }
            }
            seen.add(segment);
            if (network != null && network.cidr() != null && network.cidr().overlaps(cidr)) {
                problems.add(at, label(segment) + " (" + cidr + ") overlaps the Flannel network "
                        + network.cidr() + " (at " + sources.at(network, "cidr") + ")");
            }
            segment.gateway().ifPresent(gateway -> {
                String problem = hostAddressProblem(gateway, cidr);
                if (problem != null) {
                    problems.add(sources.at(segment, "gateway"), "gateway " + gateway + " " + problem
                            + " " + label(segment) + " (" + cidr + ")");
                }
            });
        }
    }

    /**
     * Null when {@code ip} is a usable host address of {@code cidr}; else what is wrong with it, as
     * the start of a phrase that the name of the network completes ("lies outside", "is the
     * network address of").
     */
    private static String hostAddressProblem(Ipv4Address ip, Ipv4Prefix cidr) {
        if (!cidr.contains(ip)) {
            return "lies outside";
        }
        if (cidr.length() <= 30 && ip.equals(cidr.network())) {
            return "is the network address of";
        }
        if (cidr.length() <= 30 && ip.equals(cidr.lastAddress())) {
            return "is the broadcast address of";
        }
        return null;
    }

    private void checkRouters(UnderlaySpec underlay) {
        for (RouterSpec router : underlay.routers()) {
            Map<String, RouterSpec.Interface> bySegment = new HashMap<>();
            for (RouterSpec.Interface iface : router.interfaces()) {
                SegmentSpec segment = resolveSegment(iface.segment(), sources.at(iface, "segment"));
                if (segment == null) {
                    continue;
                }
                RouterSpec.Interface first = bySegment.putIfAbsent(segment.name(), iface);
                if (first != null) {
                    problems.add(sources.at(iface, "segment"), label(router) + " has a second interface on "
                            + label(segment) + " (the first is at " + sources.at(first, "segment") + ")");
                }
                if (iface.ip() != null && segment.cidr() != null) {
                    String problem = hostAddressProblem(iface.ip(), segment.cidr());
                    if (problem != null) {
                        problems.add(sources.at(iface, "ip"), label(router) + " interface ip " + iface.ip() + " "
                                + problem + " " + label(segment) + " (" + segment.cidr() + ")");
                    }
                }
            }
        }
    }

    private SegmentSpec resolveSegment(String name, Location at) {
        if (name == null) {
            return null;
        }
        SegmentSpec segment = segments.get(name);
        if (segment == null) {
            problems.add(at, unknown("segment", name, segments.keySet().stream().toList()));
        }
        return segment;
    }

    // ---- names ---------------------------------------------------------------------------------

    /** Nodes, containers and routers share one namespace (a device is written host/device). */
    private void checkNames(ScenarioSpec spec) {
        List<Declared> declared = new ArrayList<>();
        for (NodeSpec node : spec.nodes()) {
            if (node.name() != null) {
                declared.add(new Declared("node", node.name(), sources.at(node, "name")));
                nodes.putIfAbsent(node.name(), node);
            }
            for (ContainerSpec container : node.containers()) {
                if (container.name() != null) {
                    declared.add(new Declared("container", container.name(), sources.at(container, "name")));
                    containerNodes.putIfAbsent(container.name(), node);
                }
            }
        }
        if (spec.underlay() != null) {
            for (RouterSpec router : spec.underlay().routers()) {
                if (router.name() != null) {
                    declared.add(new Declared("router", router.name(), sources.at(router, "name")));
                }
            }
        }
        declared.stream().map(Declared::name).distinct().forEach(hosts::add);
        reportDuplicates(declared);
        List<Declared> flowNames = new ArrayList<>();
        for (FlowSpec flow : spec.traffic()) {
            Fields f = sources.of(flow);
            flowNames.add(new Declared("flow", flow.name(), f.has("name") ? f.at("name") : f.location()));
            flows.putIfAbsent(flow.name(), flow);
        }
        reportDuplicates(flowNames);
    }

    private void reportDuplicates(List<Declared> declared) {
        List<Declared> ordered = new ArrayList<>(declared);
        ordered.sort(IN_FILE_ORDER);
        Map<String, Declared> first = new HashMap<>();
        for (Declared d : ordered) {
            Declared earlier = first.putIfAbsent(d.name(), d);
            if (earlier == null) {
                continue;
            }
            if (earlier.kind().equals(d.kind())) {
                problems.add(d.at(), "duplicate " + d.kind() + " name '" + d.name() + "'; it is first declared at "
                        + earlier.at());
            } else {
                problems.add(d.at(), d.kind() + " name '" + d.name() + "' is already taken by " + earlier.describe()
                        + " (at " + earlier.at() + "); nodes, containers and routers share one namespace");
            }
        }
    }

    // ---- nodes ---------------------------------------------------------------------------------

    /**
     * The most hosts a scenario may have. A full mesh of N nodes holds N − 1 routes, neighbour and
     * FDB entries on every node, N² in all: 5,000 nodes run in about 40 s and 6 GB (measured with
     * the JVM's default heap on a 24 GB machine); more would not run in a default heap.
     */
    static final int MAX_HOSTS = 5_000;

    private void checkNodes(ScenarioSpec spec, NetworkSpec network, boolean subnetLenValid) {
        if (spec.nodes().size() > MAX_HOSTS) {
            problems.add(sources.of(spec.nodes().get(MAX_HOSTS)).at("name"), "node " + (MAX_HOSTS + 1) + " of " + spec.nodes().size()
                    + ": a scenario has at most " + MAX_HOSTS + " nodes (every node holds an entry for every other: memory grows"
                    + " with the square of the count)");
        }
        String backendType = network == null || network.backend() == null ? null : network.backend().type();
        List<NodeSpec> withSubnet = new ArrayList<>();
        Map<MacAddress, NodeSpec> macs = new HashMap<>();
        for (NodeSpec node : spec.nodes()) {
            Fields f = sources.of(node);
            SegmentSpec segment = f.has("segment") ? resolveSegment(node.segment(), f.at("segment"))
                    : node.segment() == null ? null : segments.get(node.segment());
            if (segment != null && segment.cidr() != null && node.ip() != null) {
                String problem = hostAddressProblem(node.ip(), segment.cidr());
                if (problem != null) {
                    problems.add(f.at("ip"), label(node) + " ip " + node.ip() + " " + problem + " its "
                            + label(segment) + " (" + segment.cidr() + ")");
                } else if (segment.gateway().isPresent() && segment.gateway().get().equals(node.ip())) {
                    problems.add(f.at("ip"), label(node) + " ip " + node.ip() + " is the gateway of "
                            + label(segment) + " (at " + sources.at(segment, "gateway") + ")");
                }
            }
            checkOverlayMtu(spec, node, segment, f, backendType);
            if (node.subnet().isPresent() && network != null && network.cidr() != null) {
                Ipv4Prefix subnet = node.subnet().get();
                if (!network.cidr().contains(subnet)) {
                    problems.add(f.at("subnet"), "subnet " + subnet + " of " + label(node)
                            + " lies outside the network " + network.cidr());
                } else if (subnetLenValid && subnet.length() != network.effectiveSubnetLen()) {
                    problems.add(f.at("subnet"), "subnet " + subnet + " of " + label(node) + " has prefix length "
                            + subnet.length() + "; expected " + network.effectiveSubnetLen()
                            + (network.subnetLen().isPresent() ? " (subnetLen)"
                            : " (Flannel's default subnetLen for a /" + network.cidr().length() + " network)"));
                } else {
                    for (NodeSpec earlier : withSubnet) {
                        if (earlier.subnet().get().overlaps(subnet)) {
                            problems.add(f.at("subnet"), "subnet " + subnet + " of " + label(node) + " overlaps subnet "
                                    + earlier.subnet().get() + " of " + label(earlier) + " (at "
                                    + sources.at(earlier, "subnet") + ")");
                        }
                    }
                    withSubnet.add(node);
                }
            }
            if (f.has("vtepMac") && backendType != null && !BackendSpec.Vxlan.TYPE.equals(backendType)) {
                problems.add(f.keyAt("vtepMac"), "option 'vtepMac' of " + label(node)
                        + " belongs to backend vxlan, not " + backendType);
            } else if (node.vtepMac().isPresent()) {
                NodeSpec earlier = macs.putIfAbsent(node.vtepMac().get(), node);
                if (earlier != null) {
                    problems.add(f.at("vtepMac"), "duplicate vtepMac " + node.vtepMac().get() + ": " + label(node)
                            + " and " + label(earlier) + " (at " + sources.at(earlier, "vtepMac") + ")");
                }
            }
        }
    }

    /** Linux's smallest MTU for a device that carries IPv4 (68: a 60-byte header and an 8-byte fragment). */
    private static final int MIN_IPV4_MTU = 68;

    /**
     * The overlay device takes eth0's MTU less the encapsulation (vxlan: flannel.1, 50 bytes; udp:
     * flannel0, 28 bytes), and Linux refuses an MTU below 68 for it: flanneld could not create the
     * device. The file's backend and every {@code compare:} backend must fit.
     */
    private void checkOverlayMtu(ScenarioSpec spec, NodeSpec node, SegmentSpec segment, Fields f, String backendType) {
        if (backendType == null || (segment == null && node.mtu().isEmpty())) {
            return;
        }
        int mtu = node.mtu().isPresent() ? node.mtu().getAsInt() : segment.mtu();
        List<String> types = new ArrayList<>(List.of(backendType));
        spec.compare().ifPresent(c -> types.addAll(c.backends()));
        String worst = null;
        int overhead = 0;
        for (String type : types) {
            int o = switch (type) {
                case BackendSpec.Vxlan.TYPE -> 50;
                case BackendSpec.Udp.TYPE -> 28;
                default -> 0;
            };
            if (o > overhead) {
                overhead = o;
                worst = type;
            }
        }
        if (worst == null || mtu - overhead >= MIN_IPV4_MTU) {
            return;
        }
        String device = worst.equals(BackendSpec.Vxlan.TYPE) ? "flannel.1" : "flannel0";
        String what = worst.equals(backendType) ? "the " + worst + " backend" : "the " + worst + " backend of compare:";
        Location at = node.mtu().isPresent() ? f.at("mtu") : sources.at(segment, "mtu");
        problems.add(at, "eth0 mtu " + mtu + " of " + label(node) + " is too small for " + what + ": " + device + " would get "
                + (mtu - overhead) + " (" + mtu + " less " + overhead + " bytes of encapsulation), below Linux's minimum of "
                + MIN_IPV4_MTU + " for an IPv4 device, so flanneld could not create it; expected an mtu of at least "
                + (MIN_IPV4_MTU + overhead));
    }

    /** Underlay addresses (node IPs and router interfaces) must be unique. */
    private void checkUnderlayAddresses(ScenarioSpec spec) {
        List<Declared> addresses = new ArrayList<>();
        for (NodeSpec node : spec.nodes()) {
            if (node.ip() != null) {
                addresses.add(new Declared(label(node), node.ip().toString(), sources.at(node, "ip")));
            }
        }
        if (spec.underlay() != null) {
            for (RouterSpec router : spec.underlay().routers()) {
                for (RouterSpec.Interface iface : router.interfaces()) {
                    if (iface.ip() != null) {
                        addresses.add(new Declared(label(router), iface.ip().toString(), sources.at(iface, "ip")));
                    }
                }
            }
        }
        reportDuplicateAddresses(addresses);
    }

    private void reportDuplicateAddresses(List<Declared> addresses) {
        addresses.sort(IN_FILE_ORDER);
        Map<String, Declared> first = new HashMap<>();
        for (Declared d : addresses) {
            Declared earlier = first.putIfAbsent(d.name(), d);
            if (earlier != null) {
                problems.add(d.at(), "duplicate IP " + d.name() + ": " + d.kind() + " and " + earlier.kind()
                        + " (at " + earlier.at() + ")");
            }
        }
    }

    // ---- containers ----------------------------------------------------------------------------

    private void checkContainers(ScenarioSpec spec, NetworkSpec network) {
        List<Declared> addresses = new ArrayList<>();
        for (NodeSpec node : spec.nodes()) {
            checkDockerAddresses(node, network);
            for (ContainerSpec container : node.containers()) {
                if (container.ip().isEmpty()) {
                    continue;
                }
                Ipv4Address ip = container.ip().get();
                Location at = sources.at(container, "ip");
                addresses.add(new Declared(label(container), ip.toString(), at));
                if (node.subnet().isEmpty()) {
                    if (!sources.of(node).has("subnet")) {
                        problems.add(at, label(container) + " has ip " + ip + " but " + label(node)
                                + " pins no subnet (flanneld would lease one at random); pin one with 'subnet:'"
                                + " or drop the container's ip");
                    }
                    continue;
                }
                Ipv4Prefix subnet = node.subnet().get();
                String problem = hostAddressProblem(ip, subnet);
                if (problem != null) {
                    problems.add(at, label(container) + " ip " + ip + " " + problem + " subnet " + subnet
                            + " of " + label(node));
                } else if (ip.equals(subnet.network().plus(1))) {
                    problems.add(at, label(container) + " ip " + ip + " is taken by docker0 on " + label(node)
                            + " (the bridge takes the first address of subnet " + subnet + ")");
                }
            }
        }
        reportDuplicateAddresses(addresses);
    }

    /**
     * The addresses Docker gives the node's containers: every container gets one (the subnet has room
     * for them all), none is given twice, and each can reach docker0.
     *
     * <p>A container's default route is via docker0, the first address of its node's subnet, and Linux
     * adds it only if that address is on-link: inside the container's own {@code ip/prefixLength}
     * ({@code RTNETLINK answers: Network is unreachable} otherwise, and Docker gives up on the
     * container). A prefix length no longer than the subnet's always holds it; a longer one holds it
     * only for the first addresses: offset {@code k} in the subnet (.2, .3, ...) needs a prefix of at
     * most {@code 32 − bitLength(k)}. Containers without an {@code ip} get what Docker hands out, the
     * next free address from .2 up, in file order.
     */
    private void checkDockerAddresses(NodeSpec node, NetworkSpec network) {
        int subnetLen;
        if (node.subnet().isPresent()) {
            subnetLen = node.subnet().get().length();
        } else if (network != null && network.cidr() != null && network.cidr().length() <= 28) {
            subnetLen = network.effectiveSubnetLen();
        } else {
            return;
        }
        if (subnetLen < 1 || subnetLen > 30) {
            return;
        }
        long size = 1L << (32 - subnetLen);
        Map<Long, ContainerSpec> taken = new HashMap<>();
        for (ContainerSpec container : node.containers()) {
            long offset;
            boolean assigned = container.ip().isEmpty();
            if (assigned) {
                offset = 2;
                while (taken.containsKey(offset)) offset++;
                if (offset >= size - 1) {
                    Fields f = sources.of(container);
                    problems.add(f.at("name"), label(container) + " gets no address: the /" + subnetLen + " subnet of "
                            + label(node) + " holds " + (size - 3) + " container" + (size - 3 == 1 ? "" : "s")
                            + " (" + size + " addresses less the network address, docker0's and the broadcast address),"
                            + " and they are taken; expected at most " + (size - 3) + " container" + (size - 3 == 1 ? "" : "s") + " on the node, or a shorter subnetLen");
                    return;
                }
            } else if (node.subnet().isPresent() && node.subnet().get().contains(container.ip().get())) {
                offset = Integer.toUnsignedLong(container.ip().get().value() - node.subnet().get().address());
                ContainerSpec earlier = taken.get(offset);
                if (earlier != null && earlier.ip().isEmpty()) {
                    problems.add(sources.at(container, "ip"), label(container) + " ip " + container.ip().get()
                            + " is the address Docker gives " + label(earlier) + " (at " + sources.of(earlier).at("name")
                            + ", which has no ip: Docker hands out the next free address from .2 up, in file order);"
                            + " give " + label(earlier) + " an ip, or this container another one");
                }
            } else {
                continue; // outside the subnet, or no subnet pinned: reported by checkContainers
            }
            taken.putIfAbsent(offset, container);
            int p = container.prefixLength();
            int longest = 32 - (64 - Long.numberOfLeadingZeros(offset));
            if (p > subnetLen && p > longest && offset > 1) {
                Fields f = sources.of(container);
                Location at = f.has("prefixLength") ? f.at("prefixLength") : f.at("name");
                String address = (node.subnet().isPresent() ? node.subnet().get().network().plus((int) offset).toString()
                        : "the node's subnet's ." + offset) + "/" + p + (assigned ? " (Docker's next free address)" : "");
                String gateway = node.subnet().isPresent() ? node.subnet().get().network().plus(1) + " (docker0)"
                        : "the subnet's first address (docker0)";
                problems.add(at, label(container) + " prefixLength " + p + " leaves its gateway off-link: " + address
                        + " does not hold " + gateway + ", the next hop of the container's default route, so"
                        + " Linux refuses the route (RTNETLINK answers: Network is unreachable); expected a prefixLength of at most "
                        + Math.max(subnetLen, longest) + " for this address");
            }
        }
    }

    // ---- traffic, timeline, expect -------------------------------------------------------------

    private void checkFlows(ScenarioSpec spec) {
        List<String> containers = List.copyOf(containerNodes.keySet());
        for (FlowSpec flow : spec.traffic()) {
            Fields f = sources.of(flow);
            if (flow.from() != null && !containerNodes.containsKey(flow.from())) {
                problems.add(f.at("from"), unknown("container", flow.from(), containers));
            }
            if (flow.to() instanceof FlowTarget.Container target && !containerNodes.containsKey(target.container())) {
                problems.add(f.at("to"), unknown("container", target.container(), containers)
                        + " (or an IPv4 address)");
            }
            checkFlowEnd(flow, f);
        }
    }

    /**
     * Each of start, interval and timeout is bounded; what a flow adds up from them (its last packet,
     * its last request's end, a tcp flow's end) must be too, so that the run's end is a valid time.
     */
    private void checkFlowEnd(FlowSpec flow, Fields f) {
        java.math.BigInteger start = java.math.BigInteger.valueOf(flow.startNanos());
        java.math.BigInteger max = java.math.BigInteger.valueOf(Values.MAX_TIME_NANOS);
        String limit = " expected at most " + Values.MAX_TIME_TEXT + " of simulated time: ";
        if (flow instanceof FlowSpec.Request r) {
            java.math.BigInteger end = start.add(java.math.BigInteger.valueOf(r.count() - 1)
                    .multiply(java.math.BigInteger.valueOf(Math.max(r.intervalNanos(), r.timeoutNanos())))
                    .add(java.math.BigInteger.valueOf(r.timeoutNanos())));
            if (end.compareTo(max) > 0) {
                problems.add(f.at("count"), "the flow's last request could end at " + end + " ns (start + (count − 1) ×"
                        + " max(interval, timeout) + timeout);" + limit + "fewer requests or a shorter interval or timeout");
            }
        } else if (flow instanceof FlowSpec.Tcp t) {
            java.math.BigInteger end = start.add(java.math.BigInteger.valueOf(t.sendsForNanos()));
            if (end.compareTo(max) > 0) {
                problems.add(f.at("timeout"), "the flow could end at " + end + " ns (start + timeout);" + limit
                        + "an earlier start or a shorter timeout");
            }
        } else {
            java.math.BigInteger last = start.add(java.math.BigInteger.valueOf(Math.max(0, flow.count() - 1))
                    .multiply(java.math.BigInteger.valueOf(flow.intervalNanos())));
            if (last.compareTo(max) > 0) {
                problems.add(f.at("interval"), "the flow's last packet would be sent at " + last + " ns (start + (count − 1) × interval);"
                        + limit + "fewer packets or a shorter interval");
            }
        }
    }

    private void checkTimeline(ScenarioSpec spec, NetworkSpec network) {
        String backendType = network == null || network.backend() == null ? null : network.backend().type();
        for (TimelineEvent event : spec.timeline()) {
            Fields options = sources.optionsOf(event);
            Location nodeAt = options == sources.of(event) ? options.at(event.key()) : options.at("node");
            if (event.node() != null && !nodes.containsKey(event.node())) {
                problems.add(nodeAt, unknown("node", event.node(), List.copyOf(nodes.keySet())));
            }
            if (event instanceof TimelineEvent.VtepMacChange && backendType != null
                    && !BackendSpec.Vxlan.TYPE.equals(backendType)) {
                problems.add(sources.of(event).keyAt(event.key()), "event 'vtepMacChange' belongs to backend vxlan, not "
                        + backendType);
            }
        }
    }

    private void checkExpectations(ScenarioSpec spec) {
        for (Expectation expectation : spec.expect()) {
            Fields f = sources.of(expectation);
            if (expectation instanceof Expectation.Delivered e) {
                checkFlowCount(f, e.flow(), e.count());
            } else if (expectation instanceof Expectation.Dropped e) {
                checkFlowCount(f, e.flow(), e.count());
                e.at().ifPresent(device -> checkDevice(device, f.at("at")));
            } else if (expectation instanceof Expectation.Copies e) {
                checkFlow(f, e.flow());
            } else if (expectation instanceof Expectation.Syscalls e) {
                checkFlow(f, e.flow());
            } else if (expectation instanceof Expectation.Table e) {
                checkTableHost(f, e);
            } else if (expectation instanceof Expectation.Crossed e) {
                checkFlow(f, e.flow());
                e.devices().forEach(device -> checkDevice(device, sources.device(device)));
            } else if (expectation instanceof Expectation.Throughput e) {
                checkThroughputFlow(f, e);
            } else if (expectation instanceof Expectation.Retransmits e) {
                FlowSpec found = checkFlow(f, e.flow());
                if (found != null && !isTcp(found)) {
                    problems.add(f.at("flow"), "a retransmits check needs a tcp or request flow; flow '" + e.flow() + "' sends "
                            + sends(found) + ", and only TCP sends segments again");
                }
            } else if (expectation instanceof Expectation.Completed e) {
                checkCompletedFlow(f, e);
            } else if (expectation instanceof Expectation.Latency e) {
                checkRatedFlow(f, e.flow(), "latency");
            } else if (expectation instanceof Expectation.Loss e) {
                checkFlow(f, e.flow());
            } else if (expectation instanceof Expectation.Cpu e) {
                if (e.node() != null && !nodes.containsKey(e.node())) {
                    problems.add(f.at("node"), unknown("node", e.node(), List.copyOf(nodes.keySet())));
                } else if (flows.values().stream().noneMatch(x -> x instanceof FlowSpec.Udp u && u.rate().isPresent())) {
                    problems.add(f.keyAt("node"), "a cpu check needs a flow with 'rate' or 'bitrate': CPU shares are measured while one runs");
                }
            }
        }
    }

    /** A load curve varies the rate of one udp flow that has a rate: the one named, or the only one. */
    private void checkSweep(ScenarioSpec spec) {
        if (spec.compare().isEmpty() || !spec.compare().get().isSweep()) return;
        var compare = spec.compare().get();
        Fields f = sources.of(compare);
        List<String> rated = flows.values().stream().filter(x -> x instanceof FlowSpec.Udp u && u.rate().isPresent())
                .map(FlowSpec::name).toList();
        if (compare.flow().isPresent()) {
            String name = compare.flow().get();
            if (!flows.containsKey(name)) {
                problems.add(f.at("flow"), unknown("flow", name, List.copyOf(flows.keySet())));
            } else if (!rated.contains(name)) {
                problems.add(f.at("flow"), "compare flow '" + name + "' has no 'rate' or 'bitrate'; a load curve varies the rate of a udp flow that has one");
            }
        } else if (rated.size() != 1) {
            problems.add(f.keyAt("rates"), rated.isEmpty()
                    ? "compare rates needs a udp flow with 'rate' or 'bitrate' in traffic; there is none"
                    : "compare rates: which flow's rate? name it with 'flow:' (one of " + String.join(", ", rated) + ")");
        }
    }

    private void checkTableHost(Fields f, Expectation.Table e) {
        if (e.host() == null) {
            return;
        }
        if (f.has("node") && !nodes.containsKey(e.host())) {
            problems.add(f.at("node"), unknown("node", e.host(), List.copyOf(nodes.keySet())));
        } else if (f.has("container") && !containerNodes.containsKey(e.host())) {
            problems.add(f.at("container"), unknown("container", e.host(), List.copyOf(containerNodes.keySet())));
        }
    }

    private static boolean isTcp(FlowSpec flow) {
        return flow instanceof FlowSpec.Tcp || flow instanceof FlowSpec.Request;
    }

    /** What a flow sends, for a message that says why a check does not fit it. */
    private static String sends(FlowSpec flow) {
        if (flow instanceof FlowSpec.Ping) return "pings";
        if (flow instanceof FlowSpec.Udp u) return u.rate().isPresent() ? "udp datagrams at a rate" : "count datagrams one per interval";
        if (flow instanceof FlowSpec.Tcp t) return t.bytes().isPresent() ? "bytes over tcp" : "over tcp for a duration";
        return "requests";
    }

    /**
     * Throughput is measured for a udp flow sent at a rate (packets or bits per second) and for a
     * tcp flow (its goodput: bits per second only, TCP has no datagrams to count).
     */
    private void checkThroughputFlow(Fields f, Expectation.Throughput e) {
        FlowSpec found = checkFlow(f, e.flow());
        if (found instanceof FlowSpec.Tcp) {
            if (!e.bits()) {
                problems.add(f.at(f.has("min") ? "min" : "max"), "a tcp flow's throughput is its goodput in bits per second, as"
                        + " iperf3 reports it: expected a bitrate like 500Mbit, not a packet rate (TCP's segments are not sent at a rate)");
            }
        } else if (found != null && !(found instanceof FlowSpec.Udp u && u.rate().isPresent())) {
            problems.add(f.at("flow"), "a throughput check needs a udp flow with 'rate' or 'bitrate', or a tcp flow; flow '"
                    + e.flow() + "' sends " + sends(found));
        }
    }

    /** A request flow completes its requests; a tcp flow with bytes completes its one transfer, or not. */
    private void checkCompletedFlow(Fields f, Expectation.Completed e) {
        FlowSpec found = checkFlow(f, e.flow());
        if (found instanceof FlowSpec.Request r) {
            if (e.count().isPresent() && e.count().getAsInt() > r.count()) {
                problems.add(f.at("count"), "count " + e.count().getAsInt() + " is more than the " + r.count() + " request"
                        + (r.count() == 1 ? "" : "s") + " that flow '" + e.flow() + "' makes (declared at "
                        + sources.of(found).location() + ")");
            }
        } else if (found instanceof FlowSpec.Tcp t && t.bytes().isPresent()) {
            if (e.count().isPresent() && e.count().getAsInt() > 1) {
                problems.add(f.at("count"), "count " + e.count().getAsInt() + " is more than the 1 transfer of flow '" + e.flow()
                        + "' (declared at " + sources.of(found).location() + "): a tcp flow with bytes completes once or not at all");
            }
        } else if (found instanceof FlowSpec.Tcp) {
            problems.add(f.at("flow"), "a completed check on a tcp flow needs 'bytes': flow '" + e.flow()
                    + "' sends for a duration, and stops when it is up; check its throughput instead");
        } else if (found != null) {
            problems.add(f.at("flow"), "a completed check needs a request flow, or a tcp flow with 'bytes'; flow '" + e.flow()
                    + "' sends " + sends(found));
        }
    }

    /** Throughput and latency percentiles are measured for flows sent at a rate. */
    private void checkRatedFlow(Fields f, String flow, String check) {
        FlowSpec found = checkFlow(f, flow);
        if (found != null && !(found instanceof FlowSpec.Udp u && u.rate().isPresent())) {
            problems.add(f.at("flow"), "a " + check + " check needs a udp flow with 'rate' or 'bitrate'; flow '" + flow
                    + "' sends " + sends(found));
        }
    }

    private FlowSpec checkFlow(Fields f, String flow) {
        if (flow == null) {
            return null;
        }
        FlowSpec found = flows.get(flow);
        if (found == null) {
            problems.add(f.at("flow"), unknown("flow", flow, List.copyOf(flows.keySet())));
        }
        return found;
    }

    private void checkFlowCount(Fields f, String flow, OptionalInt count) {
        FlowSpec found = checkFlow(f, flow);
        // A tcp or request flow's packets are segments, as many as TCP needs: no count to hold them to.
        if (found != null && !isTcp(found) && count.isPresent() && count.getAsInt() > found.count()) {
            problems.add(f.at("count"), "count " + count.getAsInt() + " is more than the " + found.count()
                    + " packet" + (found.count() == 1 ? "" : "s") + " that flow '" + flow + "' sends (declared at "
                    + sources.of(found).location() + ")");
        }
    }

    private void checkDevice(DeviceRef device, Location at) {
        if (!hosts.contains(device.host())) {
            problems.add(at, "unknown host '" + device.host() + "' in device '" + device + "'"
                    + Suggest.didYouMean(device.host(), hosts) + "; expected a node, container or router: "
                    + Suggest.list(hosts));
        }
    }

    // ---- messages ------------------------------------------------------------------------------

    private static String unknown(String kind, String name, List<String> known) {
        if (known.isEmpty()) {
            return "unknown " + kind + " '" + name + "'; the scenario declares no " + kind + "s";
        }
        return "unknown " + kind + " '" + name + "'" + Suggest.didYouMean(name, known) + "; expected one of: "
                + Suggest.list(known);
    }

    private static String label(Object record) {
        if (record instanceof NodeSpec n) {
            return "node '" + n.name() + "'";
        } else if (record instanceof ContainerSpec c) {
            return "container '" + c.name() + "'";
        } else if (record instanceof SegmentSpec s) {
            return "segment '" + s.name() + "'";
        } else if (record instanceof RouterSpec r) {
            return "router '" + r.name() + "'";
        }
        return record.toString();
    }
}
