package dev.overlaysim.scenarios.cli;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Scenario files with every bounded value (durations, bandwidths, latencies, counts, intervals,
 * sizes, costs, MTUs, ports, VNIs, loss) anywhere in its documented range, at its edges and just
 * beyond them, through the command line as the executable runs it: the exit code is 0, 1 or 2,
 * never 3, and no stack trace is printed. A file {@code validate} accepts must run; one it refuses,
 * {@code run} refuses too, at a {@code file:line:column}. Files that send few packets are also run;
 * the ones that send up to a million are only validated (running them is the benchmarks' job).
 */
class HostileValuesPropertyTest {

    /** Above this many packets a file is only validated, so that every try runs in well under a second. */
    private static final int RUN_AT_MOST_PACKETS = 20;

    private static Path dir;

    @BeforeContainer
    static void createDir() throws IOException {
        dir = Files.createTempDirectory("hostile-values");
    }

    @AfterContainer
    static void deleteDir() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** One generated file, with the knobs it was made from (shown when a try fails). */
    record Case(Map<String, String> knobs, String yaml, int packets, String trace, boolean jsonToStdout) {
        @Override
        public String toString() {
            return knobs + " trace=" + trace + (jsonToStdout ? " --json -" : "");
        }
    }

    @Property(tries = 150, shrinking = net.jqwik.api.ShrinkingMode.BOUNDED)
    void everyValueInOrJustBeyondItsRangeIsRunOrRefusedNeverAnInternalError(@ForAll("cases") Case c) throws IOException {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, c.yaml());

        Cli validate = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Cli.run("validate", file.toString()),
                () -> "validate hung on\n" + c.yaml());
        assertClean(validate, c, "validate");
        assertThat(validate.exit()).as("validate exit of\n%s\n%s", c.yaml(), validate).isIn(0, 2);
        if (validate.exit() == 2) {
            assertThat(validate.out()).as("validate output").containsPattern("s\\.yaml:\\d+:\\d+: \\S");
        }
        if (c.packets() > RUN_AT_MOST_PACKETS) {
            return;
        }
        List<String> args = new ArrayList<>(List.of("run", file.toString(), "--trace", c.trace(), "--color", "never"));
        if (c.jsonToStdout()) args.addAll(List.of("--json", "-"));
        Cli run = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Cli.run(args.toArray(String[]::new)),
                () -> "run hung on\n" + c.yaml());
        assertClean(run, c, "run");
        assertThat(run.exit()).as("run exit of\n%s\n%s", c.yaml(), run).isIn(0, 1, 2);
        if (validate.exit() == 0) {
            assertThat(run.exit()).as("validate accepted it, so run must run it:\n%s\n%s", c.yaml(), run).isIn(0, 1);
        } else {
            assertThat(run.exit()).as("validate refused it, so run must refuse it:\n%s\n%s", c.yaml(), run).isEqualTo(2);
            assertThat(run.err()).containsPattern("s\\.yaml:\\d+:\\d+: \\S");
        }
    }

    private static void assertClean(Cli r, Case c, String command) {
        assertThat(r.exit()).as("%s exited 3 (internal error) on\n%s\n%s", command, c.yaml(), r).isNotEqualTo(ExitCodes.INTERNAL_ERROR);
        assertThat(r.err()).as("%s stderr on\n%s", command, c.yaml()).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(r.out()).as("%s stdout on\n%s", command, c.yaml()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    // ---- generators: each value from its edges, just beyond them, or anywhere in between ----------

    /**
     * A value: one of its range's edges ({@code inside}), anywhere in the range ({@code random}), or,
     * one time in 30, just beyond an edge ({@code beyond}); so that about a third of the files,
     * with their 28 values, are accepted and run, and the rest are refused for one or two values.
     */
    private static Arbitrary<String> value(Arbitrary<String> random, List<String> inside, List<String> beyond) {
        return Arbitraries.frequencyOf(
                Tuple.of(15, Arbitraries.of(inside)),
                Tuple.of(14, random),
                Tuple.of(1, Arbitraries.of(beyond)));
    }

    private static Arbitrary<String> nanos(long max) {
        return Arbitraries.longs().between(0, max).map(n -> n + "ns");
    }

    /** A time or an interval: 0 to 100 years (3153600000s). */
    private static Arbitrary<String> time() {
        return value(nanos(3_153_600_000_000_000_000L),
                List.of("0", "1ns", "1ms", "1s", "3153600000s", "3153599999999999999ns"),
                List.of("3153600000000000001ns", "3153600001s", "-1s", "1.5ns", "5", "9223372036854775808ns"));
    }

    /** Each entry of costs: 0 to 1 s. */
    private static Arbitrary<String> cost() {
        return value(nanos(1_000_000_000L), List.of("0", "1ns", "1us", "1s", "999999999ns"), List.of("1000000001ns", "2s", "-1ns"));
    }

    /** A segment's latency: 0 to 10 s. */
    private static Arbitrary<String> latency() {
        return value(nanos(10_000_000_000L), List.of("0", "1ns", "10us", "10s", "9999999999ns"),
                List.of("10000000001ns", "11s", "0.5ns"));
    }

    /** A segment's bandwidth: 1 bit/s to 10 Tbit/s. */
    private static Arbitrary<String> bandwidth() {
        return value(Arbitraries.longs().between(1, 10_000_000_000_000L).map(b -> b + "bit"),
                List.of("1bit", "1Kbit", "100Mbit", "10Gbit", "10000Gbit", "10000000000000bit", "1.5Gbit", "0.001Kbit"),
                List.of("0bit", "10000000000001bit", "10001Gbit", "0.5bit", "99999999999Gbit", "10gbit"));
    }

    private static Arbitrary<String> integer(long min, long max, List<String> inside, List<String> beyond) {
        List<String> edges = new ArrayList<>(List.of(String.valueOf(min), String.valueOf(max)));
        edges.addAll(inside);
        return value(Arbitraries.longs().between(min, max).map(String::valueOf), edges, beyond);
    }

    /** A flow's count: 1 to 1000000, mostly small so that the file also runs. */
    private static Arbitrary<String> count() {
        return Arbitraries.frequencyOf(
                Tuple.of(20, Arbitraries.integers().between(1, 5).map(String::valueOf)),
                Tuple.of(6, Arbitraries.of("1000000", "999999")),
                Tuple.of(3, Arbitraries.integers().between(1, 1_000_000).map(String::valueOf)),
                Tuple.of(1, Arbitraries.of("0", "-1", "1000001", "99999999999999999999")));
    }

    private static Arbitrary<String> probability() {
        return value(Arbitraries.bigDecimals().between(BigDecimal.ZERO, BigDecimal.ONE).ofScale(4).map(BigDecimal::toPlainString),
                List.of("0", "1", "0.5", "0.0001"), List.of("1.0000001", "-0.1", "2"));
    }

    @Provide
    Arbitrary<Case> cases() {
        Map<String, Arbitrary<String>> knobs = new LinkedHashMap<>();
        knobs.put("backend", Arbitraries.of("udp", "vxlan", "host-gw"));
        knobs.put("vni", integer(0, 9_999_999, List.of("1", "65535", "65536"), List.of("-1", "10000000", "16777215", "16777216", "99999999999999999999")));
        knobs.put("port", integer(1, 65_535, List.of("8472", "4789"), List.of("0", "65536")));
        knobs.put("mtu", integer(68, 65_535, List.of("1500", "1450", "576"), List.of("67", "65536")));
        knobs.put("nodeMtu", integer(68, 65_535, List.of("1500", "1400"), List.of("67", "65536")));
        knobs.put("latency", latency());
        knobs.put("bandwidth", bandwidth());
        knobs.put("loss", probability());
        knobs.put("syscall", cost());
        knobs.put("copyPerKiB", cost());
        knobs.put("wakeup", cost());
        knobs.put("encap", cost());
        knobs.put("decap", cost());
        knobs.put("forward", cost());
        knobs.put("kind", Arbitraries.of("ping", "udp"));
        knobs.put("count", count());
        knobs.put("pingSize", integer(0, 65_499, List.of("56", "1472", "1473"), List.of("-1", "65500")));
        knobs.put("udpSize", integer(0, 65_507, List.of("100", "1472", "1473"), List.of("-1", "65508")));
        knobs.put("udpPort", integer(1, 65_535, List.of("8285", "8472"), List.of("0", "65536")));
        knobs.put("interval", time());
        knobs.put("start", time());
        knobs.put("nodeStart", time());
        knobs.put("df", Arbitraries.of("true", "false"));
        knobs.put("at", time());
        knobs.put("event", Arbitraries.of("linkDown", "linkLoss", "blockUdpPort", "blockIcmp", "flanneldRestart", "leaseExpire", "none"));
        knobs.put("eventLoss", probability());
        knobs.put("expectCount", integer(0, 6, List.of("1"), List.of("-1")));
        // 1 to 32 is the type's range; above 30 (or a /30 for an address past .3) docker0 is off-link: refused.
        knobs.put("prefixLength", integer(1, 32, List.of("24", "16", "30", "31"), List.of("0", "33")));
        knobs.put("trace", Arbitraries.of("summary", "walk", "full"));
        knobs.put("json", Arbitraries.of("no", "no", "yes"));
        List<String> names = List.copyOf(knobs.keySet());
        return Combinators.combine(List.copyOf(knobs.values())).as(values -> {
            Map<String, String> k = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) k.put(names.get(i), values.get(i));
            return toCase(k);
        });
    }

    private static Case toCase(Map<String, String> k) {
        String backend = switch (k.get("backend")) {
            case "vxlan" -> "{type: vxlan, vni: " + k.get("vni") + ", port: " + k.get("port") + "}";
            case "udp" -> "{type: udp, port: " + k.get("port") + "}";
            default -> "{type: host-gw}";
        };
        boolean ping = k.get("kind").equals("ping");
        String flow = ping
                ? "ping: {name: f, from: c1, to: c2, count: " + k.get("count") + ", size: " + k.get("pingSize")
                        + ", interval: " + k.get("interval") + ", start: " + k.get("start") + ", df: " + k.get("df") + "}"
                : "udp: {name: f, from: c1, to: c2, port: " + k.get("udpPort") + ", count: " + k.get("count") + ", size: "
                        + k.get("udpSize") + ", interval: " + k.get("interval") + ", start: " + k.get("start") + "}";
        String event = switch (k.get("event")) {
            case "linkLoss" -> "  - {at: " + k.get("at") + ", linkLoss: {node: n2, loss: " + k.get("eventLoss") + "}}\n";
            case "blockUdpPort" -> "  - {at: " + k.get("at") + ", blockUdpPort: {node: n2, port: " + k.get("udpPort") + "}}\n";
            case "blockIcmp" -> "  - {at: " + k.get("at") + ", blockIcmp: {node: n2}}\n";
            case "none" -> "";
            default -> "  - {at: " + k.get("at") + ", " + k.get("event") + ": n2}\n";
        };
        String yaml = "name: hostile\n"
                + "network:\n  cidr: 10.1.0.0/16\n  backend: " + backend + "\n"
                + "underlay:\n  segments:\n"
                + "    - {name: lan, cidr: 10.168.0.0/24, gateway: 10.168.0.1, mtu: " + k.get("mtu") + ", latency: "
                + k.get("latency") + ", bandwidth: " + k.get("bandwidth") + ", loss: " + k.get("loss") + "}\n"
                + "costs: {syscall: " + k.get("syscall") + ", copyPerKiB: " + k.get("copyPerKiB") + ", wakeup: " + k.get("wakeup")
                + ", encap: " + k.get("encap") + ", decap: " + k.get("decap") + ", forward: " + k.get("forward") + "}\n"
                + "nodes:\n"
                + "  - {name: n1, ip: 10.168.0.2, subnet: 10.1.15.0/24, containers: [{name: c1, ip: 10.1.15.2}]}\n"
                + "  - {name: n2, ip: 10.168.0.3, subnet: 10.1.16.0/24, start: " + k.get("nodeStart") + ", mtu: " + k.get("nodeMtu")
                + ", containers: [{name: c2, ip: 10.1.16.3, prefixLength: " + k.get("prefixLength") + "}]}\n"
                + "traffic:\n  - " + flow + "\n"
                + (event.isEmpty() ? "" : "timeline:\n" + event)
                + "expect:\n  - delivered: {flow: f, count: " + k.get("expectCount") + "}\n";
        int packets;
        try {
            packets = Integer.parseInt(k.get("count"));
        } catch (NumberFormatException e) {
            packets = Integer.MAX_VALUE;
        }
        return new Case(k, yaml, packets, k.get("trace"), k.get("json").equals("yes"));
    }
}
