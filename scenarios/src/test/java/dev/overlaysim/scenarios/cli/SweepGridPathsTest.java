package dev.overlaysim.scenarios.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14's "done when" for sweeps, on the shipped grid {@code sweep-three-backends.yaml} (3
 * backends × 6 rates × 3 seeds = 54 runs of 20 ms of traffic): {@code sweep --jobs 2} writes the
 * table, CSV and chart; {@code --jobs 1} writes the same bytes; and the same grid run index by index
 * as the emitted Indexed Job's pods run it, then {@code sweep merge}d, writes the same bytes again.
 */
class SweepGridPathsTest {
    static final Path GRID = Path.of("examples", "sweep-three-backends.yaml");
    static final int CELLS = 3 * 6 * 3;

    @TempDir
    static Path dir;
    static Cli twoJobs;
    static Cli oneJob;

    @BeforeAll
    static void sweepHere() {
        twoJobs = Cli.run("sweep", GRID.toString(), "--jobs", "2", "--out", dir.resolve("jobs2").toString(), "--color", "never");
        oneJob = Cli.run("sweep", GRID.toString(), "--jobs", "1", "--out", dir.resolve("jobs1").toString(), "--color", "never");
    }

    @Test
    void aSweepOnTwoCoresWritesTheTableTheCsvAndTheChart() throws Exception {
        assertThat(twoJobs.exit()).as(twoJobs.toString()).isZero();
        assertThat(twoJobs.err()).isEmpty();
        Path out = dir.resolve("jobs2");
        String table = Files.readString(out.resolve("table.txt"));
        assertThat(table).startsWith("sweep of flow flood: 3 backends × 6 rates × 3 seeds = 54 runs (simulated); seeds 1, 2, 3\n");
        assertThat(twoJobs.out()).startsWith(table).endsWith("\ntable, CSV and chart written to " + out + ": table.txt, sweep.csv, sweep.svg\n");
        // One block per backend, one row per rate, in file order.
        assertThat(Pattern.compile("(?m)^  (udp|vxlan|host-gw)$").matcher(table).results().map(m -> m.group(1)).toList())
                .containsExactly("udp", "vxlan", "host-gw");
        assertThat(Pattern.compile("(?m)^ +\\d+\\.\\d kpps ").matcher(table).results().count()).isEqualTo(3 * 6);

        List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
        assertThat(csv).hasSize(1 + CELLS);
        assertThat(csv.get(0)).isEqualTo("cell,backend,rate,seed,offered_pps,sent_pps,delivered_pps,loss_percent,p99_ns,cpu_ns_per_packet,"
                + "flanneld_switches_per_packet,dropped,most_drops_at");
        assertThat(csv.get(1)).startsWith("0,udp,10kpps,1,10000.000,");
        assertThat(csv.get(CELLS)).startsWith("53,host-gw,300kpps,3,300000.000,");
        // The seed's claim, at the top rate: udp delivers least, host-gw most.
        assertThat(delivered(csv, "udp", "300kpps")).isLessThan(delivered(csv, "vxlan", "300kpps"));
        assertThat(delivered(csv, "vxlan", "300kpps")).isLessThanOrEqualTo(delivered(csv, "host-gw", "300kpps"));

        // Written through a temporary file, yet with the mode any file written here gets (the umask's), not 0600.
        Path ordinary = Files.writeString(dir.resolve("ordinary.txt"), "x");
        for (String f : List.of("table.txt", "sweep.csv", "sweep.svg")) {
            assertThat(Files.getPosixFilePermissions(out.resolve(f))).as(f).isEqualTo(Files.getPosixFilePermissions(ordinary));
        }
        String svg = Files.readString(out.resolve("sweep.svg"));
        assertThat(svg).startsWith("<?xml").contains("<svg ", ">udp<", ">vxlan<", ">host-gw<", ">sweep-three-backends: sweep of flow flood<");
    }

    @Test
    void oneJobAndTwoJobsGiveTheSameBytes() throws Exception {
        assertThat(oneJob.exit()).as(oneJob.toString()).isZero();
        for (String f : List.of("table.txt", "sweep.csv", "sweep.svg")) {
            assertThat(Files.readAllBytes(dir.resolve("jobs1").resolve(f))).as(f).isEqualTo(Files.readAllBytes(dir.resolve("jobs2").resolve(f)));
        }
        assertThat(oneJob.out().replace("jobs1", "jobsN")).isEqualTo(twoJobs.out().replace("jobs2", "jobsN"));
    }

    @Test
    void theSameSeedGivesTheSameNumbers() throws Exception {
        // Each cell's row, seed by seed, from two separate runs (the one- and two-thread sweeps): equal.
        List<String> a = Files.readAllLines(dir.resolve("jobs1").resolve("sweep.csv"));
        List<String> b = Files.readAllLines(dir.resolve("jobs2").resolve("sweep.csv"));
        assertThat(a).isEqualTo(b);
        // And a cell run on its own (--index) gives its row of the whole sweep.
        Path one = dir.resolve("one");
        Cli r = Cli.run("sweep", GRID.toString(), "--index", "13", "--out", one.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("index 13 of 54: cell 13 (udp, 200kpps, seed 2) written to " + one.resolve("index-13.json") + "\n");
        Cli merged = Cli.run("sweep", GRID.toString(), "--index", "13", "--out", dir.resolve("again").toString());
        assertThat(merged.exit()).isZero();
        assertThat(Files.readString(dir.resolve("again").resolve("index-13.json"))).isEqualTo(Files.readString(one.resolve("index-13.json")));
        assertThat(Files.readString(one.resolve("index-13.json"))).contains("\"cell\": 13", "\"seed\": 2",
                "\"deliveredPps\": " + a.get(14).split(",")[6].replaceAll("0+$", "").replaceAll("\\.$", ".0"));
    }

    /**
     * The grid as the emitted Job runs it: for each index K, the container's args with
     * {@code $(JOB_COMPLETION_INDEX)} expanded from the pod's environment (the downward API gives K),
     * the ConfigMap's scenario and the results volume mapped to local paths; then {@code merge}.
     */
    @Test
    void theIndexedJobsPodsPlusMergeGiveTheSameBytesAsOneSweep() throws Exception {
        Path emitted = dir.resolve("k8s");
        Cli emit = Cli.run("sweep", GRID.toString(), "--emit", "k8s", emitted.toString());
        assertThat(emit.exit()).as(emit.toString()).isZero();
        List<Object> docs = new ArrayList<>();
        new Yaml().loadAll(Files.readString(emitted.resolve("sweep-job.yaml"))).forEach(docs::add);
        Map<?, ?> configMap = (Map<?, ?>) docs.get(0);
        Map<?, ?> job = (Map<?, ?>) docs.get(1);
        Path scenario = dir.resolve("configmap").resolve("scenario.yaml");
        Files.createDirectories(scenario.getParent());
        Files.writeString(scenario, (String) ((Map<?, ?>) configMap.get("data")).get("scenario.yaml"));
        Map<?, ?> spec = (Map<?, ?>) job.get("spec");
        int completions = (Integer) spec.get("completions");
        assertThat(completions).isEqualTo(CELLS);
        Map<?, ?> container = (Map<?, ?>) ((List<?>) ((Map<?, ?>) ((Map<?, ?>) spec.get("template")).get("spec")).get("containers")).get(0);
        @SuppressWarnings("unchecked")
        List<String> args = (List<String>) container.get("args");
        Path results = dir.resolve("pv");
        for (int k = 0; k < completions; k++) {
            Map<String, String> env = Map.of("JOB_COMPLETION_INDEX", String.valueOf(k));
            List<String> pod = new ArrayList<>();
            for (String a : args) {
                pod.add(expand(a, env).replace("/etc/overlaysim/scenario.yaml", scenario.toString()).replace("/results", results.toString()));
            }
            Cli r = Cli.run(pod.toArray(String[]::new));
            assertThat(r.exit()).as("pod " + k + ": " + r).isZero();
        }
        try (var s = Files.list(results)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted()).hasSize(CELLS).allMatch(n -> n.matches("index-\\d+\\.json"));
        }
        Path merged = dir.resolve("merged");
        Cli m = Cli.run("sweep", "merge", results.toString(), "--out", merged.toString(), "--color", "never");
        assertThat(m.exit()).as(m.toString()).isZero();
        for (String f : List.of("table.txt", "sweep.csv", "sweep.svg")) {
            assertThat(Files.readAllBytes(merged.resolve(f))).as(f).isEqualTo(Files.readAllBytes(dir.resolve("jobs2").resolve(f)));
        }
        assertThat(m.out().replace(merged.toString(), "OUT")).isEqualTo(twoJobs.out().replace(dir.resolve("jobs2").toString(), "OUT"));
    }

    /** The index path with the variable really set: a child JVM, its index from JOB_COMPLETION_INDEX through sh. */
    @Test
    void theIndexComesFromTheEnvironmentVariableInAShell() throws Exception {
        Path out = dir.resolve("env");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "exec \"$0\" -cp \"$1\" dev.overlaysim.scenarios.cli.Main sweep \"$2\""
                + " --index \"$JOB_COMPLETION_INDEX\" --out \"$3\"", java, System.getProperty("java.class.path"), GRID.toString(), out.toString());
        pb.environment().put("JOB_COMPLETION_INDEX", "53");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(printed).isZero();
        assertThat(printed).isEqualTo("index 53 of 54: cell 53 (host-gw, 300kpps, seed 3) written to " + out.resolve("index-53.json") + "\n");
        assertThat(Files.readString(out.resolve("index-53.json"))).contains("\"index\": 53", "\"backend\": \"host-gw\"");
        assertThat(File.pathSeparator).isNotEmpty();
    }

    /** Kubernetes' expansion of {@code $(VAR)} in command and args: a declared variable is replaced, {@code $$} escapes. */
    static String expand(String arg, Map<String, String> env) {
        Matcher m = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)").matcher(arg);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = m.group(1) == null ? "$" : env.getOrDefault(m.group(1), m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        return m.appendTail(out).toString();
    }

    private static double delivered(List<String> csv, String backend, String rate) {
        return csv.stream().skip(1).map(l -> l.split(",")).filter(c -> c[1].equals(backend) && c[2].equals(rate))
                .mapToDouble(c -> Double.parseDouble(c[6])).average().orElseThrow();
    }
}
