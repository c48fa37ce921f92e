package dev.overlaysim.scenarios.load;

import dev.overlaysim.engine.Durations;
import static dev.overlaysim.scenarios.load.Values.bandwidth;
import static dev.overlaysim.scenarios.load.Values.bool;
import static dev.overlaysim.scenarios.load.Values.duration;
import static dev.overlaysim.scenarios.load.Values.integer;
import static dev.overlaysim.scenarios.load.Values.ipv4;
import static dev.overlaysim.scenarios.load.Values.name;
import static dev.overlaysim.scenarios.load.Values.prefix;
import static dev.overlaysim.scenarios.load.Values.probability;
import static dev.overlaysim.scenarios.load.Values.string;
import static dev.overlaysim.scenarios.load.Values.unicastMac;

import dev.overlaysim.protocols.addr.Ipv4Address;
import dev.overlaysim.protocols.addr.Ipv4Prefix;
import dev.overlaysim.protocols.addr.MacAddress;
import dev.overlaysim.scenarios.model.BackendSpec;
import dev.overlaysim.scenarios.model.CompareSpec;
import dev.overlaysim.scenarios.model.ContainerSpec;
import dev.overlaysim.scenarios.model.MachineSpec;
import dev.overlaysim.scenarios.model.CostsSpec;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Binds the located YAML tree to the model records, key by key, reporting unknown keys, missing
 * keys and badly typed values, then runs the semantic checks ({@link ScenarioChecks}).
 *
 * <p>A value that failed to bind is left null (or at its default) in the records; such records
 * never leave the loader, because the problem that caused it makes the load fail.
 */
final class ScenarioBinder {

    static final List<String> TOP_LEVEL_KEYS = List.of(
            "name", "description", "seed", "machine", "network", "underlay", "nodes", "costs", "traffic", "timeline", "expect",
            "compare");
    static final List<String> MACHINE_KEYS = List.of("cpus");
    static final List<String> COMPARE_KEYS = List.of("backends", "rates", "flow", "seeds");
    /** The most seeds a sweep repeats each point with. */
    static final int MAX_SEEDS = 100;
    static final List<String> NETWORK_KEYS = List.of("cidr", "subnetLen", "subnetMin", "subnetMax", "backend", "legacyLeases");
    /** Backend types and their options, in documentation order. */
    static final Map<String, List<String>> BACKEND_OPTIONS = backendOptions();
    static final List<String> UNDERLAY_KEYS = List.of("segments", "routers");
    static final List<String> SEGMENT_KEYS = List.of("name", "cidr", "gateway", "mtu", "latency", "bandwidth", "loss");
    static final List<String> ROUTER_KEYS = List.of("name", "interfaces");
    static final List<String> INTERFACE_KEYS = List.of("segment", "ip");
    static final List<String> NODE_KEYS = List.of(
            "name", "ip", "segment", "subnet", "vtepMac", "start", "mtu", "containers", "cpus", "docker");
    static final List<String> DOCKER_KEYS = List.of("mtu");
    static final List<String> CONTAINER_KEYS = List.of("name", "ip", "prefixLength");
    static final List<String> COSTS_KEYS = List.of("syscall", "copyPerKiB", "wakeup", "encap", "decap", "forward", "proxy", "wakeupCpu", "contextSwitch", "proxyCold",
            "haltPoll", "wakeupCpuWarm", "contextSwitchWarm", "wakeupLocal", "sendmsg", "poll");
    /** {@code costs: {include: FILE}}: the costs block of another file (what {@code overlaysim calibrate} writes). */
    static final String INCLUDE = "include";
    static final List<String> FLOW_KINDS = List.of(FlowSpec.Ping.KIND, FlowSpec.Udp.KIND, FlowSpec.Tcp.KIND, FlowSpec.Request.KIND);
    static final List<String> PING_KEYS = List.of("name", "from", "to", "count", "size", "interval", "start", "df");
    static final List<String> UDP_KEYS = List.of("name", "from", "to", "port", "count", "size", "interval", "start",
            "rate", "bitrate", "duration");
    static final List<String> TCP_KEYS = List.of("name", "from", "to", "port", "bytes", "duration", "timeout", "congestion", "start");
    static final List<String> REQUEST_KEYS = List.of("name", "from", "to", "port", "send", "receive", "count", "interval",
            "timeout", "congestion", "start");

    /** The most requests one request flow makes: each is a connection, with its handshake, request, response and close. */
    static final int MAX_REQUESTS = 100_000;
    /** A tcp flow sends as fast as its congestion window allows, as a {@code rate: max} flow does: the same 100 s at most. */
    static final long MAX_TCP_DURATION_NANOS = 100_000_000_000L;
    static final List<String> NODE_EVENTS = List.of(
            "nodeJoin", "nodeLeave", "flanneldRestart", "leaseExpire", "linkDown", "linkUp",
            "forwardPolicyDrop", "forwardPolicyAccept");
    static final Map<String, List<String>> OPTION_EVENTS = optionEvents();
    static final List<String> EXPECT_KINDS = List.of("delivered", "dropped", "copies", "syscalls", "table", "crossed",
            "throughput", "loss", "latency", "cpu", "retransmits", "completed");
    /** An underlay link's one-way latency: at most 10 s (a geostationary hop is 0.25 s). */
    static final long MAX_LATENCY_NANOS = 10_000_000_000L;
    /**
     * One cost of the timing model: at most 1 s. Every packet pays several, a million times over,
     * so a larger one would only overflow the clock, not model a machine.
     */
    static final long MAX_COST_NANOS = 1_000_000_000L;

    private static Values.Converter<Long> cost() {
        return duration(MAX_COST_NANOS, "1s");
    }

    static final List<String> TABLE_COMMANDS = List.of("ip", "bridge", "etcdctl", "cat", "iptables", "route");

    private static final int MAX_PAYLOAD = 65_507;
    private static final int MAX_COUNT = 1_000_000;
    private static final Pattern IPV4_LIKE = Pattern.compile("[0-9.]+");

    private final Problems problems;
    private final Sources sources = new Sources();
    /** {@code machine:} is present: the nodes are namespaces of one machine (read before the underlay and the nodes). */
    private boolean oneMachine;

    ScenarioBinder(Problems problems) {
        this.problems = problems;
    }

    private static Map<String, List<String>> backendOptions() {
        Map<String, List<String>> options = new LinkedHashMap<>();
        options.put(BackendSpec.Udp.TYPE, List.of("port"));
        options.put(BackendSpec.Vxlan.TYPE, List.of("vni", "port", "directRouting"));
        options.put(BackendSpec.HostGw.TYPE, List.of());
        return options;
    }

    private static Map<String, List<String>> optionEvents() {
        Map<String, List<String>> events = new LinkedHashMap<>();
        events.put("linkLoss", List.of("node", "loss"));
        events.put("blockUdpPort", List.of("node", "port"));
        events.put("unblockUdpPort", List.of("node", "port"));
        events.put("blockIcmp", List.of("node"));
        events.put("unblockIcmp", List.of("node"));
        events.put("vtepMacChange", List.of("node", "mac"));
        return events;
    }

    static List<String> timelineKeys() {
        List<String> keys = new ArrayList<>();
        keys.add("at");
        keys.addAll(eventKeys());
        return keys;
    }

    static List<String> eventKeys() {
        List<String> keys = new ArrayList<>(NODE_EVENTS);
        keys.addAll(OPTION_EVENTS.keySet());
        return keys;
    }

    /** Binds and checks; returns null when the document is not even a mapping (reported). */
    ScenarioSpec bind(YamlNode root) {
        if (root == null) {
            problems.add(Location.START, "the file has no content; expected a mapping with at least the keys "
                    + "name, network, underlay, nodes");
            return null;
        }
        Fields top = Fields.open(root, Fields.TOP_LEVEL, TOP_LEVEL_KEYS, problems);
        if (top == null) {
            return null;
        }
        String scenarioName = top.required("name", name());
        Optional<String> description = top.optional("description", string());
        long seed = top.optional("seed", Values.anyLong(), 1L);
        Optional<MachineSpec> machine = top.has("machine") ? Optional.ofNullable(machine(top.get("machine"))) : Optional.empty();
        oneMachine = top.has("machine");
        NetworkSpec network = optionalNode(top.require("network"), this::network);
        UnderlaySpec underlay = optionalNode(top.require("underlay"), this::underlay);
        List<NodeSpec> nodes = new ArrayList<>();
        YamlNode nodesNode = top.require("nodes");
        if (nodesNode != null) {
            List<YamlNode> items = Fields.list(nodesNode, "nodes", problems);
            if (items.isEmpty() && nodesNode instanceof YamlNode.Sequence) {
                problems.add(nodesNode.location(), "nodes is empty; expected at least one node");
            }
            for (YamlNode item : items) {
                addIfNotNull(nodes, node(item, network, underlay));
            }
        }
        CostsSpec costs = top.has("costs") ? costs(top.get("costs")) : CostsSpec.DEFAULTS;
        List<FlowSpec> traffic = new ArrayList<>();
        if (top.has("traffic")) {
            List<YamlNode> items = Fields.list(top.get("traffic"), "traffic", problems);
            for (int i = 0; i < items.size(); i++) {
                addIfNotNull(traffic, flow(items.get(i), i + 1));
            }
        }
        List<TimelineEvent> timeline = new ArrayList<>();
        if (top.has("timeline")) {
            for (YamlNode item : Fields.list(top.get("timeline"), "timeline", problems)) {
                addIfNotNull(timeline, event(item));
            }
        }
        List<Expectation> expect = new ArrayList<>();
        if (top.has("expect")) {
            for (YamlNode item : Fields.list(top.get("expect"), "expect", problems)) {
                addIfNotNull(expect, expectation(item));
            }
        }
        Optional<CompareSpec> compare = top.has("compare") ? Optional.ofNullable(compare(top.get("compare")))
                : Optional.empty();
        ScenarioSpec spec = new ScenarioSpec(scenarioName, description, seed, network, underlay, nodes, costs,
                traffic, timeline, expect, compare, machine);
        sources.put(spec, top);
        new ScenarioChecks(problems, sources).run(spec);
        return spec;
    }

    private static <T> void addIfNotNull(List<T> list, T item) {
        if (item != null) {
            list.add(item);
        }
    }

    private static <T> T optionalNode(YamlNode node, java.util.function.Function<YamlNode, T> binder) {
        return node == null ? null : binder.apply(node);
    }

    // ---- machine -------------------------------------------------------------------------------

    private MachineSpec machine(YamlNode node) {
        Fields f = Fields.open(node, "machine", MACHINE_KEYS, problems);
        if (f == null) {
            return null;
        }
        MachineSpec machine = new MachineSpec(f.optional("cpus", integer(1, NodeSpec.MAX_CPUS), NodeSpec.DEFAULT_CPUS));
        sources.put(machine, f);
        return machine;
    }

    /**
     * A key that a segment or node may not have when the nodes share one machine: its CPUs are the
     * machine's, and a bridge reached through veths has no latency or bandwidth.
     */
    private void refuseOnOneMachine(Fields f, String key, String why) {
        if (oneMachine && f.has(key)) {
            problems.add(f.keyAt(key), key + " is not allowed " + f.in() + " with machine: at the top level (" + why
                    + "); remove it, or remove machine: to give each node a machine of its own");
        }
    }

    // ---- network -------------------------------------------------------------------------------

    private NetworkSpec network(YamlNode node) {
        Fields f = Fields.open(node, "network", NETWORK_KEYS, problems);
        if (f == null) {
            return null;
        }
        Ipv4Prefix cidr = f.required("cidr", prefix());
        OptionalInt subnetLen = f.optionalInt("subnetLen", integer(1, 32));
        Optional<Ipv4Address> subnetMin = f.optional("subnetMin", ipv4());
        Optional<Ipv4Address> subnetMax = f.optional("subnetMax", ipv4());
        YamlNode backendNode = f.require("backend");
        BackendSpec backend = backendNode == null ? null : backend(backendNode);
        boolean legacyLeases = f.optional("legacyLeases", bool(), false);
        NetworkSpec network = new NetworkSpec(cidr, subnetLen, subnetMin, subnetMax, backend, legacyLeases);
        sources.put(network, f);
        return network;
    }

    private BackendSpec backend(YamlNode node) {
        if (!(node instanceof YamlNode.Mapping map)) {
            problems.add(node.location(), "expected a mapping for backend, found " + node.describe());
            return null;
        }
        YamlNode typeNode = Fields.peek(map, "type");
        String type = null;
        if (typeNode != null) {
            try {
                type = Values.text(typeNode, "a backend type (" + Suggest.list(BACKEND_OPTIONS.keySet()) + ")");
                if (!BACKEND_OPTIONS.containsKey(type)) {
                    problems.add(typeNode.location(), "unknown backend type '" + type + "'"
                            + Suggest.didYouMean(type, BACKEND_OPTIONS.keySet()) + "; expected one of: "
                            + Suggest.list(BACKEND_OPTIONS.keySet()));
                    type = null;
                }
            } catch (IllegalArgumentException e) {
                problems.add(typeNode.location(), e.getMessage());
            }
        }
        List<String> allowed = new ArrayList<>();
        allowed.add("type");
        if (type != null) {
            allowed.addAll(BACKEND_OPTIONS.get(type));
        } else {
            BACKEND_OPTIONS.values().forEach(options -> options.stream()
                    .filter(o -> !allowed.contains(o)).forEach(allowed::add));
        }
        String chosen = type;
        Fields f = Fields.open(node, "backend", allowed, problems, key -> foreignOption(key, chosen));
        if (typeNode == null) {
            f.require("type");
            return null;
        }
        if (type == null) {
            return null;
        }
        BackendSpec backend = switch (type) {
            case BackendSpec.Udp.TYPE -> new BackendSpec.Udp(
                    f.optional("port", integer(1, 65_535), BackendSpec.Udp.DEFAULT_PORT));
            case BackendSpec.Vxlan.TYPE -> new BackendSpec.Vxlan(
                    f.optional("vni", Values.vni(), BackendSpec.Vxlan.DEFAULT_VNI),
                    f.optional("port", integer(1, 65_535), BackendSpec.Vxlan.DEFAULT_PORT),
                    f.optional("directRouting", bool(), false));
            case BackendSpec.HostGw.TYPE -> new BackendSpec.HostGw();
            default -> throw new IllegalStateException(type);
        };
        sources.put(backend, f);
        return backend;
    }

    /** "option 'vni' belongs to backend vxlan, not udp", or null when no backend has the key. */
    private static String foreignOption(String key, String type) {
        if (type == null) {
            return null;
        }
        List<String> owners = BACKEND_OPTIONS.entrySet().stream()
                .filter(e -> e.getValue().contains(key)).map(Map.Entry::getKey).toList();
        if (owners.isEmpty()) {
            return null;
        }
        return "option '" + key + "' belongs to backend " + String.join(" or ", owners) + ", not " + type;
    }

    // ---- compare -------------------------------------------------------------------------------

    /** {@code compare: {backends: [udp, vxlan, host-gw]}}: 2 or 3 distinct backend types, no options. */
    private CompareSpec compare(YamlNode node) {
        Fields f = Fields.open(node, "compare", COMPARE_KEYS, problems);
        if (f == null) {
            return null;
        }
        YamlNode backendsNode = f.require("backends");
        if (backendsNode == null) {
            return null;
        }
        String types = Suggest.list(BACKEND_OPTIONS.keySet());
        List<YamlNode> items = Fields.list(backendsNode, "compare backends", problems);
        if (items.isEmpty() && backendsNode instanceof YamlNode.Sequence) {
            problems.add(backendsNode.location(), "compare backends is empty; expected 2 or 3 distinct backend types ("
                    + types + ")");
            return null;
        }
        Map<String, Location> listed = new LinkedHashMap<>();
        boolean valid = true;
        for (YamlNode item : items) {
            String type = compareBackend(item);
            if (type == null) {
                valid = false;
            } else if (listed.containsKey(type)) {
                problems.add(item.location(), "duplicate backend '" + type + "' in compare; it is first listed at "
                        + listed.get(type));
                valid = false;
            } else {
                listed.put(type, item.location());
            }
        }
        if (!valid || !(backendsNode instanceof YamlNode.Sequence)) {
            return null;
        }
        List<CompareSpec.SweepRate> rates = new ArrayList<>();
        if (f.has("rates")) {
            List<YamlNode> rateItems = Fields.list(f.get("rates"), "compare rates", problems);
            if (rateItems.isEmpty() && f.get("rates") instanceof YamlNode.Sequence) {
                problems.add(f.at("rates"), "compare rates is empty; expected offered rates like [10kpps, 50kpps, 100kpps]");
            }
            for (YamlNode item : rateItems) {
                try {
                    double[] pps = packetRate().convert(item);
                    if (Double.isInfinite(pps[0])) {
                        problems.add(item.location(), "a load curve needs offered rates like 50kpps; 'max' has no offered rate to plot");
                    } else {
                        rates.add(new CompareSpec.SweepRate(Values.text(item, "a rate"), pps[0]));
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(item.location(), e.getMessage());
                }
            }
            if (rates.size() > 50) problems.add(f.at("rates"), "compare rates lists " + rates.size() + " rates; expected at most 50");
        }
        Optional<String> sweepFlow = f.optional("flow", name());
        if (sweepFlow.isPresent() && !f.has("rates")) {
            problems.add(f.keyAt("flow"), "compare 'flow' names the flow of a load curve and needs 'rates'");
        }
        List<Long> seeds = f.has("seeds") ? seeds(f) : List.of();
        if (listed.size() < 2 && !f.has("rates")) {
            problems.add(backendsNode.location(), "compare lists only one backend ('" + listed.keySet().iterator().next()
                    + "'); expected 2 or 3 distinct backend types (" + types + ")");
            return null;
        }
        CompareSpec compare = new CompareSpec(new ArrayList<>(listed.keySet()), rates, sweepFlow, seeds);
        sources.put(compare, f);
        return compare;
    }

    /**
     * {@code compare.seeds: [1, 2, 3]}: the seeds {@code overlaysim sweep} repeats every point of the load
     * curve with; 1 to {@value #MAX_SEEDS} distinct integers, and only with {@code rates}.
     */
    private List<Long> seeds(Fields f) {
        if (!f.has("rates")) {
            problems.add(f.keyAt("seeds"), "compare 'seeds' repeats each point of a load curve with each seed and needs 'rates'");
        }
        List<YamlNode> items = Fields.list(f.get("seeds"), "compare seeds", problems);
        if (items.isEmpty() && f.get("seeds") instanceof YamlNode.Sequence) {
            problems.add(f.at("seeds"), "compare seeds is empty; expected seeds like [1, 2, 3]");
        }
        Map<Long, Location> listed = new LinkedHashMap<>();
        for (YamlNode item : items) {
            try {
                long seed = Values.anyLong().convert(item);
                if (listed.containsKey(seed)) {
                    problems.add(item.location(), "duplicate seed " + seed + " in compare seeds; it is first listed at " + listed.get(seed));
                } else {
                    listed.put(seed, item.location());
                }
            } catch (IllegalArgumentException e) {
                problems.add(item.location(), e.getMessage());
            }
        }
        if (items.size() > MAX_SEEDS) {
            problems.add(f.at("seeds"), "compare seeds lists " + items.size() + " seeds; expected at most " + MAX_SEEDS);
        }
        return new ArrayList<>(listed.keySet());
    }

    /** One item of {@code compare.backends}: a bare backend type; null (reported) otherwise. */
    private String compareBackend(YamlNode item) {
        String types = Suggest.list(BACKEND_OPTIONS.keySet());
        if (item instanceof YamlNode.Mapping map) {
            YamlNode typeNode = Fields.peek(map, "type");
            String type = typeNode instanceof YamlNode.Scalar s && BACKEND_OPTIONS.containsKey(s.text()) ? s.text() : null;
            YamlNode.Entry option = map.entries().stream().filter(e -> !e.key().text().equals("type")).findFirst()
                    .orElse(null);
            String write = type == null ? "the type alone (" + types + ")" : "just '" + type + "'";
            if (option != null) {
                problems.add(option.key().location(), "option '" + option.key().text() + "' is not allowed in compare: "
                        + "each compared backend runs with its defaults; write " + write
                        + " (options belong in network.backend, the primary run)");
            } else {
                problems.add(item.location(), "expected a backend type (" + types + "), found a mapping; write " + write);
            }
            return null;
        }
        try {
            String type = Values.text(item, "a backend type (" + types + ")");
            if (!BACKEND_OPTIONS.containsKey(type)) {
                problems.add(item.location(), "unknown backend type '" + type + "'"
                        + Suggest.didYouMean(type, BACKEND_OPTIONS.keySet()) + "; expected one of: " + types);
                return null;
            }
            return type;
        } catch (IllegalArgumentException e) {
            problems.add(item.location(), e.getMessage());
            return null;
        }
    }

    // ---- underlay ------------------------------------------------------------------------------

    private UnderlaySpec underlay(YamlNode node) {
        Fields f = Fields.open(node, "underlay", UNDERLAY_KEYS, problems);
        if (f == null) {
            return null;
        }
        List<SegmentSpec> segments = new ArrayList<>();
        YamlNode segmentsNode = f.require("segments");
        if (segmentsNode != null) {
            List<YamlNode> items = Fields.list(segmentsNode, "segments", problems);
            if (items.isEmpty() && segmentsNode instanceof YamlNode.Sequence) {
                problems.add(segmentsNode.location(), "segments is empty; expected at least one segment");
            }
            for (YamlNode item : items) {
                addIfNotNull(segments, segment(item));
            }
        }
        List<RouterSpec> routers = new ArrayList<>();
        if (f.has("routers")) {
            for (YamlNode item : Fields.list(f.get("routers"), "routers", problems)) {
                addIfNotNull(routers, router(item));
            }
        }
        UnderlaySpec underlay = new UnderlaySpec(segments, routers);
        sources.put(underlay, f);
        return underlay;
    }

    private SegmentSpec segment(YamlNode node) {
        Fields f = Fields.open(node, "segment", SEGMENT_KEYS, problems);
        if (f == null) {
            return null;
        }
        SegmentSpec segment = new SegmentSpec(
                f.required("name", name()),
                f.required("cidr", prefix()),
                f.optional("gateway", ipv4()),
                f.optional("mtu", integer(68, 65_535), SegmentSpec.DEFAULT_MTU),
                f.optional("latency", duration(MAX_LATENCY_NANOS, "10s"), oneMachine ? 0L : SegmentSpec.DEFAULT_LATENCY_NANOS),
                f.optional("bandwidth", bandwidth(), oneMachine ? 0L : SegmentSpec.DEFAULT_BANDWIDTH_BITS_PER_SECOND),
                f.optional("loss", probability(), 0.0));
        String veths = "the segment is a bridge that the nodes reach through veths, which have neither latency nor bandwidth";
        refuseOnOneMachine(f, "latency", veths);
        refuseOnOneMachine(f, "bandwidth", veths);
        sources.put(segment, f);
        return segment;
    }

    private RouterSpec router(YamlNode node) {
        Fields f = Fields.open(node, "router", ROUTER_KEYS, problems);
        if (f == null) {
            return null;
        }
        String routerName = f.required("name", name());
        List<RouterSpec.Interface> interfaces = new ArrayList<>();
        YamlNode interfacesNode = f.require("interfaces");
        if (interfacesNode != null) {
            List<YamlNode> items = Fields.list(interfacesNode, "interfaces", problems);
            if (items.isEmpty() && interfacesNode instanceof YamlNode.Sequence) {
                problems.add(interfacesNode.location(), "interfaces is empty; expected at least one interface");
            }
            for (YamlNode item : items) {
                Fields i = Fields.open(item, "router interface", INTERFACE_KEYS, problems);
                if (i != null) {
                    RouterSpec.Interface iface = new RouterSpec.Interface(
                            i.required("segment", name()), i.required("ip", ipv4()));
                    sources.put(iface, i);
                    interfaces.add(iface);
                }
            }
        }
        RouterSpec router = new RouterSpec(routerName, interfaces);
        sources.put(router, f);
        return router;
    }

    // ---- nodes ---------------------------------------------------------------------------------

    private NodeSpec node(YamlNode node, NetworkSpec network, UnderlaySpec underlay) {
        Fields f = Fields.open(node, "node", NODE_KEYS, problems);
        if (f == null) {
            return null;
        }
        String nodeName = f.required("name", name());
        Ipv4Address ip = f.required("ip", ipv4());
        String segment = f.optional("segment", name(), null);
        if (!f.has("segment") && underlay != null) {
            List<String> segmentNames = underlay.segments().stream().map(SegmentSpec::name).toList();
            if (segmentNames.size() == 1) {
                segment = segmentNames.get(0);
            } else if (segmentNames.size() > 1) {
                problems.add(f.location(), "missing key 'segment' " + f.in() + ": the underlay has "
                        + segmentNames.size() + " segments (" + Suggest.list(segmentNames)
                        + "), so each node must name its own");
            }
        }
        Optional<Ipv4Prefix> subnet = f.optional("subnet", prefix());
        Optional<MacAddress> vtepMac = f.optional("vtepMac", unicastMac());
        long start = f.optional("start", duration(), 0L);
        OptionalInt mtu = f.optionalInt("mtu", integer(68, 65_535));
        int defaultPrefix = subnet.map(Ipv4Prefix::length)
                .orElse(network == null || network.cidr() == null ? 24 : safeSubnetLen(network));
        List<ContainerSpec> containers = new ArrayList<>();
        if (f.has("containers")) {
            for (YamlNode item : Fields.list(f.get("containers"), "containers", problems)) {
                Fields c = Fields.open(item, "container", CONTAINER_KEYS, problems);
                if (c != null) {
                    ContainerSpec container = new ContainerSpec(c.required("name", name()),
                            c.optional("ip", ipv4()), c.optional("prefixLength", integer(1, 32), defaultPrefix));
                    sources.put(container, c);
                    containers.add(container);
                }
            }
        }
        int cpus = f.optional("cpus", integer(1, NodeSpec.MAX_CPUS), NodeSpec.DEFAULT_CPUS);
        refuseOnOneMachine(f, "cpus", "the nodes share the machine's CPUs: set machine: {cpus: N}");
        OptionalInt dockerMtu = OptionalInt.empty();
        if (f.has("docker")) {
            // dockerd's --mtu: docker0's and each container's eth0 MTU instead of subnet.env's FLANNEL_MTU
            Fields d = Fields.open(f.get("docker"), "docker", DOCKER_KEYS, problems);
            if (d != null) dockerMtu = d.optionalInt("mtu", integer(68, 65_535));
        }
        NodeSpec spec = new NodeSpec(nodeName, ip, segment, subnet, vtepMac, start, mtu, containers, cpus, dockerMtu);
        sources.put(spec, f);
        return spec;
    }

    private static int safeSubnetLen(NetworkSpec network) {
        return Math.min(32, network.effectiveSubnetLen());
    }

    // ---- costs ---------------------------------------------------------------------------------

    private CostsSpec costs(YamlNode node) {
        if (node instanceof YamlNode.Mapping m && Fields.peek(m, INCLUDE) != null) {
            return includedCosts(m);
        }
        return costsBlock(node, problems);
    }

    /** A {@code costs:} mapping of durations, its problems reported to {@code into} (this file's or an included one's). */
    static CostsSpec costsBlock(YamlNode node, Problems into) {
        Fields f = Fields.open(node, "costs", COSTS_KEYS, into,
                key -> key.equals(INCLUDE) ? "an included costs file cannot include another: 'include' belongs in the scenario's costs" : null);
        if (f == null) {
            return CostsSpec.DEFAULTS;
        }
        return new CostsSpec(f.optionalLong("syscall", cost()), f.optionalLong("copyPerKiB", cost()),
                f.optionalLong("wakeup", cost()), f.optionalLong("encap", cost()),
                f.optionalLong("decap", cost()), f.optionalLong("forward", cost()), f.optionalLong("proxy", cost()),
                f.optionalLong("wakeupCpu", cost()), f.optionalLong("contextSwitch", cost()),
                f.optionalLong("proxyCold", cost()), f.optionalLong("haltPoll", cost()), f.optionalLong("wakeupCpuWarm", cost()),
                f.optionalLong("contextSwitchWarm", cost()), f.optionalLong("wakeupLocal", cost()),
                f.optionalLong("sendmsg", cost()), f.optionalLong("poll", cost()));
    }

    /**
     * {@code costs: {include: costs.yaml}}: the file's path is relative to the scenario file's
     * directory; the included file's own problems point at it (its line and column), a missing or
     * unreadable file at the {@code include} value here. Nothing else may sit beside {@code include}.
     */
    private CostsSpec includedCosts(YamlNode.Mapping m) {
        Fields f = Fields.open(m, "costs", List.of(INCLUDE), problems,
                key -> "costs with 'include' takes nothing else: found '" + key + "'; put overrides in the included file");
        if (f == null) {
            return CostsSpec.DEFAULTS;
        }
        String name = f.required(INCLUDE, string());
        if (name == null) {
            return CostsSpec.DEFAULTS;
        }
        java.nio.file.Path base = java.nio.file.Path.of(problems.file()).toAbsolutePath().getParent();
        java.nio.file.Path path = base == null ? java.nio.file.Path.of(name) : base.resolve(name);
        try {
            return CostsFile.read(path, name.startsWith("/") ? name : relativeName(name));
        } catch (CostsFile.Unreadable e) {
            problems.add(f.at(INCLUDE), "costs include '" + YamlNode.Scalar.printable(name) + "': " + e.getMessage());
        } catch (ScenarioException e) {
            problems.addAll(e.problems());
        }
        return CostsSpec.DEFAULTS;
    }

    /** The included file's name as problems print it: beside the scenario's own name as given. */
    private String relativeName(String name) {
        java.nio.file.Path dir = java.nio.file.Path.of(problems.file()).getParent();
        return dir == null ? name : dir.resolve(name).toString();
    }

    // ---- traffic -------------------------------------------------------------------------------

    private FlowSpec flow(YamlNode node, int position) {
        Fields item = Fields.open(node, "traffic item", FLOW_KINDS, problems);
        if (item == null) {
            return null;
        }
        String kind = item.exactlyOne(FLOW_KINDS, "traffic item");
        if (kind == null) {
            return null;
        }
        boolean ping = kind.equals(FlowSpec.Ping.KIND);
        boolean tcp = kind.equals(FlowSpec.Tcp.KIND);
        boolean request = kind.equals(FlowSpec.Request.KIND);
        Fields f = Fields.open(item.get(kind), kind + " flow",
                ping ? PING_KEYS : tcp ? TCP_KEYS : request ? REQUEST_KEYS : UDP_KEYS, problems);
        if (f == null) {
            return null;
        }
        String flowName = f.optional("name", name(), kind + "-" + position);
        String from = f.required("from", name());
        FlowTarget to = f.required("to", this::target);
        FlowSpec flow;
        if (tcp) {
            flow = tcpFlow(f, flowName, from, to);
        } else if (request) {
            flow = requestFlow(f, flowName, from, to);
        } else if (ping) {
            flow = new FlowSpec.Ping(flowName, from, to,
                    f.optional("count", integer(1, MAX_COUNT), 1),
                    f.optional("size", integer(0, MAX_PAYLOAD - 8), FlowSpec.Ping.DEFAULT_SIZE),
                    f.optional("interval", duration(), 1_000_000_000L),
                    f.optional("start", duration(), 0L),
                    f.optional("df", bool(), false));
        } else {
            int size = f.optional("size", integer(0, MAX_PAYLOAD), FlowSpec.Udp.DEFAULT_SIZE);
            flow = new FlowSpec.Udp(flowName, from, to, orZero(f.required("port", integer(1, 65_535))),
                    f.optional("count", integer(1, MAX_COUNT), 1),
                    size,
                    f.optional("interval", duration(), 1_000_000_000L),
                    f.optional("start", duration(), 0L),
                    udpRate(f, size));
        }
        sources.put(flow, f);
        return flow;
    }

    /**
     * {@code tcp}: {@code bytes} (iperf3 -n) or {@code duration} (iperf3 -t, the default), never
     * both; a {@code timeout} only with bytes, since a flow with a duration stops when it is up.
     */
    private FlowSpec.Tcp tcpFlow(Fields f, String flowName, String from, FlowTarget to) {
        int port = f.optional("port", integer(1, 65_535), FlowSpec.Tcp.DEFAULT_PORT);
        if (f.has("bytes") && f.has("duration")) {
            String second = f.presentKeys().indexOf("bytes") < f.presentKeys().indexOf("duration") ? "duration" : "bytes";
            problems.add(f.keyAt(second), "tcp flow has both 'bytes' and 'duration'; expected one of them: a flow sends"
                    + " bytes (like iperf3 -n) or for a duration (like iperf3 -t)");
        }
        java.util.OptionalLong bytes = f.optionalLong("bytes", Values.size(1));
        boolean withBytes = f.has("bytes");
        long duration = withBytes ? 0 : f.optional("duration", positive(duration(MAX_TCP_DURATION_NANOS, "100s")),
                FlowSpec.Tcp.DEFAULT_DURATION_NANOS);
        if (f.has("timeout") && !withBytes) {
            problems.add(f.keyAt("timeout"), "'timeout' needs 'bytes': a tcp flow without them sends for its duration ("
                    + (f.has("duration") ? Values.text(f.get("duration"), "a duration") : "1s by default") + ") and stops then");
        }
        long timeout = withBytes ? f.optional("timeout", positive(duration()), FlowSpec.DEFAULT_TCP_TIMEOUT_NANOS) : 0;
        return new FlowSpec.Tcp(flowName, from, to, port, bytes, duration, timeout,
                f.optional("congestion", congestion(), FlowSpec.DEFAULT_CONGESTION), f.optional("start", duration(), 0L));
    }

    /** {@code request}: curl's request/response, {@code count} times, each a connection of its own. */
    private FlowSpec.Request requestFlow(Fields f, String flowName, String from, FlowTarget to) {
        int port = f.optional("port", integer(1, 65_535), FlowSpec.Request.DEFAULT_PORT);
        long send = f.optional("send", Values.size(1), (long) FlowSpec.Request.DEFAULT_SEND);
        Long receive = f.required("receive", Values.size(1));
        int count = f.optional("count", integer(1, MAX_REQUESTS), 1);
        // Each way, a flow moves at most what one tcp flow may: the run stays one of seconds.
        for (String key : List.of("send", "receive")) {
            long each = key.equals("send") ? send : receive == null ? 0 : receive;
            if (java.math.BigInteger.valueOf(count).multiply(java.math.BigInteger.valueOf(each))
                    .compareTo(java.math.BigInteger.valueOf(Values.MAX_SIZE_BYTES)) > 0) {
                problems.add(f.at(f.has("count") ? "count" : key), count + " request" + (count == 1 ? "" : "s") + " of " + each
                        + " bytes " + (key.equals("send") ? "sent" : "received") + " is " + (count * each) + " bytes; a flow moves at most "
                        + Values.MAX_SIZE_TEXT + " each way: fewer requests or smaller " + (key.equals("send") ? "requests" : "responses"));
            }
        }
        return new FlowSpec.Request(flowName, from, to, port, (int) send, receive == null ? 0 : receive, count,
                f.optional("interval", duration(), 0L), f.optional("timeout", positive(duration()), FlowSpec.DEFAULT_TCP_TIMEOUT_NANOS),
                f.optional("congestion", congestion(), FlowSpec.DEFAULT_CONGESTION), f.optional("start", duration(), 0L));
    }

    /** A duration of more than 0 (a unit is required: {@code 0} alone is refused too). */
    private static Values.Converter<Long> positive(Values.Converter<Long> duration) {
        return node -> {
            long nanos = duration.convert(node);
            if (nanos <= 0) {
                throw new IllegalArgumentException("expected a duration of more than 0s, found " + node.describe());
            }
            return nanos;
        };
    }

    /** A congestion control Linux has built in: net.ipv4.tcp_available_congestion_control lists them. */
    private static Values.Converter<String> congestion() {
        return node -> {
            String text = Values.text(node, "a congestion control like cubic");
            if (!FlowSpec.CONGESTION_CONTROLS.contains(text)) {
                throw new IllegalArgumentException("unknown congestion control '" + text + "'"
                        + Suggest.didYouMean(text, FlowSpec.CONGESTION_CONTROLS) + "; expected one of: "
                        + Suggest.list(FlowSpec.CONGESTION_CONTROLS) + " (as net.ipv4.tcp_congestion_control names them)");
            }
            return text;
        };
    }

    /**
     * {@code rate: 50kpps | max} or {@code bitrate: 500Mbit}, with {@code duration}: iperf3's way of
     * sending. Either excludes {@code count} and {@code interval}, which send one at a time.
     */
    private Optional<FlowSpec.Rate> udpRate(Fields f, int size) {
        boolean rate = f.has("rate");
        boolean bitrate = f.has("bitrate");
        if (!rate && !bitrate) {
            if (f.has("duration")) {
                f.report("duration", "'duration' needs 'rate' or 'bitrate' (a flow with 'count' sends count datagrams, one per interval)");
            }
            return Optional.empty();
        }
        if (rate && bitrate) {
            problems.add(f.keyAt("bitrate"), "udp flow has both 'rate' and 'bitrate'; expected one of them");
            return refusedRate();
        }
        for (String other : List.of("count", "interval")) {
            if (f.has(other)) {
                problems.add(f.keyAt(other), "udp flow has both '" + (rate ? "rate" : "bitrate") + "' and '" + other
                        + "'; a flow sends either at a rate for a duration, or count datagrams one per interval");
                return refusedRate();
            }
        }
        long duration = f.optional("duration", duration(), FlowSpec.Udp.DEFAULT_DURATION_NANOS);
        if (duration <= 0) {
            f.report("duration", "expected a duration of more than 0s, found " + f.get("duration").describe());
            return refusedRate();
        }
        if (rate) {
            Optional<double[]> pps = f.optional("rate", packetRate());
            if (pps.isEmpty() || !withinPacketLimit(f, "rate", pps.get()[0], duration)) return refusedRate();
            return Optional.of(new FlowSpec.Rate(pps.get()[0], duration, Values.text(f.get("rate"), "a rate")));
        }
        Optional<Long> bits = f.optional("bitrate", bandwidth());
        if (bits.isEmpty()) return refusedRate();
        if (size == 0) {
            f.report("bitrate", "a bitrate needs datagrams of at least 1 byte ('size'), or give 'rate' in packets per second");
            return refusedRate();
        }
        double pps = bits.get() / (8.0 * size);
        if (!withinPacketLimit(f, "bitrate", pps, duration)) return refusedRate();
        return Optional.of(new FlowSpec.Rate(pps, duration, Values.text(f.get("bitrate"), "a bitrate")));
    }

    /**
     * The rate of a flow whose rate was refused (the problem is already reported, so the scenario
     * never runs): it still counts as a flow with a rate, so that checks and load curves naming it
     * do not add errors that only repeat the first.
     */
    private static Optional<FlowSpec.Rate> refusedRate() {
        return Optional.of(new FlowSpec.Rate(1, 1_000_000_000L, "(refused)"));
    }

    /** The most datagrams one flow with a rate may send (rate × duration), so that every accepted flow runs in minutes. */
    static final long MAX_RATE_PACKETS = 100_000_000L;
    /** The longest a {@code rate: max} flow may send: at a few million datagrams per second, 100 s is as many as a rate allows. */
    static final long MAX_MAX_RATE_NANOS = 100_000_000_000L;

    private boolean withinPacketLimit(Fields f, String key, double pps, long duration) {
        if (Double.isInfinite(pps)) {
            if (duration > MAX_MAX_RATE_NANOS) {
                f.report("duration", "a 'rate: max' flow may send for at most 100s, found " + f.get("duration").describe());
                return false;
            }
            return true;
        }
        double packets = pps * (duration / 1e9);
        if (packets > MAX_RATE_PACKETS) {
            f.report(key, String.format(java.util.Locale.ROOT, "%s for %s is %.0f datagrams; a flow may send at most %d (rate × duration)",
                    Values.text(f.get(key), "a rate"), Durations.format(duration), packets, MAX_RATE_PACKETS));
            return false;
        }
        if (pps > MAX_PPS) {
            f.report(key, "that is " + Math.round(pps) + " datagrams per second; a flow may send at most 100Mpps");
            return false;
        }
        return true;
    }

    /** The most packets per second a flow may be given: 100 M, far beyond what any host sends. */
    static final double MAX_PPS = Rates.MAX_PPS;

    /** {@code 500pps}, {@code 50kpps}, {@code 1.5Mpps} or {@code max} ({@link Rates}, which the command line reads with too). */
    private static Values.Converter<double[]> packetRate() {
        return node -> new double[] {Rates.packetsPerSecond(Values.text(node, "a rate like 50kpps or max"), node.describe())};
    }

    private FlowTarget target(YamlNode node) {
        String text = Values.text(node, "a container name or an IPv4 address");
        if (IPV4_LIKE.matcher(text).matches()) {
            return new FlowTarget.Address(Values.ipv4(text));
        }
        if (Values.looksLikeIpv6(text)) {
            throw new IllegalArgumentException("expected a container name or an IPv4 address, found " + node.describe()
                    + ", an IPv6 address: addresses are IPv4 only (like 10.1.16.3), and names are lowercase container"
                    + " names (like container-2)");
        }
        if (!Values.NAME.matcher(text).matches()) {
            throw new IllegalArgumentException("expected a container name (lowercase letters, digits and '-', like"
                    + " container-2, at most 63 characters) or an IPv4 address (like 10.1.16.3), found " + node.describe());
        }
        return new FlowTarget.Container(text);
    }

    // ---- timeline ------------------------------------------------------------------------------

    private TimelineEvent event(YamlNode node) {
        List<String> eventKeys = eventKeys();
        Fields f = Fields.open(node, "timeline event", timelineKeys(), problems);
        if (f == null) {
            return null;
        }
        Long at = f.required("at", duration());
        String key = f.exactlyOne(eventKeys, "timeline event");
        if (key == null || at == null) {
            return null;
        }
        TimelineEvent event;
        Fields options = null;
        if (NODE_EVENTS.contains(key)) {
            String node1 = f.required(key, name());
            if (node1 == null) {
                return null;
            }
            event = switch (key) {
                case "nodeJoin" -> new TimelineEvent.NodeJoin(at, node1);
                case "nodeLeave" -> new TimelineEvent.NodeLeave(at, node1);
                case "flanneldRestart" -> new TimelineEvent.FlanneldRestart(at, node1);
                case "leaseExpire" -> new TimelineEvent.LeaseExpire(at, node1);
                case "linkDown" -> new TimelineEvent.LinkDown(at, node1);
                case "linkUp" -> new TimelineEvent.LinkUp(at, node1);
                case "forwardPolicyDrop" -> new TimelineEvent.ForwardPolicyDrop(at, node1);
                case "forwardPolicyAccept" -> new TimelineEvent.ForwardPolicyAccept(at, node1);
                default -> throw new IllegalStateException(key);
            };
        } else {
            YamlNode value = f.get(key);
            if (value instanceof YamlNode.Scalar s && !s.isNull()) {
                // Written like the events that take a bare node (forwardPolicyDrop: node1): say the form this one takes.
                StringBuilder like = new StringBuilder("{node: ").append(s.text());
                for (String k : OPTION_EVENTS.get(key)) if (!k.equals("node")) like.append(", ").append(k).append(": …");
                problems.add(value.location(), "expected a mapping for " + key + ", like " + like + "}, found " + value.describe());
                return null;
            }
            options = Fields.open(value, key, OPTION_EVENTS.get(key), problems);
            if (options == null) {
                return null;
            }
            String nodeName = options.required("node", name());
            event = switch (key) {
                case "linkLoss" -> new TimelineEvent.LinkLoss(at, nodeName, orZero(options.required("loss", probability())));
                case "blockUdpPort" -> new TimelineEvent.BlockUdpPort(at, nodeName,
                        orZero(options.required("port", integer(1, 65_535))));
                case "unblockUdpPort" -> new TimelineEvent.UnblockUdpPort(at, nodeName,
                        orZero(options.required("port", integer(1, 65_535))));
                case "blockIcmp" -> new TimelineEvent.BlockIcmp(at, nodeName);
                case "unblockIcmp" -> new TimelineEvent.UnblockIcmp(at, nodeName);
                case "vtepMacChange" -> new TimelineEvent.VtepMacChange(at, nodeName, options.required("mac", unicastMac()));
                default -> throw new IllegalStateException(key);
            };
        }
        sources.put(event, f);
        if (options != null) {
            sources.putOptions(event, options);
        }
        return event;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }

    // ---- expect --------------------------------------------------------------------------------

    private Expectation expectation(YamlNode node) {
        Fields item = Fields.open(node, "expect item", EXPECT_KINDS, problems);
        if (item == null) {
            return null;
        }
        String kind = item.exactlyOne(EXPECT_KINDS, "expect item");
        if (kind == null) {
            return null;
        }
        YamlNode body = item.get(kind);
        Expectation expectation = switch (kind) {
            case "delivered" -> {
                Fields f = open(body, kind, List.of("flow", "count"));
                yield f == null ? null : put(new Expectation.Delivered(f.required("flow", name()),
                        f.optionalInt("count", integer(0, MAX_COUNT))), f);
            }
            case "dropped" -> {
                Fields f = open(body, kind, List.of("flow", "count", "reason", "at"));
                yield f == null ? null : put(new Expectation.Dropped(f.required("flow", name()),
                        f.optionalInt("count", integer(0, MAX_COUNT)), f.optional("reason", this::reason),
                        f.optional("at", Values.device())), f);
            }
            case "copies", "syscalls" -> {
                Fields f = open(body, kind, List.of("flow", "send", "receive"));
                if (f == null) {
                    yield null;
                }
                if (!f.has("send") && !f.has("receive")) {
                    problems.add(f.location(), kind + " needs 'send', 'receive' or both");
                }
                String flowName = f.required("flow", name());
                OptionalInt send = f.optionalInt("send", integer(0, 1_000));
                OptionalInt receive = f.optionalInt("receive", integer(0, 1_000));
                yield put(kind.equals("copies") ? new Expectation.Copies(flowName, send, receive)
                        : new Expectation.Syscalls(flowName, send, receive), f);
            }
            case "table" -> table(body);
            case "throughput" -> {
                Fields f = open(body, kind, List.of("flow", "min", "max"));
                if (f == null) yield null;
                String flowName = f.required("flow", name());
                needsABound(f, kind);
                Optional<double[]> min = f.optional("min", throughputBound());
                Optional<double[]> max = f.optional("max", throughputBound());
                boolean bits = min.map(m -> m[1] == 1).orElse(max.map(m -> m[1] == 1).orElse(false));
                if (min.isPresent() && max.isPresent() && (min.get()[1] == 1) != (max.get()[1] == 1)) {
                    f.report("max", "'min' and 'max' of a throughput check must both be packet rates (kpps) or both bitrates (Mbit)");
                }
                String text = (f.has("min") ? "min " + Values.text(f.get("min"), "a rate") : "")
                        + (f.has("min") && f.has("max") ? ", " : "") + (f.has("max") ? "max " + Values.text(f.get("max"), "a rate") : "");
                yield put(new Expectation.Throughput(flowName, min.map(m -> java.util.OptionalDouble.of(m[0])).orElse(java.util.OptionalDouble.empty()),
                        max.map(m -> java.util.OptionalDouble.of(m[0])).orElse(java.util.OptionalDouble.empty()), bits, text), f);
            }
            case "loss", "cpu" -> {
                boolean loss = kind.equals("loss");
                Fields f = open(body, kind, List.of(loss ? "flow" : "node", "min", "max"));
                if (f == null) yield null;
                String who = f.required(loss ? "flow" : "node", name());
                needsABound(f, kind);
                java.util.OptionalDouble min = f.optional("min", percent()).map(java.util.OptionalDouble::of).orElse(java.util.OptionalDouble.empty());
                java.util.OptionalDouble max = f.optional("max", percent()).map(java.util.OptionalDouble::of).orElse(java.util.OptionalDouble.empty());
                yield put(loss ? new Expectation.Loss(who, min, max) : new Expectation.Cpu(who, min, max), f);
            }
            case "latency" -> {
                Fields f = open(body, kind, List.of("flow", "percentile", "min", "max"));
                if (f == null) yield null;
                String flowName = f.required("flow", name());
                needsABound(f, kind);
                int percentile = f.optional("percentile", percentileValue(), 99);
                yield put(new Expectation.Latency(flowName, percentile, f.optionalLong("min", duration()),
                        f.optionalLong("max", duration())), f);
            }
            case "retransmits" -> {
                Fields f = open(body, kind, List.of("flow", "min", "max"));
                if (f == null) yield null;
                String flowName = f.required("flow", name());
                needsABound(f, kind);
                yield put(new Expectation.Retransmits(flowName, f.optionalInt("min", integer(0, Integer.MAX_VALUE)),
                        f.optionalInt("max", integer(0, Integer.MAX_VALUE))), f);
            }
            case "completed" -> {
                Fields f = open(body, kind, List.of("flow", "count"));
                yield f == null ? null : put(new Expectation.Completed(f.required("flow", name()),
                        f.optionalInt("count", integer(0, MAX_REQUESTS))), f);
            }
            case "crossed" -> {
                Fields f = open(body, kind, List.of("flow", "devices"));
                if (f == null) {
                    yield null;
                }
                String flowName = f.required("flow", name());
                List<DeviceRef> devices = new ArrayList<>();
                YamlNode devicesNode = f.require("devices");
                if (devicesNode != null) {
                    List<YamlNode> items = Fields.list(devicesNode, "devices", problems);
                    if (items.isEmpty() && devicesNode instanceof YamlNode.Sequence) {
                        problems.add(devicesNode.location(), "devices is empty; expected at least one device");
                    }
                    for (YamlNode device : items) {
                        try {
                            DeviceRef ref = Values.device().convert(device);
                            devices.add(ref);
                            sources.putDevice(ref, device.location());
                        } catch (IllegalArgumentException e) {
                            problems.add(device.location(), e.getMessage());
                        }
                    }
                }
                yield put(new Expectation.Crossed(flowName, devices), f);
            }
            default -> throw new IllegalStateException(kind);
        };
        return expectation;
    }

    private void needsABound(Fields f, String kind) {
        if (!f.has("min") && !f.has("max")) problems.add(f.location(), kind + " needs 'min', 'max' or both");
    }

    /** A throughput bound: {@code 100kpps} (packets, [n, 0]) or {@code 500Mbit} (payload bits, [n, 1]). */
    private static Values.Converter<double[]> throughputBound() {
        return node -> {
            String text = Values.text(node, "a rate like 100kpps or 500Mbit");
            if (text.endsWith("pps")) {
                double[] pps = packetRate().convert(node);
                if (Double.isInfinite(pps[0])) throw new IllegalArgumentException("expected a rate like 100kpps, found 'max'");
                return new double[] {pps[0], 0};
            }
            try {
                return new double[] {bandwidth().convert(node), 1};
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("expected a rate like 100kpps (pps, kpps, Mpps) or a bitrate like 500Mbit "
                        + "(bit, Kbit, Mbit, Gbit), found " + node.describe());
            }
        };
    }

    /** {@code 5%} or {@code 5}: a share from 0 to 100. */
    private static Values.Converter<Double> percent() {
        return node -> {
            String text = Values.text(node, "a percentage like 5%");
            String digits = text.endsWith("%") ? text.substring(0, text.length() - 1) : text;
            if (!digits.matches("[0-9]{1,3}(\\.[0-9]{1,6})?") || Double.parseDouble(digits) > 100) {
                throw new IllegalArgumentException("expected a percentage from 0% to 100% (like 5%), found " + node.describe());
            }
            return Double.parseDouble(digits);
        };
    }

    private static Values.Converter<Integer> percentileValue() {
        return node -> {
            int p = integer(1, 100).convert(node);
            if (p != 50 && p != 90 && p != 99 && p != 100) {
                throw new IllegalArgumentException("expected a percentile of 50, 90, 99 or 100 (the maximum), found " + node.describe());
            }
            return p;
        };
    }

    private Expectation table(YamlNode body) {
        Fields f = open(body, "table", List.of("node", "container", "command", "holds", "lacks"));
        if (f == null) {
            return null;
        }
        String hostKey = f.exactlyOne(List.of("node", "container"), "table");
        String lineKey = f.exactlyOne(List.of("holds", "lacks"), "table");
        String host = hostKey == null ? null : f.required(hostKey, name());
        String command = f.required("command", this::command);
        String line = lineKey == null ? null : f.required(lineKey, this::tableLine);
        return put(new Expectation.Table(host, command, line, !"lacks".equals(lineKey)), f);
    }

    private Fields open(YamlNode body, String kind, List<String> keys) {
        return Fields.open(body, kind, keys, problems);
    }

    private <T> T put(T record, Fields fields) {
        sources.put(record, fields);
        return record;
    }

    /** The ids of every drop reason the simulator reports (DropReason), in its order. */
    static final List<String> DROP_REASONS = java.util.Arrays.stream(dev.overlaysim.trace.DropReason.values())
            .map(dev.overlaysim.trace.DropReason::id).toList();

    private String reason(YamlNode node) {
        String text = Values.text(node, "a drop reason like fdb-miss");
        // Refused here, not at run time: a check on a reason the simulator never reports could never pass.
        if (!DROP_REASONS.contains(text)) {
            throw new IllegalArgumentException("unknown drop reason '" + text + "'" + Suggest.didYouMean(text, DROP_REASONS)
                    + "; expected one of: " + Suggest.list(DROP_REASONS) + " (docs/scenario-format.md lists what each means)");
        }
        return text;
    }

    private String command(YamlNode node) {
        String text = Values.text(node, "a command like \"ip route\"").strip();
        String first = text.split("\\s+", 2)[0];
        if (!TABLE_COMMANDS.contains(first)) {
            throw new IllegalArgumentException("unknown command '" + text + "'" + Suggest.didYouMean(first, TABLE_COMMANDS)
                    + "; expected a command starting with one of: " + Suggest.list(TABLE_COMMANDS));
        }
        return text.replaceAll("\\s+", " ");
    }

    private String tableLine(YamlNode node) {
        String text = Values.text(node, "a line of the command's output");
        if (text.contains("\n") || text.isBlank()) {
            throw new IllegalArgumentException("expected one non-empty line of the command's output, found "
                    + (text.isBlank() ? "a blank string" : text.lines().count() + " lines"));
        }
        return text.stripTrailing();
    }
}
