package dev.overlaysim.scenarios.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code overlaysim sweep} and {@code sweep merge} on bad input: exit 2, one message saying what is
 * wrong (a scenario problem at its file:line:column, through the loader), no stack trace, and nothing
 * written. On a small grid (vxlan × 2 rates × 2 seeds, 20 ms of traffic each).
 */
class SweepCommandTest {
    @TempDir
    Path dir;

    private Path grid(String compare) throws Exception {
        String yaml = Files.readString(Path.of("examples", "sweep-three-backends.yaml"));
        yaml = yaml.substring(0, yaml.indexOf("\ncompare:")) + "\ncompare:\n" + compare + "\n";
        Path f = dir.resolve("grid.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private Path small() throws Exception { return grid("  backends: [vxlan]\n  rates: [10kpps, 50kpps]\n  seeds: [7, 8]"); }

    private void refused(Cli r, String message) throws Exception {
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).as(r.toString()).contains(message).doesNotContain("Exception", "\tat ");
        assertThat(r.out()).as("no table").doesNotContain("sweep of flow");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("nothing written").containsOnly("grid.yaml");
        }
    }

    @Test
    void aSmallGridRunsAndItsTableSaysWhatRan() throws Exception {
        Cli r = Cli.run("sweep", small().toString(), "--color", "never");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("sweep of flow flood: 1 backend × 2 rates × 2 seeds = 4 runs (simulated); seeds 7, 8\n")
                .contains("\n  vxlan\n").doesNotContain("written to");
    }

    @Test
    void aScenarioProblemIsReportedAtItsPlaceByTheLoader() throws Exception {
        Path f = grid("  backends: [vxlan]\n  rates: [10kpps]\n  seeds: [1, 1]");
        refused(Cli.run("sweep", f.toString(), "--out", dir.resolve("out").toString()),
                f + ":42:14: duplicate seed 1 in compare seeds; it is first listed at 42:11\n");
        refused(Cli.run("sweep", grid("  backends: [vxlan]\n  rates: [10kpps]\n  seeds: [x]").toString()), "grid.yaml:42:11: ");
    }

    @Test
    void aFileWithoutASweepGridIsRefused() throws Exception {
        Path f = dir.resolve("grid.yaml");
        Files.copy(Path.of("examples", "seed-vxlan.yaml"), f);
        refused(Cli.run("sweep", f.toString(), "--out", dir.resolve("out").toString()),
                "overlaysim: " + f + " has no sweep grid (compare: with rates:); nothing to sweep");
    }

    @Test
    void badOptionsAreRefusedBeforeAnythingRuns() throws Exception {
        String f = small().toString();
        String out = dir.resolve("out").toString();
        refused(Cli.run("sweep"), "overlaysim: sweep: missing FILE");
        refused(Cli.run("sweep", f, "--jobs", "0"), "overlaysim: --jobs 0: expected at least 1");
        refused(Cli.run("sweep", f, "--index", "2"), "overlaysim: --index 2 writes index-2.json: it needs --out DIR");
        refused(Cli.run("sweep", f, "--index", "4", "--out", out), "overlaysim: --index 4: the grid has 4 cells; expected 0 to 3");
        refused(Cli.run("sweep", f, "--index", "2", "--shards", "2", "--out", out), "overlaysim: --index 2: the grid has 2 shards; expected 0 to 1");
        refused(Cli.run("sweep", f, "--index", "-1", "--out", out), "overlaysim: --index -1: expected 0 or more");
        refused(Cli.run("sweep", f, "--shards", "2"), "overlaysim: --shards needs --index K (or --emit k8s DIR)");
        refused(Cli.run("sweep", f, "--pod-cpus", "2"), "overlaysim: --pod-cpus goes with --emit k8s DIR");
        refused(Cli.run("sweep", f, "--emit", "k8s", out, "--out", out), "it does not take --index, --out or --jobs");
        Files.writeString(dir.resolve("afile"), "x");
        Cli r = Cli.run("sweep", f, "--out", dir.resolve("afile").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--out " + dir.resolve("afile") + " is a file; expected a directory (created if missing)");
        Files.delete(dir.resolve("afile"));
        refused(Cli.run("sweep", f, "--out", ""), "the path is empty");
    }

    @Test
    void mergeRefusesAMissingIndexAnotherGridAndABrokenFileAndWritesNothing() throws Exception {
        String f = small().toString();
        Path results = dir.resolve("results");
        for (int k = 0; k < 4; k++) assertThat(Cli.run("sweep", f, "--index", String.valueOf(k), "--out", results.toString()).exit()).isZero();
        Path out = dir.resolve("merged");
        Cli ok = Cli.run("sweep", "merge", results.toString(), "--out", out.toString(), "--color", "never");
        assertThat(ok.exit()).as(ok.toString()).isZero();
        assertThat(Files.readString(out.resolve("table.txt"))).startsWith("sweep of flow flood: 1 backend × 2 rates × 2 seeds = 4 runs");
        deleteTree(out);

        Path index2 = results.resolve("index-2.json");
        String two = Files.readString(index2);
        Files.delete(index2);
        Cli missing = Cli.run("sweep", "merge", results.toString(), "--out", out.toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).startsWith("overlaysim: sweep merge: 1 of 4 index files missing in " + results + ": index-2.json; nothing merged");
        assertThat(out).doesNotExist();

        // index-2.json of another scenario (another rate list): refused, naming both files.
        Path other = grid("  backends: [vxlan]\n  rates: [10kpps, 60kpps]\n  seeds: [7, 8]");
        assertThat(Cli.run("sweep", other.toString(), "--index", "2", "--out", results.toString()).exit()).isZero();
        Cli mixed = Cli.run("sweep", "merge", results.toString(), "--out", out.toString());
        assertThat(mixed.exit()).isEqualTo(2);
        assertThat(mixed.err()).startsWith("overlaysim: " + index2 + " is from another scenario or grid than " + results.resolve("index-0.json"));
        assertThat(out).doesNotExist();

        Files.writeString(index2, two.replace("\"deliveredPps\": ", "\"deliveredPps\": \"lots\", \"x\": "));
        Cli broken = Cli.run("sweep", "merge", results.toString());
        assertThat(broken.exit()).isEqualTo(2);
        assertThat(broken.err()).startsWith("overlaysim: " + index2 + ": results[0].deliveredPps: expected a number, found \"lots\"");
        Files.writeString(index2, "{");
        assertThat(Cli.run("sweep", "merge", results.toString()).err()).startsWith("overlaysim: " + index2 + ": not JSON: ");
        Files.writeString(index2, two.replace("\"index\": 2", "\"index\": 3"));
        assertThat(Cli.run("sweep", "merge", results.toString()).err()).startsWith("overlaysim: " + index2 + ": results[0].: cell 2");

        Cli none = Cli.run("sweep", "merge", dir.resolve("nowhere").toString());
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).isEqualTo("overlaysim: sweep merge: " + dir.resolve("nowhere")
                + " does not exist; expected the directory of index-K.json files\n");
        Files.createDirectories(dir.resolve("empty"));
        assertThat(Cli.run("sweep", "merge", dir.resolve("empty").toString()).err())
                .isEqualTo("overlaysim: sweep merge: no index-K.json in " + dir.resolve("empty") + "; nothing to merge\n");
        assertThat(out).doesNotExist();
    }

    @Test
    void helpDescribesEveryOption() {
        Cli sweep = Cli.run("sweep", "--help");
        assertThat(sweep.exit()).isZero();
        for (String o : List.of("--jobs", "--out", "--index", "--shards", "--emit", "--image", "--jar", "--results-claim", "--name",
                "--parallelism", "--pod-cpus", "--pod-memory", "--color", "merge")) {
            assertThat(sweep.out()).as(o).contains(o);
        }
        Cli merge = Cli.run("sweep", "merge", "--help");
        assertThat(merge.out()).contains("Usage: overlaysim sweep merge", "--out", "--color", "DIR");
    }

    private static void deleteTree(Path p) throws Exception {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(x);
        }
    }
}
