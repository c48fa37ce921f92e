package dev.overlaysim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code overlaysim run} on a file with {@code compare:}: the primary report, then the side-by-side table. */
class CompareRunTest {
    private static final String FILE = "examples/three-backends.yaml";

    @Test
    void printsThePrimaryReportThenOneColumnPerBackend() {
        Cli r = Cli.run("run", "--trace", "summary", FILE);

        assertThat(r.exit()).as(r.toString()).isZero();
        String out = r.out();
        assertThat(out).contains("backend: vxlan (VNI 1, UDP port 8472)").contains("all 7 checks passed");
        int table = out.indexOf("\ncompare  (");
        assertThat(table).as("the compare table follows the checks").isGreaterThan(out.indexOf("all 7 checks passed"));
        String compare = out.substring(table + 1);
        assertThat(compare)
                .startsWith("compare  (the same traffic over each backend, seed 1; expect: checks apply to the primary run, vxlan)")
                .containsPattern("(?m)^ +udp +vxlan \\(primary\\) +host-gw$")
                .containsPattern("(?m)^  delivered/sent +5/5 +5/5 +5/5$")
                .containsPattern("(?m)^  delivered/sent +10/10 +10/10 +10/10$")
                .containsPattern("(?m)^  copies send/receive +3/3 +1/1 +1/1$")
                .containsPattern("(?m)^  encapsulations +1 +1 +0$")
                .containsPattern("(?m)^  latency \\(mean round trip\\) +[0-9.]+ µs +[0-9.]+ µs +[0-9.]+ µs$")
                .containsPattern("(?m)^  latency \\(mean one way\\) +[0-9.]+ µs +[0-9.]+ µs +[0-9.]+ µs$");
        for (String row : List.of("syscalls send/receive", "wake-ups", "mode switches")) {
            assertThat(compare).containsPattern("(?m)^  " + row + " +\\S+ +\\S+ +\\S+$");
        }
        // Two flows, each with its own header row, the columns lined up down the page.
        List<String> headers = compare.lines().filter(l -> l.contains("vxlan (primary)")).toList();
        assertThat(headers).hasSize(2);
        assertThat(headers.get(0)).isEqualTo(headers.get(1));
    }

    @Test
    void aFileWithoutCompareHasNoTable() {
        Cli r = Cli.run("run", "--trace", "summary", "examples/seed-vxlan.yaml");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).doesNotContain("compare  (").doesNotContain("(primary)");
    }

    @Test
    void jsonHasACompareObjectAndIsByteIdenticalTwice(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");

        Cli first = Cli.run("run", "--trace", "summary", "--json", a.toString(), FILE);
        Cli second = Cli.run("run", "--trace", "summary", "--json", b.toString(), FILE);

        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(second.exit()).as(second.toString()).isZero();
        assertThat(Files.readAllBytes(a)).isNotEmpty().isEqualTo(Files.readAllBytes(b));

        JsonNode doc = new ObjectMapper().readTree(a.toFile());
        assertThat(doc.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(doc.get("backend").asText()).isEqualTo("vxlan");
        JsonNode compare = doc.get("compare");
        assertThat(fieldNames(compare)).containsExactly("udp", "vxlan", "host-gw");
        assertThat(compare.get("vxlan")).isEqualTo(doc.get("flows"));
        for (String backend : List.of("udp", "vxlan", "host-gw")) {
            JsonNode flows = compare.get(backend);
            assertThat(flows).hasSize(2);
            assertThat(fieldNames(flows.get(0))).isEqualTo(fieldNames(doc.get("flows").get(0)));
            assertThat(flows.get(0).get("name").asText()).isEqualTo("ping-1");
            assertThat(flows.get(1).get("name").asText()).isEqualTo("udp-1");
        }
        assertThat(compare.get("udp").get(0).get("perPacket").get("copiesSend").asDouble()).isEqualTo(3.0);
        assertThat(compare.get("host-gw").get(1).get("perPacket").get("encapsulations").asDouble()).isEqualTo(0.0);
    }

    @Test
    void jsonToStdoutCarriesOnlyTheJson() throws Exception {
        Cli r = Cli.run("run", "--json", "-", FILE);

        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(fieldNames(doc.get("compare"))).containsExactly("udp", "vxlan", "host-gw");
        assertThat(r.out()).doesNotContain("(primary)");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
